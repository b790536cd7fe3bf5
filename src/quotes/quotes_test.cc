#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "common/test_seed_for_test.h"
#include "entities/embedded_model.h"
#include "entities/entity_recognizer.h"
#include "entities/ner_model.h"
#include "quotes/quote_finder.h"
#include "quotes/quote_links.h"
#include "quotes/quote_marks.h"

namespace storyline {
namespace {

// An article's text with hand-made mentions: each name is marked as a mention of its entity
// wherever it occurs, so the rules are tested without the recogniser.
struct Doc {
  Doc() = default;
  explicit Doc(std::string t) : text(std::move(t)) {}

  std::string text;
  std::vector<EntityMention> mentions;
  std::vector<ArticleEntity> entities;

  // Adds an entity and marks every occurrence of each alias (longest alias first).
  Doc& Entity(EntityType type, std::string name, std::vector<std::string> aliases) {
    ArticleEntity e;
    e.type = type;
    e.name = name;
    e.aliases = aliases;
    uint32_t id = static_cast<uint32_t>(entities.size());
    entities.push_back(e);
    std::vector<bool> taken(text.size(), false);
    for (const EntityMention& m : mentions) {
      for (uint32_t i = m.begin; i < m.end; ++i) taken[i] = true;
    }
    for (const std::string& alias : aliases) {
      for (size_t at = text.find(alias); at != std::string::npos;
           at = text.find(alias, at + alias.size())) {
        if (taken[at]) continue;
        mentions.push_back({ArticleField::kText, static_cast<uint32_t>(at),
                            static_cast<uint32_t>(at + alias.size()), type, id});
        for (size_t i = at; i < at + alias.size(); ++i) taken[i] = true;
      }
    }
    std::sort(mentions.begin(), mentions.end(),
              [](const EntityMention& a, const EntityMention& b) { return a.begin < b.begin; });
    return *this;
  }

