#include "search/searcher.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "common/temp_dir_for_test.h"
#include "common/test_seed_for_test.h"
#include "index/postings_writer.h"

namespace storyline {
namespace {

uint64_t Seed(const char* test) { return testing::TestSeed(test); }

// Words that the English analysis leaves as they are ("w17": a word with a digit, unstemmed).
std::string Word(int i) { return "w" + std::to_string(i); }

struct Doc {
  std::vector<std::string> field[2];  // title, body
};

// BM25 computed directly from the documents: the reference the Searcher must equal.
class BruteForce {
 public:
  BruteForce(const std::vector<Doc>& docs, const Bm25Options& o) : docs_(docs), o_(o) {
    for (int f = 0; f < 2; ++f) {
      double total = 0;
      for (const Doc& d : docs) {
        total += static_cast<double>(d.field[f].size());
        std::set<std::string> seen(d.field[f].begin(), d.field[f].end());
        for (const auto& t : seen) ++df_[f][t];
      }
      avgdl_[f] = total > 0 ? total / static_cast<double>(docs.size()) : 1;
    }
  }
  // Score of doc for the node, or nullopt when it does not match.
  std::optional<double> Score(const QueryNode& n, size_t d) const {
    if (n.kind == QueryNode::Kind::kBool) {
      double s = 0;
      for (const auto& c : n.must_not) {
        if (Score(c, d)) return std::nullopt;
      }
      for (const auto& c : n.must) {
        auto x = Score(c, d);
        if (!x) return std::nullopt;
        s += *x;
      }
      bool any = false;
      for (const auto& c : n.should) {
        if (auto x = Score(c, d)) {
          s += *x;
          any = true;
        }
      }
      if (n.must.empty() && !any) return std::nullopt;
      return s;
    }
    // BM25F over the leaf's fields: weighted frequencies, lengths and average lengths; idf from
    // the largest document frequency among the fields.
    std::vector<int> fields;
    if (n.field != QueryField::kBody) fields.push_back(0);
    if (n.field != QueryField::kTitle) fields.push_back(1);
    const bool both = fields.size() > 1;
    double tf = 0, dl = 0, avgdl = 0, idf = 0;
    for (const int f : fields) {
      const double w = both && f == 0 ? o_.title_boost : 1.0;
      const auto& words = docs_[d].field[f];
      double freq = 0;
      for (size_t p = 0; p + n.words.size() <= words.size(); ++p) {
        bool ok = true;
        for (size_t i = 0; i < n.words.size() && ok; ++i) ok = words[p + i] == n.words[i];
        freq += ok;
      }
      tf += w * freq;
      dl += w * static_cast<double>(words.size());
      avgdl += w * avgdl_[f];
    }
    if (tf == 0) return std::nullopt;
    for (const auto& word : n.words) {
      double dfw = 0;
      for (const int f : fields) {
        const auto it = df_[f].find(word);
        if (it != df_[f].end()) dfw = std::max(dfw, it->second);
      }
      idf += std::log(1.0 + (docs_.size() - dfw + 0.5) / (dfw + 0.5));
    }
    return idf * (o_.k1 + 1) * tf / (tf + o_.k1 * (1 - o_.b + o_.b * dl / avgdl));
  }
  // The documents matching the node (those `keep` accepts, when given), best first: by score,
  // then by DocId.
  std::vector<ScoredDoc> Ranked(const QueryNode& n,
                                const std::function<bool(size_t)>& keep = nullptr) const {
    std::vector<ScoredDoc> want;
    for (size_t d = 0; d < docs_.size(); ++d) {
      if (keep && !keep(d)) continue;
      if (auto x = Score(n, d)) want.push_back({DocId(static_cast<uint32_t>(d)), *x});
    }
    std::sort(want.begin(), want.end(), [](const ScoredDoc& a, const ScoredDoc& b) {
      return a.score != b.score ? a.score > b.score : a.doc < b.doc;
    });
    return want;
  }

