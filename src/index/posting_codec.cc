#include "index/posting_codec.h"

#include <streamvbyte.h>

#include <array>
#include <bit>
#include <cstring>
#include <vector>

#if defined(__x86_64__)
#include <immintrin.h>
#define STORYLINE_SSSE3_DECODE 1
#endif

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

// Data bytes of value i of a stream whose control bytes start at `control` (1 to 4).
inline size_t ValueBytes(const uint8_t* control, size_t i) {
  return ((control[i / 4] >> (2 * (i % 4))) & 3) + 1;
}

#ifdef STORYLINE_SSSE3_DECODE
// Debian's libstreamvbyte is built for the baseline x86-64 (no SSSE3), so its decoder is the
// scalar one; this is StreamVByte's SIMD decoder (Lemire, Kurz, Rupp 2018) for the same format:
// per control byte, one 16-byte load and one byte shuffle give four values.
struct ShuffleTable {
  alignas(16) uint8_t mask[256][16];
};
constexpr ShuffleTable MakeShuffleTable() {
  ShuffleTable t{};
  for (int c = 0; c < 256; ++c) {
    int in = 0;
    for (int j = 0; j < 4; ++j) {
      const int length = ((c >> (2 * j)) & 3) + 1;
      for (int b = 0; b < 4; ++b) {
        t.mask[c][4 * j + b] = b < length ? static_cast<uint8_t>(in + b) : 0x80;  // 0x80: zero
      }
      in += length;
    }
  }
  return t;
}
constexpr ShuffleTable kShuffle = MakeShuffleTable();

bool HaveSsse3() {
  static const bool have = __builtin_cpu_supports("ssse3");
  return have;
}

// Decodes n values (the caller checked the stream's size; up to 16 bytes past it are readable).
// `delta`: the values are gaps, added up from `previous`.
// Returns the stream's size (control and data bytes).
template <bool delta>
__attribute__((target("ssse3"))) size_t DecodeSsse3(const uint8_t* in, uint32_t* out, size_t n,
                                                    uint32_t previous) {
  const uint8_t* control = in;
  const uint8_t* data = in + (n + 3) / 4;
  const size_t full = n / 4;
  __m128i prev = _mm_set1_epi32(static_cast<int>(previous));
  for (size_t i = 0; i < full; ++i) {
    const uint8_t c = control[i];
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data));
    v = _mm_shuffle_epi8(v, _mm_load_si128(reinterpret_cast<const __m128i*>(kShuffle.mask[c])));
    if constexpr (delta) {  // prefix sums of the four lanes, then add the last value so far
      v = _mm_add_epi32(v, _mm_slli_si128(v, 4));
      v = _mm_add_epi32(v, _mm_slli_si128(v, 8));
      v = _mm_add_epi32(v, prev);
      prev = _mm_shuffle_epi32(v, 0xFF);
    }
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + 4 * i), v);
    data += kControlSizes[c];
  }
  uint32_t last = static_cast<uint32_t>(_mm_cvtsi128_si32(prev));
  for (size_t j = 0; j < n % 4; ++j) {
    const size_t length = ValueBytes(control, 4 * full + j);
    uint32_t v = 0;
    for (size_t b = 0; b < length; ++b) v |= uint32_t{data[b]} << (8 * b);
    data += length;
    if constexpr (delta) {
      last += v;
      v = last;
    }
    out[4 * full + j] = v;
  }
  return static_cast<size_t>(data - in);
}

// Decodes n values with SIMD without first adding up the stream's size from its control bytes
// when `in` holds the longest stream of n values (4 bytes each) and the decoder's over-read:
// then nothing outside `in` (and its padding) is read whatever the control bytes say, and the
// size comes from the decoding (it cannot exceed `longest`). Returns the stream's size, or 0
// when that does not apply (out is not empty).
template <bool delta>
size_t DecodeUnscanned(std::string_view in, std::span<uint32_t> out, bool padded,
                       uint32_t previous) {
  const size_t n = out.size();
  const size_t longest = (n + 3) / 4 + 4 * n;
  if (!HaveSsse3() || in.size() < longest || (!padded && in.size() - longest < kDecodePadding)) {
    return 0;
  }
  return DecodeSsse3<delta>(reinterpret_cast<const uint8_t*>(in.data()), out.data(), n,
                            previous);
}
#endif

}  // namespace

