// Tests of the entities stage: CoNLL decoding, labels, the model file, training, the shipped
// model on the seed articles, and the in-article resolution rules.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <string>

#include "common/test_seed_for_test.h"
#include "entities/conll_reader.h"
#include "entities/embedded_model.h"
#include "entities/entity_recognizer.h"
#include "entities/known_people.h"
#include "entities/media_names.h"
#include "entities/ner_model.h"
#include "entities/ner_tagger.h"
#include "entities/ner_trainer.h"
#include "storyline/env.h"

namespace storyline {
namespace {

std::string ReadSource(const std::string& rel) {
  auto text = ReadFileToString(Env::Default(), std::string(STORYLINE_SOURCE_DIR) + "/" + rel);
  EXPECT_TRUE(text.ok()) << rel;
  return text.ok() ? *text : std::string();
}

TEST(ConllReaderTest, DecodesIob1AdjacentMentionsAndBilou) {
  std::vector<TokenSpan> spans;
  // IOB1: B- only separates two adjacent mentions of one type.
  ASSERT_TRUE(DecodeTags({"I-PER", "I-PER", "B-PER", "O", "I-LOC"}, &spans));
  EXPECT_EQ(spans, (std::vector<TokenSpan>{{0, 2, EntityType::kPer},
                                           {2, 3, EntityType::kPer},
                                           {4, 5, EntityType::kLoc}}));
  ASSERT_TRUE(DecodeTags({"B-ORG", "L-ORG", "U-MISC", "O"}, &spans));
  EXPECT_EQ(spans, (std::vector<TokenSpan>{{0, 2, EntityType::kOrg}, {2, 3, EntityType::kMisc}}));
  // A type change inside a run starts a new mention.
  ASSERT_TRUE(DecodeTags({"I-PER", "I-ORG"}, &spans));
  EXPECT_EQ(spans.size(), 2u);
  EXPECT_FALSE(DecodeTags({"I-FOO"}, &spans));
}

TEST(ConllReaderTest, SplitsDocumentsAndNamesTheBadLine) {
  auto docs = ParseConll(ReadSource("src/entities/testdata/tiny.conll"), "tiny.conll");
  ASSERT_TRUE(docs.ok()) << docs.status().ToString();
  ASSERT_EQ(docs->size(), 2u);
  EXPECT_EQ((*docs)[0].sentences.size(), 2u);
  EXPECT_EQ((*docs)[0].sentences[1].spans.size(), 3u);  // European Commission, German, Brussels
  auto bad = ParseConll("Peter I-PER\nBlackburn X-PER\n", "bad.conll");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("bad.conll:2"), std::string::npos);
}

TEST(NerTaggerTest, LabelsAndSpansRoundTrip) {
  std::vector<TokenSpan> spans = {{0, 1, EntityType::kLoc}, {2, 5, EntityType::kPer}};
  std::vector<int> labels;
  NerTagger::SpansToLabels(spans, 6, &labels);
  EXPECT_EQ(labels[0], NerLabel(2, 3));  // U-LOC
  EXPECT_EQ(labels[2], NerLabel(0, 0));  // B-PER
  EXPECT_EQ(labels[3], NerLabel(0, 1));  // I-PER
  EXPECT_EQ(labels[4], NerLabel(0, 2));  // L-PER
  std::vector<TokenSpan> back;
  NerTagger::LabelsToSpans(labels, &back);
  EXPECT_EQ(back, spans);
  EXPECT_FALSE(NerTransitionAllowed(NerLabel(0, 0), 0));            // B-PER then O
  EXPECT_FALSE(NerTransitionAllowed(NerLabel(0, 0), NerLabel(1, 1)));  // B-PER then I-ORG
  EXPECT_TRUE(NerTransitionAllowed(NerLabel(0, 1), NerLabel(0, 2)));   // I-PER then L-PER
  EXPECT_FALSE(NerTransitionAllowed(-1, NerLabel(0, 1)));              // I at the start
}

class TrainedTinyModel : public ::testing::Test {
 protected:
  static std::unique_ptr<NerModel> Train(uint64_t seed, int hint_folds = 2) {
    auto docs = ParseConll(ReadSource("src/entities/testdata/tiny.conll"), "tiny.conll");
    EXPECT_TRUE(docs.ok());
    NerTrainOptions o;
    o.epochs = 10;
    o.seed = seed;
    o.hint_folds = hint_folds;
    o.gazetteer_min = 1;
    auto model = TrainNerModel(*docs, WordClusterTable(), o, "{\"test\":true}");
    EXPECT_TRUE(model.ok());
    return std::move(model).value();
  }
};

TEST_F(TrainedTinyModel, TrainingIsDeterministicForASeed) {
  std::string a = Train(7)->Serialize();
  std::string b = Train(7)->Serialize();
  EXPECT_EQ(a, b);
}

TEST_F(TrainedTinyModel, LearnsItsTrainingData) {
  auto model = Train(1, /*hint_folds=*/0);
  auto docs = ParseConll(ReadSource("src/entities/testdata/tiny.conll"), "tiny.conll");
  NerCounts counts = EvaluateNerModel(*model, *docs);
  EXPECT_GE(counts.F1(), 0.9);
}

TEST_F(TrainedTinyModel, ModelFileRoundTripsAndDamageIsReported) {
  auto model = Train(1);
  std::string bytes = model->Serialize();
  auto back = NerModel::Parse(bytes, "m.slner");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ((*back)->Serialize(), bytes);
  EXPECT_EQ((*back)->metadata(), "{\"test\":true}");

  auto expect_corrupt = [](const std::string& data, const std::string& what) {
    auto r = NerModel::Parse(data, "m.slner");
    ASSERT_FALSE(r.ok()) << what;
    EXPECT_EQ(r.status().code(), StatusCode::kCorruption) << what;
    EXPECT_NE(r.status().message().find("m.slner"), std::string::npos) << what;
  };
  expect_corrupt("", "empty");
  expect_corrupt("not a model at all, just some text", "no magic");
  expect_corrupt(bytes.substr(0, bytes.size() / 2), "truncated");
  std::string flipped = bytes;
  flipped[8] ^= 1;  // format version
  expect_corrupt(flipped, "version");
  flipped = bytes;
  flipped[12] ^= 1;  // feature version
  expect_corrupt(flipped, "feature version");
  flipped = bytes;
  flipped[24] ^= 1;  // checksum
  expect_corrupt(flipped, "checksum");
  flipped = bytes;
  flipped[bytes.size() - 3] ^= 0x55;  // compressed body
  expect_corrupt(flipped, "body");
}

// The acceptance case: the people, organisations and places of the seed articles.
class SeedEntities : public ::testing::Test {
 protected:
  void SetUp() override {
    auto model = NerModel::Parse(EmbeddedNerModel(), "built-in");
    ASSERT_TRUE(model.ok()) << model.status().ToString();
    model_ = std::move(model).value();
  }
  std::vector<ArticleEntity> Entities(const std::string& file, std::string* text,
                                      std::vector<EntityMention>* mentions) {
    *text = ReadSource("examples/" + file);
    EntityRecognizer r(model_.get());
    std::vector<ArticleEntity> entities;
    r.Recognize("", *text, mentions, &entities);
    return entities;
  }
  std::unique_ptr<NerModel> model_;
};

TEST_F(SeedEntities, FindsThePeopleOrganisationsAndPlaces) {
  std::set<std::string> found;
  for (const char* f : {"000_959d2f4e196e2067.txt", "001_85f2262cd321ad9c.txt",
                        "004_8e91078493eb5b9b.txt"}) {
    std::string text;
    std::vector<EntityMention> mentions;
    for (const ArticleEntity& e : Entities(f, &text, &mentions)) {
      found.insert(std::string(EntityTypeName(e.type)) + " " + e.name);
    }
  }
  // What the shipped model and the known news organisations find. "Barack Obama" is written
  // only as "President Obama": the archive names him (KnownPeople, EntityStage), not the article.
  for (const char* want :
       {"PER Sadiq Khan", "PER Donald Trump", "PER Hillary Clinton", "PER Zac Goldsmith",
        "PER Bill de Blasio", "PER Zohran Mamdani", "PER Andrew Cuomo", "PER Josh Earnest",
        "PER Volodymyr Zelensky", "PER Obama", "LOC London", "LOC New York", "LOC Chicago",
        "LOC Austin", "LOC Washington", "LOC Lynden", "LOC Trafalgar Square", "LOC Brick Lane",
        "ORG Conservative Party", "ORG Labour", "ORG Republican Party", "ORG MSNBC",
        "ORG New York Times", "ORG Truth Social", "ORG AFP", "ORG Press TV", "ORG Time",
        "ORG Getty Images", "ORG LBC", "ORG White House", "MISC Pakistani", "MISC Muslim"}) {
    EXPECT_TRUE(found.count(want)) << want;
  }
}

// Any bytes may reach the recogniser (ingest accepts any text): mentions stay inside their field
// and point at an entity, whatever the input.
TEST_F(SeedEntities, AnyTextGivesMentionsInsideTheText) {
  std::mt19937_64 rng(testing::TestSeed("AnyTextGivesMentionsInsideTheText"));
  const std::vector<std::string> pieces = {
      "Khan", "Mr", "Mayor", " ", "  ", "\n", "\xC2\xA0", "\xE2\x80\x99s", "'s", "New York",
      "U.S.", "BBC", "Time", "with", "the", "The", ".", ",", "\"", "\xE2\x80\x9C", "Getty Images",
      "\xFF", "\xC3", "\xF0\x9F\x98\x80", "Zac Goldsmith", "London Mayor Sadiq Khan", "of",
      "ZZZ", "x", "1860", "-", "Press TV", "MSNBC\xE2\x80\x99s Morning Joe", "Street", "Lane"};
  EntityRecognizer r(model_.get());
  std::vector<EntityMention> mentions;
  std::vector<ArticleEntity> entities;
  for (int round = 0; round < 300; ++round) {
    std::string title, text;
    size_t n = rng() % 60;
    for (size_t i = 0; i < n; ++i) {
      std::string& dst = (rng() % 5 == 0) ? title : text;
      dst += pieces[rng() % pieces.size()];
      if (rng() % 2) dst += " ";
    }
    r.Recognize(title, text, &mentions, &entities);
    for (const EntityMention& m : mentions) {
      size_t size = m.field == ArticleField::kTitle ? title.size() : text.size();
      ASSERT_LT(m.begin, m.end);
      ASSERT_LE(m.end, size);
      ASSERT_LT(m.entity, entities.size());
    }
    for (const ArticleEntity& e : entities) {
      EXPECT_FALSE(e.name.empty());
      EXPECT_EQ(e.aliases.size(), e.alias_mentions.size());
    }
  }
}

TEST_F(SeedEntities, KhanIsSadiqKhanInEveryArticle) {
  for (const char* f : {"000_959d2f4e196e2067.txt", "001_85f2262cd321ad9c.txt",
                        "004_8e91078493eb5b9b.txt"}) {
    std::string text;
    std::vector<EntityMention> mentions;
    auto entities = Entities(f, &text, &mentions);
    int khans = 0;
    for (const EntityMention& m : mentions) {
      std::string_view surface(text.data() + m.begin, m.end - m.begin);
      if (surface != "Khan") continue;
      ++khans;
      EXPECT_EQ(entities[m.entity].name, "Sadiq Khan") << f;
    }
    EXPECT_GT(khans, 0) << f;
  }
}

std::vector<EntityMention> MentionsOf(std::string_view text,
                                      std::vector<std::pair<std::string, EntityType>> spans) {
  std::vector<EntityMention> out;
  size_t from = 0;
  for (auto& [s, type] : spans) {
    size_t at = text.find(s, from);
    EXPECT_NE(at, std::string_view::npos) << s;
    out.push_back({ArticleField::kText, static_cast<uint32_t>(at),
                   static_cast<uint32_t>(at + s.size()), type, 0});
    from = at + s.size();
  }
  return out;
}

TEST(ResolveArticleMentionsTest, SurnamesJoinTheOnePersonAndTitlesSplitOff) {
  std::string text =
      "London Mayor Sadiq Khan spoke. Mr Khan said Khan's plan works. London agreed.";
  auto mentions = MentionsOf(text, {{"London Mayor Sadiq Khan", EntityType::kOrg},
                                    {"Mr Khan", EntityType::kPer},
                                    {"Khan", EntityType::kLoc},
                                    {"London", EntityType::kLoc}});
  auto entities = ResolveArticleMentions("", text, &mentions);
  ASSERT_EQ(entities.size(), 2u);
  EXPECT_EQ(entities[0].name, "London");
  EXPECT_EQ(entities[0].mention_count, 2u);
  EXPECT_EQ(entities[1].name, "Sadiq Khan");
  EXPECT_EQ(entities[1].type, EntityType::kPer);
  EXPECT_EQ(entities[1].mention_count, 3u);
}

TEST(ResolveArticleMentionsTest, APossessiveInsideAMentionSplitsIt) {
  std::string text = "He told MSNBC\xE2\x80\x99s Morning Joe that MSNBC was fair.";
  auto mentions = MentionsOf(text, {{"MSNBC\xE2\x80\x99s Morning Joe", EntityType::kOrg},
                                    {"MSNBC", EntityType::kOrg}});
  auto entities = ResolveArticleMentions("", text, &mentions);
  ASSERT_EQ(entities.size(), 2u);
  EXPECT_EQ(entities[0].name, "MSNBC");
  EXPECT_EQ(entities[0].mention_count, 2u);
  EXPECT_EQ(entities[1].name, "Morning Joe");
}

TEST(ResolveArticleMentionsTest, TwoPeopleWithOneSurnameAreNotGuessed) {
  std::string text = "Hillary Clinton and Bill Clinton spoke. Clinton said no.";
  auto mentions = MentionsOf(text, {{"Hillary Clinton", EntityType::kPer},
                                    {"Bill Clinton", EntityType::kPer},
                                    {"Clinton", EntityType::kPer}});
  auto entities = ResolveArticleMentions("", text, &mentions);
  EXPECT_EQ(entities.size(), 3u);  // "Clinton" stays on its own
}

TEST(ResolveArticleMentionsTest, AcronymsJoinTheirOrganisation) {
  std::string text = "The British Broadcasting Corporation said the BBC would answer.";
  auto mentions = MentionsOf(text, {{"British Broadcasting Corporation", EntityType::kOrg},
                                    {"BBC", EntityType::kOrg}});
  auto entities = ResolveArticleMentions("", text, &mentions);
  ASSERT_EQ(entities.size(), 1u);
  EXPECT_EQ(entities[0].aliases.size(), 2u);
}

TEST(MediaNamesTest, KnownOrganisationsReplaceTheTaggersGuessAndCommonWordsNeedACue) {
  std::vector<std::string_view> words = {"Photo", "by", "Getty", "Images", "and", "Time", "."};
  std::vector<TokenSpan> spans = {{2, 4, EntityType::kPer}};
  MediaNames::Default().Apply(words, &spans);
  EXPECT_EQ(spans, (std::vector<TokenSpan>{{2, 4, EntityType::kOrg}}));  // "and Time": no cue
  std::vector<std::string_view> told = {"He", "told", "Time", "and", "The", "Observer", "."};
  spans = {{4, 6, EntityType::kOrg}};
  MediaNames::Default().Apply(told, &spans);
  EXPECT_EQ(spans, (std::vector<TokenSpan>{{2, 3, EntityType::kOrg}, {4, 6, EntityType::kOrg}}));
  std::vector<std::string_view> start = {"Time", "will", "tell", "."};
  spans.clear();
  MediaNames::Default().Apply(start, &spans);
  EXPECT_TRUE(spans.empty());
}

TEST(NormalizeEntityNameTest, DropsTitlesPossessivesAndExtraSpace) {
  EXPECT_EQ(NormalizeEntityName("Mr.  Sadiq\nKhan\xE2\x80\x99s", EntityType::kPer), "Sadiq Khan");
  EXPECT_EQ(NormalizeEntityName("President Obama", EntityType::kPer), "Obama");
  EXPECT_EQ(NormalizeEntityName("President", EntityType::kPer), "President");
  EXPECT_EQ(NormalizeEntityName("\xE2\x80\x9C", EntityType::kMisc), "");
  EXPECT_EQ(EntityNameKey("U.S."), "us");
}

}  // namespace
}  // namespace storyline

