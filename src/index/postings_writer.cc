#include "index/postings_writer.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <numeric>
#include <queue>
#include <thread>
#include <type_traits>

#include "common/hash.h"
#include "index/posting_codec.h"
#include "index/postings_format.h"
#include "index/segment_format.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace storyline {

using postings_format::kBlockDocs;
using postings_format::PutVarint;
using segment_format::PutU32;
using segment_format::PutU64;

std::string postings_format::PostingsFileName(uint32_t segment) {
  char name[32];
  std::snprintf(name, sizeof name, "idx-%06u.slp", segment);
  return name;
}

std::string postings_format::PostingsFileName(uint32_t first_segment, uint32_t last_segment) {
  if (last_segment <= first_segment) return PostingsFileName(first_segment);
  char name[48];
  std::snprintf(name, sizeof name, "idx-%06u-%06u.slp", first_segment, last_segment);
  return name;
}

// ---------------------------------------------------------------- InvertedIndexBuilder

InvertedIndexBuilder::InvertedIndexBuilder(uint32_t field_count)
    : field_count_(std::clamp<uint32_t>(field_count, 1, postings_format::kMaxFields)),
      lengths_(field_count_) {}

void InvertedIndexBuilder::Reserve(size_t terms) {
  if (sealed_) return;
  terms_.reserve(terms);
  tf_.reserve(terms);
  cursor_.reserve(terms);
}

uint32_t InvertedIndexBuilder::NewTerm(uint8_t field, std::string_view text) {
  const auto id = static_cast<uint32_t>(terms_.size());
  std::string key(1, static_cast<char>(field));
  key.append(text);
  terms_.push_back(Term{std::move(key), 0, {}});
  tf_.push_back(0);
  cursor_.push_back(0);
  return id;
}

uint32_t InvertedIndexBuilder::TermId(uint8_t field, std::string_view text) {
  const uint64_t h = XXH3_64bits_withSeed(text.data(), text.size(), field + 1);
  if ((terms_.size() + 1) * 2 > slots_.size()) GrowTable();
  const size_t mask = slots_.size() - 1;
  // A slot holds the term id + 1 (low half) and the high half of the term's hash, so a probe
  // reads the term only when the hashes agree.
  const uint64_t tag = h & 0xFFFFFFFF00000000ull;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    const uint64_t slot = slots_[i];
    if (slot == 0) {
      const uint32_t id = NewTerm(field, text);
      slots_[i] = tag | (id + 1);
      hashes_.push_back(h);
      return id;
    }
    if ((slot & 0xFFFFFFFF00000000ull) != tag) continue;
    const uint32_t id = static_cast<uint32_t>(slot) - 1;
    const Term& t = terms_[id];
    if (hashes_[id] == h && static_cast<uint8_t>(t.key[0]) == field &&
        std::string_view(t.key).substr(1) == text) {
      return id;
    }
  }
}

void InvertedIndexBuilder::GrowTable() {
  slots_.assign(slots_.empty() ? 1024 : slots_.size() * 2, 0);
  const size_t mask = slots_.size() - 1;
  for (uint32_t id = 0; id < terms_.size(); ++id) {
    size_t i = hashes_[id] & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = (hashes_[id] & 0xFFFFFFFF00000000ull) | (id + 1);
  }
}

Status InvertedIndexBuilder::BeginDocument(Input input) {
  if (sealed_) return Internal("postings: AddDocument after Seal");
  if (input_ != Input::kNone && input_ != input) {
    return Internal("postings: a builder takes terms or ids, not both");
  }
  input_ = input;
  return Status::Ok();
}

Status InvertedIndexBuilder::CheckField(uint8_t field) const {
  if (field < field_count_) return Status::Ok();
  return InvalidArgument("postings: field " + std::to_string(field) + " of " +
                         std::to_string(field_count_));
}

Status InvertedIndexBuilder::AddDocument(std::span<const FieldTerms> fields) {
  RETURN_IF_ERROR(BeginDocument(Input::kTerms));
  for (const FieldTerms& f : fields) RETURN_IF_ERROR(CheckField(f.field));
  AddFields(fields, [&](const FieldTerms& f, size_t i) -> uint32_t {
    const std::string& t = f.terms[i];
    return t.empty() ? UINT32_MAX : TermId(f.field, t);
  });
  return Status::Ok();
}

