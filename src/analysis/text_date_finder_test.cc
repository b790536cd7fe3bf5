#include "analysis/text_date_finder.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace storyline {
namespace {

std::string Iso(std::string_view text) { return FindDateInText(text).ToIso(); }

std::string ReadExample(const std::string& name) {
  std::ifstream in(std::string(STORYLINE_SOURCE_DIR) + "/examples/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open examples/" << name;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(TextDateFinderTest, FindsMonthDayYear) {
  PublishedDate d = FindDateInText("a rally on May 7, 2016 in Lynden");
  EXPECT_EQ(d.year, 2016);
  EXPECT_EQ(d.month, 5);
  EXPECT_EQ(d.day, 7);
  EXPECT_EQ(d.provenance, DateProvenance::kText);
  EXPECT_FLOAT_EQ(d.confidence, 0.5f);
  EXPECT_EQ(d.hour, -1);
  EXPECT_EQ(d.ToIso(), "2016-05-07");
}

TEST(TextDateFinderTest, AcceptsZeroPaddedDayOrdinalAndNoComma) {
  EXPECT_EQ(Iso("on May 07, 2016"), "2016-05-07");
  EXPECT_EQ(Iso("on May 7th, 2016"), "2016-05-07");
  EXPECT_EQ(Iso("on May 7 2016"), "2016-05-07");
  EXPECT_EQ(Iso("MAY 7, 2016"), "2016-05-07");
}

TEST(TextDateFinderTest, FindsAbbreviatedMonth) {
  EXPECT_EQ(Iso("filed Sept. 3, 2015, in court"), "2015-09-03");
  EXPECT_EQ(Iso("on Jan 12, 2017"), "2017-01-12");
}

TEST(TextDateFinderTest, FindsDayMonthYear) {
  EXPECT_EQ(Iso("on 7 May 2016 the"), "2016-05-07");
  EXPECT_EQ(Iso("the 21st of March, 2019"), "2019-03-21");
}

TEST(TextDateFinderTest, FindsIsoDate) {
  EXPECT_EQ(Iso("posted 2016-05-07 by"), "2016-05-07");
  EXPECT_EQ(Iso("posted 2016/05/07"), "2016-05-07");
  EXPECT_EQ(Iso("at 2016-05-07T09:30"), "2016-05-07");
}

TEST(TextDateFinderTest, ReturnsTheFirstCompleteDate) {
  EXPECT_EQ(Iso("vote on May 5. Then on June 2, 2016 and 1 July 2017"), "2016-06-02");
}

TEST(TextDateFinderTest, IncompleteDatesAreUnknown) {
  EXPECT_FALSE(FindDateInText("before January, 2017, in case").known());
  EXPECT_FALSE(FindDateInText("the vote on May 5.").known());
  EXPECT_FALSE(FindDateInText("LYNDEN, WA - MAY 07: Republican").known());
  EXPECT_FALSE(FindDateInText("in 2016").known());
  EXPECT_FALSE(FindDateInText("").known());
  EXPECT_EQ(FindDateInText("May 5").provenance, DateProvenance::kUnknown);
}

TEST(TextDateFinderTest, RejectsImpossibleDays) {
  EXPECT_FALSE(FindDateInText("February 30, 2016").known());
  EXPECT_FALSE(FindDateInText("April 31, 2016").known());
  EXPECT_FALSE(FindDateInText("2015-02-29").known());
  EXPECT_EQ(Iso("February 29, 2016"), "2016-02-29");
  EXPECT_FALSE(FindDateInText("2016-13-01").known());
}

TEST(TextDateFinderTest, LowercaseMayIsTheVerb) {
  EXPECT_FALSE(FindDateInText("it may 7, 2016 be").known());
}

TEST(TextDateFinderTest, NumericDayMonthOrderIsAmbiguous) {
  EXPECT_FALSE(FindDateInText("on 05/07/2016").known());
}

TEST(TextDateFinderTest, LooksOnlyAtTheFirst8KB) {
  std::string text(kTextDatePrefixBytes, 'x');
  text += " May 7, 2016";
  EXPECT_FALSE(FindDateInText(text).known());
}

TEST(TextDateFinderTest, YearsAtTheEdgesAreFoundAndNumbersThatAreNotYearsAreNot) {
  // A text without four digits from 1 or 2 is not tokenised; these sit at the boundaries of
  // that check.
  EXPECT_EQ(Iso("May 7, 2016"), "2016-05-07");
  EXPECT_EQ(Iso("2016-05-07"), "2016-05-07");
  EXPECT_EQ(Iso("7 May 1999"), "1999-05-07");
  EXPECT_EQ(Iso("on 2999/12/31."), "2999-12-31");
  EXPECT_FALSE(FindDateInText("May 7, 20165").known());
  EXPECT_FALSE(FindDateInText("May 7, 999").known());
  EXPECT_FALSE(FindDateInText("May 7, 3016").known());
  EXPECT_FALSE(FindDateInText("May 7, 0216").known());
  EXPECT_FALSE(FindDateInText("").known());
  std::string text(kTextDatePrefixBytes - 12, 'x');
  text += " May 7, 2016";  // the year is the last four bytes searched
  EXPECT_EQ(Iso(text), "2016-05-07");
  text += "1";  // a fifth digit past the searched bytes: the cut year still counts
  EXPECT_EQ(Iso(text), "2016-05-07");
}

TEST(TextDateFinderTest, SeedWithRallyCaptionHasMay7) {
  EXPECT_EQ(FindDateInText(ReadExample("000_959d2f4e196e2067.txt")).ToIso(), "2016-05-07");
}

TEST(TextDateFinderTest, SeedWithDatelineAndIncompleteDatesFindsCaptionDate) {
  // "January, 2017" and "MAY 07:" come first and are incomplete.
  EXPECT_EQ(FindDateInText(ReadExample("001_85f2262cd321ad9c.txt")).ToIso(), "2016-05-07");
}

TEST(TextDateFinderTest, SeedWithoutCompleteDateIsUnknown) {
  PublishedDate d = FindDateInText(ReadExample("004_8e91078493eb5b9b.txt"));
  EXPECT_FALSE(d.known());
  EXPECT_EQ(d.provenance, DateProvenance::kUnknown);
}

}  // namespace
}  // namespace storyline
