// UTF-8 validation and repair for text from outside.
#ifndef STORYLINE_COMMON_UTF8_H_
#define STORYLINE_COMMON_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace storyline {

// True when `s` is well-formed UTF-8 (no overlongs, surrogates or values above U+10FFFF). SIMD
// fast.
bool IsValidUtf8(std::string_view s);

// Byte offset of the first ill-formed sequence, or std::string::npos when valid.
size_t FirstInvalidUtf8(std::string_view s);

struct Utf8Repair {
  size_t replaced = 0;                          // ill-formed sequences replaced by U+FFFD
  size_t nuls_removed = 0;                      // NUL bytes dropped
  size_t first_bad_offset = std::string::npos;  // offset in the input of the first change
};

// Returns `s` with ill-formed sequences replaced by U+FFFD and NUL bytes removed (NULs break C
// tools downstream and are never text). Counts what it changed in *repair.
std::string RepairUtf8(std::string_view s, Utf8Repair* repair);

// The longest prefix of s of at most max_bytes bytes that does not split a UTF-8 sequence.
std::string_view Utf8Prefix(std::string_view s, size_t max_bytes);

// Decodes one code point at s[i]; advances i. Ill-formed input yields U+FFFD and advances one byte.
char32_t DecodeUtf8(std::string_view s, size_t* i);

// Appends the UTF-8 encoding of cp to *out.
void AppendUtf8(char32_t cp, std::string* out);

}  // namespace storyline

#endif  // STORYLINE_COMMON_UTF8_H_
