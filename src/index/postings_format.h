// Constants of the postings file format (docs/formats/postings.md) and the varint helpers its
// writer and reader share. Internal to src/index/.
#ifndef STORYLINE_INDEX_POSTINGS_FORMAT_H_
#define STORYLINE_INDEX_POSTINGS_FORMAT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace storyline::postings_format {

inline constexpr char kHeaderMagic[8] = {'S', 'L', 'P', 'O', 'S', 'T', 'S', '1'};
inline constexpr char kFooterMagic[8] = {'S', 'L', 'P', 'E', 'N', 'D', 'S', '1'};
inline constexpr uint32_t kFormatVersion = 1;
inline constexpr size_t kHeaderSize = 32;
inline constexpr uint32_t kMaxFields = 8;
// header offsets ... footer: 9 u64 + kMaxFields u64 + 2 u64 checksums + magic
inline constexpr size_t kFooterSize = 8 * (9 + kMaxFields + 2) + 8;
inline constexpr uint32_t kBlockDocs = 128;       // postings per block
inline constexpr size_t kBlockEntrySize = 16;     // last_doc, offset, max_tf, min_length (u32)
inline constexpr uint32_t kTermsPerDictBlock = 32;

inline void PutVarint(std::string* out, uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}
// Reads a varint at *pos of `in`; false (and *pos unchanged) when it is cut off or too long.
inline bool GetVarint(std::string_view in, size_t* pos, uint64_t* v) {
  uint64_t result = 0;
  size_t p = *pos;
  for (int shift = 0; shift < 64; shift += 7) {
    if (p >= in.size()) return false;
    const auto byte = static_cast<uint8_t>(in[p++]);
    result |= uint64_t{byte & 0x7Fu} << shift;
    if ((byte & 0x80) == 0) {
      *pos = p;
      *v = result;
      return true;
    }
  }
  return false;
}

// "idx-000001.slp": the postings of the batch whose texts are in seg-000001.sls;
// "idx-000001-000009.slp" (last > first): a merged file, the postings of the batches of
// segments 1 to 9.
std::string PostingsFileName(uint32_t segment);
std::string PostingsFileName(uint32_t first_segment, uint32_t last_segment);

}  // namespace storyline::postings_format

#endif  // STORYLINE_INDEX_POSTINGS_FORMAT_H_
