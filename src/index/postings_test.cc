#include <gtest/gtest.h>
#include <streamvbyte.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <random>

#include "common/hash.h"
#include "common/temp_dir_for_test.h"
#include "common/test_seed_for_test.h"
#include "index/posting_codec.h"
#include "index/postings_format.h"
#include "index/postings_reader.h"
#include "index/postings_writer.h"

namespace storyline {
namespace {

uint64_t Seed(const char* test) { return testing::TestSeed(test); }

// FilesAreByteForByteThoseOfTheFormerEncoder: size and Hash64 of the file 7d78cf4 wrote.
constexpr size_t kPinnedSize = 159393;
constexpr uint64_t kPinnedHash = 0xbb64181a2d653c6aull;

TEST(PostingCodecTest, RandomValuesRoundTripAtEveryLengthAndMagnitude) {
  std::mt19937_64 rng(Seed("CodecRoundTrip"));
  for (int round = 0; round < 300; ++round) {
    const size_t n = rng() % 700;
    const int bits = 1 + static_cast<int>(rng() % 32);
    std::vector<uint32_t> values(n);
    for (auto& v : values) v = static_cast<uint32_t>(rng() >> (64 - bits));
    std::string encoded;
    EncodeU32s(values, &encoded);
    auto size = EncodedSize(encoded, n);
    ASSERT_TRUE(size.ok());
    EXPECT_EQ(*size, encoded.size());
    std::vector<uint32_t> decoded(n);
    auto used = DecodeU32s(encoded, decoded, /*padded=*/false);  // no slack after the stream
    ASSERT_TRUE(used.ok()) << used.status().ToString();
    EXPECT_EQ(*used, encoded.size());
    EXPECT_EQ(decoded, values);
  }
}

TEST(PostingCodecTest, EncodingIsStreamVByteLibrarysByteForByte) {
  std::mt19937_64 rng(Seed("CodecSameBytes"));
  for (int round = 0; round < 300; ++round) {
    const size_t n = 1 + rng() % 700;
    std::vector<uint32_t> values(n);
    for (auto& v : values) v = static_cast<uint32_t>(rng() >> (64 - 1 - rng() % 32));
    std::string ours = "prefix";  // appended after what the string holds
    EncodeU32s(values, &ours);
    std::string library(streamvbyte_max_compressedbytes(static_cast<uint32_t>(n)), '\0');
    library.resize(streamvbyte_encode(values.data(), static_cast<uint32_t>(n),
                                      reinterpret_cast<uint8_t*>(library.data())));
    EXPECT_EQ(ours, "prefix" + library) << "round " << round << ", " << n << " values";
  }
}

TEST(PostingCodecTest, IncreasingSequencesRoundTripFromAnyStart) {
  std::mt19937_64 rng(Seed("CodecIncreasing"));
  for (int round = 0; round < 200; ++round) {
    const uint32_t start = static_cast<uint32_t>(rng() % 100000);
    std::vector<uint32_t> values;
    uint32_t v = start;
    for (size_t i = rng() % 300; i > 0; --i) values.push_back(v += 1 + rng() % 5000);
    std::string encoded;
    EncodeIncreasing(values, start, &encoded);
    std::vector<uint32_t> decoded(values.size());
    ASSERT_TRUE(DecodeIncreasing(encoded, start, decoded, false).ok());
    EXPECT_EQ(decoded, values);
  }
}

TEST(PostingCodecTest, AStreamFollowedByOtherBytesDecodesAndReportsItsOwnSize) {
  // Inside a postings list a stream is followed by the next one: the decoder may then skip
  // adding up its size first, and must still give the values and the stream's own size.
  std::mt19937_64 rng(Seed("CodecFollowed"));
  for (int round = 0; round < 200; ++round) {
    const size_t n = 1 + rng() % 300;
    const int bits = 1 + static_cast<int>(rng() % 32);
    std::vector<uint32_t> values(n);
    for (auto& v : values) v = static_cast<uint32_t>(rng() >> (64 - bits));
    std::string encoded;
    EncodeU32s(values, &encoded);
    const size_t own = encoded.size();
    for (size_t i = rng() % (5 * n + 40); i > 0; --i) encoded.push_back(static_cast<char>(rng()));
    std::vector<uint32_t> decoded(n);
    auto used = DecodeU32s(encoded, decoded, /*padded=*/false);
    ASSERT_TRUE(used.ok()) << used.status().ToString();
    EXPECT_EQ(*used, own);
    EXPECT_EQ(decoded, values);
    std::vector<uint32_t> increasing(n);
    uint32_t sum = 7;
    for (auto& v : increasing) v = sum += static_cast<uint32_t>(rng() % 1000);
    std::string gaps;
    EncodeIncreasing(increasing, 7, &gaps);
    const size_t gaps_own = gaps.size();
    gaps.append(encoded);
    std::vector<uint32_t> back(n);
    auto gaps_used = DecodeIncreasing(gaps, 7, back, false);
    ASSERT_TRUE(gaps_used.ok());
    EXPECT_EQ(*gaps_used, gaps_own);
    EXPECT_EQ(back, increasing);
  }
}

TEST(PostingCodecTest, AnyRangeOfAStreamDecodesAloneThroughItsControlBytes) {
  std::mt19937_64 rng(Seed("CodecSlice"));
  for (int round = 0; round < 300; ++round) {
    const size_t n = 1 + rng() % 500;
    std::vector<uint32_t> values(n);
    for (auto& v : values) v = static_cast<uint32_t>(rng() >> (32 + rng() % 32));
    std::string encoded;
    EncodeU32s(values, &encoded);
    const auto* control = reinterpret_cast<const uint8_t*>(encoded.data());
    const uint8_t* data = control + (n + 3) / 4;
    EXPECT_EQ((n + 3) / 4 + DataBytes(control, 0, n), encoded.size());
    const size_t from = rng() % n;
    const size_t count = rng() % (n - from + 1);
    const size_t skip = DataBytes(control, 0, from);
    EXPECT_EQ(skip + DataBytes(control, from, from + count), DataBytes(control, 0, from + count));
    std::vector<uint32_t> slice(count);
    DecodeSlice(control, data + skip, from, count, slice.data());
    EXPECT_EQ(slice, std::vector<uint32_t>(values.begin() + from, values.begin() + from + count))
        << n << " from " << from << " count " << count;
  }
}

TEST(PostingCodecTest, TruncatedStreamsAreCorruptionNotACrash) {
  std::vector<uint32_t> values(100, 0xFFFFFFu);
  std::string encoded;
  EncodeU32s(values, &encoded);
  std::vector<uint32_t> out(100);
  for (size_t cut = 0; cut < encoded.size(); cut += 7) {
    auto r = DecodeU32s(std::string_view(encoded).substr(0, cut), out, false);
    EXPECT_EQ(r.status().code(), StatusCode::kCorruption) << cut;
  }
}

// A random corpus indexed by PostingsWriter and, as the reference, by std::map.
struct Corpus {
  // key -> doc -> positions
  std::map<std::string, std::map<uint32_t, std::vector<uint32_t>>> ref;
  std::vector<std::array<uint32_t, 2>> lengths;
};

Corpus Build(std::mt19937_64& rng, uint32_t docs, int vocab, PostingsWriter* w) {
  Corpus c;
  for (uint32_t d = 0; d < docs; ++d) {
    std::vector<FieldTerms> fields(2);
    std::array<uint32_t, 2> len{0, 0};
    for (uint8_t f = 0; f < 2; ++f) {
      fields[f].field = f;
      const size_t n = f == 0 ? rng() % 12 : rng() % 400;
      for (size_t p = 0; p < n; ++p) {
        // Zipf-like: a few terms in most documents (long lists, many blocks), most rare.
        const double u = std::uniform_real_distribution<double>(0, 1)(rng);
        const int t = static_cast<int>(u * u * u * vocab);
        std::string term = (rng() % 50 == 0) ? std::string() : "t" + std::to_string(t);
        if (!term.empty()) {
          c.ref[std::string(1, static_cast<char>(f)) + term][d].push_back(static_cast<uint32_t>(p));
          ++len[f];
        }
        fields[f].terms.push_back(term);
      }
    }
    c.lengths.push_back(len);
    EXPECT_TRUE(w->AddDocument(fields).ok());
  }
  return c;
}

class PostingsFileTest : public ::testing::Test {
 protected:
  std::string Path() { return tmp_.path() + "/idx-000007.slp"; }
  testing::TempDir tmp_;
};

TEST_F(PostingsFileTest, EveryListReadsBackWithFrequenciesPositionsAndBounds) {
  std::mt19937_64 rng(Seed("PostingsRoundTrip"));
  PostingsWriter w;
  const Corpus c = Build(rng, 1500, 3000, &w);
  ASSERT_TRUE(w.Finish(Env::Default(), Path(), 7).ok());
  auto r = PostingsReader::Open(Env::Default(), Path());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const PostingsReader& reader = **r;
  EXPECT_EQ(reader.doc_count(), 1500u);
  EXPECT_EQ(reader.segment(), 7u);
  EXPECT_EQ(reader.term_count(), c.ref.size());
  uint64_t totals[2] = {0, 0};
  for (uint32_t d = 0; d < 1500; ++d) {
    for (uint32_t f = 0; f < 2; ++f) {
      EXPECT_EQ(reader.FieldLength(f, d), c.lengths[d][f]);
      totals[f] += c.lengths[d][f];
    }
  }
  EXPECT_EQ(reader.FieldTotal(0), totals[0]);
  EXPECT_EQ(reader.FieldTotal(1), totals[1]);
  size_t multi_block = 0;
  for (const auto& [key, docs] : c.ref) {
    auto info = reader.Lookup(key);
    ASSERT_TRUE(info.ok() && info->has_value()) << key;
    EXPECT_EQ((*info)->df, docs.size());
    multi_block += docs.size() > postings_format::kBlockDocs;
    PostingIterator it = reader.Postings(**info);
    for (const auto& [doc, positions] : docs) {
      ASSERT_EQ(it.doc(), doc) << key;
      EXPECT_EQ(it.tf(), positions.size());
      uint32_t last, max_tf, min_len;
      ASSERT_TRUE(it.BoundsFor(doc, &last, &max_tf, &min_len));
      EXPECT_GE(max_tf, it.tf());
      EXPECT_LE(min_len, reader.FieldLength(static_cast<uint8_t>(key[0]), doc));
      EXPECT_GE(last, doc);
      auto got = it.Positions();
      EXPECT_EQ(std::vector<uint32_t>(got.begin(), got.end()), positions) << key << " " << doc;
      it.Next();
    }
    EXPECT_EQ(it.doc(), PostingIterator::kEnd);
    EXPECT_TRUE(it.status().ok());
    // Advance to random targets lands on the first document >= target.
    PostingIterator jump = reader.Postings(**info);
    uint32_t target = 0;
    while (true) {
      target += static_cast<uint32_t>(rng() % 200);
      // Bounds asked for first, sometimes further on than the target (as pruning does), must
      // not move the iterator nor make Advance skip.
      if (rng() % 2) {
        uint32_t last, max_tf, min_len;
        const uint32_t probe = target + static_cast<uint32_t>(rng() % 600);
        if (jump.BoundsFor(probe, &last, &max_tf, &min_len)) {
          auto in_block = docs.lower_bound(probe);
          ASSERT_TRUE(in_block != docs.end());
          EXPECT_GE(last, in_block->first);
          EXPECT_GE(max_tf, in_block->second.size());
        }
      }
      jump.Advance(target);
      auto want = docs.lower_bound(target);
      if (want == docs.end()) {
        EXPECT_EQ(jump.doc(), PostingIterator::kEnd);
        break;
      }
      ASSERT_EQ(jump.doc(), want->first) << key << " target " << target;
      EXPECT_EQ(jump.tf(), want->second.size());
      // Positions of scattered documents (decoded alone, the first two of a block), sometimes
      // asked twice.
      if (rng() % 3 == 0) {
        for (int twice = rng() % 4 == 0 ? 2 : 1; twice > 0; --twice) {
          auto got = jump.Positions();
          EXPECT_EQ(std::vector<uint32_t>(got.begin(), got.end()), want->second)
              << key << " " << want->first;
        }
      }
    }
  }
  EXPECT_GT(multi_block, 5u);  // the corpus exercises block skipping
  auto missing = reader.Lookup(std::string(1, '\1') + "nope");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
  // Keys next to stored ones (extended, cut short, last byte changed, before the first, after
  // the last) are found exactly when stored.
  size_t probes = 0;
  for (const auto& [key, docs] : c.ref) {
    std::vector<std::string> near = {key + "0", key + "\xff", key.substr(0, key.size() - 1),
                                     std::string(1, '\0'), std::string(1, '\x7f')};
    std::string bumped = key;
    bumped.back() = static_cast<char>(bumped.back() + 1);
    near.push_back(bumped);
    bumped.back() = static_cast<char>(bumped.back() - 2);
    near.push_back(bumped);
    for (const std::string& probe : near) {
      auto found = reader.Lookup(probe);
      ASSERT_TRUE(found.ok()) << probe;
      const auto want = c.ref.find(probe);
      ASSERT_EQ(found->has_value(), want != c.ref.end()) << probe;
      if (want != c.ref.end()) {
        EXPECT_EQ((*found)->df, want->second.size()) << probe;
      }
      ++probes;
    }
  }
  EXPECT_GT(probes, c.ref.size());
  // Prefix enumeration equals the reference's range.
  const std::string prefix = std::string(1, '\1') + "t1";
  std::vector<std::string> want, got;
  for (auto it = c.ref.lower_bound(prefix); it != c.ref.end() && it->first.rfind(prefix, 0) == 0;
       ++it) {
    want.push_back(it->first);
  }
  ASSERT_TRUE(reader
                  .ForEachTermWithPrefix(prefix,
                                         [&](std::string_view k, const TermInfo&) {
                                           got.emplace_back(k);
                                           return true;
                                         })
                  .ok());
  EXPECT_EQ(got, want);
  EXPECT_FALSE(want.empty());
  EXPECT_TRUE(reader.VerifyAll().ok());
}

TEST_F(PostingsFileTest, AnEmptyBatchWritesAValidFile) {
  PostingsWriter w;
  ASSERT_TRUE(w.AddDocument({}).ok());
  ASSERT_TRUE(w.Finish(Env::Default(), Path(), 1).ok());
  auto r = PostingsReader::Open(Env::Default(), Path());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)->doc_count(), 1u);
  EXPECT_EQ((*r)->term_count(), 0u);
  EXPECT_FALSE((*r)->Lookup("\1x")->has_value());
  EXPECT_TRUE((*r)->VerifyAll().ok());
}

