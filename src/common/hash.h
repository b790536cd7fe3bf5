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

}  // namespace storyline

#endif  // STORYLINE_COMMON_HASH_H_
