#include "index/postings_merger.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>

#include "common/temp_dir_for_test.h"
#include "common/test_seed_for_test.h"
#include "index/postings_reader.h"
#include "index/postings_writer.h"

namespace storyline {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

// Random documents: Zipf-like words (long lists of many blocks beside rare ones), empty tokens
// (stop words that keep their position), titles and bodies.
std::vector<std::vector<FieldTerms>> RandomDocs(std::mt19937_64& rng, int n) {
  std::vector<std::vector<FieldTerms>> docs;
  for (int d = 0; d < n; ++d) {
    std::vector<FieldTerms> fields(2);
    for (uint8_t f = 0; f < 2; ++f) {
      fields[f].field = f;
      for (size_t p = rng() % (f == 0 ? 10 : 300); p > 0; --p) {
        const double u = std::uniform_real_distribution<double>(0, 1)(rng);
        fields[f].terms.push_back(rng() % 40 == 0 ? std::string()
                                                  : "w" + std::to_string(int(u * u * u * 3000)));
      }
    }
    docs.push_back(std::move(fields));
  }
  return docs;
}

class PostingsMergerTest : public ::testing::Test {
 protected:
  // Writes docs[begin, end) as one file.
  std::unique_ptr<PostingsReader> Write(const std::vector<std::vector<FieldTerms>>& docs,
                                        size_t begin, size_t end, const std::string& name,
                                        uint32_t segment) {
    PostingsWriter w;
    for (size_t d = begin; d < end; ++d) EXPECT_TRUE(w.AddDocument(docs[d]).ok());
    EXPECT_TRUE(w.Finish(Env::Default(), tmp_.path() + "/" + name, segment).ok());
    auto r = PostingsReader::Open(Env::Default(), tmp_.path() + "/" + name);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? std::move(*r) : nullptr;
  }
  testing::TempDir tmp_;
};

TEST_F(PostingsMergerTest, MergedFilesAreByteForByteTheFileOfAllTheirDocuments) {
  const uint64_t seed = testing::TestSeed("PostingsMerge");
  std::mt19937_64 rng(seed);
  for (int round = 0; round < 6; ++round) {
    const auto docs = RandomDocs(rng, 200 + static_cast<int>(rng() % 500));
    auto whole = Write(docs, 0, docs.size(), "whole.slp", 3);
    ASSERT_TRUE(whole);
    // Cut into 1 to 6 files at random points (a file may be empty).
    std::vector<size_t> cuts = {0, docs.size()};
    for (size_t k = rng() % 6; k > 0; --k) cuts.push_back(rng() % (docs.size() + 1));
    std::sort(cuts.begin(), cuts.end());
    std::vector<std::unique_ptr<PostingsReader>> parts;
    std::vector<const PostingsReader*> inputs;
    for (size_t i = 0; i + 1 < cuts.size(); ++i) {
      parts.push_back(Write(docs, cuts[i], cuts[i + 1], "p" + std::to_string(i) + ".slp",
                            static_cast<uint32_t>(3 + i)));
      ASSERT_TRUE(parts.back());
      inputs.push_back(parts.back().get());
    }
    auto info = MergePostingsFiles(Env::Default(), tmp_.path() + "/merged.slp", 3, inputs);
    ASSERT_TRUE(info.ok()) << info.status().ToString() << " seed " << seed;
    EXPECT_EQ(info->doc_count, docs.size());
    EXPECT_EQ(info->term_count, whole->term_count());
    EXPECT_EQ(ReadAll(tmp_.path() + "/merged.slp"), ReadAll(tmp_.path() + "/whole.slp"))
        << "round " << round << ", " << inputs.size() << " inputs, seed " << seed;
    EXPECT_FALSE(std::filesystem::exists(tmp_.path() + "/merged.slp.tmp"));
    // A merged file merges again: two halves of the parts, then the two results.
    if (inputs.size() >= 2) {
      const size_t half = inputs.size() / 2;
      std::vector<const PostingsReader*> a(inputs.begin(), inputs.begin() + half),
          b(inputs.begin() + half, inputs.end());
      ASSERT_TRUE(MergePostingsFiles(Env::Default(), tmp_.path() + "/a.slp", 3, a).ok());
      ASSERT_TRUE(MergePostingsFiles(Env::Default(), tmp_.path() + "/b.slp", 9, b).ok());
      auto ra = PostingsReader::Open(Env::Default(), tmp_.path() + "/a.slp");
      auto rb = PostingsReader::Open(Env::Default(), tmp_.path() + "/b.slp");
      ASSERT_TRUE(ra.ok() && rb.ok());
      std::vector<const PostingsReader*> ab = {ra->get(), rb->get()};
      ASSERT_TRUE(MergePostingsFiles(Env::Default(), tmp_.path() + "/ab.slp", 3, ab).ok());
      EXPECT_EQ(ReadAll(tmp_.path() + "/ab.slp"), ReadAll(tmp_.path() + "/whole.slp"));
    }
  }
}

TEST_F(PostingsMergerTest, DroppedDocumentsLeaveAFileAsIfTheyHadNoWords) {
  // Deleted articles keep their numbers: merging with them dropped must give the very file of
  // the same documents with the dropped ones empty (no postings, field lengths 0).
  const uint64_t seed = testing::TestSeed("PostingsMergeDrop");
  std::mt19937_64 rng(seed);
  for (int round = 0; round < 4; ++round) {
    auto docs = RandomDocs(rng, 150 + static_cast<int>(rng() % 300));
    std::vector<uint32_t> dropped;
    for (uint32_t d = 0; d < docs.size(); ++d) {
      if (rng() % 5 == 0) dropped.push_back(d);
    }
    if (round == 3) {  // every document dropped: no term is left
      dropped.clear();
      for (uint32_t d = 0; d < docs.size(); ++d) dropped.push_back(d);
    }
    const size_t cut = rng() % (docs.size() + 1);
    auto a = Write(docs, 0, cut, "a.slp", 3);
    auto b = Write(docs, cut, docs.size(), "b.slp", 4);
    ASSERT_TRUE(a && b);
    std::vector<const PostingsReader*> inputs = {a.get(), b.get()};
    auto info =
        MergePostingsFiles(Env::Default(), tmp_.path() + "/merged.slp", 3, inputs, dropped);
    ASSERT_TRUE(info.ok()) << info.status().ToString() << " seed " << seed;
    auto emptied = docs;
    for (const uint32_t d : dropped) {
      for (FieldTerms& f : emptied[d]) f.terms.clear();
    }
    auto expected = Write(emptied, 0, emptied.size(), "expected.slp", 3);
    ASSERT_TRUE(expected);
    EXPECT_EQ(info->doc_count, docs.size());
    EXPECT_EQ(info->term_count, expected->term_count());
    EXPECT_EQ(ReadAll(tmp_.path() + "/merged.slp"), ReadAll(tmp_.path() + "/expected.slp"))
        << "round " << round << ", " << dropped.size() << " dropped, seed " << seed;
  }
  // A dropped number beyond the documents is refused.
  auto docs = RandomDocs(rng, 10);
  auto a = Write(docs, 0, docs.size(), "a.slp", 3);
  std::vector<const PostingsReader*> inputs = {a.get()};
  const std::vector<uint32_t> beyond = {static_cast<uint32_t>(docs.size())};
  EXPECT_EQ(MergePostingsFiles(Env::Default(), tmp_.path() + "/x.slp", 3, inputs, beyond)
                .status()
                .code(),
            StatusCode::kInvalidArgument);
}

TEST_F(PostingsMergerTest, MergedFileReadsBackEveryDocumentShifted) {
  std::mt19937_64 rng(testing::TestSeed("PostingsMergeShift"));
  const auto docs = RandomDocs(rng, 300);
  auto a = Write(docs, 0, 120, "a.slp", 1);
  auto b = Write(docs, 120, 300, "b.slp", 2);
  std::vector<const PostingsReader*> inputs = {a.get(), b.get()};
  ASSERT_TRUE(MergePostingsFiles(Env::Default(), tmp_.path() + "/m.slp", 1, inputs).ok());
  auto m = PostingsReader::Open(Env::Default(), tmp_.path() + "/m.slp");
  ASSERT_TRUE(m.ok());
  ASSERT_TRUE((*m)->VerifyAll().ok());
  EXPECT_EQ((*m)->doc_count(), 300u);
  EXPECT_EQ((*m)->segment(), 1u);
  for (uint32_t f = 0; f < 2; ++f) {
    EXPECT_EQ((*m)->FieldTotal(f), a->FieldTotal(f) + b->FieldTotal(f));
    EXPECT_EQ((*m)->FieldLength(f, 150), b->FieldLength(f, 30));
  }
  // Every term of b: its documents in m are b's plus 120, with the same positions.
  for (PostingsReader::TermCursor c(b.get()); c.valid(); c.Next()) {
    auto found = (*m)->Lookup(c.key());
    ASSERT_TRUE(found.ok() && found->has_value()) << c.key();
    PostingIterator it = (*m)->Postings(**found);
    it.Advance(120);
    for (PostingIterator jt = b->Postings(c.info()); jt.doc() != PostingIterator::kEnd;
         jt.Next(), it.Next()) {
      ASSERT_EQ(it.doc(), jt.doc() + 120);
      const auto pi = it.Positions();
      const std::vector<uint32_t> p1(pi.begin(), pi.end());
      const auto pj = jt.Positions();
      EXPECT_EQ(p1, std::vector<uint32_t>(pj.begin(), pj.end()));
    }
    EXPECT_EQ(it.doc(), PostingIterator::kEnd);
  }
}

// A file written before the url field (two fields) merges with one that has it (three): the
// merged file has three, the older documents' url lengths are 0, and every list reads back.
TEST_F(PostingsMergerTest, FilesWithFewerFieldsMergeWithLengthZeroInTheMissingOnes) {
  std::mt19937_64 rng(testing::TestSeed("PostingsMergeFields"));
  auto docs = RandomDocs(rng, 200);
  for (size_t d = 100; d < 200; ++d) {
    docs[d].push_back({static_cast<uint8_t>(kUrlField), {"www", "bbc", "co", "uk"}});
  }
  PostingsWriter old_writer(2);
  for (size_t d = 0; d < 100; ++d) ASSERT_TRUE(old_writer.AddDocument(docs[d]).ok());
  ASSERT_TRUE(old_writer.Finish(Env::Default(), tmp_.path() + "/old.slp", 1).ok());
  auto a = PostingsReader::Open(Env::Default(), tmp_.path() + "/old.slp");
  ASSERT_TRUE(a.ok());
  auto b = Write(docs, 100, 200, "new.slp", 2);
  ASSERT_EQ((*a)->field_count(), 2u);
  ASSERT_EQ(b->field_count(), kIndexFields);
  std::vector<const PostingsReader*> inputs = {a->get(), b.get()};
  ASSERT_TRUE(MergePostingsFiles(Env::Default(), tmp_.path() + "/m.slp", 1, inputs).ok());
  auto m = PostingsReader::Open(Env::Default(), tmp_.path() + "/m.slp");
  ASSERT_TRUE(m.ok());
  ASSERT_TRUE((*m)->VerifyAll().ok());
  EXPECT_EQ((*m)->field_count(), kIndexFields);
  EXPECT_EQ((*m)->FieldLength(kUrlField, 50), 0u);
  EXPECT_EQ((*m)->FieldLength(kUrlField, 150), 4u);
  EXPECT_EQ((*m)->FieldTotal(kUrlField), 400u);
  for (uint32_t f = 0; f < 2; ++f) {
    EXPECT_EQ((*m)->FieldTotal(f), (*a)->FieldTotal(f) + b->FieldTotal(f));
  }
  auto bbc = (*m)->Lookup(std::string(1, static_cast<char>(kUrlField)) + "bbc");
  ASSERT_TRUE(bbc.ok() && bbc->has_value());
  EXPECT_EQ((*bbc)->df, 100u);
  PostingIterator it = (*m)->Postings(**bbc);
  EXPECT_EQ(it.doc(), 100u);
  // The same documents written as one file with three fields: the same file, byte for byte.
  PostingsWriter all;
  for (const auto& d : docs) ASSERT_TRUE(all.AddDocument(d).ok());
  ASSERT_TRUE(all.Finish(Env::Default(), tmp_.path() + "/all.slp", 1).ok());
  EXPECT_EQ(ReadAll(tmp_.path() + "/m.slp"), ReadAll(tmp_.path() + "/all.slp"));
}

TEST_F(PostingsMergerTest, ADamagedInputIsCorruptionAndNothingIsWritten) {
  std::mt19937_64 rng(testing::TestSeed("PostingsMergeDamage"));
  const auto docs = RandomDocs(rng, 200);
  auto a = Write(docs, 0, 100, "a.slp", 1);
  a.reset();
  {
    std::fstream f(tmp_.path() + "/a.slp", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(200);  // inside the postings lists (the meta checksum does not cover them)
    f.put('\x5a');
  }
  auto damaged = PostingsReader::Open(Env::Default(), tmp_.path() + "/a.slp");
  ASSERT_TRUE(damaged.ok());
  auto b = Write(docs, 100, 200, "b.slp", 2);
  std::vector<const PostingsReader*> inputs = {damaged->get(), b.get()};
  auto r = MergePostingsFiles(Env::Default(), tmp_.path() + "/m.slp", 1, inputs);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
  EXPECT_NE(r.status().message().find("a.slp"), std::string::npos) << r.status().message();
  EXPECT_FALSE(std::filesystem::exists(tmp_.path() + "/m.slp"));
  EXPECT_FALSE(std::filesystem::exists(tmp_.path() + "/m.slp.tmp"));
}

}  // namespace
}  // namespace storyline
