#include "index/posting_codec.h"

#include <streamvbyte.h>

#include <array>
#include <cstring>
#include <vector>

namespace storyline {
namespace {

// Data bytes described by one control byte (four 2-bit length codes).
constexpr std::array<uint8_t, 256> MakeControlSizes() {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    int n = 0;
    for (int j = 0; j < 4; ++j) n += ((c >> (2 * j)) & 3) + 1;
    t[c] = static_cast<uint8_t>(n);
  }
  return t;
}
constexpr std::array<uint8_t, 256> kControlSizes = MakeControlSizes();

}  // namespace

void EncodeU32s(std::span<const uint32_t> values, std::string* out) {
  if (values.empty()) return;
  const size_t start = out->size();
  out->resize(start + streamvbyte_max_compressedbytes(static_cast<uint32_t>(values.size())));
  const size_t n = streamvbyte_encode(values.data(), static_cast<uint32_t>(values.size()),
                                      reinterpret_cast<uint8_t*>(out->data() + start));
  out->resize(start + n);
}

void EncodeIncreasing(std::span<const uint32_t> values, uint32_t previous, std::string* out) {
  thread_local std::vector<uint32_t> gaps;
  gaps.resize(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    gaps[i] = values[i] - previous;
    previous = values[i];
  }
  EncodeU32s(gaps, out);
}

Result<size_t> EncodedSize(std::string_view in, size_t count) {
  const size_t control = (count + 3) / 4;
  if (control > in.size()) {
    return Corruption("postings: " + std::to_string(count) + " values need " +
                      std::to_string(control) + " control bytes, " + std::to_string(in.size()) +
                      " are left");
  }
  const auto* c = reinterpret_cast<const uint8_t*>(in.data());
  size_t data = 0;
  const size_t full = count / 4;
  for (size_t i = 0; i < full; ++i) data += kControlSizes[c[i]];
  for (size_t j = 0; j < count % 4; ++j) data += ((c[full] >> (2 * j)) & 3) + 1;
  return control + data;
}

bool DecodeFirst(std::string_view in, size_t count, uint32_t* value) {
  const size_t control = (count + 3) / 4;
  if (count == 0 || control >= in.size()) return false;
  const size_t length = (static_cast<uint8_t>(in[0]) & 3) + 1;
  if (length > in.size() - control) return false;
  uint32_t v = 0;
  for (size_t i = 0; i < length; ++i) v |= uint32_t{static_cast<uint8_t>(in[control + i])} << (8 * i);
  *value = v;
  return true;
}

Result<size_t> DecodeU32s(std::string_view in, std::span<uint32_t> out, bool padded) {
  if (out.empty()) return size_t{0};
  ASSIGN_OR_RETURN(const size_t size, EncodedSize(in, out.size()));
  if (size > in.size()) {
    return Corruption("postings: a stream of " + std::to_string(out.size()) + " values needs " +
                      std::to_string(size) + " bytes, " + std::to_string(in.size()) +
                      " are left");
  }
  const auto n = static_cast<uint32_t>(out.size());
  if (padded || in.size() - size >= kDecodePadding) {
    streamvbyte_decode(reinterpret_cast<const uint8_t*>(in.data()), out.data(), n);
  } else {
    thread_local std::vector<uint8_t> copy;
    copy.assign(size + kDecodePadding, 0);
    std::memcpy(copy.data(), in.data(), size);
    streamvbyte_decode(copy.data(), out.data(), n);
  }
  return size;
}

Result<size_t> DecodeIncreasing(std::string_view in, uint32_t previous, std::span<uint32_t> out,
                                bool padded) {
  ASSIGN_OR_RETURN(const size_t size, DecodeU32s(in, out, padded));
  for (uint32_t& v : out) {
    previous += v;
    v = previous;
  }
  return size;
}

}  // namespace storyline
