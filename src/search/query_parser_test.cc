#include <gtest/gtest.h>

#include "search/query.h"

namespace storyline {
namespace {

// A compact rendering of a parsed query, for comparisons.
std::string Render(const QueryNode& n) {
  auto field = [&]() -> std::string {
    return n.field == QueryField::kTitle  ? "title:"
           : n.field == QueryField::kBody ? "body:"
           : n.field == QueryField::kUrl  ? "url:"
                                          : "";
  };
  switch (n.kind) {
    case QueryNode::Kind::kTerm:
      return field() + n.words[0];
    case QueryNode::Kind::kPrefix:
      return field() + n.words[0] + "*";
    case QueryNode::Kind::kPhrase: {
      std::string s = field() + "\"";
      for (size_t i = 0; i < n.words.size(); ++i) s += (i ? " " : "") + n.words[i];
      return s + "\"";
    }
    case QueryNode::Kind::kBool: {
      std::string s = "(";
      for (const auto& c : n.must) s += " +" + Render(c);
      for (const auto& c : n.should) s += " " + Render(c);
      for (const auto& c : n.must_not) s += " -" + Render(c);
      return s + " )";
    }
  }
  return "?";
}

std::string P(std::string_view q) {
  auto r = ParseQuery(q);
  return r.ok() ? Render(r->root) : "ERROR: " + r.status().message();
}

TEST(QueryParserTest, TermsPhrasesAndOperatorsFollowLuceneSemantics) {
  EXPECT_EQ(P("khan trump"), "( khan trump )");
  EXPECT_EQ(P("khan AND trump"), "( +khan +trump )");
  EXPECT_EQ(P("khan && trump || clinton"), "( +khan +trump clinton )");
  EXPECT_EQ(P("+khan +trump -clinton mayor"), "( +khan +trump mayor -clinton )");
  EXPECT_EQ(P("khan NOT clinton"), "( khan -clinton )");
  EXPECT_EQ(P("khan AND NOT clinton"), "( +khan -clinton )");
  EXPECT_EQ(P("\"sadiq khan\" mayor"), "( \"sadiq khan\" mayor )");
  EXPECT_EQ(P("\"khan\""), "( khan )");
  EXPECT_EQ(P("title:khan body:\"new york\""), "( title:khan body:\"new york\" )");
  EXPECT_EQ(P("trump*"), "( trump* )");
  EXPECT_EQ(P("(khan OR mamdani) AND trump"), "( +( khan mamdani ) +trump )");
  EXPECT_EQ(P("title:(khan mayor)"), "( ( title:khan title:mayor ) )");
  EXPECT_EQ(P("and or not"), "( and or not )");  // lower case: words
}

TEST(QueryParserTest, FiltersAreCollectedApartFromTheRanking) {
  auto q = ParseQuery(
      "khan date:[2016-05-01 TO 2016-05-31] source:\"Press TV\" lang:en entity:\"Sadiq Khan\" "
      "entity:trump story:12 story:40");
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  EXPECT_EQ(Render(q->root), "( khan )");
  EXPECT_EQ(q->entities, (std::vector<std::string>{"Sadiq Khan", "trump"}));
  EXPECT_EQ(q->stories, (std::vector<uint32_t>{12, 40}));
  ASSERT_TRUE(q->date.has_value());
  EXPECT_EQ(q->date->from, "2016-05-01");
  EXPECT_EQ(q->date->to, "2016-05-31");
  EXPECT_EQ(q->sources, std::vector<std::string>{"Press TV"});
  EXPECT_EQ(q->languages, std::vector<std::string>{"en"});
  auto month = ParseQuery("khan date:2016-02");
  ASSERT_TRUE(month.ok());
  EXPECT_EQ(month->date->from, "2016-02-01");
  EXPECT_EQ(month->date->to, "2016-02-29");
  auto open = ParseQuery("khan date:[2025 TO *]");
  ASSERT_TRUE(open.ok());
  EXPECT_EQ(open->date->from, "2025-01-01");
  EXPECT_EQ(open->date->to, "");
}

// url: searches the address; its words are not highlighted in the text.
TEST(QueryParserTest, UrlFieldsParseAndAreNotHighlighted) {
  auto q = ParseQuery("mayor url:bbc.co.uk url:\"theguardian com\" url:nyt*");
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  EXPECT_EQ(Render(q->root), "( mayor url:bbc.co.uk url:\"theguardian com\" url:nyt* )");
  EXPECT_EQ(q->highlight_words, std::vector<std::string>{"mayor"});
}

TEST(QueryParserTest, MalformedQueriesGiveAClearErrorNamingThePosition) {
  for (const char* bad : {"",
                          "   ",
                          "\"sadiq khan",
                          "(khan",
                          "khan)",
                          "AND khan",
                          "khan AND",
                          "khan OR",
                          "t*",
                          "+",
                          "- khan",
                          "foo:bar",
                          "date:yesterday",
                          "date:[2016 TO",
                          "date:[2016-13-01 TO 2017]",
                          "-khan",
                          "NOT khan",
                          "date:2016",
                          "source:",
                          "()",
                          "\"\"",
                          "-source:x khan",
                          "kh*an*",
                          "khan story:",
                          "khan story:twelve",
                          "khan story:-3",
                          "khan story:99999999999",
                          "url:bbc.co*",
                          "url:"}) {
    auto q = ParseQuery(bad);
    EXPECT_FALSE(q.ok()) << "accepted: " << bad;
    if (!q.ok()) {
      EXPECT_EQ(q.status().code(), StatusCode::kInvalidArgument) << bad;
      EXPECT_FALSE(q.status().message().empty());
    }
  }
  auto q = ParseQuery("khan AND");
  EXPECT_NE(q.status().message().find("nothing after"), std::string::npos) << q.status().message();
  auto unclosed = ParseQuery("mayor \"sadiq khan");
  EXPECT_NE(unclosed.status().message().find("character 7"), std::string::npos)
      << unclosed.status().message();
}

TEST(QueryParserTest, WorkIsBounded) {
  std::string deep(100, '(');
  deep += "khan" + std::string(100, ')');
  EXPECT_EQ(ParseQuery(deep).status().code(), StatusCode::kInvalidArgument);
  std::string wide;
  for (int i = 0; i < 1100; ++i) wide += "w" + std::to_string(i) + " ";
  EXPECT_EQ(ParseQuery(wide).status().code(), StatusCode::kInvalidArgument);
}

TEST(QueryParserTest, DateBoundsCoverWholeYearsAndMonths) {
  EXPECT_EQ(*DateBound("2016", false), "2016-01-01");
  EXPECT_EQ(*DateBound("2016", true), "2016-12-31");
  EXPECT_EQ(*DateBound("2016-05", true), "2016-05-31");
  EXPECT_EQ(*DateBound("2016-05-07", true), "2016-05-07");
  EXPECT_FALSE(DateBound("16-05-07", true).ok());
  EXPECT_FALSE(DateBound("2016-00", true).ok());
}

}  // namespace
}  // namespace storyline
