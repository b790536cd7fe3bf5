#include "search/searcher.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <span>

#include "analysis/tokenizer.h"
#include "index/postings_writer.h"

namespace storyline {
namespace {

constexpr uint32_t kEnd = PostingIterator::kEnd;
constexpr size_t kMaxPrefixTerms = 1024;
// A phrase whose other words are each in at least this share of the documents leaves them to
// Align while pruning (PhraseSource): most candidates are then dropped by their bounds before
// the dense words' blocks are decoded. With rarer other words, finding the documents holding
// every word first (leapfrogging through the lists) skips more. Tuned on the 1 GB synthetic
// corpus (docs/RESULTS.md): at 0.08 and 0.15 phrases of two mid-frequency words were slower, at
// 0.25 and 0.4 none.
constexpr double kDenseWordShare = 0.25;

// A query node after analysis: leaves hold index terms; a leaf whose words analyse to nothing
// (punctuation, say) is `empty` and ignored.
struct Analyzed {
  QueryNode::Kind kind = QueryNode::Kind::kBool;
  std::vector<uint8_t> fields;  // index fields searched
  std::vector<std::string> terms;
  // A phrase's terms' positions after its first's: 0, 1, 2 ... unless stop words left out of
  // the index (IndexTermExtractor::set_drop_stop_words) leave gaps ("bank of england": 0, 2).
  std::vector<uint32_t> offsets;
  bool empty = false;
  std::vector<Analyzed> must, should, must_not;
};

std::string Key(uint8_t field, const std::string& term) {
  std::string k(1, static_cast<char>(field));
  k += term;
  return k;
}

struct Stats {
  double n = 0;
  double avgdl[kIndexFields] = {1, 1, 1};
  // Each word or phrase term's dictionary entry in each segment (by segment index), looked up
  // once for the statistics and used again to build the segment's scorers.
  std::map<std::string, std::vector<std::optional<TermInfo>>> infos;  // by key
  // Documents holding the key in any segment.
  uint64_t Df(const std::string& key) const {
    uint64_t d = 0;
    const auto it = infos.find(key);
    if (it == infos.end()) return 0;
    for (const auto& info : it->second) d += info ? info->df : 0;
    return d;
  }
  // The idf of a term searched in these fields, from its largest document frequency among
  // them (a lower bound of the documents holding it in any of them).
  double Idf(const std::vector<uint8_t>& fields, const std::string& term) const {
    double d = 0;
    for (const uint8_t f : fields) {
      d = std::max(d, static_cast<double>(Df(Key(f, term))));
    }
    // Frequencies count deleted documents until a merge; n does not: at most n.
    d = std::min(d, static_cast<double>(n));
    return std::log(1.0 + (n - d + 0.5) / (d + 0.5));
  }
};

constexpr double kUnbounded = std::numeric_limits<double>::infinity();

class DocScorer {
 public:
  virtual ~DocScorer() = default;
  uint32_t doc() const { return doc_; }
  virtual void Next() = 0;
  virtual void Advance(uint32_t target) = 0;  // first match >= target
  virtual double Score() = 0;                 // of the current document
  // No document scores more (for pruning); infinity when unknown.
  virtual double MaxScore() const { return kUnbounded; }
  // About how many documents it visits (to lead conjunctions with the rarest).
  virtual uint64_t Cost() const { return std::numeric_limits<uint64_t>::max(); }

  // For block-max pruning. `BlockBound`: no document in [target, *upto] scores more than
  // *bound (read from block tables, nothing decoded); false when no document >= target can
  // match. `DocBound`: no more than this on the current document (exact for words; for a
  // phrase found only as a candidate, from its words' frequencies, positions unread).
  // `Verify`: the current document really matches (a candidate phrase's positions).
  virtual bool BlockBound(uint32_t target, uint32_t* upto, double* bound) {
    (void)target;
    *upto = kEnd - 1;
    *bound = MaxScore();
    return doc_ != kEnd;
  }
  virtual double DocBound() { return MaxScore(); }
  // A looser DocBound that reads no field lengths (memory far away): from the block tables.
  virtual double QuickBound() { return MaxScore(); }
  // DocBound() is the score (no positions left to read).
  virtual bool DocBoundIsScore() const { return false; }
  // Completes the current document for a tighter DocBound: a phrase stopped on a document of
  // its rarest word finds its other words there. False: the document does not match after all.
  // *changed: DocBound may now be lower.
  virtual bool Align(bool* changed) {
    *changed = false;
    return true;
  }
  // From now on documents are dropped by their bounds (the top k is full): a phrase may stop
  // on its rarest word's documents and leave the others to Align.
  virtual void StartPruning() {}
  virtual bool Verify() { return true; }

 protected:
  uint32_t doc_ = kEnd;
};

// Where a leaf occurs in one field: documents in order, with the leaf's frequency there.
class FreqSource {
 public:
  virtual ~FreqSource() = default;
  uint32_t doc() const { return doc_; }
  virtual void Next() = 0;
  virtual void Advance(uint32_t target) = 0;
  virtual uint32_t Freq() = 0;  // of the current document
  virtual void Iterators(std::vector<PostingIterator*>* out) = 0;
  virtual uint64_t Cost() const = 0;
  // No more than Freq() (without reading positions); Verify: Freq() > 0.
  virtual uint32_t FreqBound() { return Freq(); }
  virtual bool FreqBoundIsFreq() const { return true; }
  // As DocScorer::Align and StartPruning, for the current document.
  virtual bool Align(bool* changed) {
    *changed = false;
    return true;
  }
  virtual void StartPruning() {}
  virtual bool Verify() { return true; }
  // The block bounds of the documents >= target up to *last: their largest frequency and
  // shortest field length; false when there are none.
  virtual bool Bounds(uint32_t target, uint32_t* last, uint32_t* max_tf, uint32_t* min_length) = 0;
  // No more than the field's length in the current document (from the block table).
  virtual uint32_t MinLength() const = 0;

