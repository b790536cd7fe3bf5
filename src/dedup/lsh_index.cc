#include "dedup/lsh_index.h"

#include <algorithm>
#include <cstring>
#include <functional>

#include "common/hash.h"

namespace storyline {
namespace {

constexpr uint64_t kMagic = 0x31584948534C4C53ULL;  // "SLLSHIX1"
constexpr uint32_t kVersion = 1;
constexpr size_t kHeaderSize = 32;
constexpr size_t kInitialSlots = 16;
constexpr uint32_t kNoDoc = 0xFFFFFFFFu;

// Slot of a fingerprint: the fingerprint is already a hash, its low bits pick the slot.
inline size_t SlotOf(uint32_t fingerprint, size_t mask) { return fingerprint & mask; }

void PutU32(std::string* out, uint32_t v) {
  char b[4];
  for (int i = 0; i < 4; ++i) b[i] = static_cast<char>(v >> (8 * i));
  out->append(b, 4);
}
void PutU64(std::string* out, uint64_t v) {
  char b[8];
  for (int i = 0; i < 8; ++i) b[i] = static_cast<char>(v >> (8 * i));
  out->append(b, 8);
}
uint32_t GetU32(const char* p) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= uint32_t{static_cast<uint8_t>(p[i])} << (8 * i);
  return v;
}
uint64_t GetU64(const char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= uint64_t{static_cast<uint8_t>(p[i])} << (8 * i);
  return v;
}

}  // namespace

LshIndex::LshIndex(const LshOptions& options) : options_(options) {
  options_.bands = std::clamp(options_.bands, 1, 1024);
  options_.rows = std::clamp(options_.rows, 1, 1024);
  bands_.resize(options_.bands);
}

uint32_t LshIndex::BandKey(const Signature& signature, int band) const {
  const uint32_t* v = signature.values.data() + static_cast<size_t>(band) * options_.rows;
  const uint64_t h = Hash64(
      std::string_view(reinterpret_cast<const char*>(v), sizeof(uint32_t) * options_.rows),
      static_cast<uint64_t>(band));
  return static_cast<uint32_t>(h ^ (h >> 32));
}

void LshIndex::Grow(Band* band) {
  std::vector<uint64_t> old = std::move(band->slots);
  band->slots.assign(old.empty() ? kInitialSlots : old.size() * 2, 0);
  band->used = 0;
  for (const uint64_t e : old) {
    if (e != 0) Insert(band, static_cast<uint32_t>(e >> 32), static_cast<uint32_t>(e) - 1);
  }
}

void LshIndex::Reserve(size_t docs) {
  size_t slots = kInitialSlots;
  while ((docs + 1) * 10 > slots * 7) slots *= 2;
  for (Band& band : bands_) {
    while (band.slots.size() < slots) Grow(&band);
  }
}

void LshIndex::Insert(Band* band, uint32_t fingerprint, uint32_t doc) {
  if ((band->used + 1) * 10 > band->slots.size() * 7) Grow(band);
  const size_t mask = band->slots.size() - 1;
  size_t i = SlotOf(fingerprint, mask);
  while (band->slots[i] != 0) i = (i + 1) & mask;
  band->slots[i] = (uint64_t{fingerprint} << 32) | (uint64_t{doc} + 1);
  ++band->used;
}

Status LshIndex::Add(DocId doc, const Signature& signature) {
  const size_t need = static_cast<size_t>(options_.bands) * options_.rows;
  if (signature.values.size() < need) {
    return InvalidArgument("LSH index: signature has " + std::to_string(signature.values.size()) +
                           " values, the index needs bands x rows = " + std::to_string(need));
  }
  thread_local std::vector<uint32_t> keys;
  BandKeys(signature, &keys);
  return AddKeys(doc, keys);
}

void LshIndex::BandKeys(const Signature& signature, std::vector<uint32_t>* keys) const {
  keys->clear();
  const size_t need = static_cast<size_t>(options_.bands) * options_.rows;
  if (signature.values.size() < need) return;
  keys->reserve(options_.bands);
  for (int b = 0; b < options_.bands; ++b) keys->push_back(BandKey(signature, b));
}

Status LshIndex::AddKeys(DocId doc, std::span<const uint32_t> keys) {
  if (keys.size() != static_cast<size_t>(options_.bands)) {
    return InvalidArgument("LSH index: " + std::to_string(keys.size()) +
                           " band keys given, the index has " + std::to_string(options_.bands) +
                           " bands");
  }
  if (doc.value() == kNoDoc) return InvalidArgument("LSH index: doc id 0xFFFFFFFF is reserved");
  for (int b = 0; b < options_.bands; ++b) Insert(&bands_[b], keys[b], doc.value());
  ++num_docs_;
  return Status::Ok();
}

void LshIndex::Query(const Signature& signature, std::vector<DocId>* candidates) const {
  candidates->clear();
  const size_t need = static_cast<size_t>(options_.bands) * options_.rows;
  if (signature.values.size() < need || num_docs_ == 0 || signature.empty_set()) return;
  thread_local std::vector<uint32_t> keys;
  BandKeys(signature, &keys);
  QueryKeys(keys, candidates);
}