Status InvertedIndexBuilder::AddDocument(std::span<const FieldTermIds> fields,
                                         std::span<const std::string> vocabulary) {
  RETURN_IF_ERROR(BeginDocument(Input::kIds));
  for (const FieldTermIds& f : fields) {
    RETURN_IF_ERROR(CheckField(f.field));
    for (const uint32_t id : f.ids) {
      if (id != kNotIndexed && id >= vocabulary.size()) {
        return Internal("postings: a term id beyond its vocabulary");
      }
    }
  }
  by_vocabulary_id_.resize(field_count_);
  for (auto& ids : by_vocabulary_id_) {
    if (ids.size() < vocabulary.size()) ids.resize(vocabulary.size(), 0);
  }
  AddFields(fields, [&](const FieldTermIds& f, size_t i) -> uint32_t {
    const uint32_t v = f.ids[i];
    if (v == kNotIndexed) return UINT32_MAX;
    // The vocabulary is read only for a term new to this builder (its strings are cold).
    uint32_t& id = by_vocabulary_id_[f.field][v];
    if (id == 0) id = vocabulary[v].empty() ? UINT32_MAX : NewTerm(f.field, vocabulary[v]) + 1;
    return id == UINT32_MAX ? UINT32_MAX : id - 1;
  });
  return Status::Ok();
}

template <typename Fields, typename IdOf>
void InvertedIndexBuilder::AddFields(std::span<const Fields> fields, IdOf id_of) {
  const uint32_t doc = doc_count_;
  for (auto& lengths : lengths_) lengths.push_back(0);
  // Two passes, no sort: count each term's occurrences, then lay out each term's record
  // (doc, tf, positions) and fill the positions in token order, which is increasing.
  // doc_ids_ holds every field's term ids one after another (kNoTerm for a token not indexed);
  // a position is an index into its field's run, which starts at field_starts_[f].
  constexpr uint32_t kNoTerm = UINT32_MAX;
  touched_.clear();
  doc_ids_.clear();
  field_starts_.clear();
  for (const Fields& f : fields) {
    field_starts_.push_back(static_cast<uint32_t>(doc_ids_.size()));
    uint32_t indexed = 0;
    size_t n = 0;
    if constexpr (std::is_same_v<Fields, FieldTerms>) {
      n = f.terms.size();
    } else {
      n = f.ids.size();
    }
    for (size_t k = 0; k < n; ++k) {
      const uint32_t id = id_of(f, k);
      doc_ids_.push_back(id);
      if (id == kNoTerm) continue;
      ++indexed;
      if (tf_[id]++ == 0) touched_.push_back(id);
    }
    lengths_[f.field][doc] += indexed;
  }
  // The terms' entries and the ends of their lists are scattered over the builder's memory:
  // fetched some terms ahead, their cache misses overlap.
  constexpr size_t kAhead = 8;
  for (size_t k = 0; k < touched_.size(); ++k) {
    if (k + kAhead < touched_.size()) __builtin_prefetch(&terms_[touched_[k + kAhead]]);
    if (k + kAhead / 2 < touched_.size()) {
      const std::vector<uint32_t>& ahead = terms_[touched_[k + kAhead / 2]].data;
      __builtin_prefetch(ahead.data() + ahead.size(), 1);
    }
    const uint32_t id = touched_[k];
    Term& term = terms_[id];
    ++term.df;
    const size_t at = term.data.size();
    term.data.resize(at + 2 + tf_[id]);  // one growth for the record (three for a first one)
    term.data[at] = doc;
    term.data[at + 1] = tf_[id];
    cursor_[id] = static_cast<uint32_t>(at + 2);
    tf_[id] = 0;
  }
  for (size_t f = 0; f < field_starts_.size(); ++f) {
    const size_t begin = field_starts_[f];
    const size_t end = f + 1 < field_starts_.size() ? field_starts_[f + 1] : doc_ids_.size();
    for (size_t i = begin; i < end; ++i) {
      const uint32_t id = doc_ids_[i];
      if (id != kNoTerm) terms_[id].data[cursor_[id]++] = static_cast<uint32_t>(i - begin);
    }
  }
  ++doc_count_;
}