 protected:
  uint32_t doc_ = kEnd;
};

class TermSource final : public FreqSource {
 public:
  explicit TermSource(PostingIterator it) : it_(std::move(it)) { doc_ = it_.doc(); }
  void Next() override {
    it_.Next();
    doc_ = it_.doc();
  }
  void Advance(uint32_t t) override {
    it_.Advance(t);
    doc_ = it_.doc();
  }
  uint32_t Freq() override { return it_.tf(); }
  void Iterators(std::vector<PostingIterator*>* out) override { out->push_back(&it_); }
  uint64_t Cost() const override { return it_.df(); }
  uint32_t MinLength() const override { return it_.block_min_length(); }
  bool Bounds(uint32_t target, uint32_t* last, uint32_t* max_tf, uint32_t* min_length) override {
    return it_.BoundsFor(target, last, max_tf, min_length);
  }

 private:
  PostingIterator it_;
};

// Documents holding the terms at consecutive positions; the frequency is the phrase's; led by
// the word with fewest documents. `lazy` (for a pruned search): it stops on every document
// holding all the words (a candidate) and reads positions only when asked (Freq, Verify), so
// that the positions of the candidates that can still enter the top k only are read; a
// candidate without the phrase has frequency 0. Once the search prunes (StartPruning), a
// phrase whose other words are dense (kDenseWordShare) stops on every document of its rarest
// word instead and finds the others there on Align, which the search asks for only when the
// rarest word's own frequency and the document's length still let it in: most blocks of a
// word such as "the" are then never decoded.
class PhraseSource final : public FreqSource {
 public:
  // `doc_count`: the documents of the segment (for the words' shares).
  // `offsets`: each word's position after the first word's (Analyzed::offsets).
  PhraseSource(std::vector<PostingIterator> its, std::vector<uint32_t> offsets, bool lazy,
               uint32_t doc_count)
      : its_(std::move(its)), offsets_(std::move(offsets)), lazy_(lazy) {
    for (size_t i = 1; i < its_.size(); ++i) {
      if (its_[i].df() < its_[rare_].df()) rare_ = i;
    }
    may_defer_ = lazy_;
    for (size_t i = 0; i < its_.size(); ++i) {
      may_defer_ = may_defer_ && (i == rare_ || its_[i].df() >= kDenseWordShare * doc_count);
    }
    Settle(its_[rare_].doc());
  }
  void StartPruning() override { defer_align_ = may_defer_; }
  void Next() override {
    if (doc_ == kEnd) return;
    its_[rare_].Next();
    Settle(its_[rare_].doc());
  }
  void Advance(uint32_t t) override {
    if (doc_ == kEnd || doc_ >= t) return;
    its_[rare_].Advance(t);
    Settle(its_[rare_].doc());
  }
  uint32_t Freq() override {
    if (freq_doc_ != doc_) {
      bool changed;
      freq_ = Align(&changed) ? Frequency() : 0;
      freq_doc_ = doc_;
    }
    return freq_;
  }
  bool Verify() override { return Freq() > 0; }
  bool FreqBoundIsFreq() const override { return !lazy_; }
  // The words' blocks holding the document (only the rarest's before Align).
  uint32_t MinLength() const override {
    if (aligned_doc_ != doc_) return its_[rare_].block_min_length();
    uint32_t length = 0;
    for (const auto& it : its_) length = std::max(length, it.block_min_length());
    return length;
  }
  // The phrase occurs no more often than its rarest word (the word with fewest documents, or,
  // once aligned, the least frequent in this one).
  uint32_t FreqBound() override {
    if (freq_doc_ == doc_) return freq_;
    if (absent_doc_ == doc_) return 0;
    if (aligned_doc_ != doc_) return its_[rare_].tf();
    uint32_t tf = its_[0].tf();
    for (auto& it : its_) tf = std::min(tf, it.tf());
    return tf;
  }
  bool Align(bool* changed) override {
    *changed = false;
    if (aligned_doc_ == doc_) return true;
    if (doc_ == kEnd) return false;
    if (absent_doc_ == doc_) return false;
    *changed = true;
    for (auto& it : its_) {
      it.Advance(doc_);
      if (it.doc() != doc_) {
        absent_doc_ = doc_;
        return false;
      }
    }
    aligned_doc_ = doc_;
    return true;
  }
  void Iterators(std::vector<PostingIterator*>* out) override {
    for (auto& it : its_) out->push_back(&it);
  }
  uint64_t Cost() const override { return its_[rare_].df(); }
  // Up to the first block end among the words, every document holding them all lies in each
  // word's current block: the phrase is no more frequent than the least frequent word's
  // maximum, and the field no shorter than the longest of the minimum lengths.
  bool Bounds(uint32_t target, uint32_t* last, uint32_t* max_tf, uint32_t* min_length) override {
    *last = kEnd;
    *max_tf = kEnd;
    *min_length = 0;
    for (const auto& it : its_) {
      uint32_t l, tf, len;
      if (!it.BoundsFor(target, &l, &tf, &len)) return false;
      *last = std::min(*last, l);
      *max_tf = std::min(*max_tf, tf);
      *min_length = std::max(*min_length, len);
    }
    return true;
  }

 private:
  // From candidate d on: the first document where every term is present and in order (lazy:
  // where every term is present; deferring alignment: the rarest word's document d itself).
  void Settle(uint32_t d) {
    if (defer_align_) {
      doc_ = d;
      return;
    }
    while (d != kEnd) {
      bool all = true;
      for (auto& it : its_) {
        it.Advance(d);
        if (it.doc() != d) {
          d = it.doc();
          all = false;
          break;
        }
      }
      if (all) {
        aligned_doc_ = d;
        if (lazy_) {
          doc_ = d;
          return;
        }
        freq_ = Frequency();
        freq_doc_ = d;
        if (freq_ > 0) {
          doc_ = d;
          return;
        }
        its_[rare_].Next();
        d = its_[rare_].doc();
      } else if (d != kEnd) {
        its_[rare_].Advance(d);
        d = its_[rare_].doc();
      }
    }
    doc_ = kEnd;
  }
  // Starts p of the first word with the i-th word at p + offsets_[i], by one merge pass over each
  // list (the iterators' position views stay valid together: each iterator owns its own). The
  // iterators are aligned on the document.
  uint32_t Frequency() {
    spans_.resize(its_.size());
    for (size_t i = 0; i < its_.size(); ++i) spans_[i] = its_[i].Positions();
    cursor_.assign(its_.size(), 0);
    uint32_t n = 0;
    for (const uint32_t start : spans_[0]) {
      bool ok = true;
      for (size_t i = 1; i < its_.size() && ok; ++i) {
        const auto& p = spans_[i];
        size_t& c = cursor_[i];
        const uint64_t want = uint64_t{start} + offsets_[i];
        while (c < p.size() && p[c] < want) ++c;
        ok = c < p.size() && p[c] == want;
      }
      n += ok;
    }
    return n;
  }

