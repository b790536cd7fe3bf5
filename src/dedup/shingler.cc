#include "dedup/shingler.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <string>

#include "analysis/tokenizer.h"

// XXH3 inlined here: most tokens are a few bytes, where the call itself is much of the cost.
#define XXH_INLINE_ALL
#include <xxhash.h>

namespace storyline {
namespace {

// 0: separator, 1: ASCII letter or digit, 2: first byte of a multi-byte sequence (decided by
// decoding).
constexpr std::array<uint8_t, 256> MakeByteClass() {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      t[c] = 1;
    } else if (c >= 0x80) {
      t[c] = 2;
    }
  }
  return t;
}
constexpr std::array<uint8_t, 256> kByteClass = MakeByteClass();

constexpr std::array<char, 256> MakeLower() {
  std::array<char, 256> t{};
  for (int c = 0; c < 256; ++c) {
    t[c] = static_cast<char>((c >= 'A' && c <= 'Z') ? c + 32 : c);
  }
  return t;
}
constexpr std::array<char, 256> kLower = MakeLower();

// Python's \w minus "_": letters (L*) and numbers (N*).
bool IsWordCodePoint(UChar32 c) {
  const uint32_t mask = U_GET_GC_MASK(c);
  return (mask & (U_GC_L_MASK | U_GC_N_MASK)) != 0;
}

// Decodes the code point at p[i] (i < n, p[i] >= 0x80); returns its length in bytes and whether
// it is a word code point. Ill-formed sequences are one separator byte.
inline size_t DecodeNonAscii(const uint8_t* p, size_t i, size_t n, bool* is_word) {
  int32_t j = static_cast<int32_t>(i);
  UChar32 c;
  U8_NEXT(p, j, static_cast<int32_t>(n), c);
  *is_word = c >= 0 && IsWordCodePoint(c);
  return static_cast<size_t>(j) - i;
}

inline uint64_t Rotl64(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

}  // namespace

Shingler::Shingler(int n) : n_(std::clamp(n, 1, 16)) {}

void Shingler::TokenHashes(std::string_view utf8_text, std::vector<uint64_t>* out) {
  out->clear();
  const auto* p = reinterpret_cast<const uint8_t*>(utf8_text.data());
  const size_t n = utf8_text.size();
  thread_local std::string lowered;
  thread_local std::string normalized;
  size_t i = 0;
  while (i < n) {
    // Skip separators (ASCII fast, multi-byte by decoding).
    const uint8_t cls = kByteClass[p[i]];
    if (cls == 0) {
      ++i;
      continue;
    }
    if (cls == 2) {
      bool word;
      const size_t len = DecodeNonAscii(p, i, n, &word);
      if (!word) {
        i += len;
        continue;
      }
    }
    // A run starts at i.
    const size_t begin = i;
    bool ascii = true;
    while (i < n) {
      const uint8_t c = kByteClass[p[i]];
      if (c == 1) {
        ++i;
      } else if (c == 2) {
        bool word;
        const size_t len = DecodeNonAscii(p, i, n, &word);
        if (!word) break;
        ascii = false;
        i += len;
      } else {
        break;
      }
    }
    const std::string_view run(utf8_text.data() + begin, i - begin);
    if (ascii && run.size() <= 64) {
      char buf[64];
      for (size_t k = 0; k < run.size(); ++k) buf[k] = kLower[static_cast<uint8_t>(run[k])];
      out->push_back(XXH3_64bits(buf, run.size()));
    } else if (ascii) {
      lowered.resize(run.size());
      for (size_t k = 0; k < run.size(); ++k) {
        lowered[k] = kLower[static_cast<uint8_t>(run[k])];
      }
      out->push_back(XXH3_64bits(lowered.data(), lowered.size()));
    } else {
      NormalizeToken(run, &normalized);
      out->push_back(XXH3_64bits(normalized.data(), normalized.size()));
    }
  }
}

void Shingler::ShinglesFromTokenHashes(const std::vector<uint64_t>& t, int n,
                                       std::vector<uint64_t>* out) {
  out->clear();
  if (t.empty()) return;
  const size_t width = std::min(static_cast<size_t>(n), t.size());
  const size_t count = t.size() - width + 1;
  out->resize(count);
  for (size_t i = 0; i < count; ++i) {
    uint64_t s = t[i];
    for (size_t j = 1; j < width; ++j) {
      s = (Rotl64(s, 23) ^ t[i + j]) * 0x9E3779B97F4A7C15ULL;
    }
    s ^= s >> 32;
    (*out)[i] = s;
  }
  SortUniqueHashes(out);
}

void SortUniqueHashes(std::vector<uint64_t>* v) {
  const size_t n = v->size();
  if (n < 64) {
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
    return;
  }
  // Shingle hashes are uniformly distributed, so a counting sort on the top bits into about one
  // bucket per value leaves buckets of ~1 element to finish by insertion sort: linear time, and
  // 3-4x faster than std::sort on article-sized sets. A bucket that is large anyway (crafted or
  // repetitive input) is sorted with std::sort, so the worst case stays n log n.
  int bits = 4;
  while (bits < 16 && (size_t{1} << bits) < n) ++bits;
  const int shift = 64 - bits;
  thread_local std::vector<uint32_t> start;
  thread_local std::vector<uint64_t> tmp;
  start.assign((size_t{1} << bits) + 1, 0);
  for (const uint64_t x : *v) ++start[(x >> shift) + 1];
  for (size_t b = 1; b < start.size(); ++b) start[b] += start[b - 1];
  tmp.resize(n);
  {
    thread_local std::vector<uint32_t> next;
    next.assign(start.begin(), start.end() - 1);
    for (const uint64_t x : *v) tmp[next[x >> shift]++] = x;
  }
  for (size_t b = 0; b + 1 < start.size(); ++b) {
    uint64_t* first = tmp.data() + start[b];
    uint64_t* last = tmp.data() + start[b + 1];
    if (last - first < 2) continue;
    if (last - first > 32) {
      std::sort(first, last);
      continue;
    }
    for (uint64_t* i = first + 1; i < last; ++i) {
      const uint64_t x = *i;
      uint64_t* j = i;
      for (; j > first && *(j - 1) > x; --j) *j = *(j - 1);
      *j = x;
    }
  }
  v->swap(tmp);
  v->erase(std::unique(v->begin(), v->end()), v->end());
}

void Shingler::Shingle(std::string_view utf8_text, std::vector<uint64_t>* out) const {
  thread_local std::vector<uint64_t> token_hashes;
  TokenHashes(utf8_text, &token_hashes);
  ShinglesFromTokenHashes(token_hashes, n_, out);
}

}  // namespace storyline
