// TestSeed: the seed of a randomised test, printed so that a failure can be replayed
// (STORYLINE_TEST_SEED=<seed> runs it again with the same data). Test-only, header-only.
#ifndef STORYLINE_COMMON_TEST_SEED_FOR_TEST_H_
#define STORYLINE_COMMON_TEST_SEED_FOR_TEST_H_

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>

namespace storyline::testing {

inline uint64_t TestSeed(const char* test) {
  uint64_t seed = std::random_device{}();
  if (const char* env = std::getenv("STORYLINE_TEST_SEED")) seed = std::strtoull(env, nullptr, 10);
  std::printf("[%s] seed %llu (replay with STORYLINE_TEST_SEED=%llu)\n", test,
              static_cast<unsigned long long>(seed), static_cast<unsigned long long>(seed));
  return seed;
}

}  // namespace storyline::testing

#endif  // STORYLINE_COMMON_TEST_SEED_FOR_TEST_H_