  std::vector<Quote> Find() const { return FindQuotes(text, mentions, entities); }
  std::string Of(TextSpan s) const { return text.substr(s.begin, s.end - s.begin); }
  std::string EntityOf(const Quote& q) const {
    return q.speaker_entity == kNoEntity ? "" : entities[q.speaker_entity].name;
  }
};

TEST(QuoteFinderTest, CurlyQuoteWithNameAndCueAfterIt) {
  Doc d{"Sadiq Khan won. “We will win again,” Khan said."};
  d.Entity(EntityType::kPer, "Sadiq Khan", {"Sadiq Khan", "Khan"});
  auto quotes = d.Find();
  ASSERT_EQ(quotes.size(), 1u);
  const Quote& q = quotes[0];
  EXPECT_EQ(d.Of(q.content), "We will win again,");
  ASSERT_EQ(q.parts.size(), 1u);
  EXPECT_EQ(q.parts[0], q.content);
  EXPECT_EQ(q.kind, QuoteKind::kFull);
  EXPECT_FALSE(q.partial());
  EXPECT_EQ(d.Of(q.cue), "said");
  EXPECT_EQ(q.speaker_kind, SpeakerKind::kName);
  EXPECT_EQ(d.Of(q.speaker), "Khan");
  EXPECT_EQ(d.EntityOf(q), "Sadiq Khan");
  EXPECT_FALSE(q.inherited);
}

TEST(QuoteFinderTest, StraightQuotesWithInvertedCue) {
  Doc d{"\"Nobody expected this,\" said Khan."};
  d.Entity(EntityType::kPer, "Sadiq Khan", {"Khan"});
  auto quotes = d.Find();
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_EQ(d.Of(quotes[0].content), "Nobody expected this,");
  EXPECT_EQ(d.Of(quotes[0].cue), "said");
  EXPECT_EQ(d.Of(quotes[0].speaker), "Khan");
  EXPECT_EQ(d.EntityOf(quotes[0]), "Sadiq Khan");
}

TEST(QuoteFinderTest, GuillemetsWithCueBefore) {
  Doc d{"Macron told reporters: «We will act.» Then he left."};
  d.Entity(EntityType::kPer, "Emmanuel Macron", {"Macron"});
  auto quotes = d.Find();
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_EQ(d.Of(quotes[0].content), "We will act.");
  EXPECT_EQ(d.Of(quotes[0].cue), "told");
  EXPECT_EQ(d.EntityOf(quotes[0]), "Emmanuel Macron");
}

TEST(QuoteFinderTest, SingleQuotesNestedInDoubleQuotesBelongToTheContent) {
  Doc d{"“I’ll make it ‘hot’ and ‘great’ again,” Trump wrote on Truth Social."};
  d.Entity(EntityType::kPer, "Donald Trump", {"Trump"});
  auto quotes = d.Find();
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_EQ(d.Of(quotes[0].content), "I’ll make it ‘hot’ and ‘great’ again,");
  EXPECT_EQ(d.Of(quotes[0].cue), "wrote");
  EXPECT_EQ(d.EntityOf(quotes[0]), "Donald Trump");
}

TEST(QuoteFinderTest, BritishSingleQuotesAreQuotesButApostrophesAreNot) {
  Doc d{"‘We’ve won,’ Khan said. Khan’s team said it wasn’t over. Rock ’n’ roll."};
  d.Entity(EntityType::kPer, "Sadiq Khan", {"Khan"});
  auto quotes = d.Find();
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_EQ(d.Of(quotes[0].content), "We’ve won,");
  EXPECT_EQ(d.Of(quotes[0].speaker), "Khan");
}

TEST(QuoteFinderTest, QuoteOverSeveralParagraphsHasOnePartPerParagraph) {
  Doc d{
      "Khan said: “The first paragraph goes on.\n\n“The second one too.\n“And it ends here.”\n\n"
      "The reporter's text."};
  d.Entity(EntityType::kPer, "Sadiq Khan", {"Khan"});
  auto quotes = d.Find();
  ASSERT_EQ(quotes.size(), 1u);
  const Quote& q = quotes[0];
  ASSERT_EQ(q.parts.size(), 3u);
  EXPECT_EQ(d.Of(q.parts[0]), "The first paragraph goes on.");
  EXPECT_EQ(d.Of(q.parts[1]), "The second one too.");
  EXPECT_EQ(d.Of(q.parts[2]), "And it ends here.");
  EXPECT_EQ(q.content.begin, q.parts[0].begin);
  EXPECT_EQ(q.content.end, q.parts[2].end);
  EXPECT_EQ(d.EntityOf(q), "Sadiq Khan");
}

TEST(QuoteFinderTest, UnclosedQuoteEndsWithItsParagraph) {
  Doc d{"Khan said: “This never closes\nNext paragraph, no quote."};
  d.Entity(EntityType::kPer, "Sadiq Khan", {"Khan"});
  auto quotes = d.Find();
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_EQ(d.Of(quotes[0].content), "This never closes");
}

TEST(QuoteFinderTest, QuoteSplitByItsAttributionIsOneQuoteWithTwoParts) {
  Doc d{
      "Trump spoke on Monday. “There will always be exceptions,” he said, “and Khan may be "
      "one.”"};
  d.Entity(EntityType::kPer, "Donald Trump", {"Trump"});
  d.Entity(EntityType::kPer, "Sadiq Khan", {"Khan"});
  auto quotes = d.Find();
  ASSERT_EQ(quotes.size(), 1u);
  const Quote& q = quotes[0];
  ASSERT_EQ(q.parts.size(), 2u);
  EXPECT_EQ(d.Of(q.parts[0]), "There will always be exceptions,");
  EXPECT_EQ(d.Of(q.parts[1]), "and Khan may be one.");
  EXPECT_EQ(d.Of(q.speaker), "he");
  EXPECT_EQ(q.speaker_kind, SpeakerKind::kPronoun);
  EXPECT_EQ(d.EntityOf(q), "Donald Trump");  // a name inside a quote is no antecedent
}

TEST(QuoteFinderTest, QuoteContinuedInTheNextSentenceJoinsItsFirstPart) {
  Doc d{"“This is about all of us,” Khan said in a statement. “London has proved him wrong.”"};
  d.Entity(EntityType::kPer, "Sadiq Khan", {"Khan"});
  auto quotes = d.Find();
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_EQ(quotes[0].parts.size(), 2u);
  EXPECT_EQ(d.Of(quotes[0].parts[1]), "London has proved him wrong.");
}

TEST(QuoteFinderTest, TwoAttributedQuotesStaySeparate) {
  Doc d{"“Yes,” Khan said. “No,” Trump replied."};
  d.Entity(EntityType::kPer, "Sadiq Khan", {"Khan"});
  d.Entity(EntityType::kPer, "Donald Trump", {"Trump"});
  auto quotes = d.Find();
  ASSERT_EQ(quotes.size(), 2u);
  EXPECT_EQ(d.EntityOf(quotes[0]), "Sadiq Khan");
  EXPECT_EQ(d.EntityOf(quotes[1]), "Donald Trump");
  EXPECT_EQ(d.Of(quotes[1].cue), "replied");
}

TEST(QuoteFinderTest, PartialQuoteInsideASentenceIsMarkedPartial) {
  Doc d{"Hillary Clinton also congratulated Khan, calling him a “champion of workers’ rights.”"};
  d.Entity(EntityType::kPer, "Hillary Clinton", {"Hillary Clinton"});
  d.Entity(EntityType::kPer, "Sadiq Khan", {"Khan"});
  auto quotes = d.Find();
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_EQ(quotes[0].kind, QuoteKind::kPartial);
  EXPECT_TRUE(quotes[0].partial());
  EXPECT_EQ(d.Of(quotes[0].content), "champion of workers’ rights.");
  EXPECT_EQ(d.Of(quotes[0].cue), "calling");
  EXPECT_EQ(d.EntityOf(quotes[0]), "Hillary Clinton");
}

TEST(QuoteFinderTest, OneOrTwoQuotedWordsAreScareQuotes) {
  Doc d{
      "He beat the Conservative Party’s “Donald Trump approach” to elections. They are "
      "“ignorant” about Islam."};
  auto quotes = d.Find();
  ASSERT_EQ(quotes.size(), 2u);
  EXPECT_EQ(quotes[0].kind, QuoteKind::kPartial);  // three words
  EXPECT_EQ(quotes[1].kind, QuoteKind::kScare);
  EXPECT_EQ(d.Of(quotes[1].content), "ignorant");
}

TEST(QuoteFinderTest, TitleCaseWordsInsideASentenceAreATitle) {
  Doc d{"Trump told ABC’s “Good Morning America” that he was “ready to go to the White House.”"};
  d.Entity(EntityType::kPer, "Donald Trump", {"Trump"});
  auto quotes = d.Find();
  ASSERT_EQ(quotes.size(), 2u);
  EXPECT_EQ(quotes[0].kind, QuoteKind::kTitle);
  EXPECT_EQ(QuoteKindName(quotes[0].kind), "title");
  EXPECT_EQ(quotes[1].kind, QuoteKind::kPartial);
  EXPECT_EQ(d.EntityOf(quotes[1]), "Donald Trump");
}

TEST(QuoteFinderTest, PronounGoesToThePersonLastNamedAsASubject) {
  Doc d{"Khan, however, met Volodymyr Zelensky.\n“We talked about London,” he said."};
  d.Entity(EntityType::kPer, "Sadiq Khan", {"Khan"});
  d.Entity(EntityType::kPer, "Volodymyr Zelensky", {"Volodymyr Zelensky"});
  auto quotes = d.Find();
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_EQ(quotes[0].speaker_kind, SpeakerKind::kPronoun);
  EXPECT_EQ(d.EntityOf(quotes[0]), "Sadiq Khan");
}

TEST(QuoteFinderTest, PronounAfterAnotherPersonSpokeGoesToThatPerson) {
  Doc d{
      "“I will visit,” Khan said.\nTrump even suggested an exception for London’s mayor.\n"
      "“There will always be exceptions,” he said."};
  d.Entity(EntityType::kPer, "Sadiq Khan", {"Khan"});
  d.Entity(EntityType::kPer, "Donald Trump", {"Trump"});
  auto quotes = d.Find();
  ASSERT_EQ(quotes.size(), 2u);
  EXPECT_EQ(d.EntityOf(quotes[1]), "Donald Trump");
}

TEST(QuoteFinderTest, DescriptionIsKeptAsWrittenAndLinkedByTitle) {
  Doc d{"London Mayor Sadiq Khan spoke.\nThe London mayor said it was “a good day for London.”"};
  d.Entity(EntityType::kPer, "Sadiq Khan", {"Sadiq Khan"});
  auto quotes = d.Find();
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_EQ(quotes[0].speaker_kind, SpeakerKind::kDescription);
  EXPECT_EQ(d.Of(quotes[0].speaker), "The London mayor");
  EXPECT_EQ(d.EntityOf(quotes[0]), "Sadiq Khan");
}

TEST(QuoteFinderTest, DescriptionWithoutATitledNameHasNoEntity) {
  Doc d{"Sadiq Khan spoke.\nA spokesman for the campaign said: “We are confident.”"};
  d.Entity(EntityType::kPer, "Sadiq Khan", {"Sadiq Khan"});
  auto quotes = d.Find();
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_EQ(quotes[0].speaker_kind, SpeakerKind::kDescription);
  EXPECT_EQ(d.Of(quotes[0].speaker), "A spokesman for the campaign");
  EXPECT_EQ(quotes[0].speaker_entity, kNoEntity);
}

TEST(QuoteFinderTest, UnnamedSourceIsKeptAsWrittenEvenWhenItHoldsAName) {
  Doc d{"A London City Hall source told the newspaper: “He needs to moderate.”"};
  d.Entity(EntityType::kOrg, "London City Hall", {"London City Hall"});
  auto quotes = d.Find();
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_EQ(quotes[0].speaker_kind, SpeakerKind::kDescription);
  EXPECT_EQ(d.Of(quotes[0].speaker), "A London City Hall source");
  EXPECT_EQ(quotes[0].speaker_entity, kNoEntity);
  EXPECT_EQ(d.Of(quotes[0].cue), "told");
}

TEST(QuoteFinderTest, AccordingToNamesTheSpeakerAfterTheCue) {
  Doc d{"According to Khan, “The city is safe.”"};
  d.Entity(EntityType::kPer, "Sadiq Khan", {"Khan"});
  auto quotes = d.Find();
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_EQ(d.Of(quotes[0].cue), "According to");
  EXPECT_EQ(d.EntityOf(quotes[0]), "Sadiq Khan");
}

TEST(QuoteFinderTest, AppositionBetweenNameAndCue) {
  Doc d{"“We were wrong,” Ramos, a Univision anchor, told AFP."};
  d.Entity(EntityType::kPer, "Jorge Ramos", {"Ramos"});
  d.Entity(EntityType::kOrg, "AFP", {"AFP"});
  auto quotes = d.Find();
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_EQ(d.Of(quotes[0].speaker), "Ramos, a Univision anchor");
  EXPECT_EQ(d.EntityOf(quotes[0]), "Jorge Ramos");
}

TEST(QuoteFinderTest, ParagraphEndingWithAColonIntroducesTheQuote) {
  Doc d{"Cruz continued:\n\n“You look at the questions.”"};
  d.Entity(EntityType::kPer, "Ted Cruz", {"Cruz"});
  auto quotes = d.Find();
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_EQ(d.Of(quotes[0].cue), "continued");
  EXPECT_EQ(d.EntityOf(quotes[0]), "Ted Cruz");
}

TEST(QuoteFinderTest, QuoteWithoutACueAfterAnAttributedOneInheritsItsSpeaker) {
  Doc d{
      "Khan told LBC: “If he comes, I’d invite him.”\n“I think it is important.”\n"
      "Unrelated text.\n\n“A slogan”"};
  d.Entity(EntityType::kPer, "Sadiq Khan", {"Khan"});
  auto quotes = d.Find();
  ASSERT_EQ(quotes.size(), 3u);
  EXPECT_TRUE(quotes[1].inherited);
  EXPECT_TRUE(quotes[1].cue.empty());
  EXPECT_EQ(d.EntityOf(quotes[1]), "Sadiq Khan");
  EXPECT_FALSE(quotes[2].inherited);
  EXPECT_EQ(quotes[2].speaker_kind, SpeakerKind::kNone);
}

TEST(QuoteFinderTest, OffsetsAreBytesOfUtf8Text) {
  Doc d{"Zoë Müller — née Ångström — said: “Ça va très bien, merci.” Fin."};
  d.Entity(EntityType::kPer, "Zoë Müller", {"Zoë Müller"});
  auto quotes = d.Find();
  ASSERT_EQ(quotes.size(), 1u);
  const std::string expected = "Ça va très bien, merci.";
  EXPECT_EQ(quotes[0].content.begin, d.text.find(expected));
  EXPECT_EQ(quotes[0].content.end, d.text.find(expected) + expected.size());
  EXPECT_EQ(d.Of(quotes[0].cue), "said");
}

TEST(QuoteFinderTest, GivenTokensGiveTheSameQuotesAndBadTokensAreNotTrusted) {
  Doc d{"“We will win,” Khan said. He added: “Soon.”"};
  d.Entity(EntityType::kPer, "Sadiq Khan", {"Khan"});
  std::vector<Token> tokens;
  Tokenizer().Tokenize(d.text, &tokens);
  auto expected = d.Find();
  ASSERT_EQ(expected.size(), 2u);
  auto with_tokens = FindQuotes(d.text, tokens, d.mentions, d.entities);
  std::vector<Token> bad = {{5, 900, TokenKind::kWord, 0}, {0, 3, TokenKind::kWord, 0}};
  auto with_bad = FindQuotes(d.text, bad, d.mentions, d.entities);
  for (const auto* got : {&with_tokens, &with_bad}) {
    ASSERT_EQ(got->size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
      EXPECT_EQ((*got)[i].content, expected[i].content);
      EXPECT_EQ((*got)[i].speaker, expected[i].speaker);
      EXPECT_EQ((*got)[i].speaker_entity, expected[i].speaker_entity);
    }
  }
}

TEST(QuoteFinderTest, NoQuotationMarksNoQuotes) {
  Doc d{"Khan said he would visit New York before January."};
  EXPECT_TRUE(d.Find().empty());
  EXPECT_TRUE(FindQuotes("", {}, {}).empty());
}

TEST(QuoteFinderTest, MentionsOutOfRangeAreIgnored) {
  Doc d{"“Hi,” Khan said."};
  d.mentions.push_back({ArticleField::kText, 5, 500, EntityType::kPer, 0});
  d.mentions.push_back({ArticleField::kText, 0, 2, EntityType::kPer, 7});  // no such entity
  d.mentions.push_back({ArticleField::kTitle, 0, 2, EntityType::kPer, 0});
  auto quotes = d.Find();
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_EQ(d.Of(quotes[0].speaker), "Khan");
}

// Every span lies in the text, on character boundaries when the text is valid UTF-8; parts are in
// order inside the content; quotes do not overlap.
void CheckInvariants(const std::string& text, const std::vector<Quote>& quotes, bool valid_utf8) {
  auto boundary = [&](uint32_t at) {
    return at == text.size() || (static_cast<unsigned char>(text[at]) & 0xC0) != 0x80;
  };
  uint32_t prev_end = 0;
  for (const Quote& q : quotes) {
    ASSERT_FALSE(q.parts.empty());
    ASSERT_LE(q.content.begin, q.content.end);
    ASSERT_LE(q.content.end, text.size());
    ASSERT_GE(q.content.begin, prev_end);
    prev_end = q.content.end;
    uint32_t at = q.content.begin;
    for (const TextSpan& p : q.parts) {
      ASSERT_LT(p.begin, p.end);
      ASSERT_GE(p.begin, at);
      ASSERT_LE(p.end, q.content.end);
      at = p.end;
    }
    EXPECT_EQ(q.parts.front().begin, q.content.begin);
    EXPECT_EQ(q.parts.back().end, q.content.end);
    for (TextSpan s : {q.cue, q.speaker}) {
      ASSERT_LE(s.begin, s.end);
      ASSERT_LE(s.end, text.size());
    }
    ASSERT_GE(q.speaker_entity, kNoEntity);
    if (valid_utf8) {
      for (uint32_t x : {q.content.begin, q.content.end, q.cue.begin, q.cue.end, q.speaker.begin,
                         q.speaker.end}) {
        EXPECT_TRUE(boundary(x)) << x;
      }
    }
  }
}

TEST(QuoteFinderTest, RandomTextNeverCrashesAndSpansStayInRange) {
  std::mt19937_64 rng(testing::TestSeed("QuoteFinderTest.RandomText"));
  const std::vector<std::string> pieces = {
      "“",    "”",    "\"",     "‘",      "’",       "«",       "»",      "„",     " ",
      " ",    " ",    "\n",     "\n\n",   ",",       ".",       ":",      "—",     "(",
      ")",    "said", "he",     "she",    "Khan",    "Trump",   "the",    "mayor", "according",
      "to",   "told", "A",      "source", "calling", "of",      "é",      "’s",    "\xE2\x80",
      "\xFF", "\x80", "Müller", "went",   "on",      "however", "London", "Mayor", "Sadiq"};
  for (int round = 0; round < 3000; ++round) {
    Doc d;
    bool valid = true;
    int n = static_cast<int>(rng() % 80);
    for (int i = 0; i < n; ++i) {
      const std::string& p = pieces[rng() % pieces.size()];
      if (p == "\xE2\x80" || p == "\xFF" || p == "\x80") valid = false;
      d.text += p;
    }
    d.Entity(EntityType::kPer, "Sadiq Khan", {"Sadiq Khan", "Khan"});
    d.Entity(EntityType::kPer, "Donald Trump", {"Trump"});
    d.Entity(EntityType::kOrg, "London", {"London"});
    std::vector<Quote> quotes = d.Find();
    ASSERT_NO_FATAL_FAILURE(CheckInvariants(d.text, quotes, valid)) << d.text;
    for (const Quote& q : quotes) {
      ASSERT_LT(q.speaker_entity, static_cast<int32_t>(d.entities.size()));
    }
  }
}

TEST(QuotedStretchesTest, StretchesStayInsideTheirParagraphs) {
  const std::string text = "a “b\n“c” d «e» \"f\" ‘g’ h’s";
  auto stretches = FindQuotedStretches(text);
  ASSERT_EQ(stretches.size(), 4u);
  EXPECT_EQ(stretches[0].parts.size(), 2u);  // “b continued by “c”
  for (const QuotedStretch& s : stretches) {
    for (const TextSpan& p : s.parts) {
      EXPECT_EQ(text.substr(p.begin, p.end - p.begin).find('\n'), std::string::npos);
    }
  }
  EXPECT_TRUE(stretches[3].single);
}

// The seed articles in examples/, with the built-in entity model.
class SeedQuotesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto m = NerModel::Parse(EmbeddedNerModel(), "built-in");
    ASSERT_TRUE(m.ok());
    model_ = std::move(m).value();
  }
  static void TearDownTestSuite() { model_.reset(); }