  std::vector<PostingIterator> its_;
  std::vector<uint32_t> offsets_;  // of each word after the first (0 for the first)
  bool lazy_;
  bool may_defer_ = false;       // lazy, and the other words are dense
  bool defer_align_ = false;     // may_defer_ and pruning: stop on the rarest word's documents
  size_t rare_ = 0;              // the word with fewest documents leads
  uint32_t aligned_doc_ = kEnd;  // every word's iterator is on this document
  uint32_t absent_doc_ = kEnd;   // a word is missing from this document
  uint32_t freq_ = 0, freq_doc_ = kEnd;           // the phrase's frequency in freq_doc_
  std::vector<std::span<const uint32_t>> spans_;  // positions of each word in the document
  std::vector<size_t> cursor_;
};

constexpr size_t kMaxBoundFields = 4;

// BM25 over the fields a leaf is searched in, as one weighted field (BM25F): the frequency is
// the weighted sum of the fields' frequencies, the length the weighted sum of their lengths,
// against the weighted sum of their average lengths. With one field it is plain BM25.
class FieldsScorer final : public DocScorer {
 public:
  struct Field {
    std::unique_ptr<FreqSource> source;  // null: the leaf is not in this field here
    uint8_t field;
    double weight;
  };
  FieldsScorer(std::vector<Field> fields, const PostingsReader* reader, double idf, double k1,
               double b, double avgdl)
      : fields_(std::move(fields)),
        reader_(reader),
        weight_(idf * (k1 + 1)),
        norm_(k1 * (1 - b)),
        per_length_(k1 * b / avgdl) {
    Update();
  }
  void Next() override {
    const uint32_t d = doc_;
    for (auto& f : fields_) {
      if (f.source && f.source->doc() == d) f.source->Next();
    }
    Update();
  }
  void Advance(uint32_t t) override {
    if (doc_ >= t) return;
    for (auto& f : fields_) {
      if (f.source) f.source->Advance(t);
    }
    Update();
  }
  double Score() override {
    double tf = 0;
    for (auto& f : fields_) {
      if (f.source && f.source->doc() == doc_) tf += f.weight * f.source->Freq();
    }
    return Bm25(tf, Length());
  }
  // The saturation tf / (tf + ...) stays below 1.
  double MaxScore() const override { return weight_; }
  uint64_t Cost() const override {
    uint64_t c = 0;
    for (const auto& f : fields_) c += f.source ? f.source->Cost() : 0;
    return c;
  }
  // The score grows with the frequency and falls with the length (b in [0, 1], checked by the
  // caller). A document holding the leaf in a set S of the fields (and not in the others, whose
  // lengths are at least 0) scores at most Bm25(sum over S of the blocks' largest weighted
  // frequencies, sum over S of their shortest weighted lengths); the bound is the largest over
  // the sets S of fields with a block in range. (One bound over all fields at once, the largest
  // frequencies over the shortest single field, is near the maximum whenever titles are short.)
  bool BlockBound(uint32_t target, uint32_t* upto, double* bound) override {
    double tf[kMaxBoundFields], dl[kMaxBoundFields];
    size_t m = 0;
    *upto = kEnd - 1;
    for (auto& f : fields_) {
      uint32_t last, max_tf, min_length;
      if (!f.source || !f.source->Bounds(target, &last, &max_tf, &min_length)) continue;
      if (m == kMaxBoundFields) {  // not met with two index fields; stays correct if ever
        *bound = MaxScore();
        return true;
      }
      *upto = std::min(*upto, last);
      tf[m] = f.weight * max_tf;
      dl[m] = f.weight * min_length;
      ++m;
    }
    *bound = 0;
    for (uint32_t set = 1; set < (1u << m); ++set) {
      double t = 0, l = 0;
      for (size_t i = 0; i < m; ++i) {
        if (set & (1u << i)) {
          t += tf[i];
          l += dl[i];
        }
      }
      *bound = std::max(*bound, Bm25(t, l));
    }
    return m > 0;
  }
  double DocBound() override {
    double tf = 0;
    if (bound_doc_ == doc_) {
      tf = bound_tf_;  // what QuickBound just added up on this document
    } else {
      for (auto& f : fields_) {
        if (f.source && f.source->doc() == doc_) tf += f.weight * f.source->FreqBound();
      }
    }
    return Bm25(tf, Length());
  }
  double QuickBound() override {
    double tf = 0, dl = 0;
    for (auto& f : fields_) {
      if (f.source && f.source->doc() == doc_) {
        tf += f.weight * f.source->FreqBound();
        dl += f.weight * f.source->MinLength();
      }
    }
    bound_doc_ = doc_;
    bound_tf_ = tf;
    return Bm25(tf, dl);
  }
  bool DocBoundIsScore() const override {
    for (const auto& f : fields_) {
      if (f.source && !f.source->FreqBoundIsFreq()) return false;
    }
    return true;
  }
  // Aligns each field's source on the document; false when none holds it after all.
  bool Align(bool* changed) override {
    *changed = false;
    bool any = false;
    for (auto& f : fields_) {
      if (!f.source || f.source->doc() != doc_) continue;
      bool c;
      any = f.source->Align(&c) || any;
      *changed = *changed || c;
    }
    if (*changed) bound_doc_ = kEnd;  // the frequency bound QuickBound added up may fall
    return any;
  }
  void StartPruning() override {
    for (auto& f : fields_) {
      if (f.source) f.source->StartPruning();
    }
  }
  bool Verify() override {
    for (auto& f : fields_) {
      if (f.source && f.source->doc() == doc_ && f.source->Verify()) return true;
    }
    return false;
  }
  void Iterators(std::vector<PostingIterator*>* out) {
    for (auto& f : fields_) {
      if (f.source) f.source->Iterators(out);
    }
  }