TEST_F(PostingsFileTest, DamageIsFoundAndNamed) {
  std::mt19937_64 rng(Seed("PostingsDamage"));
  PostingsWriter w;
  Build(rng, 300, 500, &w);
  ASSERT_TRUE(w.Finish(Env::Default(), Path(), 3).ok());
  std::string bytes;
  {
    std::ifstream f(Path(), std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(f), {});
  }
  auto write = [&](const std::string& b) {
    std::ofstream f(Path(), std::ios::binary | std::ios::trunc);
    f << b;
  };
  // A flipped byte in the postings: Open succeeds (lists are checked lazily), VerifyAll fails.
  std::string flipped = bytes;
  flipped[postings_format::kHeaderSize + 40] ^= 0x5A;
  write(flipped);
  auto r = PostingsReader::Open(Env::Default(), Path());
  ASSERT_TRUE(r.ok());
  Status v = (*r)->VerifyAll();
  EXPECT_EQ(v.code(), StatusCode::kCorruption);
  EXPECT_NE(v.message().find("idx-000007.slp"), std::string::npos);
  // A flipped byte in the dictionary or footer: Open fails.
  for (size_t at : {bytes.size() - 200, bytes.size() - 30, size_t{10}}) {
    std::string b = bytes;
    b[at] ^= 0x01;
    write(b);
    EXPECT_EQ(PostingsReader::Open(Env::Default(), Path()).status().code(),
              StatusCode::kCorruption)
        << at;
  }
  // Truncated.
  write(bytes.substr(0, bytes.size() / 2));
  EXPECT_EQ(PostingsReader::Open(Env::Default(), Path()).status().code(), StatusCode::kCorruption);
}

