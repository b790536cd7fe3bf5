// PostingCodec: compresses the integer streams of a postings list (document id gaps, term
// frequencies, position gaps) with StreamVByte (Lemire et al.; Debian's libstreamvbyte), which
// decodes with SIMD shuffles at several billion integers per second. Debian builds the library
// for baseline x86-64, where its decoder is scalar, so decoding uses our own SSSE3 version of
// the same algorithm (runtime-checked; the library's decoder otherwise), with the gaps of
// increasing sequences added up in the same registers.
//
// Encoded stream = StreamVByte's control bytes ((n + 3) / 4) then its data bytes (1 to 4 per
// value). Decoding is bounds-checked: the control bytes are read first to compute the data size,
// and a stream that claims more bytes than `in` holds is Corruption, never a read past the end.
// StreamVByte's SIMD decoder may read up to kDecodePadding bytes past the end of a stream, so
// callers keep that many readable bytes after the last stream of a buffer (the postings file
// ends its postings section with them; Decode copies to a padded buffer when they are missing).
//
// Thread-safety: pure functions.
#ifndef STORYLINE_INDEX_POSTING_CODEC_H_
#define STORYLINE_INDEX_POSTING_CODEC_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "storyline/status.h"

namespace storyline {

inline constexpr size_t kDecodePadding = 16;

// Appends the encoding of `values` to *out.
void EncodeU32s(std::span<const uint32_t> values, std::string* out);
// Appends the encoding of the gaps of a non-decreasing sequence, the first gap taken from
// `previous` (values[0] >= previous).
void EncodeIncreasing(std::span<const uint32_t> values, uint32_t previous, std::string* out);

// Decodes out.size() values from the front of `in`; returns the bytes consumed. `padded`: at
// least kDecodePadding readable bytes follow in.data() + in.size().
Result<size_t> DecodeU32s(std::string_view in, std::span<uint32_t> out, bool padded);
// Decodes gaps and adds them up from `previous`.
Result<size_t> DecodeIncreasing(std::string_view in, uint32_t previous, std::span<uint32_t> out,
                                bool padded);

// The first of `count` (>= 1) encoded values at the front of `in`, without decoding the rest;
// false when the stream is cut short.
bool DecodeFirst(std::string_view in, size_t count, uint32_t* value);
// Random access into a stream of n values whose control bytes start at `control` and data bytes
// at `data` (= control + (n + 3) / 4); the caller keeps the indexes below n and checks that the
// data bytes read lie inside its buffer. DataBytes: the data bytes of values [from, to), from the
// control bytes alone (four values per table look-up). DecodeSlice: the `count` values from
// value `from` on, whose data starts at `data_at` (data + DataBytes(control, 0, from)).
size_t DataBytes(const uint8_t* control, size_t from, size_t to);
void DecodeSlice(const uint8_t* control, const uint8_t* data_at, size_t from, size_t count,
                 uint32_t* out);

// The size of the encoding of `count` values starting at `in`, from its control bytes alone;
// Corruption when the control bytes do not fit in `in`.
Result<size_t> EncodedSize(std::string_view in, size_t count);

}  // namespace storyline

#endif  // STORYLINE_INDEX_POSTING_CODEC_H_