 private:
  void Update() {
    doc_ = kEnd;
    for (auto& f : fields_) {
      if (f.source) doc_ = std::min(doc_, f.source->doc());
    }
  }
  // The weighted length of the current document's fields (read once per document: DocBound
  // and Score both need it).
  double Length() {
    if (length_doc_ != doc_) {
      length_ = 0;
      for (const auto& f : fields_) length_ += f.weight * reader_->FieldLength(f.field, doc_);
      length_doc_ = doc_;
    }
    return length_;
  }
  // idf (k1 + 1) tf / (tf + k1 (1 - b + b dl / avgdl)), with one division: the constants are
  // folded at construction (every candidate of a conjunction computes two or three of these).
  double Bm25(double tf, double dl) const { return weight_ * tf / (tf + norm_ + per_length_ * dl); }
  std::vector<Field> fields_;
  const PostingsReader* reader_;
  double weight_, norm_, per_length_;  // idf (k1 + 1), k1 (1 - b), k1 b / avgdl
  // The frequency bound QuickBound added up, and on which document (DocBound's, read again
  // only on another document; a phrase's bound stays valid after its positions are read).
  uint32_t bound_doc_ = kEnd;
  double bound_tf_ = 0;
  uint32_t length_doc_ = kEnd;  // Length() of this document
  double length_ = 0;
};

// The documents of a prefix's expansions in one field, each scoring a constant.
class ConstantScorer final : public DocScorer {
 public:
  ConstantScorer(std::vector<std::unique_ptr<FreqSource>> sources, double score)
      : sources_(std::move(sources)), score_(score) {
    Update();
  }
  void Next() override {
    const uint32_t d = doc_;
    for (auto& s : sources_) {
      if (s->doc() == d) s->Next();
    }
    Update();
  }
  void Advance(uint32_t t) override {
    if (doc_ >= t) return;
    for (auto& s : sources_) s->Advance(t);
    Update();
  }
  double Score() override { return score_; }

 private:
  void Update() {
    doc_ = kEnd;
    for (auto& s : sources_) doc_ = std::min(doc_, s->doc());
  }
  std::vector<std::unique_ptr<FreqSource>> sources_;
  double score_;
};

// Any child; the score is the sum of the children on the document.
class OrScorer final : public DocScorer {
 public:
  explicit OrScorer(std::vector<std::unique_ptr<DocScorer>> children)
      : children_(std::move(children)) {
    Update();
  }
  void Next() override {
    const uint32_t d = doc_;
    for (auto& c : children_) {
      if (c->doc() == d) c->Next();
    }
    Update();
  }
  void Advance(uint32_t t) override {
    if (doc_ >= t) return;
    for (auto& c : children_) c->Advance(t);
    Update();
  }
  double Score() override {
    double s = 0;
    for (auto& c : children_) {
      if (c->doc() == doc_) s += c->Score();
    }
    return s;
  }

 private:
  void Update() {
    doc_ = kEnd;
    for (auto& c : children_) doc_ = std::min(doc_, c->doc());
  }
  std::vector<std::unique_ptr<DocScorer>> children_;
};

// Every child; the score is their sum.
class AndScorer final : public DocScorer {
 public:
  explicit AndScorer(std::vector<std::unique_ptr<DocScorer>> children)
      : children_(std::move(children)) {
    // Led by the rarest child (scores still add up in the query's order).
    for (auto& c : children_) by_cost_.push_back(c.get());
    std::stable_sort(by_cost_.begin(), by_cost_.end(),
                     [](const DocScorer* a, const DocScorer* b) { return a->Cost() < b->Cost(); });
    Settle(by_cost_[0]->doc());
  }
  void Next() override {
    if (doc_ == kEnd) return;
    by_cost_[0]->Next();
    Settle(by_cost_[0]->doc());
  }
  void Advance(uint32_t t) override {
    if (doc_ == kEnd || doc_ >= t) return;
    by_cost_[0]->Advance(t);
    Settle(by_cost_[0]->doc());
  }
  uint64_t Cost() const override { return by_cost_[0]->Cost(); }
  double Score() override {
    double s = 0;
    for (auto& c : children_) s += c->Score();
    return s;
  }

 private:
  void Settle(uint32_t d) {
    while (d != kEnd) {
      bool all = true;
      for (DocScorer* c : by_cost_) {
        c->Advance(d);
        if (c->doc() != d) {
          d = c->doc();
          all = false;
          break;
        }
      }
      if (all) {
        doc_ = d;
        return;
      }
      if (d != kEnd) {
        by_cost_[0]->Advance(d);
        d = by_cost_[0]->doc();
      }
    }
    doc_ = kEnd;
  }
  std::vector<std::unique_ptr<DocScorer>> children_;
  std::vector<DocScorer*> by_cost_;  // children_, rarest first
};

// `required`'s documents not in `excluded`, scored by `required` plus `optional` where it
// matches too.
class BoolScorer final : public DocScorer {
 public:
  BoolScorer(std::unique_ptr<DocScorer> required, std::unique_ptr<DocScorer> optional,
             std::unique_ptr<DocScorer> excluded)
      : req_(std::move(required)), opt_(std::move(optional)), excl_(std::move(excluded)) {
    Settle();
  }
  void Next() override {
    req_->Next();
    Settle();
  }
  void Advance(uint32_t t) override {
    req_->Advance(t);
    Settle();
  }
  double Score() override {
    double s = req_->Score();
    if (opt_) {
      opt_->Advance(doc_);
      if (opt_->doc() == doc_) s += opt_->Score();
    }
    return s;
  }

