// PostingsReader: reads one postings file (docs/formats/postings.md) through a memory map.
// Open() checks the header, the footer and the checksum of everything but the postings lists
// (dictionary, field lengths, footer); VerifyAll() also checks the postings' checksum (for
// `storyline check`). Decoding is bounds-checked, so a damaged list is Corruption, never a read
// outside the file.
//
// PostingIterator walks one term's documents in increasing order, with Advance() skipping whole
// blocks through the block table, and exposes each block's bounds (largest term frequency,
// shortest field) for dynamic pruning. It decodes lazily: a new iterator reads only its first
// document (block 0 is decoded when it is walked), a block's frequencies are decoded on the
// first tf(), and positions on Positions(): those of the first two documents asked for in a
// block alone (found through the control bytes), the whole block's from the third on. So blocks
// skipped or only probed for documents cost no more than their document stream, and a phrase
// candidate's positions cost about its own.
//
// Thread-safety: a PostingsReader is immutable after Open and may be shared; each thread uses
// its own iterators. Views returned (terms, iterators) live as long as the reader.
#ifndef STORYLINE_INDEX_POSTINGS_READER_H_
#define STORYLINE_INDEX_POSTINGS_READER_H_

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "index/postings_format.h"
#include "index/segment_format.h"
#include "storyline/env.h"
#include "storyline/status.h"

namespace storyline {

struct TermInfo {
  uint32_t df = 0;      // documents containing the term
  uint64_t offset = 0;  // of its list in the postings section
  uint64_t size = 0;
};

class PostingIterator {
 public:
  static constexpr uint32_t kEnd = 0xFFFFFFFFu;

  PostingIterator() = default;
  // Positions at the first document.
  PostingIterator(std::string_view list, uint32_t df, uint32_t doc_count);

  uint32_t doc() const { return doc_; }
  uint32_t tf() {
    if (!tfs_loaded_) LoadTfs();
    return buf_->tfs[index_] + 1;
  }
  uint32_t df() const { return df_; }
  // Moves to the next document (kEnd after the last).
  void Next();
  // Moves to the first document >= target (no move when already there: inline, as conjunctions
  // and phrases ask that of iterators already on the document most of the time).
  void Advance(uint32_t target) {
    if (doc_ < target) AdvanceTo(target);
  }
  // The positions of the current document, increasing.
  std::span<const uint32_t> Positions();

  // Bounds of the block holding the current document (or of the block Advance(target) would
  // land in, for ShallowAdvance): its last document, largest frequency, shortest field length.
  uint32_t block_last_doc() const { return BlockEntry(block_, 0); }
  uint32_t block_max_tf() const { return BlockEntry(block_, 2); }
  uint32_t block_min_length() const { return BlockEntry(block_, 3); }
  // The bounds for the block that would hold `target`, without decoding it; false past the end.
  bool BoundsFor(uint32_t target, uint32_t* last_doc, uint32_t* max_tf,
                 uint32_t* min_length) const;

  // OK unless the list was found damaged (then doc() is kEnd).
  const Status& status() const { return status_; }

 private:
  uint32_t BlockEntry(uint32_t block, int field) const;
  void AdvanceTo(uint32_t target);  // Advance's work, for doc_ < target
  // The first block from `from` on whose last document is >= target (blocks_ if none), by
  // galloping then binary search over the block table.
  uint32_t FindBlock(uint32_t from, uint32_t target) const;
  void LoadBlock(uint32_t block);
  void LoadTfs();
  void Fail(const std::string& what);