 private:
  const std::vector<Doc>& docs_;
  Bm25Options o_;
  std::map<std::string, double> df_[2];
  double avgdl_[2];
};

// `got` (a top k, no longer than `want`) is the start of `want`: scores equal to 1e-9, and two
// documents in another order only where their scores are exactly equal. `what` names the query.
void ExpectTopOf(const std::vector<ScoredDoc>& got, const std::vector<ScoredDoc>& want,
                 const std::string& what) {
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_NEAR(got[i].score, want[i].score, 1e-9 * want[i].score) << what << " #" << i;
    if (got[i].doc != want[i].doc) {
      EXPECT_DOUBLE_EQ(got[i].score, want[i].score) << what << " #" << i;
    }
  }
}

class SearcherTest : public ::testing::Test {
 protected:
  // Writes the documents as three segments (postings files) and opens them.
  void Index(const std::vector<Doc>& docs) {
    const size_t cuts[] = {0, docs.size() / 3, docs.size() * 2 / 3, docs.size()};
    for (int s = 0; s < 3; ++s) {
      PostingsWriter w;
      for (size_t d = cuts[s]; d < cuts[s + 1]; ++d) {
        std::vector<FieldTerms> fields(2);
        for (uint8_t f = 0; f < 2; ++f) {
          fields[f].field = f;
          fields[f].terms = docs[d].field[f];
        }
        ASSERT_TRUE(w.AddDocument(fields).ok());
      }
      const std::string path = tmp_.path() + "/idx-" + std::to_string(s) + ".slp";
      ASSERT_TRUE(w.Finish(Env::Default(), path, static_cast<uint32_t>(s)).ok());
      auto r = PostingsReader::Open(Env::Default(), path);
      ASSERT_TRUE(r.ok());
      readers_.push_back(std::move(*r));
      segments_.push_back({readers_.back().get(), static_cast<uint32_t>(cuts[s])});
    }
  }
  testing::TempDir tmp_;
  std::vector<std::unique_ptr<PostingsReader>> readers_;
  std::vector<SearchSegment> segments_;
};

TEST_F(SearcherTest, TopKEqualsBruteForceBm25ForEveryQueryShape) {
  std::mt19937_64 rng(Seed("SearcherBruteForce"));
  std::vector<Doc> docs(900);
  auto zipf = [&](int vocab) {
    const double u = std::uniform_real_distribution<double>(0, 1)(rng);
    return Word(static_cast<int>(u * u * vocab));
  };
  for (Doc& d : docs) {
    for (size_t i = rng() % 8; i > 0; --i) d.field[0].push_back(zipf(60));
    for (size_t i = 20 + rng() % 300; i > 0; --i) d.field[1].push_back(zipf(400));
  }
  Index(docs);
  Bm25Options o;
  Searcher searcher(segments_, o);
  BruteForce brute(docs, o);
  std::vector<std::string> queries;
  for (int i = 0; i < 60; ++i) {
    const std::string a = zipf(400), b = zipf(400), c = zipf(60);
    switch (i % 10) {
      case 0: queries.push_back(a); break;
      case 1: queries.push_back(a + " " + b); break;
      case 2: queries.push_back(a + " " + b + " " + c); break;
      case 3: queries.push_back(a + " AND " + b); break;
      case 4: queries.push_back("\"" + a + " " + b + "\""); break;
      case 5: queries.push_back("+" + a + " " + b + " -" + c); break;
      case 6: queries.push_back("title:" + c + " " + a); break;
      case 7: queries.push_back("(" + a + " OR " + c + ") AND " + b); break;
      case 8: queries.push_back("body:\"" + a + " " + b + " " + c + "\" " + a); break;
      case 9: queries.push_back(a + " NOT title:" + c); break;
    }
  }
  // Phrases that surely occur: taken from a document.
  for (int i = 0; i < 10; ++i) {
    const Doc& d = docs[rng() % docs.size()];
    const size_t p = rng() % (d.field[1].size() - 3);
    queries.push_back("\"" + d.field[1][p] + " " + d.field[1][p + 1] + " " + d.field[1][p + 2] +
                      "\"");
  }
  size_t nonempty = 0, pruned_queries = 0;
  for (const std::string& text : queries) {
    auto q = ParseQuery(text);
    ASSERT_TRUE(q.ok()) << text << ": " << q.status().ToString();
    const std::vector<ScoredDoc> want = brute.Ranked(q->root);
    auto got = searcher.Search(*q, 10, nullptr);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    EXPECT_EQ(got->matches, want.size()) << text;
    ASSERT_EQ(got->top.size(), std::min<size_t>(10, want.size())) << text;
    ExpectTopOf(got->top, want, text);
    // Pruned (MaxScore for disjunctions, no exact count): the same top 10.
    auto pruned = searcher.Search(*q, 10, nullptr, /*exact_count=*/false);
    ASSERT_TRUE(pruned.ok());
    ASSERT_EQ(pruned->top.size(), got->top.size()) << text;
    for (size_t i = 0; i < got->top.size(); ++i) {
      // MaxScore adds a document's clause scores in another order (essential clauses first):
      // equal scores may differ in their last bits and break a tie the other way (seed
      // 2773385225), so two documents may swap only when their scores are equal to 4 ulps.
      EXPECT_DOUBLE_EQ(pruned->top[i].score, got->top[i].score) << text << " pruned #" << i;
    }
    EXPECT_LE(pruned->matches, got->matches) << text;
    pruned_queries += pruned->matches_estimated;
    nonempty += !want.empty();
  }
  EXPECT_GT(pruned_queries, 10u);  // the corpus exercises the MaxScore path
  EXPECT_GT(nonempty, queries.size() / 2);
}

// Conjunctions and phrases ranked with block-max pruning (no exact count asked) return the
// brute force's top k, at several k, with and without a filter; an exact count still counts
// every match.
TEST_F(SearcherTest, PrunedConjunctionsAndPhrasesEqualBruteForce) {
  std::mt19937_64 rng(Seed("SearcherPrunedConjunctions"));
  std::vector<Doc> docs(3000);
  auto zipf = [&](int vocab) {
    const double u = std::uniform_real_distribution<double>(0, 1)(rng);
    return Word(static_cast<int>(u * u * u * vocab));
  };
  for (Doc& d : docs) {
    for (size_t i = rng() % 10; i > 0; --i) d.field[0].push_back(zipf(80));
    // Lengths and frequencies that vary a lot, so block bounds differ from block to block.
    const size_t length = rng() % 4 == 0 ? 5 + rng() % 20 : 30 + rng() % 250;
    for (size_t i = length; i > 0; --i) d.field[1].push_back(zipf(300));
    if (rng() % 7 == 0) {  // a repeated word: large frequencies in a few documents
      const std::string w = zipf(60);
      for (int r = 0; r < 12; ++r) d.field[1].push_back(w);
    }
  }
  Index(docs);
  Bm25Options o;
  Searcher searcher(segments_, o);
  BruteForce brute(docs, o);
  std::vector<std::string> queries;
  for (int i = 0; i < 48; ++i) {
    const std::string a = zipf(300), b = zipf(60), c = zipf(30);
    switch (i % 8) {
      case 0:
        queries.push_back("+" + a + " +" + b);
        break;
      case 1:
        queries.push_back(a + " AND " + b + " AND " + c);
        break;
      case 2:
        queries.push_back(b + " AND " + c);
        break;
      case 3:
        queries.push_back("title:" + b + " AND " + c);
        break;
      case 4:
        queries.push_back("\"" + b + " " + c + "\"");
        break;
      case 5:
        queries.push_back("\"" + c + " " + b + "\" AND " + a);
        break;
      case 6:
        queries.push_back("body:\"" + c + " " + c + "\"");
        break;
      case 7:
        queries.push_back("+" + c + " +" + b + " +" + zipf(30));
        break;
    }
  }
  for (int i = 0; i < 16; ++i) {  // phrases that occur: taken from the texts
    const Doc& d = docs[rng() % docs.size()];
    const size_t p = rng() % (d.field[1].size() - 2);
    queries.push_back("\"" + d.field[1][p] + " " + d.field[1][p + 1] +
                      (i % 2 ? " " + d.field[1][p + 2] : std::string()) + "\"");
  }
  auto even = [](DocId d) { return d.value() % 2 == 0; };
  size_t pruned = 0, nonempty = 0;
  for (const std::string& text : queries) {
    auto q = ParseQuery(text);
    ASSERT_TRUE(q.ok()) << text << ": " << q.status().ToString();
    for (const bool filtered : {false, true}) {
      const std::vector<ScoredDoc> want = brute.Ranked(
          q->root,
          filtered ? std::function<bool(size_t)>([](size_t d) { return d % 2 == 0; }) : nullptr);
      nonempty += !want.empty();
      const std::function<bool(DocId)> accept =
          filtered ? std::function<bool(DocId)>(even) : nullptr;
      auto exact = searcher.Search(*q, 10, accept, /*exact_count=*/true);
      ASSERT_TRUE(exact.ok());
      EXPECT_EQ(exact->matches, want.size()) << text;
      EXPECT_FALSE(exact->matches_estimated) << text;
      for (const size_t k : {size_t{1}, size_t{10}, size_t{100}}) {
        auto got = searcher.Search(*q, k, accept, /*exact_count=*/false);
        ASSERT_TRUE(got.ok()) << got.status().ToString();
        ASSERT_EQ(got->top.size(), std::min(k, want.size())) << text << " k=" << k;
        ExpectTopOf(got->top, want, text + " k=" + std::to_string(k));
        // The pruned path scores as the exhaustive one: the same documents, the same scores.
        if (k == 10) {
          for (size_t i = 0; i < got->top.size(); ++i) {
            EXPECT_EQ(got->top[i].doc, exact->top[i].doc) << text << " #" << i;
            EXPECT_EQ(got->top[i].score, exact->top[i].score) << text << " #" << i;
          }
        }
        EXPECT_LE(got->matches, want.size()) << text;
        if (!got->matches_estimated) {
          EXPECT_EQ(got->matches, want.size()) << text;
        }
        pruned += got->matches_estimated;
      }
    }
  }
  EXPECT_GT(nonempty, queries.size());  // most queries match, filtered or not
  EXPECT_GT(pruned, queries.size());    // and pruning happened in many of them
}

// Phrases beside a word found in nearly every document ("the"): while the top k is full, such a
// phrase stops on its rarer word's documents and finds the dense word there only for those that
// can still enter (PhraseSource's deferred alignment). The top k equals the brute force's, in
// either order of the words, with a dense word in the middle, and where the rarer word often
// comes without the dense one (titles, short bodies).
TEST_F(SearcherTest, PhrasesWithADenseWordEqualBruteForce) {
  std::mt19937_64 rng(Seed("SearcherDensePhrases"));
  std::vector<Doc> docs(4000);
  const std::string dense = "w0";
  for (Doc& d : docs) {
    for (size_t i = rng() % 6; i > 0; --i) d.field[0].push_back(Word(1 + rng() % 40));
    const size_t length = rng() % 3 == 0 ? 3 + rng() % 10 : 40 + rng() % 300;
    for (size_t i = length; i > 0; --i) {
      // The dense word is about one token in six: in about 85% of the bodies, often repeated.
      const bool use_dense = rng() % 5 == 0 && rng() % 7 != 0;
      d.field[1].push_back(use_dense ? dense : Word(1 + static_cast<int>(rng() % 200)));
    }
  }
  Index(docs);
  Bm25Options o;
  Searcher searcher(segments_, o);
  BruteForce brute(docs, o);
  std::vector<std::string> queries;
  for (int i = 0; i < 40; ++i) {
    const std::string a = Word(1 + static_cast<int>(rng() % 200));
    const std::string b = Word(1 + static_cast<int>(rng() % 40));
    switch (i % 5) {
      case 0:
        queries.push_back("\"" + dense + " " + a + "\"");
        break;
      case 1:
        queries.push_back("\"" + a + " " + dense + "\"");
        break;
      case 2:
        queries.push_back("\"" + a + " " + dense + " " + b + "\"");
        break;
      case 3:
        queries.push_back("\"" + dense + " " + b + "\" AND " + a);
        break;
      case 4:
        queries.push_back("body:\"" + dense + " " + dense + "\"");
        break;
    }
  }
  size_t filled = 0;
  for (const std::string& text : queries) {
    auto q = ParseQuery(text);
    ASSERT_TRUE(q.ok()) << text;
    const std::vector<ScoredDoc> want = brute.Ranked(q->root);
    filled += want.size() > 10;
    for (const size_t k : {size_t{1}, size_t{10}}) {
      auto got = searcher.Search(*q, k, nullptr, /*exact_count=*/false);
      ASSERT_TRUE(got.ok()) << got.status().ToString();
      ASSERT_EQ(got->top.size(), std::min(k, want.size())) << text << " k=" << k;
      ExpectTopOf(got->top, want, text + " k=" + std::to_string(k));
    }
  }
  EXPECT_GT(filled, queries.size() / 2);  // most phrases fill the top k: pruning happens
}

TEST_F(SearcherTest, FiltersCountOnlyAcceptedDocumentsAndPrefixesMatchTheirExpansions) {
  std::vector<Doc> docs(30);
  for (size_t d = 0; d < docs.size(); ++d) {
    docs[d].field[0] = {d % 2 ? "trumpet" : "trump"};
    docs[d].field[1] = {Word(static_cast<int>(d)), "common"};
  }
  Index(docs);
  Searcher searcher(segments_, {});
  auto q = ParseQuery("common");
  auto even = searcher.Search(*q, 5, [](DocId d) { return d.value() % 2 == 0; });
  ASSERT_TRUE(even.ok());
  EXPECT_EQ(even->matches, 15u);
  for (const auto& h : even->top) EXPECT_EQ(h.doc.value() % 2, 0u);
  auto prefix = searcher.Search(*ParseQuery("title:trump*"), 100, nullptr);
  ASSERT_TRUE(prefix.ok());
  EXPECT_EQ(prefix->matches, 30u);
  auto exact = searcher.Search(*ParseQuery("title:trumpet"), 100, nullptr);
  EXPECT_EQ(exact->matches, 15u);
  // A word that analyses to nothing (punctuation; a stop word in a store without them) beside
  // one that matches: the match count's estimate skips it.
  // (With k = 1 the rare word's document passes every bound of "common": MaxScore stops
  // visiting it, and the estimate looks at the query's word clauses.)
  for (const size_t k : {size_t{1}, size_t{5}}) {
    auto dots = searcher.Search(*ParseQuery("w3 common ..."), k, nullptr, /*exact_count=*/false);
    ASSERT_TRUE(dots.ok());
    EXPECT_EQ(dots->top.size(), k);
    EXPECT_EQ(dots->top[0].doc, DocId(3));
    EXPECT_GE(dots->matches, k);
  }
  auto none = searcher.Search(*ParseQuery("nowhere"), 10, nullptr);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->matches, 0u);
  EXPECT_TRUE(none->top.empty());
}

}  // namespace
}  // namespace storyline
