// Building and writing postings files (docs/formats/postings.md).
//
// InvertedIndexBuilder holds the inverted index of a set of documents in memory (ingest workers
// build one per chunk of input, in parallel). WritePostingsFile merges the parts of one batch,
// in order, renumbering their documents into the batch's ordinals (a document a part maps to
// kDroppedDoc is left out), and writes the file: a sorted term dictionary, and for every term
// its documents, term frequencies and positions in blocks of 128 with skip entries carrying each
// block's last document, largest term frequency and shortest field (the bounds that let a
// query skip blocks that cannot reach the top k). The file is written as "<path>.tmp", fsynced,
// renamed to <path>, and the directory fsynced. PostingsWriter is the one-part case.
//
// Terms are keys: one byte naming the field (0 title, 1 body ...) and the term as
// IndexTermExtractor gives it.
//
// Memory: about 8-12 bytes per term occurrence plus the term table, per builder.
// Thread-compatible: a builder is used by one thread at a time; sealed builders are read-only
// and may be read by any thread.
#ifndef STORYLINE_INDEX_POSTINGS_WRITER_H_
#define STORYLINE_INDEX_POSTINGS_WRITER_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "storyline/env.h"
#include "storyline/status.h"

namespace storyline {

// The fields an article is indexed under (a term's key starts with the field's byte).
inline constexpr uint32_t kTitleField = 0;
inline constexpr uint32_t kBodyField = 1;
inline constexpr uint32_t kUrlField = 2;  // UrlTerms of the article's URL (files written since
                                          // 2026-11-29 hold it; earlier ones have two fields)
inline constexpr uint32_t kIndexFields = 3;

// One field of one document: its terms in order; an empty term is a token that is not indexed
// but still takes a position, so phrases stay exact.
struct FieldTerms {
  uint8_t field = 0;
  std::vector<std::string> terms;
};

// One field of one document as ids of a vocabulary (vocabulary[id] is the term), e.g.
// IndexTermExtractor::ExtractIds; kNotIndexed is a token that takes a position only.
struct FieldTermIds {
  uint8_t field = 0;
  std::vector<uint32_t> ids;
};
inline constexpr uint32_t kNotIndexed = 0xFFFFFFFFu;

class InvertedIndexBuilder {
 public:
  explicit InvertedIndexBuilder(uint32_t field_count = kIndexFields);

  // Adds the next document (its number = documents added before). A field >= field_count is
  // InvalidArgument. Not after Seal().
  Status AddDocument(std::span<const FieldTerms> fields);
  // The same document given as term ids of `vocabulary`: the builder finds its entry for an id
  // by indexing an array, not by hashing the term. Every document of a builder must come one
  // way, and with ids from one vocabulary that only grows (Internal otherwise).
  Status AddDocument(std::span<const FieldTermIds> fields,
                     std::span<const std::string> vocabulary);
  // Room for `terms` distinct terms (e.g. the previous chunk's count), so the term table does
  // not grow (copy, and touch fresh pages) as they come.
  void Reserve(size_t terms);
  // Sorts the terms; the builder is read-only from now on.
  void Seal();

  uint32_t doc_count() const { return doc_count_; }
  uint32_t field_count() const { return field_count_; }
  size_t term_count() const { return terms_.size(); }
  uint32_t FieldLength(uint32_t field, uint32_t doc) const { return lengths_[field][doc]; }

  struct Term {
    std::string key;  // field byte + term
    uint32_t df = 0;
    std::vector<uint32_t> data;  // per document: doc, tf, then tf positions; documents in order
  };
  // After Seal(): the terms in key order.
  const Term& SortedTerm(size_t i) const { return terms_[i]; }
  // After Seal(): the first 8 bytes of SortedTerm(i).key, big-endian, zero-padded (keys
  // compare as these do when they differ).
  uint64_t SortedPrefix(size_t i) const { return prefixes_[i]; }

 private:
  // The id of the term (field, text), added when new. An open-addressing table of term ids with
  // the terms' hashes beside them: no key string is built for a lookup.
  uint32_t TermId(uint8_t field, std::string_view text);
  void GrowTable();
  // A new term (field, text): its id.
  uint32_t NewTerm(uint8_t field, std::string_view text);
  // The two AddDocument: `id_of(field_terms, i)` is the builder's id of the i-th term of a
  // field, or UINT32_MAX for a token not indexed.
  template <typename Fields, typename IdOf>
  void AddFields(std::span<const Fields> fields, IdOf id_of);
  enum class Input { kNone, kTerms, kIds };
  // The two AddDocument's checks: not sealed, one kind of input, a field of this builder.
  Status BeginDocument(Input input);
  Status CheckField(uint8_t field) const;