  std::string_view list_;
  uint32_t df_ = 0, doc_count_ = 0, blocks_ = 0;
  uint32_t block_ = 0, index_ = 0, in_block_ = 0;
  // The block BoundsFor found last: later targets are searched from there (targets grow).
  mutable uint32_t shallow_ = 0;
  uint32_t doc_ = kEnd;
  size_t tfs_at_ = 0;           // offset of the block's frequency stream in list_
  size_t positions_at_ = 0;     // offset of the block's position stream in list_ (tfs loaded)
  bool block_pending_ = false;  // at the first document of block 0, not yet decoded
  bool tfs_loaded_ = false;
  bool positions_loaded_ = false;       // positions_ and position_start_ hold the block's
  bool position_total_ready_ = false;   // position_total_ is the block's
  uint32_t position_total_ = 0;         // positions in the block (its frequencies' sum)
  uint32_t position_calls_ = 0;         // Positions() calls in this block
  // Decoding one document's positions alone: an earlier document of the block, the index of
  // its first position among the block's and that position's first data byte (counted from the
  // start of the positions' data bytes).
  uint32_t cursor_doc_ = 0;
  size_t cursor_value_ = 0, cursor_byte_ = 0;
  // The current block's documents and frequencies, allocated on the first decode (so that
  // iterators are cheap to make and move, and those never decoded cost no allocation).
  struct Block {
    std::array<uint32_t, postings_format::kBlockDocs> docs, tfs;
  };
  Block& Buf();
  std::unique_ptr<Block> buf_;
  std::vector<uint32_t> positions_;      // the block's position gaps, decoded on demand
  std::vector<uint32_t> position_start_;  // per document of the block (positions_loaded_)
  std::vector<uint32_t> current_positions_;
  Status status_;
};

class PostingsReader {
 public:
  static Result<std::unique_ptr<PostingsReader>> Open(Env* env, const std::string& path);

  uint32_t segment() const { return segment_; }
  uint32_t doc_count() const { return doc_count_; }
  uint32_t field_count() const { return field_count_; }
  uint64_t term_count() const { return term_count_; }
  uint64_t file_size() const { return file_->data().size(); }
  uint64_t checksum() const { return checksum_; }
  // Indexed terms of `field` in all documents, and in one document.
  uint64_t FieldTotal(uint32_t field) const { return field < field_count_ ? totals_[field] : 0; }
  // Inline: scoring reads one or two per candidate document.
  uint32_t FieldLength(uint32_t field, uint32_t doc) const {
    if (field >= field_count_ || doc >= doc_count_) return 0;
    return segment_format::GetU32(norms_.data() + 4 * (size_t{field} * doc_count_ + doc));
  }

  // The term with this key (field byte + term), if any.
  Result<std::optional<TermInfo>> Lookup(std::string_view key) const;
  // Calls fn for every term whose key starts with `prefix`, in key order, until fn returns
  // false.
  Status ForEachTermWithPrefix(
      std::string_view prefix,
      const std::function<bool(std::string_view key, const TermInfo&)>& fn) const;
  PostingIterator Postings(const TermInfo& term) const;

  // Walks every term in key order, a dictionary block at a time (for merges). Lives no longer
  // than its reader.
  class TermCursor {
   public:
    // At the first term; check status().
    explicit TermCursor(const PostingsReader* reader);
    bool valid() const { return i_ < entries_.size(); }
    const std::string& key() const { return entries_[i_].first; }
    const TermInfo& info() const { return entries_[i_].second; }
    void Next();
    // Corruption when a dictionary block is damaged (the cursor is then past the end).
    const Status& status() const { return status_; }

   private:
    void Load();
    const PostingsReader* reader_;
    size_t block_ = 0, i_ = 0;
    std::vector<std::pair<std::string, TermInfo>> entries_;
    Status status_;
  };

  // Checks the postings' checksum and decodes every list.
  Status VerifyAll() const;
  // Only the postings' checksum (what VerifyAll checks first; a merge decodes every list anyway).
  Status VerifyChecksum() const;

 private:
  PostingsReader() = default;
  // Decodes dictionary block `b` into (key, info) pairs.
  Status ReadDictBlock(size_t b, std::vector<std::pair<std::string, TermInfo>>* out) const;
  Status Corrupt(const std::string& what) const;

  std::string path_;
  std::unique_ptr<MappedFile> file_;
  uint32_t segment_ = 0, doc_count_ = 0, field_count_ = 0;
  uint64_t term_count_ = 0, checksum_ = 0, postings_sum_ = 0;
  std::string_view postings_, norms_, dict_;
  std::array<uint64_t, postings_format::kMaxFields> totals_{};
  std::vector<std::string> block_first_;  // first key of each dictionary block
  std::vector<uint32_t> block_offset_;     // offset of each dictionary block in dict_
};

}  // namespace storyline

#endif  // STORYLINE_INDEX_POSTINGS_READER_H_
