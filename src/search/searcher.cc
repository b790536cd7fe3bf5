#include "search/searcher.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <queue>

#include "analysis/tokenizer.h"
#include "index/postings_writer.h"

namespace storyline {
namespace {

constexpr uint32_t kEnd = PostingIterator::kEnd;
constexpr size_t kMaxPrefixTerms = 1024;

// A query node after analysis: leaves hold index terms; a leaf whose words analyse to nothing
// (punctuation, say) is `empty` and ignored.
struct Analyzed {
  QueryNode::Kind kind = QueryNode::Kind::kBool;
  std::vector<uint8_t> fields;  // index fields searched
  std::vector<std::string> terms;
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
  double avgdl[kIndexFields] = {1, 1};
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
    return std::log(1.0 + (n - d + 0.5) / (d + 0.5));
  }
};

class DocScorer {
 public:
  virtual ~DocScorer() = default;
  uint32_t doc() const { return doc_; }
  virtual void Next() = 0;
  virtual void Advance(uint32_t target) = 0;  // first match >= target
  virtual double Score() = 0;                 // of the current document
  // No document scores more (for pruning); infinity when unknown.
  virtual double MaxScore() const { return std::numeric_limits<double>::infinity(); }

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

 private:
  PostingIterator it_;
};

// Documents holding the terms at consecutive positions; the frequency is the phrase's.
class PhraseSource final : public FreqSource {
 public:
  explicit PhraseSource(std::vector<PostingIterator> its) : its_(std::move(its)) {
    Settle(its_[0].doc());
  }
  void Next() override {
    if (doc_ == kEnd) return;
    its_[0].Next();
    Settle(its_[0].doc());
  }
  void Advance(uint32_t t) override {
    if (doc_ == kEnd || doc_ >= t) return;
    its_[0].Advance(t);
    Settle(its_[0].doc());
  }
  uint32_t Freq() override { return freq_; }
  void Iterators(std::vector<PostingIterator*>* out) override {
    for (auto& it : its_) out->push_back(&it);
  }

 private:
  // From candidate d on: the first document where every term is present and in order.
  void Settle(uint32_t d) {
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
        freq_ = Frequency();
        if (freq_ > 0) {
          doc_ = d;
          return;
        }
        its_[0].Next();
        d = its_[0].doc();
      } else if (d != kEnd) {
        its_[0].Advance(d);
        d = its_[0].doc();
      }
    }
    doc_ = kEnd;
  }
  uint32_t Frequency() {
    positions_.resize(its_.size());
    for (size_t i = 0; i < its_.size(); ++i) {
      auto p = its_[i].Positions();
      positions_[i].assign(p.begin(), p.end());
    }
    uint32_t n = 0;
    for (const uint32_t start : positions_[0]) {
      bool ok = true;
      for (size_t i = 1; i < its_.size() && ok; ++i) {
        ok = std::binary_search(positions_[i].begin(), positions_[i].end(),
                                start + static_cast<uint32_t>(i));
      }
      n += ok;
    }
    return n;
  }

  std::vector<PostingIterator> its_;
  uint32_t freq_ = 0;
  std::vector<std::vector<uint32_t>> positions_;
};

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
      : fields_(std::move(fields)), reader_(reader), idf_(idf), k1_(k1), b_(b), avgdl_(avgdl) {
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
    double tf = 0, dl = 0;
    for (auto& f : fields_) {
      if (f.source && f.source->doc() == doc_) tf += f.weight * f.source->Freq();
      dl += f.weight * reader_->FieldLength(f.field, doc_);
    }
    return idf_ * (k1_ + 1) * tf / (tf + k1_ * (1 - b_ + b_ * dl / avgdl_));
  }
  // The saturation tf / (tf + ...) stays below 1.
  double MaxScore() const override { return idf_ * (k1_ + 1); }
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
  std::vector<Field> fields_;
  const PostingsReader* reader_;
  double idf_, k1_, b_, avgdl_;
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
    Settle(children_[0]->doc());
  }
  void Next() override {
    if (doc_ == kEnd) return;
    children_[0]->Next();
    Settle(children_[0]->doc());
  }
  void Advance(uint32_t t) override {
    if (doc_ == kEnd || doc_ >= t) return;
    children_[0]->Advance(t);
    Settle(children_[0]->doc());
  }
  double Score() override {
    double s = 0;
    for (auto& c : children_) s += c->Score();
    return s;
  }

 private:
  void Settle(uint32_t d) {
    while (d != kEnd) {
      bool all = true;
      for (auto& c : children_) {
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
        children_[0]->Advance(d);
        d = children_[0]->doc();
      }
    }
    doc_ = kEnd;
  }
  std::vector<std::unique_ptr<DocScorer>> children_;
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