  struct Found {
    std::string text;
    std::vector<EntityMention> mentions;
    std::vector<ArticleEntity> entities;
    std::vector<Quote> quotes;
    const Quote* Starting(std::string_view words) const {
      for (const Quote& q : quotes) {
        if (std::string_view(text).substr(q.content.begin).starts_with(words)) return &q;
      }
      return nullptr;
    }
    std::string Of(TextSpan s) const { return text.substr(s.begin, s.end - s.begin); }
    std::string EntityOf(const Quote& q) const {
      return q.speaker_entity == kNoEntity ? "" : entities[q.speaker_entity].name;
    }
  };

  static Found Run(const std::string& name) {
    Found f;
    std::ifstream in(std::string(STORYLINE_SOURCE_DIR) + "/examples/" + name, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    f.text = ss.str();
    EXPECT_FALSE(f.text.empty()) << name;
    EntityRecognizer recognizer(model_.get());
    recognizer.Recognize("", f.text, &f.mentions, &f.entities);
    f.quotes = FindQuotes(f.text, f.mentions, f.entities);
    return f;
  }

  static std::unique_ptr<NerModel> model_;
};
std::unique_ptr<NerModel> SeedQuotesTest::model_;

TEST_F(SeedQuotesTest, Seed000KhansQuotes) {
  Found f = Run("000_959d2f4e196e2067.txt");
  const Quote* pun = f.Starting("I think what we’ve shown");
  ASSERT_NE(pun, nullptr);
  EXPECT_EQ(pun->kind, QuoteKind::kFull);
  EXPECT_EQ(f.Of(pun->cue), "said");
  EXPECT_EQ(f.Of(pun->speaker), "he");
  EXPECT_EQ(f.EntityOf(*pun), "Sadiq Khan");  // "he", after "Khan told reporters"
  const Quote* idea = f.Starting("The idea of making an exception");
  ASSERT_NE(idea, nullptr);
  EXPECT_EQ(f.Of(idea->cue), "added");
  EXPECT_EQ(f.Of(idea->speaker), "Khan");
  EXPECT_EQ(f.EntityOf(*idea), "Sadiq Khan");
  const Quote* wise = f.Starting("may be wise");
  ASSERT_NE(wise, nullptr);
  EXPECT_EQ(wise->kind, QuoteKind::kPartial);
  EXPECT_EQ(f.EntityOf(*wise), "Sadiq Khan");
  const Quote* approach = f.Starting("Donald Trump approach");
  ASSERT_NE(approach, nullptr);
  EXPECT_TRUE(approach->partial());
}

TEST_F(SeedQuotesTest, Seed001TrumpsHeAndKhansStatement) {
  Found f = Run("001_85f2262cd321ad9c.txt");
  const Quote* exceptions = f.Starting("There will always be exceptions");
  ASSERT_NE(exceptions, nullptr);
  EXPECT_EQ(f.Of(exceptions->speaker), "he");
  EXPECT_EQ(f.EntityOf(*exceptions), "Donald Trump");
  EXPECT_EQ(exceptions->parts.size(), 2u);  // “... exceptions,” he said. “I think if he does ...”
  const Quote* statement = f.Starting("This isn’t just about me");
  ASSERT_NE(statement, nullptr);
  EXPECT_EQ(f.EntityOf(*statement), "Sadiq Khan");
  EXPECT_EQ(statement->parts.size(), 2u);
  const Quote* time = f.Starting("If Donald Trump becomes the president");
  ASSERT_NE(time, nullptr);
  EXPECT_EQ(f.EntityOf(*time), "Sadiq Khan");
  const Quote* earnest = f.Starting("Obviously the political debate");
  ASSERT_NE(earnest, nullptr);
  EXPECT_EQ(f.EntityOf(*earnest), "Josh Earnest");
  const Quote* observer = f.Starting("They used fear and innuendo");
  ASSERT_NE(observer, nullptr);
  EXPECT_EQ(f.Of(observer->cue), "told");
  EXPECT_EQ(f.EntityOf(*observer), "Sadiq Khan");
  const Quote* champion = f.Starting("champion of workers’ rights");
  ASSERT_NE(champion, nullptr);
  EXPECT_EQ(champion->kind, QuoteKind::kPartial);
  EXPECT_EQ(f.Of(champion->cue), "calling");
  EXPECT_EQ(f.EntityOf(*champion), "Hillary Clinton");
}

TEST_F(SeedQuotesTest, Seed004SourcesTrumpAndKhanToLbc) {
  Found f = Run("004_8e91078493eb5b9b.txt");
  const Quote* city_hall = f.Starting("The primary race is very different");
  ASSERT_NE(city_hall, nullptr);
  EXPECT_EQ(f.Of(city_hall->speaker), "A London City Hall source");
  EXPECT_EQ(city_hall->speaker_kind, SpeakerKind::kDescription);
  EXPECT_EQ(city_hall->speaker_entity, kNoEntity);
  const Quote* campaign = f.Starting("Ditch the pollsters");
  ASSERT_NE(campaign, nullptr);
  EXPECT_EQ(f.Of(campaign->speaker), "One campaign source");
  const Quote* truth = f.Starting("As resident of the United States");
  ASSERT_NE(truth, nullptr);
  EXPECT_EQ(f.Of(truth->cue), "wrote");
  EXPECT_EQ(f.EntityOf(*truth), "Donald Trump");
  const Quote* lbc = f.Starting("If he does come to London");
  ASSERT_NE(lbc, nullptr);
  EXPECT_EQ(f.Of(lbc->cue), "told");
  EXPECT_EQ(f.EntityOf(*lbc), "Sadiq Khan");
  const Quote* after = f.Starting("I think it is important to actually bust");
  ASSERT_NE(after, nullptr);
  EXPECT_TRUE(after->cue.empty());
  EXPECT_TRUE(after->inherited);
  EXPECT_EQ(f.EntityOf(*after), "Sadiq Khan");
  const Quote* mayor = f.Starting("the joys of our diversity");
  ASSERT_NE(mayor, nullptr);
  EXPECT_EQ(f.Of(mayor->speaker), "The London mayor");
  EXPECT_EQ(f.EntityOf(*mayor), "Sadiq Khan");
}

TEST_F(SeedQuotesTest, SameResultsFromManyThreads) {
  Found f = Run("001_85f2262cd321ad9c.txt");
  std::vector<std::vector<Quote>> results(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < results.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) results[t] = FindQuotes(f.text, f.mentions, f.entities);
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& r : results) {
    ASSERT_EQ(r.size(), f.quotes.size());
    for (size_t i = 0; i < r.size(); ++i) {
      EXPECT_EQ(r[i].content, f.quotes[i].content);
      EXPECT_EQ(r[i].speaker, f.quotes[i].speaker);
      EXPECT_EQ(r[i].speaker_entity, f.quotes[i].speaker_entity);
    }
  }
}

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  QuoteWords(text, {{0, static_cast<uint32_t>(text.size())}}, &words);
  return words;
}

