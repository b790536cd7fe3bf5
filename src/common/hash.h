// Fast non-cryptographic hashes (xxHash XXH3), used for ids and checksums.
#ifndef STORYLINE_COMMON_HASH_H_
#define STORYLINE_COMMON_HASH_H_

#include <cstdint>
#include <string_view>

namespace storyline {

uint64_t Hash64(std::string_view data, uint64_t seed = 0);
// Checksum of stored bytes (segment blocks, catalog rows). Same function as Hash64; the separate
// name marks the use: a changed checksum function is a format version change.
inline uint64_t Checksum64(std::string_view data) { return Hash64(data, 0x73746f72796c696eULL); }

// The murmur3 64-bit finaliser: a bijection with full avalanche, for mixing values that are
// already hashes (MinHash seeds, feature keys).
inline uint64_t Mix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

}  // namespace storyline

#endif  // STORYLINE_COMMON_HASH_H_