 private:
  void Settle() {
    while (req_->doc() != kEnd && excl_) {
      excl_->Advance(req_->doc());
      if (excl_->doc() != req_->doc()) break;
      req_->Next();
    }
    doc_ = req_->doc();
  }
  std::unique_ptr<DocScorer> req_, opt_, excl_;
};

// The best k documents so far by (score desc, doc asc): a min-heap whose top is the worst kept.
class TopK {
 public:
  explicit TopK(size_t k) : k_(k) {}
  size_t size() const { return heap_.size(); }
  bool full() const { return heap_.size() >= k_; }
  // The score to beat once full.
  double threshold() const { return heap_.front().score; }
  void Offer(const ScoredDoc& sd) {
    if (heap_.size() < k_) {
      heap_.push_back(sd);
      std::push_heap(heap_.begin(), heap_.end(), Worse);
    } else if (k_ > 0 && Worse(sd, heap_.front())) {
      std::pop_heap(heap_.begin(), heap_.end(), Worse);
      heap_.back() = sd;
      std::push_heap(heap_.begin(), heap_.end(), Worse);
    }
  }
  std::vector<ScoredDoc> TakeBestFirst() {
    std::sort_heap(heap_.begin(), heap_.end(), Worse);
    return std::move(heap_);
  }

 private:
  static bool Worse(const ScoredDoc& a, const ScoredDoc& b) {
    return a.score != b.score ? a.score > b.score : a.doc < b.doc;
  }
  size_t k_;
  std::vector<ScoredDoc> heap_;
};

// Whether a document scoring up to `bound` may enter a top k whose worst score is `threshold`.
// Bounds are computed in another order than scores, so they may round a few units in the last
// place below them: the margin keeps every document that could tie or pass.
bool Competes(double bound, double threshold) { return bound * (1 + 1e-9) >= threshold; }

// Ranks the documents of one segment that match every clause (words or phrases) into `top`,
// with block-max pruning (as Lucene's block-max conjunction; Ding and Suel's block-max
// bounds): led by the rarest clause, other clauses only advanced to its documents; once `top`
// is full, runs of documents whose clauses' block bounds add up to less than the threshold are
// skipped through the block tables without decoding, and a document is dropped as soon as the
// clauses scored so far plus the others' bounds fall short, before its phrases' positions are
// read (and before a phrase led by its rarest word finds its other words: Align). Scores add up in
// the query's clause order (as AndScorer), so they equal the exhaustive ones. Returns true when
// documents were skipped (`matches` then counts those visited only).
bool RankConjunction(const std::vector<std::unique_ptr<DocScorer>>& clauses,
                     const SearchSegment& seg, const std::function<bool(DocId)>& accept,
                     TopK* top, uint64_t* matches) {
  const uint32_t first_doc = seg.first_doc;
  const size_t n = clauses.size();
  std::vector<size_t> order(n);  // clause indices, rarest first
  for (size_t i = 0; i < n; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return clauses[a]->Cost() < clauses[b]->Cost(); });
  std::vector<double> block_bound(n), doc_bound(n);
  std::vector<bool> bound_is_score(n);
  for (size_t i = 0; i < n; ++i) bound_is_score[i] = clauses[i]->DocBoundIsScore();
  uint32_t window_end = 0;  // block_bound holds for documents up to here (from `target` on)
  bool window = false, skipped = false;
  uint32_t target = 0;
  DocScorer* lead = clauses[order[0]].get();
  bool pruning = false;
  while (true) {
    if (top->full()) {
      if (!pruning) {
        for (const auto& c : clauses) c->StartPruning();
        pruning = true;
      }
      // Skip whole windows of blocks that cannot reach the threshold.
      bool end = false;
      while (true) {
        if (!window || target > window_end) {
          window_end = kEnd - 1;
          for (size_t i = 0; i < n && !end; ++i) {
            uint32_t upto;
            end = !clauses[i]->BlockBound(target, &upto, &block_bound[i]);
            window_end = std::min(window_end, upto);
          }
          window = !end;
        }
        if (end) break;
        double sum = 0;
        for (size_t i = 0; i < n; ++i) sum += block_bound[i];
        if (Competes(sum, top->threshold())) break;
        skipped = true;
        if (window_end >= kEnd - 1) {
          end = true;
          break;
        }
        target = window_end + 1;
      }
      if (end) break;
    }
    lead->Advance(target);
    const uint32_t d = lead->doc();
    if (d == kEnd) break;
    const bool full = top->full();
    if (full && d > window_end) {
      target = d;  // a new window: check its bounds first
      continue;
    }
    // Align the other clauses on d, dropping d as soon as it cannot reach the threshold.
    double rest = 0;  // the block bounds of the clauses not yet on d
    if (full) {
      for (size_t i = 1; i < n; ++i) rest += block_bound[order[i]];
    }
    double so_far = 0;
    bool aligned = true, competes = true;
    for (size_t j = 0; j < n; ++j) {
      DocScorer* c = clauses[order[j]].get();
      if (j > 0) {
        c->Advance(d);
        if (c->doc() != d) {
          target = c->doc();
          aligned = false;
          break;
        }
        if (full) rest -= block_bound[order[j]];
      }
      if (full) {
        if (!Competes(so_far + c->QuickBound() + rest, top->threshold())) {
          competes = false;
          break;
        }
        double bound = c->DocBound();
        if (!Competes(so_far + bound + rest, top->threshold())) {
          competes = false;
          break;
        }
        // A phrase found by its rarest word only: its other words, then its tighter bound.
        bool changed;
        if (!c->Align(&changed)) {
          aligned = false;  // not a match after all
          target = d + 1;
          break;
        }
        if (changed) {
          bound = c->DocBound();
          if (!Competes(so_far + bound + rest, top->threshold())) {
            competes = false;
            break;
          }
        }
        doc_bound[order[j]] = bound;
        so_far += bound;
      }
    }
    if (!aligned) {
      if (target == kEnd) break;
      continue;
    }
    target = d + 1;
    if (!competes) {
      skipped = true;
      continue;
    }
    if (seg.deleted && (*seg.deleted)[d]) continue;
    bool match = true;
    for (size_t i = 0; i < n && match; ++i) match = clauses[order[i]]->Verify();
    if (!match) continue;
    const DocId doc(first_doc + d);
    if (accept && !accept(doc)) continue;
    double score = 0;
    for (size_t i = 0; i < n; ++i) {
      score += full && bound_is_score[i] ? doc_bound[i] : clauses[i]->Score();
    }
    ++*matches;
    top->Offer({doc, score});
  }
  return skipped;
}

std::vector<uint8_t> FieldsOf(QueryField f) {
  if (f == QueryField::kTitle) return {static_cast<uint8_t>(kTitleField)};
  if (f == QueryField::kBody) return {static_cast<uint8_t>(kBodyField)};
  if (f == QueryField::kUrl) return {static_cast<uint8_t>(kUrlField)};
  return {static_cast<uint8_t>(kTitleField), static_cast<uint8_t>(kBodyField)};
}

class Builder {
 public:
  // `segment`: the index of `seg` among the searched segments (for Stats::infos).
  // `lazy_phrases`: phrase leaves stop on candidates (PhraseSource), for the caller to Verify.
  Builder(const SearchSegment& seg, size_t segment, const Stats& stats, const Bm25Options& o,
          std::vector<PostingIterator*>* iterators, bool lazy_phrases = false)
      : seg_(seg),
        segment_(segment),
        stats_(stats),
        o_(o),
        iterators_(iterators),
        lazy_phrases_(lazy_phrases) {}