TEST(QuoteLinksTest, WordsIgnoreCaseMarksAndPunctuation) {
  EXPECT_EQ(Words("\xE2\x80\x9CWe will REBUILD\xE2\x80\x94" "every home,\xE2\x80\x9D"),
            (std::vector<std::string>{"we", "will", "rebuild", "every", "home"}));
  EXPECT_EQ(QuoteKey(Words("\"We will rebuild every home.\"")),
            QuoteKey(Words("we will rebuild -- every home")));
  EXPECT_EQ(QuoteKey(Words("three short words")), 0u);
  EXPECT_TRUE(QuoteAnchors(Words("only five words in here")).empty());
  EXPECT_FALSE(QuoteAnchors(Words("six words are enough for anchors")).empty());
}

TEST(QuoteLinksTest, AWordChangedOrACutIsTheSameQuoteADifferentSentenceIsNot) {
  const auto full = Words(
      "We will rebuild every home that the river took, and we will do it before the winter "
      "comes back to this valley");
  EXPECT_TRUE(NearIdenticalQuotes(full, Words(
      "We will rebuild every house that the river took, and we will do it before the winter "
      "comes back to this valley")));
  EXPECT_TRUE(NearIdenticalQuotes(full, Words("we will rebuild every home that the river took")));
  EXPECT_TRUE(NearIdenticalQuotes(Words("we will rebuild every home that the river took"), full));
  EXPECT_FALSE(NearIdenticalQuotes(full, Words(
      "We will rebuild the bridge, and the council will pay for it before the election")));
  EXPECT_FALSE(NearIdenticalQuotes(Words("we will rebuild it"), Words("we will rebuild it")));
  // A stock phrase in two different quotes: five word pairs in common are not enough.
  EXPECT_FALSE(NearIdenticalQuotes(Words("We're going to win this election"),
                                   Words("There is a sense that we're going to win this thing")));
  EXPECT_TRUE(NearIdenticalQuotes(Words("What difference at this point does it make?"),
                                  Words("What difference - at this point, what difference "
                                        "does it make?")));
}

