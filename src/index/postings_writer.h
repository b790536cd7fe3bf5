// PostingsWriter: builds the inverted index of one ingest batch in memory and writes it as one
// immutable postings file (docs/formats/postings.md): a sorted term dictionary, and for every
// term its documents, term frequencies and positions in blocks of 128 with skip entries that
// carry each block's last document, largest term frequency and shortest field (the bounds that
// let a query skip blocks that cannot reach the top k).
//
// Terms are keys: one byte naming the field (0 title, 1 body ...) and the normalised, stemmed
// term (see analysis/). Documents are the batch's ordinals 0, 1, ... in the order added.
// Finish() writes "<path>.tmp", fsyncs it, renames it to <path> and fsyncs the directory.
//
// Memory: about 8-12 bytes per posting (document, frequency and positions as u32) plus the term
// table, until Finish().
// Thread-compatible: one thread at a time.
#ifndef STORYLINE_INDEX_POSTINGS_WRITER_H_
#define STORYLINE_INDEX_POSTINGS_WRITER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "storyline/env.h"
#include "storyline/status.h"

namespace storyline {

// One field of one document: its terms in order; an empty term is a token that is not indexed
// (a stop word, say) but still takes a position, so phrases stay exact.
struct FieldTerms {
  uint8_t field = 0;
  std::vector<std::string> terms;
};

class PostingsWriter {
 public:
  explicit PostingsWriter(uint32_t field_count = 2);

  // Adds the next document (ordinal = number of documents added before). Fields not given are
  // empty; a field >= field_count is InvalidArgument.
  Status AddDocument(const std::vector<FieldTerms>& fields);

  uint32_t doc_count() const { return doc_count_; }
  size_t term_count() const { return terms_.size(); }

  // Writes the file (see above). `segment` is recorded in its header.
  Status Finish(Env* env, const std::string& path, uint32_t segment);
  // After Finish: the file's size and its footer checksum.
  uint64_t file_size() const { return file_size_; }
  uint64_t checksum() const { return checksum_; }

 private:
  struct Term {
    std::string key;  // field byte + term
    uint32_t df = 0;
    // doc, tf, then tf positions, per document, in document order.
    std::vector<uint32_t> data;
  };
  // Appends one term's postings list to *out; *list_start is where it begins.
  void EncodeList(const Term& term, std::string* out) const;

  uint32_t field_count_;
  uint32_t doc_count_ = 0;
  std::unordered_map<std::string, uint32_t> term_ids_;
  std::vector<Term> terms_;
  std::vector<std::vector<uint32_t>> field_lengths_;  // per field, per document
  std::vector<uint64_t> field_totals_;
  uint64_t file_size_ = 0, checksum_ = 0;
};

}  // namespace storyline

#endif  // STORYLINE_INDEX_POSTINGS_WRITER_H_
