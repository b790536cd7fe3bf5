#include "index/postings_merger.h"

#include <algorithm>
#include <queue>
#include <vector>

namespace storyline {

Result<PostingsFileInfo> MergePostingsFiles(Env* env, const std::string& path, uint32_t segment,
                                            std::span<const PostingsReader* const> inputs,
                                            std::span<const uint32_t> dropped) {
  // Files written before a field was added have fewer: their documents' lengths there are 0.
  uint32_t field_count = inputs.empty() ? kIndexFields : 0;
  for (const PostingsReader* in : inputs) field_count = std::max(field_count, in->field_count());
  std::vector<uint32_t> base;  // the merged number of each input's document 0
  uint64_t docs = 0;
  size_t estimate = 0;
  for (const PostingsReader* in : inputs) {
    RETURN_IF_ERROR(in->VerifyChecksum());
    base.push_back(static_cast<uint32_t>(docs));
    docs += in->doc_count();
    estimate += in->file_size();
  }
  if (docs >= PostingIterator::kEnd) {
    return InvalidArgument("postings merge: more documents than one file can number");
  }
  std::vector<bool> drop(dropped.empty() ? 0 : docs, false);
  for (const uint32_t d : dropped) {
    if (d >= docs) return InvalidArgument("postings merge: a dropped document is out of range");
    drop[d] = true;
  }
  std::vector<std::vector<uint32_t>> lengths(field_count);
  for (uint32_t f = 0; f < field_count; ++f) {
    lengths[f].reserve(docs);
    for (const PostingsReader* in : inputs) {
      for (uint32_t d = 0; d < in->doc_count(); ++d) lengths[f].push_back(in->FieldLength(f, d));
    }
    for (const uint32_t d : dropped) lengths[f][d] = 0;
  }
  PostingsFileEncoder encoder(segment, std::move(lengths), estimate);

  // K-way merge of the inputs' dictionaries; a term's documents are taken input by input, so
  // they stay in increasing order.
  std::vector<PostingsReader::TermCursor> cursors;
  cursors.reserve(inputs.size());
  for (const PostingsReader* in : inputs) {
    cursors.emplace_back(in);
    RETURN_IF_ERROR(cursors.back().status());
  }
  auto later = [&](size_t a, size_t b) {
    const int cmp = cursors[a].key().compare(cursors[b].key());
    return cmp != 0 ? cmp > 0 : a > b;
  };
  std::priority_queue<size_t, std::vector<size_t>, decltype(later)> heap(later);
  for (size_t i = 0; i < cursors.size(); ++i) {
    if (cursors[i].valid()) heap.push(i);
  }
  std::vector<uint32_t> records;
  std::string key;
  while (!heap.empty()) {
    key = cursors[heap.top()].key();
    records.clear();
    uint64_t df = 0;
    while (!heap.empty() && cursors[heap.top()].key() == key) {
      const size_t i = heap.top();
      heap.pop();
      const TermInfo& info = cursors[i].info();
      PostingIterator it = inputs[i]->Postings(info);
      uint32_t n = 0;
      for (; it.doc() != PostingIterator::kEnd; it.Next(), ++n) {
        const uint32_t doc = base[i] + it.doc();
        if (!drop.empty() && drop[doc]) continue;
        const uint32_t tf = it.tf();
        const auto positions = it.Positions();
        if (positions.size() != tf) break;  // damage: reported below
        records.push_back(doc);
        ++df;
        records.push_back(tf);
        records.insert(records.end(), positions.begin(), positions.end());
      }
      if (!it.status().ok()) return it.status();
      if (n != info.df) {
        return Corruption("postings merge: a list of segment " +
                          std::to_string(inputs[i]->segment()) +
                          " holds other than its df documents; run `storyline check`");
      }
      cursors[i].Next();
      RETURN_IF_ERROR(cursors[i].status());
      if (cursors[i].valid()) heap.push(i);
    }
    if (df == 0) continue;  // only dropped documents held it
    encoder.AddTerm(key, static_cast<uint32_t>(df), records);
  }
  return encoder.Finish(env, path);
}

}  // namespace storyline