  Result<std::unique_ptr<DocScorer>> Build(const Analyzed& node) {
    if (node.kind == QueryNode::Kind::kBool) return BuildBool(node);
    if (node.kind == QueryNode::Kind::kPrefix) return BuildPrefix(node);
    const PostingsReader* r = seg_.postings;
    // One weight per field: the title's boost only when both fields are searched.
    const bool both = node.fields.size() > 1;
    std::vector<FieldsScorer::Field> fields;
    bool any = false;
    double avgdl = 0;
    for (const uint8_t field : node.fields) {
      const double weight = both ? Boost(field) : 1.0;
      avgdl += weight * stats_.avgdl[field];
      std::vector<PostingIterator> its;
      its.reserve(node.terms.size());
      for (const std::string& term : node.terms) {
        const std::optional<TermInfo>& info = stats_.infos.at(Key(field, term))[segment_];
        if (!info) break;  // a term absent from this field: the leaf is not in it
        its.push_back(r->Postings(*info));
      }
      std::unique_ptr<FreqSource> source;
      if (its.size() != node.terms.size()) {
        // not in this field here: the field still counts in the length
      } else if (its.size() == 1) {
        source = std::make_unique<TermSource>(std::move(its[0]));
      } else {
        source = std::make_unique<PhraseSource>(std::move(its), node.offsets, lazy_phrases_,
                                                r->doc_count());
      }
      any = any || source != nullptr;
      fields.push_back({std::move(source), field, weight});
    }
    if (!any) return std::unique_ptr<DocScorer>();
    double idf = 0;
    for (const std::string& term : node.terms) idf += stats_.Idf(node.fields, term);
    auto s = std::make_unique<FieldsScorer>(std::move(fields), r, idf, o_.k1, o_.b,
                                            avgdl > 0 ? avgdl : 1);
    s->Iterators(iterators_);
    return std::unique_ptr<DocScorer>(std::move(s));
  }

  // The clauses of a disjunction, for MaxScore; null entries match nothing here.
  Result<std::vector<std::unique_ptr<DocScorer>>> BuildShoulds(const Analyzed& node) {
    std::vector<std::unique_ptr<DocScorer>> out;
    for (const Analyzed& m : node.should) {
      if (m.empty) continue;
      ASSIGN_OR_RETURN(auto s, Build(m));
      if (s) out.push_back(std::move(s));
    }
    return out;
  }

 private:
  double Boost(uint8_t field) const { return field == kTitleField ? o_.title_boost : 1.0; }

  // Each expansion's documents score the field's weight: a prefix matches words, it does not
  // rank them (as in Lucene).
  Result<std::unique_ptr<DocScorer>> BuildPrefix(const Analyzed& node) {
    const PostingsReader* r = seg_.postings;
    std::vector<std::unique_ptr<DocScorer>> per_field;
    for (const uint8_t field : node.fields) {
      std::vector<std::unique_ptr<FreqSource>> sources;
      RETURN_IF_ERROR(r->ForEachTermWithPrefix(
          Key(field, node.terms[0]), [&](std::string_view, const TermInfo& info) {
            sources.push_back(std::make_unique<TermSource>(r->Postings(info)));
            sources.back()->Iterators(iterators_);
            return sources.size() < kMaxPrefixTerms;
          }));
      if (sources.empty()) continue;
      per_field.push_back(std::make_unique<ConstantScorer>(std::move(sources), Boost(field)));
    }
    if (per_field.empty()) return std::unique_ptr<DocScorer>();
    if (per_field.size() == 1) return std::move(per_field[0]);
    return std::unique_ptr<DocScorer>(new OrScorer(std::move(per_field)));
  }