namespace storyline {
namespace {

TEST(KnownPeopleTest, ParsesTheTableAndNamesTheBadLine) {
  auto table = KnownPeople::Parse(
      "# comment\nreagan\tRonald Reagan\t53\t58\nabe\tShintaro Abe\t16\t19\n", "t.tsv");
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ(table->size(), 2u);
  EXPECT_EQ(table->FullName("reagan").value_or(""), "Ronald Reagan");
  EXPECT_EQ(table->FullName("abe").value_or(""), "Shintaro Abe");
  EXPECT_FALSE(table->FullName("ab").has_value());
  EXPECT_FALSE(table->FullName("zz").has_value());
  for (const char* bad : {"reagan\tRonald Reagan\t53\n", "reagan\tReagan\t1\t1\n",
                          "\tRonald Reagan\t1\t1\n"}) {
    auto parsed = KnownPeople::Parse(std::string("# ok\n") + bad, "t.tsv");
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.status().code(), StatusCode::kCorruption);
    EXPECT_NE(parsed.status().message().find("t.tsv: line 2"), std::string::npos);
  }
}

TEST(KnownPeopleTest, TheBuiltInTableKnowsWhomNewsMeansByASurname) {
  const KnownPeople& table = KnownPeople::Default();
  EXPECT_GT(table.size(), 100u);
  EXPECT_EQ(table.FullName("obama").value_or(""), "Barack Obama");
  EXPECT_EQ(table.FullName("trump").value_or(""), "Donald Trump");
  // Not a surname of one dominant person, or not a person at all.
  EXPECT_FALSE(table.FullName("smith").has_value());
  EXPECT_FALSE(table.FullName("london").has_value());
}

}  // namespace
}  // namespace storyline