// A cut of a longer quote shares an anchor with it (so the catalog proposes it) nearly always:
// both sample the same quarter of the trigram hashes.
TEST(QuoteLinksTest, ACutSharesAnAnchorWithTheWholeQuote) {
  std::mt19937_64 rng(testing::TestSeed("ACutSharesAnAnchorWithTheWholeQuote"));
  std::vector<std::string> vocabulary;
  for (int i = 0; i < 500; ++i) vocabulary.push_back("w" + std::to_string(i));
  int shared = 0;
  const int trials = 300;
  for (int t = 0; t < trials; ++t) {
    std::vector<std::string> whole;
    for (int i = 0; i < 30; ++i) whole.push_back(vocabulary[rng() % vocabulary.size()]);
    const size_t start = rng() % 15;
    std::vector<std::string> cut(whole.begin() + start, whole.begin() + start + 14);
    ASSERT_TRUE(NearIdenticalQuotes(whole, cut));
    const auto a = QuoteAnchors(whole), b = QuoteAnchors(cut);
    std::vector<uint64_t> both;
    std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(both));
    shared += !both.empty();
  }
  // 12 trigrams in the cut: none sampled with probability 0.75^12 = 3%.
  EXPECT_GE(shared, trials * 90 / 100);
}

TEST(QuoteLinksTest, PartsRoundTripAndBadRangesAreDropped) {
  const std::vector<TextSpan> parts = {{3, 10}, {25, 40}};
  EXPECT_EQ(FormatQuoteParts(parts), "3-10 25-40");
  EXPECT_EQ(ParseQuoteParts("3-10 25-40", 40), parts);
  EXPECT_EQ(ParseQuoteParts("3-10 25-41", 40), (std::vector<TextSpan>{{3, 10}}));
  EXPECT_TRUE(ParseQuoteParts("x-1 5-2 -3 4- 99999999999999999999-1", 100).empty());
}

}  // namespace
}  // namespace storyline