void EncodeU32s(std::span<const uint32_t> values, std::string* out) {
  if (values.empty()) return;
  // StreamVByte (streamvbyte_encode's bytes): the control bytes (value j of each four in bits
  // 2j..2j+1: its byte length - 1), then each value's bytes, little-endian, as few as it needs.
  // Written here without branches per value (Debian's library encodes with one branch per
  // length, a tenth of the postings encoder's time): each value stores four bytes and the
  // output advances by its length; the bound leaves room for the last store.
  const size_t n = values.size();
  const size_t control_bytes = (n + 3) / 4;
  const size_t start = out->size();
  out->resize(start + control_bytes + 4 * n);
  auto* control = reinterpret_cast<uint8_t*>(out->data() + start);
  uint8_t* data = control + control_bytes;
  std::memset(control, 0, control_bytes);
  for (size_t i = 0; i < n; ++i) {
    const uint32_t v = values[i];
    const uint32_t code = (v > 0xFFu) + (v > 0xFFFFu) + (v > 0xFFFFFFu);
    uint32_t le = v;  // its bytes, little-endian
    if constexpr (std::endian::native == std::endian::big) le = __builtin_bswap32(v);
    std::memcpy(data, &le, 4);
    data += code + 1;
    control[i / 4] |= static_cast<uint8_t>(code << (2 * (i % 4)));
  }
  out->resize(static_cast<size_t>(reinterpret_cast<char*>(data) - out->data()));
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
  return control + DataBytes(reinterpret_cast<const uint8_t*>(in.data()), 0, count);
}

size_t DataBytes(const uint8_t* control, size_t from, size_t to) {
  size_t bytes = 0;
  for (; from < to && from % 4 != 0; ++from) bytes += ValueBytes(control, from);
  for (; from + 4 <= to; from += 4) bytes += kControlSizes[control[from / 4]];
  for (; from < to; ++from) bytes += ValueBytes(control, from);
  return bytes;
}

void DecodeSlice(const uint8_t* control, const uint8_t* data_at, size_t from, size_t count,
                 uint32_t* out) {
  for (size_t i = 0; i < count; ++i) {
    const size_t length = ValueBytes(control, from + i);
    uint32_t x = 0;
    for (size_t b = 0; b < length; ++b) x |= uint32_t{data_at[b]} << (8 * b);
    data_at += length;
    out[i] = x;
  }
}

bool DecodeFirst(std::string_view in, size_t count, uint32_t* value) {
  const size_t control = (count + 3) / 4;
  if (count == 0 || control >= in.size()) return false;
  const size_t length = (static_cast<uint8_t>(in[0]) & 3) + 1;
  if (length > in.size() - control) return false;
  uint32_t v = 0;
  for (size_t i = 0; i < length; ++i)
    v |= uint32_t{static_cast<uint8_t>(in[control + i])} << (8 * i);
  *value = v;
  return true;
}

Result<size_t> DecodeU32s(std::string_view in, std::span<uint32_t> out, bool padded) {
  if (out.empty()) return size_t{0};
#ifdef STORYLINE_SSSE3_DECODE
  if (const size_t size = DecodeUnscanned<false>(in, out, padded, 0); size > 0) return size;
#endif
  ASSIGN_OR_RETURN(const size_t size, EncodedSize(in, out.size()));
  if (size > in.size()) {
    return Corruption("postings: a stream of " + std::to_string(out.size()) + " values needs " +
                      std::to_string(size) + " bytes, " + std::to_string(in.size()) +
                      " are left");
  }
  const auto n = static_cast<uint32_t>(out.size());
  if (padded || in.size() - size >= kDecodePadding) {
#ifdef STORYLINE_SSSE3_DECODE
    if (HaveSsse3()) {
      (void)DecodeSsse3<false>(reinterpret_cast<const uint8_t*>(in.data()), out.data(), n, 0);
      return size;
    }
#endif
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
#ifdef STORYLINE_SSSE3_DECODE
  if (!out.empty()) {
    if (const size_t size = DecodeUnscanned<true>(in, out, padded, previous); size > 0) {
      return size;
    }
  }
  if (!out.empty() && HaveSsse3()) {
    ASSIGN_OR_RETURN(const size_t size, EncodedSize(in, out.size()));
    if (size <= in.size() && (padded || in.size() - size >= kDecodePadding)) {
      (void)DecodeSsse3<true>(reinterpret_cast<const uint8_t*>(in.data()), out.data(),
                              out.size(), previous);
      return size;
    }
  }
#endif
  ASSIGN_OR_RETURN(const size_t size, DecodeU32s(in, out, padded));
  for (uint32_t& v : out) {
    previous += v;
    v = previous;
  }
  return size;
}

}  // namespace storyline
