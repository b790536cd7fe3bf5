#include "index/postings_reader.h"

#include <algorithm>

#include "common/hash.h"
#include "index/posting_codec.h"
#include "index/segment_format.h"

namespace storyline {

using postings_format::kBlockDocs;
using postings_format::kBlockEntrySize;
using segment_format::GetU32;
using segment_format::GetU64;

// ---------------------------------------------------------------- PostingIterator

PostingIterator::PostingIterator(std::string_view list, uint32_t df, uint32_t doc_count)
    : list_(list), df_(df), doc_count_(doc_count), blocks_((df + kBlockDocs - 1) / kBlockDocs) {
  if (df == 0) return;
  if (list_.size() < size_t{blocks_} * kBlockEntrySize) {
    Fail("its block table is cut short");
    return;
  }
  // Only the first document (many iterators are advanced past block 0 at once); anything
  // doubtful is decoded, and checked, in full.
  const size_t start = size_t{blocks_} * kBlockEntrySize + BlockEntry(0, 1);
  uint32_t first;
  if (start < list_.size() &&
      DecodeFirst(list_.substr(start), blocks_ > 1 ? kBlockDocs : df_, &first) &&
      first <= BlockEntry(0, 0) && BlockEntry(0, 0) < doc_count_) {
    block_ = 0;
    index_ = 0;
    in_block_ = blocks_ > 1 ? kBlockDocs : df_;
    doc_ = first;
    block_pending_ = true;
    return;
  }
  LoadBlock(0);
}

uint32_t PostingIterator::BlockEntry(uint32_t block, int field) const {
  return GetU32(list_.data() + size_t{block} * kBlockEntrySize + 4 * field);
}

uint32_t PostingIterator::FindBlock(uint32_t from, uint32_t target) const {
  // Gallop: [lo, hi) brackets the answer once BlockEntry(hi - 1) >= target or hi == blocks_.
  uint32_t lo = from, step = 1;
  while (lo < blocks_ && BlockEntry(lo, 0) < target) {
    const uint32_t next = std::min(blocks_, lo + step);
    if (next == blocks_ || BlockEntry(next, 0) >= target) {
      uint32_t hi = next;  // BlockEntry(lo) < target; answer in (lo, hi]
      ++lo;
      while (lo < hi) {
        const uint32_t mid = lo + (hi - lo) / 2;
        if (BlockEntry(mid, 0) < target) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }
    lo = next + 1;
    step *= 2;
  }
  return lo;
}

void PostingIterator::Fail(const std::string& what) {
  if (status_.ok()) status_ = Corruption("postings list damaged: " + what);
  doc_ = kEnd;
}

PostingIterator::Block& PostingIterator::Buf() {
  if (!buf_) buf_ = std::make_unique_for_overwrite<Block>();
  return *buf_;
}

void PostingIterator::LoadBlock(uint32_t block) {
  Buf();
  block_ = block;
  const size_t table = size_t{blocks_} * kBlockEntrySize;
  const size_t start = table + BlockEntry(block, 1);
  if (start > list_.size()) return Fail("a block starts past the end");
  in_block_ = block + 1 < blocks_ ? kBlockDocs : df_ - block * kBlockDocs;
  const uint32_t previous = block == 0 ? 0 : BlockEntry(block - 1, 0);
  std::string_view rest = list_.substr(start);
  auto docs = DecodeIncreasing(rest, previous, std::span<uint32_t>(buf_->docs.data(), in_block_),
                               /*padded=*/true);
  if (!docs.ok()) return Fail(docs.status().message());
  for (uint32_t i = 0; i < in_block_; ++i) {
    if ((i > 0 || block > 0) && buf_->docs[i] <= (i > 0 ? buf_->docs[i - 1] : previous)) {
      return Fail("documents out of order");
    }
  }
  if (buf_->docs[in_block_ - 1] != BlockEntry(block, 0) ||
      buf_->docs[in_block_ - 1] >= doc_count_) {
    return Fail("a block's last document disagrees with its table");
  }
  tfs_at_ = start + *docs;
  block_pending_ = false;
  tfs_loaded_ = false;
  positions_loaded_ = false;
  position_total_ready_ = false;
  index_ = 0;
  doc_ = buf_->docs[0];
}

void PostingIterator::LoadTfs() {
  if (block_pending_) LoadBlock(0);
  if (doc_ == kEnd) {  // nothing to read: frequencies of 1
    std::fill(Buf().tfs.begin(), Buf().tfs.end(), 0);
    tfs_loaded_ = true;
    return;
  }
  auto tfs = DecodeU32s(list_.substr(std::min(tfs_at_, list_.size())),
                        std::span<uint32_t>(buf_->tfs.data(), in_block_), true);
  if (!tfs.ok()) {
    // Frequencies of 1 keep callers' arithmetic sane; the status reports the damage.
    std::fill(buf_->tfs.begin(), buf_->tfs.end(), 0);
    tfs_loaded_ = true;
    return Fail(tfs.status().message());
  }
  positions_at_ = tfs_at_ + *tfs;
  tfs_loaded_ = true;
}

void PostingIterator::Next() {
  if (doc_ == kEnd) return;
  if (block_pending_) LoadBlock(0);
  if (doc_ == kEnd) return;
  if (++index_ < in_block_) {
    doc_ = buf_->docs[index_];
  } else if (block_ + 1 < blocks_) {
    LoadBlock(block_ + 1);
  } else {
    doc_ = kEnd;
  }
}

void PostingIterator::AdvanceTo(uint32_t target) {
  if (doc_ == kEnd) return;
  if (BlockEntry(block_, 0) < target) {
    uint32_t b = block_ + 1;
    if (shallow_ > b && BlockEntry(shallow_ - 1, 0) < target) b = shallow_;
    b = FindBlock(b, target);
    if (b == blocks_) {
      doc_ = kEnd;
      return;
    }
    LoadBlock(b);
    if (doc_ == kEnd || doc_ >= target) return;
  }
  if (block_pending_) {
    LoadBlock(0);
    if (doc_ == kEnd) return;
  }
  // Targets are often near: a few steps, then binary search.
  uint32_t i = index_ + 1;
  for (const uint32_t stop = std::min(in_block_, index_ + 8); i < stop && buf_->docs[i] < target;)
    ++i;
  if (i < in_block_ && buf_->docs[i] < target) {
    i = static_cast<uint32_t>(
        std::lower_bound(buf_->docs.data() + i, buf_->docs.data() + in_block_, target) -
        buf_->docs.data());
  }
  index_ = i;
  doc_ = buf_->docs[index_];  // in range: the block's last document is >= target
}

bool PostingIterator::BoundsFor(uint32_t target, uint32_t* last_doc, uint32_t* max_tf,
                                uint32_t* min_length) const {
  if (doc_ == kEnd) return false;
  uint32_t b = block_;
  if (shallow_ > b && BlockEntry(shallow_ - 1, 0) < target) b = shallow_;
  b = FindBlock(b, target);
  if (b == blocks_) return false;
  shallow_ = b;
  *last_doc = BlockEntry(b, 0);
  *max_tf = BlockEntry(b, 2);
  *min_length = BlockEntry(b, 3);
  return true;
}

std::span<const uint32_t> PostingIterator::Positions() {
  if (doc_ == kEnd) return {};
  if (!tfs_loaded_) {
    LoadTfs();
    if (doc_ == kEnd) return {};
  }
  const uint32_t* tfs = buf_->tfs.data();
  if (!position_total_ready_) {
    uint64_t total = in_block_;
    for (uint32_t i = 0; i < in_block_; ++i) total += tfs[i];
    // Every position takes at least one byte: frequencies beyond what is left are damage (and
    // must not size an allocation).
    if (positions_at_ > list_.size() || total > list_.size() - positions_at_) {
      Fail("term frequencies larger than the positions stored");
      return {};
    }
    position_total_ = static_cast<uint32_t>(total);
    position_total_ready_ = true;
    position_calls_ = 0;
    cursor_doc_ = cursor_value_ = cursor_byte_ = 0;
  }
  const uint32_t count = tfs[index_] + 1;
  current_positions_.resize(count);
  // The first documents asked for in a block are decoded alone, skipping the positions before
  // them through the control bytes (a phrase's candidates are often one or two per block);
  // from the third on, the whole block at once (a merge reads every document).
  if (!positions_loaded_ && ++position_calls_ > 2) {
    positions_.resize(position_total_);
    auto n = DecodeU32s(list_.substr(positions_at_), positions_, true);
    if (!n.ok()) {
      Fail(n.status().message());
      return {};
    }
    position_start_.resize(in_block_);
    uint32_t start = 0;
    for (uint32_t i = 0; i < in_block_; ++i) {
      position_start_[i] = start;
      start += tfs[i] + 1;
    }
    positions_loaded_ = true;
  }
  uint32_t p = 0;
  if (positions_loaded_) {
    const uint32_t* gaps = positions_.data() + position_start_[index_];
    for (uint32_t k = 0; k < count; ++k) current_positions_[k] = p += gaps[k];
    return current_positions_;
  }
  const auto* control = reinterpret_cast<const uint8_t*>(list_.data()) + positions_at_;
  const size_t data = positions_at_ + (size_t{position_total_} + 3) / 4;
  if (index_ < cursor_doc_) {  // an earlier document again: count from the block's start
    cursor_doc_ = cursor_value_ = cursor_byte_ = 0;
  }
  size_t from = cursor_value_;
  for (; cursor_doc_ < index_; ++cursor_doc_) from += size_t{tfs[cursor_doc_]} + 1;
  cursor_byte_ += DataBytes(control, cursor_value_, from);
  cursor_value_ = from;
  const size_t bytes = DataBytes(control, from, from + count);
  if (data > list_.size() || cursor_byte_ > list_.size() - data ||
      bytes > list_.size() - data - cursor_byte_) {
    Fail("a block's positions run past the end of its list");
    return {};
  }
  DecodeSlice(control, reinterpret_cast<const uint8_t*>(list_.data()) + data + cursor_byte_, from,
              count, current_positions_.data());
  for (uint32_t& g : current_positions_) g = p += g;
  return current_positions_;
}

// ---------------------------------------------------------------- PostingsReader

Status PostingsReader::Corrupt(const std::string& what) const {
  return Corruption("postings file " + path_ + ": " + what + "; run `storyline check`");
}

Result<std::unique_ptr<PostingsReader>> PostingsReader::Open(Env* env, const std::string& path) {
  std::unique_ptr<PostingsReader> r(new PostingsReader());
  r->path_ = path;
  ASSIGN_OR_RETURN(r->file_, env->NewMappedFile(path));
  const std::string_view data = r->file_->data();
  using namespace postings_format;
  if (data.size() < kHeaderSize + kFooterSize) return r->Corrupt("shorter than its header");
  if (data.substr(0, 8) != std::string_view(kHeaderMagic, 8)) {
    return r->Corrupt("not a storyline postings file (bad magic at offset 0)");
  }
  const uint32_t version = GetU32(data.data() + 8);
  if (version != kFormatVersion) {
    return r->Corrupt("format version " + std::to_string(version) + "; this storyline reads " +
                      std::to_string(kFormatVersion));
  }
  const char* f = data.data() + data.size() - kFooterSize;
  if (std::string_view(f + kFooterSize - 8, 8) != std::string_view(kFooterMagic, 8)) {
    return r->Corrupt("bad footer magic (the file is truncated)");
  }
  r->segment_ = GetU32(data.data() + 12);
  r->doc_count_ = GetU32(data.data() + 16);
  r->field_count_ = GetU32(data.data() + 20);
  r->term_count_ = GetU64(data.data() + 24);
  const uint64_t postings_off = GetU64(f), postings_len = GetU64(f + 8);
  const uint64_t norms_off = GetU64(f + 16), dict_off = GetU64(f + 24), dict_len = GetU64(f + 32);
  const uint64_t index_off = GetU64(f + 40), index_len = GetU64(f + 48);
  for (uint32_t i = 0; i < kMaxFields; ++i) r->totals_[i] = GetU64(f + 72 + 8 * i);
  r->postings_sum_ = GetU64(f + 72 + 8 * kMaxFields);
  r->checksum_ = GetU64(f + 80 + 8 * kMaxFields);
  const uint64_t footer_off = data.size() - kFooterSize;
  if (r->field_count_ == 0 || r->field_count_ > kMaxFields || postings_off != kHeaderSize ||
      postings_len < kDecodePadding || postings_off + postings_len != norms_off ||
      norms_off + 4ull * r->field_count_ * r->doc_count_ != dict_off ||
      dict_off + dict_len != index_off || index_off + index_len != footer_off ||
      GetU64(f + 56) != r->doc_count_ || GetU64(f + 64) != r->term_count_) {
    return r->Corrupt("section offsets or counts do not add up");
  }
  std::string meta(data.substr(0, kHeaderSize));
  meta.append(data.substr(norms_off, data.size() - 16 - norms_off));
  if (Checksum64(meta) != r->checksum_) return r->Corrupt("checksum mismatch");
  r->postings_ = data.substr(postings_off, postings_len);
  r->norms_ = data.substr(norms_off, dict_off - norms_off);
  r->dict_ = data.substr(dict_off, dict_len);
  const std::string_view index = data.substr(index_off, index_len);
  if (index.size() < 4) return r->Corrupt("dictionary index cut short");
  const uint32_t blocks = GetU32(index.data());
  size_t p = 4;
  for (uint32_t b = 0; b < blocks; ++b) {
    uint64_t len = 0;
    if (p + 4 > index.size()) return r->Corrupt("dictionary index cut short");
    const uint32_t off = GetU32(index.data() + p);
    p += 4;
    if (!GetVarint(index, &p, &len) || len > index.size() - p || off >= dict_len ||
        (!r->block_offset_.empty() && off <= r->block_offset_.back())) {
      return r->Corrupt("dictionary index damaged");
    }
    r->block_offset_.push_back(off);
    r->block_first_.emplace_back(index.substr(p, len));
    p += len;
  }
  if (p != index.size() ||
      uint64_t{blocks} != (r->term_count_ + kTermsPerDictBlock - 1) / kTermsPerDictBlock) {
    return r->Corrupt("dictionary index does not match the term count");
  }
  return r;
}

Status PostingsReader::ReadDictBlock(size_t b,
                                     std::vector<std::pair<std::string, TermInfo>>* out) const {
  using namespace postings_format;
  out->clear();
  const size_t end = b + 1 < block_offset_.size() ? block_offset_[b + 1] : dict_.size();
  const std::string_view block = dict_.substr(block_offset_[b], end - block_offset_[b]);
  const uint64_t in_block =
      std::min<uint64_t>(kTermsPerDictBlock, term_count_ - uint64_t{kTermsPerDictBlock} * b);
  size_t p = 0;
  std::string key;
  for (uint64_t i = 0; i < in_block; ++i) {
    uint64_t shared, suffix, df, offset, size;
    if (!GetVarint(block, &p, &shared) || !GetVarint(block, &p, &suffix) ||
        shared > key.size() || suffix > block.size() - p) {
      return Corrupt("dictionary block " + std::to_string(b) + " damaged");
    }
    key.resize(shared);
    key.append(block.substr(p, suffix));
    p += suffix;
    if (!GetVarint(block, &p, &df) || !GetVarint(block, &p, &offset) ||
        !GetVarint(block, &p, &size) || df == 0 || df > doc_count_ ||
        offset + size > postings_.size() - kDecodePadding || offset + size < offset) {
      return Corrupt("dictionary entry of block " + std::to_string(b) + " damaged");
    }
    if (i == 0 && key != block_first_[b]) return Corrupt("dictionary index disagrees");
    out->emplace_back(key, TermInfo{static_cast<uint32_t>(df), offset, size});
  }
  return Status::Ok();
}

Result<std::optional<TermInfo>> PostingsReader::Lookup(std::string_view key) const {
  using namespace postings_format;
  auto it = std::upper_bound(block_first_.begin(), block_first_.end(), key,
                             [](std::string_view k, const std::string& first) { return k < first; });
  if (it == block_first_.begin()) return std::optional<TermInfo>();
  // Walks the block's front-coded entries in place (no key copies), comparing as it goes and
  // stopping at the first key past `key`; the checks are those of ReadDictBlock for the entries
  // read.
  const size_t b = static_cast<size_t>(it - block_first_.begin()) - 1;
  const size_t end = b + 1 < block_offset_.size() ? block_offset_[b + 1] : dict_.size();
  const std::string_view block = dict_.substr(block_offset_[b], end - block_offset_[b]);
  const uint64_t in_block =
      std::min<uint64_t>(kTermsPerDictBlock, term_count_ - uint64_t{kTermsPerDictBlock} * b);
  // How many leading bytes the current entry's key shares with `key`, and whether the current
  // key is, so far, equal to the start of `key`.
  size_t p = 0, common = 0, length = 0;
  for (uint64_t i = 0; i < in_block; ++i) {
    uint64_t shared, suffix, df, offset, size;
    if (!GetVarint(block, &p, &shared) || !GetVarint(block, &p, &suffix) || shared > length ||
        suffix > block.size() - p || (i == 0 && shared != 0)) {
      return Corrupt("dictionary block " + std::to_string(b) + " damaged");
    }
    const std::string_view tail = block.substr(p, suffix);
    p += suffix;
    if (!GetVarint(block, &p, &df) || !GetVarint(block, &p, &offset) ||
        !GetVarint(block, &p, &size) || df == 0 || df > doc_count_ ||
        offset + size > postings_.size() - kDecodePadding || offset + size < offset) {
      return Corrupt("dictionary entry of block " + std::to_string(b) + " damaged");
    }
    if (i == 0 && tail != block_first_[b]) return Corrupt("dictionary index disagrees");
    length = shared + suffix;
    // The entry's key is (its first `shared` bytes of the previous key) + tail. Keys increase,
    // so while the previous key matched `key` on `common` bytes, this one matches on
    // min(shared, common) before its tail.
    if (shared > common) continue;  // differs from `key` where the previous key did (smaller)
    size_t m = 0;
    while (m < tail.size() && shared + m < key.size() && tail[m] == key[shared + m]) ++m;
    common = shared + m;
    if (common == key.size() && length == key.size()) {
      return std::optional<TermInfo>(TermInfo{static_cast<uint32_t>(df), offset, size});
    }
    // Past `key`: a byte larger than key's, or key is a proper prefix of the entry.
    if (common == key.size() || (m < tail.size() && static_cast<unsigned char>(tail[m]) >
                                                        static_cast<unsigned char>(key[common]))) {
      return std::optional<TermInfo>();
    }
  }
  return std::optional<TermInfo>();
}

Status PostingsReader::ForEachTermWithPrefix(
    std::string_view prefix,
    const std::function<bool(std::string_view, const TermInfo&)>& fn) const {
  auto it = std::upper_bound(block_first_.begin(), block_first_.end(), prefix,
                             [](std::string_view k, const std::string& first) { return k < first; });
  size_t b = it == block_first_.begin() ? 0 : static_cast<size_t>(it - block_first_.begin()) - 1;
  std::vector<std::pair<std::string, TermInfo>> entries;
  for (; b < block_first_.size(); ++b) {
    RETURN_IF_ERROR(ReadDictBlock(b, &entries));
    for (const auto& [k, info] : entries) {
      if (k < prefix) continue;
      if (k.compare(0, prefix.size(), prefix) != 0) return Status::Ok();
      if (!fn(k, info)) return Status::Ok();
    }
  }
  return Status::Ok();
}

PostingIterator PostingsReader::Postings(const TermInfo& term) const {
  return PostingIterator(postings_.substr(term.offset, term.size), term.df, doc_count_);
}

PostingsReader::TermCursor::TermCursor(const PostingsReader* reader) : reader_(reader) { Load(); }

void PostingsReader::TermCursor::Load() {
  i_ = 0;
  entries_.clear();
  while (entries_.empty() && block_ < reader_->block_first_.size()) {
    status_ = reader_->ReadDictBlock(block_++, &entries_);
    if (!status_.ok()) {
      entries_.clear();
      block_ = reader_->block_first_.size();
    }
  }
}

void PostingsReader::TermCursor::Next() {
  if (++i_ >= entries_.size()) Load();
}

Status PostingsReader::VerifyChecksum() const {
  if (Checksum64(postings_) != postings_sum_) return Corrupt("postings checksum mismatch");
  return Status::Ok();
}

Status PostingsReader::VerifyAll() const {
  RETURN_IF_ERROR(VerifyChecksum());
  std::vector<std::pair<std::string, TermInfo>> entries;
  uint64_t terms = 0;
  for (size_t b = 0; b < block_first_.size(); ++b) {
    RETURN_IF_ERROR(ReadDictBlock(b, &entries));
    for (const auto& [key, info] : entries) {
      ++terms;
      PostingIterator it = Postings(info);
      uint32_t n = 0;
      for (; it.doc() != PostingIterator::kEnd; it.Next()) {
        ++n;
        if (it.Positions().size() != it.tf() && it.status().ok()) {
          return Corrupt("positions of a term do not match its frequency");
        }
      }
      if (!it.status().ok()) return Corrupt(it.status().message());
      if (n != info.df) return Corrupt("a postings list holds fewer documents than its df");
    }
  }
  if (terms != term_count_) return Corrupt("the dictionary holds fewer terms than counted");
  return Status::Ok();
}

}  // namespace storyline