void LshIndex::QueryKeys(std::span<const uint32_t> keys, std::vector<DocId>* candidates) const {
  candidates->clear();
  if (keys.size() != static_cast<size_t>(options_.bands) || num_docs_ == 0) return;
  // Each band's table is large and its probe a cache miss; touching every band's first slot
  // before probing any lets the misses overlap instead of queueing one after another (and the
  // Add that follows a Query finds the same lines still in cache).
  for (int b = 0; b < options_.bands; ++b) {
    const Band& band = bands_[b];
    if (!band.slots.empty()) {
      __builtin_prefetch(&band.slots[SlotOf(keys[b], band.slots.size() - 1)]);
    }
  }
  thread_local std::vector<uint32_t> found;
  found.clear();
  for (int b = 0; b < options_.bands; ++b) {
    const Band& band = bands_[b];
    if (band.slots.empty()) continue;
    const uint32_t fp = keys[b];
    const size_t mask = band.slots.size() - 1;
    for (size_t i = SlotOf(fp, mask); band.slots[i] != 0; i = (i + 1) & mask) {
      const uint64_t e = band.slots[i];
      if (static_cast<uint32_t>(e >> 32) == fp) found.push_back(static_cast<uint32_t>(e) - 1);
    }
  }
  if (found.size() > 1) std::sort(found.begin(), found.end());
  const size_t cap = options_.max_candidates;
  if (cap == 0 || found.size() <= cap) {
    found.erase(std::unique(found.begin(), found.end()), found.end());
  } else {
    // Count the bands each document shares, keep the `cap` sharing most (newest first on ties).
    thread_local std::vector<uint64_t> ranked;  // shared bands << 32 | doc
    ranked.clear();
    for (size_t i = 0; i < found.size();) {
      size_t j = i + 1;
      while (j < found.size() && found[j] == found[i]) ++j;
      ranked.push_back((uint64_t{j - i} << 32) | found[i]);
      i = j;
    }
    found.clear();
    if (ranked.size() > cap) {
      std::nth_element(ranked.begin(), ranked.begin() + cap, ranked.end(), std::greater<>());
      ranked.resize(cap);
    }
    for (const uint64_t r : ranked) found.push_back(static_cast<uint32_t>(r));
    std::sort(found.begin(), found.end());
  }
  candidates->reserve(found.size());
  for (const uint32_t d : found) candidates->push_back(DocId(d));
}

size_t LshIndex::memory_bytes() const {
  size_t bytes = sizeof(*this) + bands_.capacity() * sizeof(Band);
  for (const Band& b : bands_) bytes += b.slots.capacity() * sizeof(uint64_t);
  return bytes;
}

void LshIndex::Serialize(std::string* out) const {
  const size_t start = out->size();
  out->reserve(start + kHeaderSize + 8 * num_docs_ * options_.bands + 8);
  PutU64(out, kMagic);
  PutU32(out, kVersion);
  PutU32(out, static_cast<uint32_t>(options_.bands));
  PutU32(out, static_cast<uint32_t>(options_.rows));
  PutU32(out, 0);
  PutU64(out, num_docs_);
  for (const Band& band : bands_) {
    for (const uint64_t e : band.slots) {
      if (e == 0) continue;
      PutU32(out, static_cast<uint32_t>(e >> 32));
      PutU32(out, static_cast<uint32_t>(e) - 1);
    }
  }
  PutU64(out, Checksum64(std::string_view(*out).substr(start)));
}

Result<LshIndex> LshIndex::Deserialize(std::string_view data) {
  if (data.size() < kHeaderSize + 8) {
    return Corruption("LSH index: " + std::to_string(data.size()) +
                      " bytes is shorter than the header; the file is truncated");
  }
  if (GetU64(data.data()) != kMagic) {
    return Corruption("LSH index: bad magic number at offset 0; not an LSH index file");
  }
  const uint32_t version = GetU32(data.data() + 8);
  if (version != kVersion) {
    return Corruption("LSH index: unsupported version " + std::to_string(version) +
                      " (this build reads version 1)");
  }
  const uint64_t stored = GetU64(data.data() + data.size() - 8);
  if (Checksum64(data.substr(0, data.size() - 8)) != stored) {
    return Corruption("LSH index: checksum mismatch; the file is damaged");
  }
  const uint32_t bands = GetU32(data.data() + 12);
  const uint32_t rows = GetU32(data.data() + 16);
  const uint64_t num_docs = GetU64(data.data() + 24);
  if (bands < 1 || bands > 1024 || rows < 1 || rows > 1024) {
    return Corruption("LSH index: bands " + std::to_string(bands) + " or rows " +
                      std::to_string(rows) + " out of range [1, 1024]");
  }
  const uint64_t body = data.size() - kHeaderSize - 8;
  if (num_docs > body / 8 || num_docs * 8 * bands != body) {
    return Corruption("LSH index: size " + std::to_string(data.size()) +
                      " does not match " + std::to_string(num_docs) + " documents x " +
                      std::to_string(bands) + " bands");
  }
  LshIndex index(LshOptions{static_cast<int>(bands), static_cast<int>(rows)});
  const char* p = data.data() + kHeaderSize;
  for (uint32_t b = 0; b < bands; ++b) {
    Band& band = index.bands_[b];
    size_t slots = kInitialSlots;
    while ((num_docs + 1) * 10 > slots * 7) slots *= 2;
    band.slots.assign(slots, 0);
    for (uint64_t i = 0; i < num_docs; ++i, p += 8) {
      const uint32_t doc = GetU32(p + 4);
      if (doc == kNoDoc) {
        return Corruption("LSH index: reserved doc id at byte offset " +
                          std::to_string(p + 4 - data.data()));
      }
      Insert(&band, GetU32(p), doc);
    }
  }
  index.num_docs_ = num_docs;
  return index;
}

}  // namespace storyline
