#include "index/postings_writer.h"

#include <algorithm>
#include <numeric>

#include "common/hash.h"
#include "index/posting_codec.h"
#include "index/postings_format.h"
#include "index/segment_format.h"

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

PostingsWriter::PostingsWriter(uint32_t field_count)
    : field_count_(std::clamp<uint32_t>(field_count, 1, postings_format::kMaxFields)),
      field_lengths_(field_count_),
      field_totals_(field_count_, 0) {}

Status PostingsWriter::AddDocument(const std::vector<FieldTerms>& fields) {
  for (const FieldTerms& f : fields) {
    if (f.field >= field_count_) {
      return InvalidArgument("postings: field " + std::to_string(f.field) + " of " +
                             std::to_string(field_count_));
    }
  }
  const uint32_t doc = doc_count_;
  for (auto& lengths : field_lengths_) lengths.push_back(0);
  // (term id, position) of this document, grouped by term below.
  thread_local std::vector<std::pair<uint32_t, uint32_t>> occurrences;
  thread_local std::string key;
  occurrences.clear();
  for (const FieldTerms& f : fields) {
    uint32_t indexed = 0;
    for (size_t pos = 0; pos < f.terms.size(); ++pos) {
      const std::string& t = f.terms[pos];
      if (t.empty()) continue;
      key.assign(1, static_cast<char>(f.field));
      key.append(t);
      auto [it, fresh] = term_ids_.try_emplace(key, static_cast<uint32_t>(terms_.size()));
      if (fresh) terms_.push_back(Term{key, 0, {}});
      occurrences.emplace_back(it->second, static_cast<uint32_t>(pos));
      ++indexed;
    }
    field_lengths_[f.field][doc] += indexed;
    field_totals_[f.field] += indexed;
  }
  std::sort(occurrences.begin(), occurrences.end());
  for (size_t i = 0; i < occurrences.size();) {
    size_t j = i;
    while (j < occurrences.size() && occurrences[j].first == occurrences[i].first) ++j;
    Term& term = terms_[occurrences[i].first];
    ++term.df;
    term.data.push_back(doc);
    term.data.push_back(static_cast<uint32_t>(j - i));
    for (size_t k = i; k < j; ++k) term.data.push_back(occurrences[k].second);
    i = j;
  }
  ++doc_count_;
  return Status::Ok();
}

void PostingsWriter::EncodeList(const Term& term, std::string* out) const {
  const uint8_t field = static_cast<uint8_t>(term.key[0]);
  const std::vector<uint32_t>& lengths = field_lengths_[field];
  // Walk the [doc, tf, positions...] records once, cutting blocks of kBlockDocs documents.
  std::string blocks, table;
  std::vector<uint32_t> docs, tfs, positions;
  size_t p = 0;
  uint32_t previous_last = 0;
  bool first_block = true;
  while (p < term.data.size()) {
    docs.clear();
    tfs.clear();
    positions.clear();
    uint32_t max_tf = 0, min_length = UINT32_MAX;
    while (p < term.data.size() && docs.size() < kBlockDocs) {
      const uint32_t doc = term.data[p], tf = term.data[p + 1];
      docs.push_back(doc);
      tfs.push_back(tf - 1);
      uint32_t prev_pos = 0;
      for (uint32_t k = 0; k < tf; ++k) {
        const uint32_t pos = term.data[p + 2 + k];
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
    // The first block's first gap is from 0; later blocks continue from the previous last doc.
    EncodeIncreasing(docs, first_block ? 0 : previous_last, &blocks);
    EncodeU32s(tfs, &blocks);
    EncodeU32s(positions, &blocks);
    previous_last = docs.back();
    first_block = false;
  }
  out->append(table);
  out->append(blocks);
}

Status PostingsWriter::Finish(Env* env, const std::string& path, uint32_t segment) {
  std::vector<uint32_t> order(terms_.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return terms_[a].key < terms_[b].key; });

  std::string file;
  file.append(postings_format::kHeaderMagic, 8);
  PutU32(&file, postings_format::kFormatVersion);
  PutU32(&file, segment);
  PutU32(&file, doc_count_);
  PutU32(&file, field_count_);
  PutU64(&file, terms_.size());

  // Postings lists, then the padding the SIMD decoder may read past the last one.
  const uint64_t postings_off = file.size();
  std::vector<uint64_t> list_offsets(terms_.size()), list_sizes(terms_.size());
  for (const uint32_t t : order) {
    const size_t start = file.size();
    EncodeList(terms_[t], &file);
    list_offsets[t] = start - postings_off;
    list_sizes[t] = file.size() - start;
  }
  file.append(kDecodePadding, '\0');
  const uint64_t postings_len = file.size() - postings_off;
  const uint64_t postings_sum = Checksum64(std::string_view(file).substr(postings_off));

  // Field lengths: field_count x doc_count u32.
  const uint64_t norms_off = file.size();
  for (const auto& lengths : field_lengths_) {
    for (const uint32_t n : lengths) PutU32(&file, n);
  }

  // Dictionary: front-coded blocks of kTermsPerDictBlock terms; the index lists each block's
  // first term and offset.
  const uint64_t dict_off = file.size();
  std::string index;
  PutU32(&index, static_cast<uint32_t>(
                     (terms_.size() + postings_format::kTermsPerDictBlock - 1) /
                     postings_format::kTermsPerDictBlock));
  std::string_view previous;
  for (size_t i = 0; i < order.size(); ++i) {
    const Term& term = terms_[order[i]];
    size_t shared = 0;
    if (i % postings_format::kTermsPerDictBlock == 0) {
      PutU32(&index, static_cast<uint32_t>(file.size() - dict_off));
      PutVarint(&index, term.key.size());
      index.append(term.key);
    } else {
      while (shared < previous.size() && shared < term.key.size() &&
             previous[shared] == term.key[shared]) {
        ++shared;
      }
    }
    PutVarint(&file, shared);
    PutVarint(&file, term.key.size() - shared);
    file.append(term.key, shared, std::string::npos);
    PutVarint(&file, term.df);
    PutVarint(&file, list_offsets[order[i]]);
    PutVarint(&file, list_sizes[order[i]]);
    previous = term.key;
  }
  const uint64_t dict_len = file.size() - dict_off;
  const uint64_t index_off = file.size();
  file.append(index);
  const uint64_t index_len = index.size();

  std::string footer;
  for (uint64_t v : {postings_off, postings_len, norms_off, dict_off, dict_len, index_off,
                     index_len, uint64_t{doc_count_}, uint64_t{terms_.size()}}) {
    PutU64(&footer, v);
  }
  for (uint32_t f = 0; f < postings_format::kMaxFields; ++f) {
    PutU64(&footer, f < field_count_ ? field_totals_[f] : 0);
  }
  PutU64(&footer, postings_sum);
  // The meta checksum covers the header, norms, dictionary, index and footer fields above.
  std::string meta(file, 0, postings_format::kHeaderSize);
  meta.append(file, norms_off, std::string::npos);
  meta.append(footer);
  PutU64(&footer, Checksum64(meta));
  footer.append(postings_format::kFooterMagic, 8);
  checksum_ = segment_format::GetU64(footer.data() + footer.size() - 16);
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
  file_size_ = file.size();
  return Status::Ok();
}

}  // namespace storyline