TEST_F(PostingsFileTest, PartsWithDroppedDocumentsWriteTheSameFileAsOneBuilderOfTheRest) {
  std::mt19937_64 rng(Seed("PostingsParts"));
  // Random documents; some are dropped (as ingest drops an article seen twice in its input).
  std::vector<std::vector<FieldTerms>> docs;
  for (int d = 0; d < 400; ++d) {
    std::vector<FieldTerms> fields(2);
    for (uint8_t f = 0; f < 2; ++f) {
      fields[f].field = f;
      for (size_t p = rng() % (f == 0 ? 10 : 300); p > 0; --p) {
        fields[f].terms.push_back("w" + std::to_string(rng() % 500));
      }
    }
    docs.push_back(std::move(fields));
  }
  std::vector<bool> dropped(docs.size());
  for (size_t d = 0; d < docs.size(); ++d) dropped[d] = rng() % 7 == 0;
  PostingsWriter whole;
  for (size_t d = 0; d < docs.size(); ++d) {
    if (!dropped[d]) {
      ASSERT_TRUE(whole.AddDocument(docs[d]).ok());
    }
  }
  ASSERT_TRUE(whole.Finish(Env::Default(), tmp_.path() + "/whole.slp", 9).ok());
  std::vector<PostingsPart> parts;
  uint32_t next = 0;
  for (size_t begin : {size_t{0}, size_t{130}, size_t{131}, size_t{290}}) {
    const size_t end = begin == 0 ? 130 : begin == 130 ? 131 : begin == 131 ? 290 : docs.size();
    auto b = std::make_shared<InvertedIndexBuilder>();
    PostingsPart part;
    for (size_t d = begin; d < end; ++d) {
      ASSERT_TRUE(b->AddDocument(docs[d]).ok());
      part.ordinal_of.push_back(dropped[d] ? kDroppedDoc : next++);
    }
    b->Seal();
    part.builder = b;
    parts.push_back(std::move(part));
  }
  auto info = WritePostingsFile(Env::Default(), tmp_.path() + "/parts.slp", 9, parts);
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->doc_count, next);
  auto read = [](const std::string& p) {
    std::ifstream f(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), {});
  };
  EXPECT_EQ(read(tmp_.path() + "/whole.slp"), read(tmp_.path() + "/parts.slp"));
  // Encoded in two halves on two threads (forced here; large batches do it by default), or in
  // one pass: the same file.
  ASSERT_TRUE(
      WritePostingsFile(Env::Default(), tmp_.path() + "/serial.slp", 9, parts, SIZE_MAX).ok());
  ASSERT_TRUE(WritePostingsFile(Env::Default(), tmp_.path() + "/halves.slp", 9, parts, 0).ok());
  EXPECT_EQ(read(tmp_.path() + "/serial.slp"), read(tmp_.path() + "/parts.slp"));
  EXPECT_EQ(read(tmp_.path() + "/halves.slp"), read(tmp_.path() + "/serial.slp"));
  // Numbering that is not 0, 1, 2 ... is refused.
  parts[1].ordinal_of[0] = 0;
  EXPECT_FALSE(WritePostingsFile(Env::Default(), tmp_.path() + "/bad.slp", 9, parts).ok());
}