namespace {

// The first 8 bytes of a key, big-endian (zero-padded): keys compare as their prefixes do,
// unless the prefixes are equal.
uint64_t KeyPrefix(std::string_view key) {
  unsigned char b[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  std::memcpy(b, key.data(), std::min<size_t>(8, key.size()));
  uint64_t v = 0;
  for (const unsigned char c : b) v = (v << 8) | c;
  return v;
}

// a < b for keys whose prefixes are pa and pb.
inline bool KeyLess(uint64_t pa, std::string_view a, uint64_t pb, std::string_view b) {
  if (pa != pb) return pa < pb;
  return a < b;
}

}  // namespace

void InvertedIndexBuilder::Seal() {
  if (sealed_) return;
  // The terms are put in key order in place (SortedTerm(i) is then terms_[i], read in order by
  // the merge); the sort compares 8-byte prefixes before keys.
  struct Sortable {
    uint64_t prefix;
    uint32_t id;
  };
  std::vector<Sortable> order(terms_.size());
  for (uint32_t id = 0; id < terms_.size(); ++id) order[id] = {KeyPrefix(terms_[id].key), id};
  std::sort(order.begin(), order.end(), [&](const Sortable& a, const Sortable& b) {
    return KeyLess(a.prefix, terms_[a.id].key, b.prefix, terms_[b.id].key);
  });
  // Permuted in place, cycle by cycle (a second array of terms was a tenth of the builder's
  // page faults): position i takes the term order[i].id.
  prefixes_.resize(terms_.size());
  for (size_t i = 0; i < order.size(); ++i) prefixes_[i] = order[i].prefix;
  constexpr uint32_t kPlaced = UINT32_MAX;
  for (size_t start = 0; start < order.size(); ++start) {
    if (order[start].id == kPlaced || order[start].id == start) continue;
    Term held = std::move(terms_[start]);
    size_t i = start;
    while (order[i].id != start) {
      const size_t from = order[i].id;
      terms_[i] = std::move(terms_[from]);
      order[i].id = kPlaced;
      i = from;
    }
    terms_[i] = std::move(held);
    order[i].id = kPlaced;
  }
  slots_ = {};  // not needed any more
  by_vocabulary_id_ = {};
  hashes_ = {};
  tf_ = {};
  cursor_ = {};
  sealed_ = true;
}

// ---------------------------------------------------------------- WritePostingsFile

namespace {

// Encodes one term's postings ([doc, tf, positions...] records, documents already renumbered)
// as a block table followed by the blocks.
void EncodeList(std::span<const uint32_t> data, const std::vector<uint32_t>& lengths,
                std::string* out) {
  thread_local std::string blocks, table;
  thread_local std::vector<uint32_t> docs, tfs, positions;
  blocks.clear();
  table.clear();
  size_t p = 0;
  uint32_t previous_last = 0;
  bool first_block = true;
  while (p < data.size()) {
    docs.clear();
    tfs.clear();
    positions.clear();
    uint32_t max_tf = 0, min_length = UINT32_MAX;
    while (p < data.size() && docs.size() < kBlockDocs) {
      const uint32_t doc = data[p], tf = data[p + 1];
      docs.push_back(doc);
      tfs.push_back(tf - 1);
      uint32_t prev_pos = 0;
      for (uint32_t k = 0; k < tf; ++k) {
        const uint32_t pos = data[p + 2 + k];
        positions.push_back(pos - prev_pos);
        prev_pos = pos;
      }
      max_tf = std::max(max_tf, tf);
      min_length = std::min(min_length, lengths[doc]);
      p += 2 + tf;
    }
    PutU32(&table, docs.back());
    PutU32(&table, static_cast<uint32_t>(blocks.size()));
    PutU32(&table, max_tf);
    PutU32(&table, min_length);
    EncodeIncreasing(docs, first_block ? 0 : previous_last, &blocks);
    EncodeU32s(tfs, &blocks);
    EncodeU32s(positions, &blocks);
    previous_last = docs.back();
    first_block = false;
  }
  out->append(table);
  out->append(blocks);
}

// K-way merge of the parts' sorted terms [begin[p], end[p]) into `encoder`; each term's records
// concatenated in part order, renumbered, dropped documents left out.
void MergeParts(std::span<const PostingsPart> parts, const std::vector<size_t>& begin,
                const std::vector<size_t>& end, PostingsFileEncoder* encoder) {
  // Each cursor carries its term's key prefix, so most heap comparisons are of integers.
  struct Cursor {
    uint64_t prefix;
    const std::string* key;
    size_t part, next;
  };
  auto at = [&](size_t part, size_t next) {
    const InvertedIndexBuilder& b = *parts[part].builder;
    const InvertedIndexBuilder::Term& term = b.SortedTerm(next);
    __builtin_prefetch(term.data.data());  // read when the term leaves the heap
    return Cursor{b.SortedPrefix(next), &term.key, part, next};
  };
  auto later = [](const Cursor& a, const Cursor& b) {
    if (a.prefix != b.prefix) return a.prefix > b.prefix;
    const int cmp = a.key->compare(*b.key);
    return cmp != 0 ? cmp > 0 : a.part > b.part;
  };
  std::vector<Cursor> heap;
  heap.reserve(parts.size());
  for (size_t p = 0; p < parts.size(); ++p) {
    if (begin[p] < end[p]) heap.push_back(at(p, begin[p]));
  }
  std::make_heap(heap.begin(), heap.end(), later);
  // The term's records, renumbered: data[0, used); data only grows (no clearing per term).
  std::vector<uint32_t> data;
  size_t used = 0;
  std::string key;
  while (!heap.empty()) {
    key = *heap.front().key;
    const uint64_t prefix = heap.front().prefix;
    used = 0;
    uint32_t df = 0;
    while (!heap.empty() && heap.front().prefix == prefix && *heap.front().key == key) {
      std::pop_heap(heap.begin(), heap.end(), later);
      Cursor& c = heap.back();
      const PostingsPart& part = parts[c.part];
      const std::vector<uint32_t>& records = part.builder->SortedTerm(c.next).data;
      if (data.size() < used + records.size()) data.resize(2 * (used + records.size()));
      uint32_t* out = data.data() + used;
      for (size_t i = 0; i < records.size();) {
        const uint32_t tf = records[i + 1];
        const uint32_t ordinal = part.ordinal_of[records[i]];
        if (ordinal != kDroppedDoc) {
          *out++ = ordinal;
          std::memcpy(out, records.data() + i + 1, (size_t{tf} + 1) * sizeof(uint32_t));
          out += tf + 1;
          ++df;
        }
        i += 2 + tf;
      }
      used = static_cast<size_t>(out - data.data());
      if (c.next + 1 < end[c.part]) {
        c = at(c.part, c.next + 1);
        std::push_heap(heap.begin(), heap.end(), later);
      } else {
        heap.pop_back();
      }
    }
    if (df == 0) continue;  // only in dropped documents
    encoder->AddTerm(key, df, std::span<const uint32_t>(data.data(), used));
  }
}

}  // namespace

Result<PostingsFileInfo> WritePostingsFile(Env* env, const std::string& path, uint32_t segment,
                                           std::span<const PostingsPart> parts,
                                           size_t parallel_min_bytes) {
  const uint32_t field_count = parts.empty() ? kIndexFields : parts[0].builder->field_count();
  // Field lengths of the file's documents, and checks of the numbering.
  std::vector<std::vector<uint32_t>> lengths(field_count);
  uint32_t doc_count = 0;
  for (const PostingsPart& part : parts) {
    const InvertedIndexBuilder& b = *part.builder;
    if (b.field_count() != field_count || part.ordinal_of.size() != b.doc_count()) {
      return Internal("postings: parts disagree on fields or documents");
    }
    for (uint32_t d = 0; d < b.doc_count(); ++d) {
      if (part.ordinal_of[d] == kDroppedDoc) continue;
      if (part.ordinal_of[d] != doc_count) {
        return Internal("postings: parts do not number documents 0, 1, 2 ...");
      }
      ++doc_count;
      for (uint32_t f = 0; f < field_count; ++f) lengths[f].push_back(b.FieldLength(f, d));
    }
  }
  size_t estimate = 1 << 16;
  for (const PostingsPart& part : parts) {
    for (size_t t = 0; t < part.builder->term_count(); ++t) {
      estimate += part.builder->SortedTerm(t).data.size() * 2 + 24;
    }
  }
  // The key space in two halves of about equal postings, merged and encoded on two threads
  // (for an index-only ingest this is a quarter of the CPU, and the last batch's file is written
  // while nothing else runs); the second half is appended to the first, so the file is the one
  // a single pass writes. Split points: each part's first term at or after the pivot.
  std::vector<size_t> split(parts.size(), 0);
  bool parallel = false;
  if (estimate >= parallel_min_bytes && std::thread::hardware_concurrency() > 1) {
    size_t largest = 0;
    for (size_t p = 1; p < parts.size(); ++p) {
      if (parts[p].builder->term_count() > parts[largest].builder->term_count()) largest = p;
    }
    const InvertedIndexBuilder& big = *parts[largest].builder;
    size_t total = 0, half = 0;
    for (size_t t = 0; t < big.term_count(); ++t) total += big.SortedTerm(t).data.size() + 8;
    size_t pivot = 0;
    for (; pivot < big.term_count() && half * 2 < total; ++pivot) {
      half += big.SortedTerm(pivot).data.size() + 8;
    }
    if (pivot > 0 && pivot < big.term_count()) {
      const std::string& key = big.SortedTerm(pivot).key;
      for (size_t p = 0; p < parts.size(); ++p) {
        const InvertedIndexBuilder& b = *parts[p].builder;
        size_t lo = 0, hi = b.term_count();
        while (lo < hi) {
          const size_t mid = (lo + hi) / 2;
          if (b.SortedTerm(mid).key < key) {
            lo = mid + 1;
          } else {
            hi = mid;
          }
        }
        split[p] = lo;
      }
      parallel = true;
    }
  }
  if (!parallel) {
    for (size_t p = 0; p < parts.size(); ++p) split[p] = parts[p].builder->term_count();
  }
  std::vector<size_t> begin(parts.size(), 0), end(parts.size());
  for (size_t p = 0; p < parts.size(); ++p) end[p] = parts[p].builder->term_count();
  std::unique_ptr<PostingsFileEncoder> upper;
  if (parallel) upper = std::make_unique<PostingsFileEncoder>(segment, lengths, estimate / 2);
  PostingsFileEncoder encoder(segment, std::move(lengths), estimate);
  std::thread second;
  if (parallel) {
    second = std::thread([&] { MergeParts(parts, split, end, upper.get()); });
  }
  MergeParts(parts, begin, split, &encoder);
  if (parallel) {
    second.join();
    encoder.Append(std::move(*upper));
  }
  return encoder.Finish(env, path);
}

// ---------------------------------------------------------------- PostingsFileEncoder

PostingsFileEncoder::PostingsFileEncoder(uint32_t segment,
                                         std::vector<std::vector<uint32_t>> lengths,
                                         size_t size_estimate)
    : segment_(segment), lengths_(std::move(lengths)) {
  if (lengths_.empty()) lengths_.resize(kIndexFields);
  file_.reserve(std::max<size_t>(size_estimate, 1 << 16));
  file_.append(postings_format::kHeaderMagic, 8);
  PutU32(&file_, postings_format::kFormatVersion);
  PutU32(&file_, segment_);
  PutU32(&file_, static_cast<uint32_t>(lengths_[0].size()));
  PutU32(&file_, static_cast<uint32_t>(lengths_.size()));
  PutU64(&file_, 0);  // term count, patched by Finish
}

void PostingsFileEncoder::AddTerm(std::string_view key, uint32_t df,
                                  std::span<const uint32_t> records) {
  if (key.empty() || static_cast<uint8_t>(key[0]) >= lengths_.size() ||
      (!entries_.empty() && std::string_view(entries_.back().key) >= key)) {
    out_of_order_ = true;
    return;
  }
  const size_t start = file_.size();
  EncodeList(records, lengths_[static_cast<uint8_t>(key[0])], &file_);
  entries_.push_back({std::string(key), df, start - postings_format::kHeaderSize,
                      file_.size() - start});
}

void PostingsFileEncoder::Append(PostingsFileEncoder&& next) {
  if (next.out_of_order_ || (!entries_.empty() && !next.entries_.empty() &&
                             entries_.back().key >= next.entries_.front().key)) {
    out_of_order_ = true;
    return;
  }
  const uint64_t shift = file_.size() - postings_format::kHeaderSize;
  file_.append(next.file_, postings_format::kHeaderSize, std::string::npos);
  entries_.reserve(entries_.size() + next.entries_.size());
  for (Entry& e : next.entries_) {
    e.offset += shift;
    entries_.push_back(std::move(e));
  }
}

Result<PostingsFileInfo> PostingsFileEncoder::Finish(Env* env, const std::string& path) {
  if (out_of_order_) return Internal("postings: terms not in increasing key order");
  const uint32_t field_count = static_cast<uint32_t>(lengths_.size());
  const uint64_t doc_count = lengths_[0].size();
  std::string& file = file_;
  for (int i = 0; i < 8; ++i) {
    file[24 + i] = static_cast<char>(uint64_t{entries_.size()} >> (8 * i));
  }
  const uint64_t postings_off = postings_format::kHeaderSize;
  file.append(kDecodePadding, '\0');
  const uint64_t postings_len = file.size() - postings_off;
  const uint64_t postings_sum = Checksum64(std::string_view(file).substr(postings_off));

  const uint64_t norms_off = file.size();
  std::vector<uint64_t> totals(field_count, 0);
  for (uint32_t f = 0; f < field_count; ++f) {
    for (const uint32_t n : lengths_[f]) {
      PutU32(&file, n);
      totals[f] += n;
    }
  }

  // Dictionary: front-coded blocks; the index lists each block's first key and offset.
  const uint64_t dict_off = file.size();
  std::string index;
  PutU32(&index, static_cast<uint32_t>((entries_.size() + postings_format::kTermsPerDictBlock - 1) /
                                       postings_format::kTermsPerDictBlock));
  for (size_t i = 0; i < entries_.size(); ++i) {
    const Entry& e = entries_[i];
    size_t shared = 0;
    if (i % postings_format::kTermsPerDictBlock == 0) {
      PutU32(&index, static_cast<uint32_t>(file.size() - dict_off));
      PutVarint(&index, e.key.size());
      index.append(e.key);
    } else {
      const std::string& prev = entries_[i - 1].key;
      while (shared < prev.size() && shared < e.key.size() && prev[shared] == e.key[shared]) {
        ++shared;
      }
    }
    PutVarint(&file, shared);
    PutVarint(&file, e.key.size() - shared);
    file.append(e.key, shared, std::string::npos);
    PutVarint(&file, e.df);
    PutVarint(&file, e.offset);
    PutVarint(&file, e.size);
  }
  const uint64_t dict_len = file.size() - dict_off;
  const uint64_t index_off = file.size();
  file.append(index);

  std::string footer;
  for (uint64_t v : {postings_off, postings_len, norms_off, dict_off, dict_len, index_off,
                     uint64_t{index.size()}, doc_count, uint64_t{entries_.size()}}) {
    PutU64(&footer, v);
  }
  for (uint32_t f = 0; f < postings_format::kMaxFields; ++f) {
    PutU64(&footer, f < field_count ? totals[f] : 0);
  }
  PutU64(&footer, postings_sum);
  // The meta checksum covers the header and everything from the field lengths on.
  std::string meta(file, 0, postings_format::kHeaderSize);
  meta.append(file, norms_off, std::string::npos);
  meta.append(footer);
  const uint64_t meta_sum = Checksum64(meta);
  PutU64(&footer, meta_sum);
  footer.append(postings_format::kFooterMagic, 8);
  file.append(footer);

  const std::string tmp = path + ".tmp";
  Status s = [&]() -> Status {
    ASSIGN_OR_RETURN(auto out, env->NewWritableFile(tmp));
    RETURN_IF_ERROR(out->Append(file));
    RETURN_IF_ERROR(out->Sync());
    RETURN_IF_ERROR(out->Close());
    RETURN_IF_ERROR(env->RenameFile(tmp, path));
    return env->SyncDir(DirName(path));
  }();
  if (!s.ok()) {
    (void)env->DeleteFile(tmp);
    return s;
  }
  PostingsFileInfo info;
  info.size = file.size();
  info.checksum = meta_sum;
  info.doc_count = static_cast<uint32_t>(doc_count);
  info.term_count = entries_.size();
  file = std::string();
  return info;
}

// ---------------------------------------------------------------- PostingsWriter

PostingsWriter::PostingsWriter(uint32_t field_count)
    : builder_(std::make_shared<InvertedIndexBuilder>(field_count)) {}

Status PostingsWriter::Finish(Env* env, const std::string& path, uint32_t segment) {
  builder_->Seal();
  PostingsPart part{builder_, std::vector<uint32_t>(builder_->doc_count())};
  std::iota(part.ordinal_of.begin(), part.ordinal_of.end(), 0u);
  ASSIGN_OR_RETURN(info_, WritePostingsFile(env, path, segment, std::span<const PostingsPart>(&part, 1)));
  return Status::Ok();
}

}  // namespace storyline