std::vector<uint8_t> FieldsOf(QueryField f) {
  if (f == QueryField::kTitle) return {static_cast<uint8_t>(kTitleField)};
  if (f == QueryField::kBody) return {static_cast<uint8_t>(kBodyField)};
  return {static_cast<uint8_t>(kTitleField), static_cast<uint8_t>(kBodyField)};
}

class Builder {
 public:
  // `segment`: the index of `seg` among the searched segments (for Stats::infos).
  Builder(const SearchSegment& seg, size_t segment, const Stats& stats, const Bm25Options& o,
          std::vector<PostingIterator*>* iterators)
      : seg_(seg), segment_(segment), stats_(stats), o_(o), iterators_(iterators) {}

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
        source = std::make_unique<PhraseSource>(std::move(its));
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
    if (n.kind == QueryNode::Kind::kPrefix) {
      std::string prefix;
      NormalizeToken(n.words[0], &prefix);
      a.terms.push_back(prefix);
      a.empty = prefix.empty();
      return a;
    }
    std::vector<std::string> terms;
    for (const std::string& w : n.words) {
      analyzer_->Extract(w, options_.language, &terms);
      a.terms.insert(a.terms.end(), terms.begin(), terms.end());
    }
    a.kind = a.terms.size() > 1 ? QueryNode::Kind::kPhrase : QueryNode::Kind::kTerm;
    a.empty = a.terms.empty();
    for (const auto& t : a.terms) out.terms.push_back(t);
    return a;
  };
  const Analyzed root = analyze(query.root);

  // Global statistics.
  Stats stats;
  uint64_t totals[kIndexFields] = {0, 0};
  for (const SearchSegment& s : segments_) {
    stats.n += s.postings->doc_count();
    for (uint32_t f = 0; f < kIndexFields; ++f) totals[f] += s.postings->FieldTotal(f);
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

  // Best k by (score desc, doc asc): a min-heap whose top is the worst kept.
  auto worse = [](const ScoredDoc& a, const ScoredDoc& b) {
    return a.score != b.score ? a.score > b.score : a.doc < b.doc;
  };
  std::priority_queue<ScoredDoc, std::vector<ScoredDoc>, decltype(worse)> heap(worse);
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
  auto offer = [&](const ScoredDoc& sd) {
    if (heap.size() < k) {
      heap.push(sd);
    } else if (worse(sd, heap.top())) {
      heap.pop();
      heap.push(sd);
    }
  };
  for (size_t segment = 0; segment < segments_.size(); ++segment) {
    const SearchSegment& seg = segments_[segment];
    std::vector<PostingIterator*> iterators;
    Builder builder(seg, segment, stats, options_, &iterators);
    // The scorers own the iterators checked after the loop: they live until then.
    std::vector<std::unique_ptr<DocScorer>> clauses;
    std::unique_ptr<DocScorer> scorer;
    if (maxscore) {
      ASSIGN_OR_RETURN(clauses, builder.BuildShoulds(root));
      std::sort(clauses.begin(), clauses.end(),
                [](const auto& a, const auto& b) { return a->MaxScore() < b->MaxScore(); });
      std::vector<double> upto(clauses.size());  // sum of MaxScore of clauses [0, i]
      double sum = 0;
      for (size_t i = 0; i < clauses.size(); ++i) upto[i] = sum += clauses[i]->MaxScore();
      size_t essential = 0;  // clauses [essential, n) can start a candidate
      while (true) {
        const double threshold = heap.size() < k ? -1 : heap.top().score;
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
        if (!accept || accept(doc)) {
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
  if (out.matches_estimated && !accept) {
    // At least the documents visited, and at least the largest document frequency of a word
    // clause (a lower bound of the disjunction's matches).
    for (const Analyzed& c : root.should) {
      if (c.kind != QueryNode::Kind::kTerm) continue;
      for (const uint8_t f : c.fields) {
        out.matches = std::max<uint64_t>(out.matches, stats.Df(Key(f, c.terms[0])));
      }
    }
  }
  out.top.resize(heap.size());
  for (size_t i = heap.size(); i-- > 0;) {
    out.top[i] = heap.top();
    heap.pop();
  }
  return out;
}

}  // namespace storyline