// Documents from a fixed generator (not the test seed: the bytes are pinned below), with keys
// that share 8-byte prefixes, are prefixes of each other, or hold bytes >= 0x80, and tokens not
// indexed.
std::vector<std::vector<FieldTerms>> PinnedDocuments() {
  const std::vector<std::string> words = {
      "a", "internat", "internation", "international", "internationale", "internationals",
      "caf\xc3\xa9", "cafe", "na\xc3\xafve", "zzzzzzzz", "zzzzzzzzz", "\xe2\x82\xac", "2016",
      "u.s.", "elect", "election", "oil", "oilfield", "the", "market", "price", "x"};
  std::mt19937_64 rng(20261129);
  std::vector<std::vector<FieldTerms>> docs(700);
  for (auto& doc : docs) {
    doc.resize(2);
    for (uint8_t f = 0; f < 2; ++f) {
      doc[f].field = f;
      const size_t n = f == 0 ? rng() % 8 : rng() % 300;
      for (size_t i = 0; i < n; ++i) {
        const uint64_t r = rng();
        doc[f].terms.push_back(r % 17 == 0 ? std::string() : words[(r >> 8) % words.size()]);
      }
    }
  }
  return docs;
}

std::string ReadFileBytes(const std::string& p) {
  std::ifstream f(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

TEST_F(PostingsFileTest, FilesAreByteForByteThoseOfTheFormerEncoder) {
  // The checksum of the file the encoder wrote before its term sort and merge compared key
  // prefixes (commit 7d78cf4): the bytes of a postings file must not change with the code.
  const auto docs = PinnedDocuments();
  std::vector<PostingsPart> parts;
  uint32_t next = 0;
  for (size_t begin = 0; begin < docs.size(); begin += 100) {
    // Two fields (title, body), as files had before the url field: same format, same bytes.
    auto b = std::make_shared<InvertedIndexBuilder>(2);
    PostingsPart part;
    for (size_t d = begin; d < begin + 100; ++d) {
      ASSERT_TRUE(b->AddDocument(docs[d]).ok());
      part.ordinal_of.push_back(d % 13 == 5 ? kDroppedDoc : next++);
    }
    b->Seal();
    part.builder = b;
    parts.push_back(std::move(part));
  }
  for (const size_t parallel_min_bytes : {size_t{0}, SIZE_MAX}) {
    const std::string path = tmp_.path() + "/pinned.slp";
    ASSERT_TRUE(WritePostingsFile(Env::Default(), path, 3, parts, parallel_min_bytes).ok());
    const std::string bytes = ReadFileBytes(path);
    EXPECT_EQ(bytes.size(), kPinnedSize);
    EXPECT_EQ(Hash64(bytes), kPinnedHash) << std::hex << Hash64(bytes);
  }
}

TEST_F(PostingsFileTest, DocumentsGivenAsVocabularyIdsWriteTheSameFileAsTerms) {
  const auto docs = PinnedDocuments();
  // A vocabulary that grows as documents come, ids in order of first sight.
  std::vector<std::string> vocabulary;
  std::map<std::string, uint32_t> id_of;
  PostingsWriter by_terms;
  auto by_ids = std::make_shared<InvertedIndexBuilder>();
  for (const auto& doc : docs) {
    ASSERT_TRUE(by_terms.AddDocument(doc).ok());
    std::vector<FieldTermIds> ids(doc.size());
    for (size_t f = 0; f < doc.size(); ++f) {
      ids[f].field = doc[f].field;
      for (const std::string& t : doc[f].terms) {
        if (t.empty() && ids[f].ids.size() % 2 == 0) {  // both ways of a token not indexed
          ids[f].ids.push_back(kNotIndexed);
          continue;
        }
        auto [it, added] = id_of.emplace(t, static_cast<uint32_t>(vocabulary.size()));
        if (added) vocabulary.push_back(t);
        ids[f].ids.push_back(it->second);
      }
    }
    ASSERT_TRUE(by_ids->AddDocument(ids, vocabulary).ok());
  }
  ASSERT_TRUE(by_terms.Finish(Env::Default(), tmp_.path() + "/terms.slp", 4).ok());
  by_ids->Seal();
  PostingsPart part{by_ids, std::vector<uint32_t>(by_ids->doc_count())};
  for (uint32_t d = 0; d < part.ordinal_of.size(); ++d) part.ordinal_of[d] = d;
  ASSERT_TRUE(WritePostingsFile(Env::Default(), tmp_.path() + "/ids.slp", 4,
                                std::span<const PostingsPart>(&part, 1))
                  .ok());
  EXPECT_EQ(ReadFileBytes(tmp_.path() + "/terms.slp"), ReadFileBytes(tmp_.path() + "/ids.slp"));
}

TEST(InvertedIndexBuilderTest, TermsAndIdsDoNotMixAndIdsStayInTheirVocabulary) {
  std::vector<std::string> vocabulary = {"oil"};
  std::vector<FieldTermIds> ids(1);
  ids[0].field = kBodyField;
  ids[0].ids = {0};
  std::vector<FieldTerms> terms(1);
  terms[0].field = kBodyField;
  terms[0].terms = {"oil"};
  InvertedIndexBuilder a;
  ASSERT_TRUE(a.AddDocument(ids, vocabulary).ok());
  EXPECT_FALSE(a.AddDocument(terms).ok());
  ids[0].ids = {1};
  EXPECT_FALSE(a.AddDocument(ids, vocabulary).ok());
  InvertedIndexBuilder b;
  ASSERT_TRUE(b.AddDocument(terms).ok());
  ids[0].ids = {0};
  EXPECT_FALSE(b.AddDocument(ids, vocabulary).ok());
}

TEST(PostingsRegressionTest, AHugeFrequencyInADamagedListIsCorruptionNotAnAllocation) {
  // Found by fuzz_postings_reader: a frequency of ~1.5 billion sized the positions buffer.
  const std::string path =
      std::string(STORYLINE_SOURCE_DIR) + "/src/index/testdata/postings_huge_tf.slp";
  auto r = PostingsReader::Open(Env::Default(), path);
  if (!r.ok()) {
    EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
    return;
  }
  Status walked = (*r)->ForEachTermWithPrefix("", [&](std::string_view, const TermInfo& info) {
    PostingIterator it = (*r)->Postings(info);
    for (; it.doc() != PostingIterator::kEnd; it.Next()) (void)it.Positions();
    return true;
  });
  EXPECT_TRUE(walked.ok());
  EXPECT_EQ((*r)->VerifyAll().code(), StatusCode::kCorruption);
}

}  // namespace
}  // namespace storyline