  Result<std::unique_ptr<DocScorer>> BuildBool(const Analyzed& node) {
    std::vector<std::unique_ptr<DocScorer>> must, should, must_not;
    for (const Analyzed& m : node.must) {
      if (m.empty) continue;
      ASSIGN_OR_RETURN(auto s, Build(m));
      if (!s) return std::unique_ptr<DocScorer>();  // a required clause matches nothing here
      must.push_back(std::move(s));
    }
    for (const Analyzed& m : node.should) {
      if (m.empty) continue;
      ASSIGN_OR_RETURN(auto s, Build(m));
      if (s) should.push_back(std::move(s));
    }
    for (const Analyzed& m : node.must_not) {
      if (m.empty) continue;
      ASSIGN_OR_RETURN(auto s, Build(m));
      if (s) must_not.push_back(std::move(s));
    }
    auto combine = [](std::vector<std::unique_ptr<DocScorer>> v, bool all)
        -> std::unique_ptr<DocScorer> {
      if (v.empty()) return nullptr;
      if (v.size() == 1) return std::move(v[0]);
      if (all) return std::make_unique<AndScorer>(std::move(v));
      return std::make_unique<OrScorer>(std::move(v));
    };
    std::unique_ptr<DocScorer> required, optional;
    if (!must.empty()) {
      required = combine(std::move(must), true);
      optional = combine(std::move(should), false);
    } else {
      required = combine(std::move(should), false);
    }
    if (!required) return std::unique_ptr<DocScorer>();
    auto excluded = combine(std::move(must_not), false);
    if (!optional && !excluded) return required;
    return std::unique_ptr<DocScorer>(
        new BoolScorer(std::move(required), std::move(optional), std::move(excluded)));
  }

  const SearchSegment& seg_;
  size_t segment_;
  const Stats& stats_;
  const Bm25Options& o_;
  std::vector<PostingIterator*>* iterators_;
  bool lazy_phrases_;
};

}  // namespace

Searcher::Searcher(std::vector<SearchSegment> segments, Bm25Options options,
                   IndexTermExtractor* analyzer)
    : segments_(std::move(segments)), options_(std::move(options)), analyzer_(analyzer) {
  if (analyzer_ == nullptr) {
    own_analyzer_ = std::make_unique<IndexTermExtractor>();
    analyzer_ = own_analyzer_.get();
  }
}