  uint32_t field_count_;
  uint32_t doc_count_ = 0;
  bool sealed_ = false;
  std::vector<uint64_t> slots_;   // hash's high half | term id + 1; 0 = empty
  std::vector<uint64_t> hashes_;  // per term id
  std::vector<Term> terms_;
  // Per-document scratch, indexed by term id: frequency, and where the next position goes.
  std::vector<uint32_t> tf_, cursor_;
  std::vector<uint32_t> doc_ids_, touched_, field_starts_;
  std::vector<uint64_t> prefixes_;  // after Seal(), per sorted term
  Input input_ = Input::kNone;
  // AddDocument with ids: per field, per vocabulary id, the term id + 1 (0: not seen yet;
  // UINT32_MAX: an empty term, not indexed).
  std::vector<std::vector<uint32_t>> by_vocabulary_id_;
  std::vector<std::vector<uint32_t>> lengths_;  // per field, per document
};

inline constexpr uint32_t kDroppedDoc = 0xFFFFFFFFu;

// A sealed builder's documents as they go into a file: ordinal_of[d] is the file's document
// number of builder document d, or kDroppedDoc.
struct PostingsPart {
  std::shared_ptr<const InvertedIndexBuilder> builder;
  std::vector<uint32_t> ordinal_of;
};

struct PostingsFileInfo {
  uint64_t size = 0;
  uint64_t checksum = 0;  // the footer's meta checksum
  uint32_t doc_count = 0;
  uint64_t term_count = 0;
};

// Writes the parts (in order; the ordinals they map to must be 0..n-1, increasing with part and
// document) as one postings file. From about `parallel_min_bytes` of postings on (and with two
// cores or more), the two halves of the key space are encoded on two threads; the file is the
// same either way.
Result<PostingsFileInfo> WritePostingsFile(Env* env, const std::string& path, uint32_t segment,
                                           std::span<const PostingsPart> parts,
                                           size_t parallel_min_bytes = size_t{4} << 20);

// The encoder every postings file goes through (WritePostingsFile, and MergePostingsFiles in
// index/postings_merger.h): given the documents' field lengths, it takes the terms in
// increasing key order, each with its records, lays out lists, field lengths, dictionary and
// footer (docs/formats/postings.md), and writes the file as "<path>.tmp", fsynced, renamed to
// <path>, the directory fsynced.
class PostingsFileEncoder {
 public:
  // lengths[f][d]: the indexed terms of field f in document d (every field the same size).
  PostingsFileEncoder(uint32_t segment, std::vector<std::vector<uint32_t>> lengths,
                      size_t size_estimate = 0);
  // `records`: per document, increasing: doc, tf, then tf increasing positions; df >= 1.
  // Keys must increase from call to call (Internal from Finish otherwise).
  void AddTerm(std::string_view key, uint32_t df, std::span<const uint32_t> records);
  // Adds `next`'s terms (an encoder of the same documents whose keys all follow this one's)
  // after this one's, as if they had been added here.
  void Append(PostingsFileEncoder&& next);
  Result<PostingsFileInfo> Finish(Env* env, const std::string& path);

 private:
  struct Entry {
    std::string key;
    uint32_t df;
    uint64_t offset, size;
  };
  uint32_t segment_;
  std::vector<std::vector<uint32_t>> lengths_;
  std::string file_;
  std::vector<Entry> entries_;
  bool out_of_order_ = false;
};

// One builder, written as one file: the simple case, for tests and tools.
class PostingsWriter {
 public:
  explicit PostingsWriter(uint32_t field_count = kIndexFields);
  Status AddDocument(std::span<const FieldTerms> fields) { return builder_->AddDocument(fields); }
  uint32_t doc_count() const { return builder_->doc_count(); }
  Status Finish(Env* env, const std::string& path, uint32_t segment);
  uint64_t file_size() const { return info_.size; }
  uint64_t checksum() const { return info_.checksum; }

 private:
  std::shared_ptr<InvertedIndexBuilder> builder_;
  PostingsFileInfo info_;
};

}  // namespace storyline

#endif  // STORYLINE_INDEX_POSTINGS_WRITER_H_
