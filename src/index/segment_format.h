// Constants and little-endian helpers of the segment file format (docs/formats/segment.md).
#ifndef STORYLINE_INDEX_SEGMENT_FORMAT_H_
#define STORYLINE_INDEX_SEGMENT_FORMAT_H_

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace storyline::segment_format {

inline constexpr char kHeaderMagic[8] = {'S', 'T', 'R', 'Y', 'S', 'E', 'G', '1'};
inline constexpr char kFooterMagic[8] = {'S', 'T', 'R', 'Y', 'E', 'N', 'D', '1'};
inline constexpr uint32_t kFormatVersion = 1;
inline constexpr size_t kHeaderSize = 32;
inline constexpr size_t kBlockHeaderSize = 16;  // raw_len u32, comp_len u32, checksum u64
inline constexpr size_t kDocEntrySize = 12;     // block u32, offset u32, length u32
inline constexpr size_t kFooterSize = 48;
inline constexpr size_t kTargetBlockBytes = 64 * 1024;
inline constexpr uint32_t kMaxBlockBytes = 1u << 30;

inline void PutU32(std::string* out, uint32_t v) {
  char b[4];
  for (int i = 0; i < 4; ++i) b[i] = static_cast<char>(v >> (8 * i));
  out->append(b, 4);
}
inline void PutU64(std::string* out, uint64_t v) {
  char b[8];
  for (int i = 0; i < 8; ++i) b[i] = static_cast<char>(v >> (8 * i));
  out->append(b, 8);
}
// One unaligned load each (the byte loop these replace was not merged into one by GCC 12, and
// the postings reader reads block tables and field lengths through them in its inner loops).
inline uint32_t GetU32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, sizeof v);
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap32(v);
  return v;
}
inline uint64_t GetU64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof v);
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
  return v;
}

// "seg-000042.sls"
std::string SegmentFileName(uint32_t segment_id);

}  // namespace storyline::segment_format

#endif  // STORYLINE_INDEX_SEGMENT_FORMAT_H_