Result<SearchOutcome> Searcher::Search(const Query& query, size_t k,
                                       const std::function<bool(DocId)>& accept,
                                       bool exact_count) {
  SearchOutcome out;
  // Analyse the query's words as documents were analysed.
  std::function<Analyzed(const QueryNode&)> analyze = [&](const QueryNode& n) {
    Analyzed a;
    a.kind = n.kind;
    a.fields = FieldsOf(n.field);
    if (n.kind == QueryNode::Kind::kBool) {
      for (const auto& c : n.must) a.must.push_back(analyze(c));
      for (const auto& c : n.should) a.should.push_back(analyze(c));
      for (const auto& c : n.must_not) a.must_not.push_back(analyze(c));
      a.empty = std::all_of(a.must.begin(), a.must.end(), [](auto& x) { return x.empty; }) &&
                std::all_of(a.should.begin(), a.should.end(), [](auto& x) { return x.empty; });
      return a;
    }
    std::vector<std::string> terms;
    if (n.kind == QueryNode::Kind::kPrefix) {
      std::string prefix;
      if (n.field == QueryField::kUrl) {
        // A URL's terms are ASCII-lowercased, not normalised (the parser allows one part).
        UrlTerms(n.words[0], &terms);
        prefix = terms.empty() ? std::string() : terms.front();
      } else {
        NormalizeToken(n.words[0], &prefix);
      }
      a.terms.push_back(prefix);
      a.empty = prefix.empty();
      return a;
    }
    uint32_t position = 0;  // of the next term in the phrase, stop words counted
    for (const std::string& w : n.words) {
      if (n.field == QueryField::kUrl) {
        UrlTerms(w, &terms);
      } else {
        analyzer_->Extract(w, options_.language, &terms);
      }
      for (std::string& t : terms) {
        if (!t.empty()) {  // empty: a stop word the index leaves out; it keeps its place
          if (a.terms.empty()) position = 0;  // offsets count from the first word kept
          a.terms.push_back(std::move(t));
          a.offsets.push_back(position);
        }
        ++position;
      }
    }
    a.kind = a.terms.size() > 1 ? QueryNode::Kind::kPhrase : QueryNode::Kind::kTerm;
    a.empty = a.terms.empty();
    for (const auto& t : a.terms) out.terms.push_back(t);
    return a;
  };
  const Analyzed root = analyze(query.root);

  // Global statistics.
  Stats stats;
  uint64_t totals[kIndexFields] = {};
  bool deletions = false;
  for (const SearchSegment& s : segments_) {
    stats.n += s.postings->doc_count() - s.deleted_count;
    for (uint32_t f = 0; f < kIndexFields; ++f) {
      totals[f] += s.postings->FieldTotal(f) - s.deleted_length[f];
    }
    deletions = deletions || s.deleted_count > 0;
  }
  for (uint32_t f = 0; f < kIndexFields; ++f) {
    stats.avgdl[f] = stats.n > 0 && totals[f] > 0 ? static_cast<double>(totals[f]) / stats.n : 1;
  }
  std::function<Status(const Analyzed&)> collect = [&](const Analyzed& a) -> Status {
    for (const auto* list : {&a.must, &a.should, &a.must_not}) {
      for (const auto& c : *list) RETURN_IF_ERROR(collect(c));
    }
    if (a.kind == QueryNode::Kind::kTerm || a.kind == QueryNode::Kind::kPhrase) {
      for (const uint8_t f : a.fields) {
        for (const std::string& t : a.terms) {
          const std::string key = Key(f, t);
          if (stats.infos.count(key)) continue;
          auto& infos = stats.infos[key];
          for (const SearchSegment& s : segments_) {
            ASSIGN_OR_RETURN(auto info, s.postings->Lookup(key));
            infos.push_back(info);
          }
        }
      }
    }
    return Status::Ok();
  };
  RETURN_IF_ERROR(collect(root));
  if (root.empty) return out;  // the words analyse to nothing (punctuation only)

  TopK top(k);
  // A pure disjunction of words or phrases, top k without an exact count: MaxScore (Turtle and
  // Flood): clauses sorted by their best possible score; once the k-th best score so far
  // exceeds what the weakest clauses could add up to together, documents found only in those
  // are never visited, and the others stop being scored as soon as they cannot pass.
  const bool maxscore = !exact_count && k > 0 && root.kind == QueryNode::Kind::kBool &&
                        root.must.empty() && root.must_not.empty() && root.should.size() >= 2 &&
                        std::all_of(root.should.begin(), root.should.end(), [](const Analyzed& a) {
                          return a.kind == QueryNode::Kind::kTerm ||
                                 a.kind == QueryNode::Kind::kPhrase;
                        });
  // A conjunction of words and phrases (a phrase alone included), top k without an exact
  // count: block-max pruning (RankConjunction). Its bounds need a score that falls with the
  // length (b >= 0) and the scorers' saturation (b <= 1, k1 >= 0).
  const std::vector<Analyzed>* conjunction = nullptr;
  if (!exact_count && k > 0 && root.kind == QueryNode::Kind::kBool && root.must_not.empty() &&
      options_.b >= 0 && options_.b <= 1 && options_.k1 >= 0) {
    auto nonempty = [](const std::vector<Analyzed>& v) {
      return std::count_if(v.begin(), v.end(), [](const Analyzed& a) { return !a.empty; });
    };
    const std::vector<Analyzed>* clauses =
        nonempty(root.must) > 0 && nonempty(root.should) == 0    ? &root.must
        : nonempty(root.must) == 0 && nonempty(root.should) == 1 ? &root.should
                                                                 : nullptr;
    if (clauses != nullptr &&
        std::all_of(clauses->begin(), clauses->end(),
                    [](const Analyzed& a) {
                      return a.empty || a.kind == QueryNode::Kind::kTerm ||
                             a.kind == QueryNode::Kind::kPhrase;
                    }) &&
        (nonempty(*clauses) > 1 ||
         std::any_of(clauses->begin(), clauses->end(), [](const Analyzed& a) {
           return !a.empty && a.kind == QueryNode::Kind::kPhrase;
         }))) {
      conjunction = clauses;
    }
  }
  auto offer = [&](const ScoredDoc& sd) { top.Offer(sd); };
  for (size_t segment = 0; segment < segments_.size(); ++segment) {
    const SearchSegment& seg = segments_[segment];
    std::vector<PostingIterator*> iterators;
    Builder builder(seg, segment, stats, options_, &iterators,
                    /*lazy_phrases=*/conjunction != nullptr);
    // The scorers own the iterators checked after the loop: they live until then.
    std::vector<std::unique_ptr<DocScorer>> clauses;
    std::unique_ptr<DocScorer> scorer;
    if (conjunction != nullptr) {
      bool all = true;
      for (const Analyzed& c : *conjunction) {
        if (c.empty) continue;
        ASSIGN_OR_RETURN(auto s, builder.Build(c));
        all = all && s != nullptr;
        clauses.push_back(std::move(s));
      }
      // A clause absent from this segment: nothing here matches.
      if (all && !clauses.empty() &&
          RankConjunction(clauses, seg, accept, &top, &out.matches)) {
        out.matches_estimated = true;
      }
    } else if (maxscore) {
      ASSIGN_OR_RETURN(clauses, builder.BuildShoulds(root));
      std::sort(clauses.begin(), clauses.end(),
                [](const auto& a, const auto& b) { return a->MaxScore() < b->MaxScore(); });
      std::vector<double> upto(clauses.size());  // sum of MaxScore of clauses [0, i]
      double sum = 0;
      for (size_t i = 0; i < clauses.size(); ++i) upto[i] = sum += clauses[i]->MaxScore();
      size_t essential = 0;  // clauses [essential, n) can start a candidate
      while (true) {
        const double threshold = top.full() ? top.threshold() : -1;
        while (essential < clauses.size() && upto[essential] <= threshold) ++essential;
        // From now on documents only in clauses [0, essential) go unvisited (and uncounted).
        if (essential > 0) out.matches_estimated = true;
        if (essential == clauses.size()) break;
        uint32_t d = kEnd;
        for (size_t i = essential; i < clauses.size(); ++i) d = std::min(d, clauses[i]->doc());
        if (d == kEnd) break;
        const DocId doc(seg.first_doc + d);
        double score = 0;
        for (size_t i = essential; i < clauses.size(); ++i) {
          if (clauses[i]->doc() == d) score += clauses[i]->Score();
        }
        // The non-essential clauses, strongest first, while they could still lift it past.
        for (size_t i = essential; i-- > 0;) {
          if (score + upto[i] <= threshold) break;
          clauses[i]->Advance(d);
          if (clauses[i]->doc() == d) score += clauses[i]->Score();
        }
        if ((!seg.deleted || !(*seg.deleted)[d]) && (!accept || accept(doc))) {
          ++out.matches;
          offer({doc, score});
        }
        for (size_t i = essential; i < clauses.size(); ++i) {
          if (clauses[i]->doc() == d) clauses[i]->Next();
        }
      }
    } else {
      ASSIGN_OR_RETURN(scorer, builder.Build(root));
      if (!scorer) continue;
      for (; scorer->doc() != kEnd; scorer->Next()) {
        if (seg.deleted && (*seg.deleted)[scorer->doc()]) continue;
        const DocId doc(seg.first_doc + scorer->doc());
        if (accept && !accept(doc)) continue;
        ++out.matches;
        if (k == 0) continue;
        offer({doc, scorer->Score()});
      }
    }
    for (PostingIterator* it : iterators) {
      if (!it->status().ok()) {
        return Corruption("segment " + std::to_string(seg.postings->segment()) + ": " +
                          it->status().message() + "; run `storyline check`");
      }
    }
  }
  if (out.matches_estimated && !accept && !deletions) {
    // At least the documents visited, and at least the largest document frequency of a word
    // clause (a lower bound of the disjunction's matches; not with deleted documents, which
    // document frequencies count until a merge).
    for (const Analyzed& c : root.should) {
      if (c.empty || c.kind != QueryNode::Kind::kTerm) continue;  // empty: no terms
      for (const uint8_t f : c.fields) {
        out.matches = std::max<uint64_t>(out.matches, stats.Df(Key(f, c.terms[0])));
      }
    }
  }
  out.top = top.TakeBestFirst();
  return out;
}

}  // namespace storyline
