#include "time/timex.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <thread>

#include "common/test_seed_for_test.h"

namespace storyline {
namespace {

PublishedDate Ref(int y, int m, int d) {
  PublishedDate p;
  p.year = y;
  p.month = m;
  p.day = d;
  p.provenance = DateProvenance::kMetadata;
  p.confidence = 1;
  return p;
}

// "span|TYPE|value" for every expression, joined by "; ".
std::string Describe(std::string_view text, const PublishedDate& ref) {
  std::string out;
  for (const Timex& t : FindTimexes(text, ref)) {
    if (!out.empty()) out += "; ";
    out += std::string(text.substr(t.begin, t.end - t.begin)) + "|" + TimexTypeName(t.type) + "|" +
           t.value;
  }
  return out;
}

const PublishedDate kWed = Ref(2016, 5, 11);  // Wednesday 11 May 2016

TEST(TimexTest, AbsoluteDatesInNewsForms) {
  EXPECT_EQ(Describe("a rally on May 7, 2016 in Lynden", kWed), "May 7, 2016|DATE|2016-05-07");
  EXPECT_EQ(Describe("on 7 May 2016 the", kWed), "7 May 2016|DATE|2016-05-07");
  EXPECT_EQ(Describe("before January, 2017, in case", kWed), "January, 2017|DATE|2017-01");
  EXPECT_EQ(Describe("in January 2017", kWed), "January 2017|DATE|2017-01");
  EXPECT_EQ(Describe("posted 2016-05-07 by", kWed), "2016-05-07|DATE|2016-05-07");
  EXPECT_EQ(Describe("filed 05/07/2016 at", kWed), "05/07/2016|DATE|2016-05-07");
  EXPECT_EQ(Describe("on Sept. 3, 2015, in court", kWed), "Sept. 3, 2015|DATE|2015-09-03");
  EXPECT_EQ(Describe("the 21st of March, 2019", kWed), "the 21st of March, 2019|DATE|2019-03-21");
  EXPECT_EQ(Describe("at 2016-05-07T15:30 local", kWed), "2016-05-07T15:30|TIME|2016-05-07T15:30");
}

TEST(TimexTest, YearsDecadesCenturies) {
  EXPECT_EQ(Describe("beat Goldsmith in 2016.", kWed), "2016|DATE|2016");
  EXPECT_EQ(Describe("in the 1990s and", kWed), "the 1990s|DATE|199");
  EXPECT_EQ(Describe("since the '80s", kWed), "the '80s|DATE|198");
  EXPECT_EQ(Describe("by mid-2016 the", kWed), "mid-2016|DATE|2016");
  EXPECT_EQ(Describe("in the 20th century", kWed), "the 20th century|DATE|19");
  EXPECT_EQ(Describe("results for fiscal 1989 were", kWed), "fiscal 1989|DATE|1989");
  // Quantities are not years.
  EXPECT_EQ(Describe("it employs 2000 people and $1999 in", kWed), "");
}

TEST(TimexTest, MonthWithoutYearFollowsTense) {
  // Past tense: the most recent January; future: the next one.
  EXPECT_EQ(Describe("He visited in January.", kWed), "January|DATE|2016-01");
  EXPECT_EQ(Describe("He will visit in January.", kWed), "January|DATE|2017-01");
  EXPECT_EQ(Describe("it may be wise to go to America before January", kWed),
            "January|DATE|2017-01");
  EXPECT_EQ(Describe("the vote was held on May 5.", kWed), "May 5|DATE|2016-05-05");
  EXPECT_EQ(Describe("The vote will be on Dec. 15.", kWed), "Dec. 15|DATE|2016-12-15");
}

TEST(TimexTest, TenseCuesOfPlansAndDeadlines) {
  const PublishedDate mar = Ref(2016, 3, 15);
  // "supposed to" is a plan: the coming June, not the last one.
  EXPECT_EQ(Describe("The talks are supposed to conclude in June.", mar), "June|DATE|2016-06");
  // "as early as" / "as soon as": the earliest a thing can still happen.
  EXPECT_EQ(Describe("He could be home as early as Tuesday.", kWed), "Tuesday|DATE|2016-05-17");
  // "effective" names when a decision takes effect, announced ahead of it.
  const PublishedDate oct = Ref(2016, 10, 20);
  EXPECT_EQ(Describe("The board named a new chairman, effective Feb. 1.", oct),
            "Feb. 1|DATE|2017-02-01");
  // "by" + month: a deadline ahead.
  EXPECT_EQ(Describe("The firm must repay the loan by February.", oct), "February|DATE|2017-02");
  // ... unless a past verb just before tells of one that has passed.
  const PublishedDate jun = Ref(2016, 6, 20);
  EXPECT_EQ(Describe("The law became effective Jan. 1.", jun), "Jan. 1|DATE|2016-01-01");
  EXPECT_EQ(Describe("Jobs were cut by March.", jun), "March|DATE|2016-03");
  EXPECT_EQ(Describe("The store is slated to open in May.", mar), "May|DATE|2016-05");
  // A boundary opening the sentence takes its direction from the verb after it; elsewhere
  // "until" looks ahead.
  EXPECT_EQ(Describe("By March, the company had cut 500 jobs.", oct), "March|DATE|2016-03");
  EXPECT_EQ(Describe("By March, the plant will be closed.", oct), "March|DATE|2017-03");
  EXPECT_EQ(Describe("Until March, they had not paid.", oct), "March|DATE|2016-03");
  EXPECT_EQ(Describe("The vote was postponed until March.", oct), "March|DATE|2017-03");
  // A plan seen from the past ("had been due") is past.
  EXPECT_EQ(Describe("The offer had been due to expire Friday.", kWed), "Friday|DATE|2016-05-06");
  // "were planning": the auxiliary does not make the plan past.
  EXPECT_EQ(Describe("Farmers were planning a march on Saturday.", kWed),
            "Saturday|DATE|2016-05-14");
  // "be paid" is a participle and "unspecified" an adjective: neither is the past.
  EXPECT_EQ(Describe("The dividend will be paid on a still unspecified date in January.", oct),
            "January|DATE|2017-01");
  // The verb before the expression governs it more often than a verb after it.
  EXPECT_EQ(Describe("The company will open a plant in August, analysts said.", Ref(2016, 2, 10)),
            "August|DATE|2016-08");
}

TEST(TimexTest, BareMonthWithoutTenseIsTheLastOneUnlessItIsJustAhead) {
  const PublishedDate oct = Ref(1989, 10, 30);
  EXPECT_EQ(Describe("a share price of $42 in June from $29 in March", oct),
            "June|DATE|1989-06; March|DATE|1989-03");
  EXPECT_EQ(Describe("the board meeting in December", oct), "December|DATE|1989-12");
}

TEST(TimexTest, MonthOfANamedYearAndLastMonthDay) {
  EXPECT_EQ(Describe("In July last year the rebels struck.", kWed), "July last year|DATE|2015-07");
  EXPECT_EQ(Describe("in April next year", kWed), "April next year|DATE|2017-04");
  EXPECT_EQ(Describe("since January this year", kWed), "January this year|DATE|2016-01");
  const PublishedDate apr = Ref(1999, 4, 19);
  EXPECT_EQ(Describe("He was killed last Oct. 23 at home.", apr), "last Oct. 23|DATE|1998-10-23");
  // "Jan" without its period before a capitalised word is a first name.
  EXPECT_EQ(Describe("Ministers Geremek and Jan Kavan signed.", apr), "");
  // A capitalised phrase just after an opening quote is a title, not this week.
  EXPECT_EQ(Describe("He said on NBC's \"This Week\" that talks failed.", apr), "");
  EXPECT_EQ(Describe("He said this week that talks failed.", apr), "this week|DATE|1999-W16");
}

TEST(TimexTest, HalvesAreWrittenInTheSmallerUnit) {
  EXPECT_EQ(Describe("they stayed for 2 1/2 years", kWed), "2 1/2 years|DURATION|P2Y6M");
  EXPECT_EQ(Describe("after 5 1/2 hours of talks", kWed), "5 1/2 hours|DURATION|PT5H30M");
  EXPECT_EQ(Describe("a minute and a half", kWed), "a minute and a half|DURATION|PT1M30S");
  EXPECT_EQ(Describe("one and a half days", kWed), "one and a half days|DURATION|P1DT12H");
  EXPECT_EQ(Describe("two and a half months", kWed), "two and a half months|DURATION|P2.5M");
}

TEST(TimexTest, AmountsBeforeLaterAreDurations) {
  // TimeML annotates the amount and leaves "later"/"earlier" a signal; "a year earlier" in
  // financial news names the comparison year and stays a date.
  EXPECT_EQ(Describe("Three days later the rebels left.", kWed), "Three days|DURATION|P3D");
  EXPECT_EQ(Describe("A few hours earlier, police came.", kWed), "A few hours|DURATION|PTXH");
  EXPECT_EQ(Describe("Sales rose 5% from a year earlier.", kWed), "a year earlier|DATE|2015");
}

TEST(TimexTest, ReportingPeriods) {
  const PublishedDate oct = Ref(1989, 10, 27);
  EXPECT_EQ(Describe("Sales for the full year rose.", oct), "the full year|DATE|1989");
  EXPECT_EQ(Describe("profit in the current fiscal year", oct),
            "the current fiscal year|DATE|1989");
  EXPECT_EQ(Describe("sales in the latest fiscal year", oct), "the latest fiscal year|DATE|1988");
  EXPECT_EQ(Describe("In the fiscal year ended June 30, net fell.", oct),
            "the fiscal year|DURATION|P1Y; June 30|DATE|1989-06-30");
  EXPECT_EQ(Describe("Fourth-quarter net fell. Revenue in the latest period rose.", oct),
            "Fourth-quarter|DATE|1989-Q4; the latest period|DATE|1989-Q4");
  EXPECT_EQ(Describe("Revenue in the latest period rose.", oct), "the latest period|DATE|1989-Q3");
  EXPECT_EQ(Describe("the latest period of unrest", oct), "");
  EXPECT_EQ(Describe("Second-quarter net fell. Results for that quarter included a charge.", oct),
            "Second-quarter|DATE|1989-Q2; that quarter|DATE|1989-Q2");
}

TEST(TimexTest, ComparisonPeriodsInEarningsReports) {
  const PublishedDate oct = Ref(1989, 10, 27);
  EXPECT_EQ(Describe("Third-quarter net fell from $2 million in the same period last year.", oct),
            "Third-quarter|DATE|1989-Q3; the same period last year|DATE|1988-Q3");
  EXPECT_EQ(Describe("Third-quarter sales beat last year's quarter.", oct),
            "Third-quarter|DATE|1989-Q3; last year's quarter|DATE|1988-Q3");
  EXPECT_EQ(Describe("Third-quarter net rose. For the quarter a year ago, it lost money.", oct),
            "Third-quarter|DATE|1989-Q3; the quarter a year ago|DATE|1988-Q3");
  // A sentence about the first nine months compares with that period: the year before.
  EXPECT_EQ(Describe("Third-quarter net rose. In the first nine months, net was $5 million, "
                     "compared with $4 million a year earlier.",
                     oct),
            "Third-quarter|DATE|1989-Q3; the first nine months|DURATION|P9M; a year "
            "earlier|DATE|1988");
  // Without a quarter named, "last year" stays the year.
  EXPECT_EQ(Describe("Sales rose from last year's level.", oct), "last year|DATE|1988");
}

TEST(TimexTest, ApproximateOffsetsAndMidParts) {
  EXPECT_EQ(Describe("Then, a week or so ago, the general left.", kWed),
            "a week or so ago|DATE|2016-05-04");
  EXPECT_EQ(Describe("By mid afternoon the crowd had gone.", kWed),
            "mid afternoon|TIME|2016-05-11TAF");
  EXPECT_EQ(Describe("at mid-afternoon yesterday, shares fell", kWed),
            "mid-afternoon yesterday|TIME|2016-05-10TAF");
  EXPECT_EQ(Describe("at midnight", kWed), "midnight|TIME|2016-05-11T24:00");
}

TEST(TimexTest, SpokenNumbersClockWordsAndDayPairs) {
  EXPECT_EQ(Describe("The family has farmed here for almost a hundred years.", kWed),
            "almost a hundred years|DURATION|P100Y");
  EXPECT_EQ(Describe("in the last twenty four hours", kWed),
            "the last twenty four hours|DURATION|PT24H");
  EXPECT_EQ(Describe("The ferry will leave at 4 in the morning.", kWed),
            "4 in the morning|TIME|2016-05-11T04:00");
  EXPECT_EQ(Describe("the shop closes at 11 at night", kWed), "11 at night|TIME|2016-05-11T23:00");
  EXPECT_EQ(Describe("see chapter 4 in the morning paper", kWed), "");
  EXPECT_EQ(Describe("The summit will be held on June 14 and 15.", kWed),
            "June 14|DATE|2016-06-14; 15|DATE|2016-06-15");
  EXPECT_EQ(Describe("prices we saw in the winter of nineteen ninety-four", kWed),
            "the winter of nineteen ninety-four|DATE|1994-WI");
}

TEST(TimexTest, VagueTimesAhead) {
  EXPECT_EQ(Describe("Funds may sell bonds in the weeks ahead.", kWed),
            "the weeks ahead|DURATION|PXW");
  EXPECT_EQ(Describe("The plant will be built at a later date.", kWed),
            "a later date|DATE|FUTURE_REF");
  EXPECT_EQ(Describe("They want the boy back as soon as possible.", kWed),
            "as soon as possible|DATE|FUTURE_REF");
  EXPECT_EQ(Describe("By midafternoon the square was empty.", kWed),
            "midafternoon|TIME|2016-05-11TAF");
  // "as" alone starts nothing.
  EXPECT_EQ(Describe("as soon as he left, as usual", kWed), "");
}

TEST(TimexTest, HalvesOfANamedYear) {
  const PublishedDate oct = Ref(1989, 10, 26);
  EXPECT_EQ(Describe("lower earnings for the last half of 1989", oct),
            "the last half of 1989|DATE|1989-H2");
  EXPECT_EQ(Describe("weak through the first two quarters of 1990", oct),
            "the first two quarters of 1990|DATE|1990-H1");
  // Without a year, "the last half" is not a time, and two quarters stay a duration.
  EXPECT_EQ(Describe("the last half of the game", oct), "");
  EXPECT_EQ(Describe("in the first two quarters", oct), "the first two quarters|DURATION|P2Q");
}

TEST(TimexTest, TheWeekOfADay) {
  EXPECT_EQ(Describe("The hearing is set for the week of June 6.", kWed),
            "the week of June 6|DATE|2016-W23");
  EXPECT_EQ(Describe("Shops close during Easter week.", Ref(2016, 3, 1)),
            "Easter week|DATE|2016-W12");
}

TEST(TimexTest, HyphenatedLengths) {
  EXPECT_EQ(Describe("after a day-long meeting", kWed), "day-long|DURATION|P1D");
  EXPECT_EQ(Describe("the decades-long feud", kWed), "decades-long|DURATION|PXY");
  EXPECT_EQ(Describe("a several-year tenure", kWed), "several-year|DURATION|PXY");
  EXPECT_EQ(Describe("a 6-year-old boy", kWed), "");  // ages are not times
}

TEST(TimexTest, NarrativeDayAnchorsClockTimesAndWeekdays) {
  EXPECT_EQ(Describe("On March 3, 2010, the gunman fired at 10 p.m. from the yard.", kWed),
            "March 3, 2010|DATE|2010-03-03; 10 p.m.|TIME|2010-03-03T22:00");
  EXPECT_EQ(Describe("at 9:15 a.m. the doors opened", kWed), "9:15 a.m.|TIME|2016-05-11T09:15");
  // Only a sentence about the past is on the narrative day; plans are on the reference day.
  EXPECT_EQ(Describe("Founded on May 5, 1998, the firm will meet at 10 a.m.", kWed),
            "May 5, 1998|DATE|1998-05-05; 10 a.m.|TIME|2016-05-11T10:00");
  EXPECT_EQ(Describe("Stocks closed on May 9, 2016, down 4% from the previous Friday.", kWed),
            "May 9, 2016|DATE|2016-05-09; the previous Friday|DATE|2016-05-06");
  EXPECT_EQ(Describe("The strike began June 1, 2015 and ended the following Monday.", kWed),
            "June 1, 2015|DATE|2015-06-01; the following Monday|DATE|2015-06-08");
}

TEST(TimexTest, LastMonthNameCrossesTheYearBoundary) {
  const PublishedDate jan = Ref(2017, 1, 10);
  EXPECT_EQ(Describe("sales fell last December", jan), "last December|DATE|2016-12");
  EXPECT_EQ(Describe("sales fell last January", jan), "last January|DATE|2016-01");
  EXPECT_EQ(Describe("sales will rise next January", jan), "next January|DATE|2018-01");
  EXPECT_EQ(Describe("the vote this November", jan), "this November|DATE|2017-11");
  EXPECT_EQ(Describe("last month", jan), "last month|DATE|2016-12");
  EXPECT_EQ(Describe("last year", jan), "last year|DATE|2016");
  EXPECT_EQ(Describe("last week", jan), "last week|DATE|2017-W01");
  const PublishedDate dec = Ref(2016, 12, 30);
  EXPECT_EQ(Describe("next month", dec), "next month|DATE|2017-01");
  EXPECT_EQ(Describe("tomorrow", dec), "tomorrow|DATE|2016-12-31");
  EXPECT_EQ(Describe("in two days from now", dec), "two days from now|DATE|2017-01-01");
}

TEST(TimexTest, WeekdaysFollowTense) {
  // Reference Wednesday 2016-05-11.
  EXPECT_EQ(Describe("Khan told reporters on Wednesday that", kWed), "Wednesday|DATE|2016-05-11");
  EXPECT_EQ(Describe("Trump said on Monday that", kWed), "Monday|DATE|2016-05-09");
  EXPECT_EQ(Describe("They will meet on Friday.", kWed), "Friday|DATE|2016-05-13");
  EXPECT_EQ(Describe("last Friday", kWed), "last Friday|DATE|2016-05-06");
  EXPECT_EQ(Describe("next Wednesday", kWed), "next Wednesday|DATE|2016-05-18");
  EXPECT_EQ(Describe("He arrived Friday morning.", kWed), "Friday morning|TIME|2016-05-06TMO");
}

TEST(TimexTest, DayWordsAndPartsOfDay) {
  EXPECT_EQ(Describe("yesterday", kWed), "yesterday|DATE|2016-05-10");
  EXPECT_EQ(Describe("today", kWed), "today|DATE|2016-05-11");
  EXPECT_EQ(Describe("tonight", kWed), "tonight|TIME|2016-05-11TNI");
  EXPECT_EQ(Describe("last night", kWed), "last night|TIME|2016-05-10TNI");
  EXPECT_EQ(Describe("this morning", kWed), "this morning|TIME|2016-05-11TMO");
  EXPECT_EQ(Describe("yesterday afternoon", kWed), "yesterday afternoon|TIME|2016-05-10TAF");
  EXPECT_EQ(Describe("the day before yesterday", kWed), "the day before yesterday|DATE|2016-05-09");
}

TEST(TimexTest, RelativeOffsetsAndAnaphora) {
  EXPECT_EQ(Describe("two weeks ago", kWed), "two weeks ago|DATE|2016-04-27");
  EXPECT_EQ(Describe("three years ago", kWed), "three years ago|DATE|2013");
  EXPECT_EQ(Describe("five months ago", kWed), "five months ago|DATE|2015-12");
  EXPECT_EQ(Describe("several years ago", kWed), "several years ago|DATE|PAST_REF");
  EXPECT_EQ(Describe("earlier this year", kWed), "earlier this year|DATE|2016");
  EXPECT_EQ(Describe("The attack was on June 3, 2015. The following day police", kWed),
            "June 3, 2015|DATE|2015-06-03; The following day|DATE|2015-06-04");
  EXPECT_EQ(Describe("this week", kWed), "this week|DATE|2016-W19");
  EXPECT_EQ(Describe("next year", kWed), "next year|DATE|2017");
}

TEST(TimexTest, ReferenceWords) {
  EXPECT_EQ(Describe("now", kWed), "now|DATE|PRESENT_REF");
  EXPECT_EQ(Describe("in recent years", kWed), "recent years|DATE|PAST_REF");
  EXPECT_EQ(Describe("in the past", kWed), "the past|DATE|PAST_REF");
  EXPECT_EQ(Describe("in the future", kWed), "the future|DATE|FUTURE_REF");
  EXPECT_EQ(Describe("He recently", kWed), "recently|DATE|PAST_REF");
}

TEST(TimexTest, QuartersSeasonsHalves) {
  const PublishedDate oct = Ref(1989, 10, 27);
  EXPECT_EQ(Describe("third-quarter profit", oct), "third-quarter|DATE|1989-Q3");
  EXPECT_EQ(Describe("in the fourth quarter", oct), "the fourth quarter|DATE|1989-Q4");
  EXPECT_EQ(Describe("the first half of 1990", oct), "the first half of 1990|DATE|1990-H1");
  EXPECT_EQ(Describe("Q2 2016 results", oct), "Q2 2016|DATE|2016-Q2");
  EXPECT_EQ(Describe("last fall", oct), "last fall|DATE|1988-FA");
  EXPECT_EQ(Describe("this summer", oct), "this summer|DATE|1989-SU");
  EXPECT_EQ(Describe("in the summer of 2016", oct), "the summer of 2016|DATE|2016-SU");
  EXPECT_EQ(Describe("prices fall sharply", oct), "");
}

TEST(TimexTest, Durations) {
  EXPECT_EQ(Describe("for three days", kWed), "three days|DURATION|P3D");
  EXPECT_EQ(Describe("the past two months", kWed), "the past two months|DURATION|P2M");
  EXPECT_EQ(Describe("the first nine months", kWed), "the first nine months|DURATION|P9M");
  EXPECT_EQ(Describe("a two-year contract", kWed), "two-year|DURATION|P2Y");
  EXPECT_EQ(Describe("a 16-hour shift", kWed), "16-hour|DURATION|PT16H");
  EXPECT_EQ(Describe("for years", kWed), "years|DURATION|PXY");
  EXPECT_EQ(Describe("about 20 minutes", kWed), "about 20 minutes|DURATION|PT20M");
  EXPECT_EQ(Describe("more than four decades", kWed), "more than four decades|DURATION|P40Y");
  EXPECT_EQ(Describe("a five-year-old boy", kWed), "");
}

TEST(TimexTest, TimesOfDay) {
  const PublishedDate fri = Ref(1998, 2, 13);
  EXPECT_EQ(Describe("at 10:35 a.m. the", fri), "10:35 a.m.|TIME|1998-02-13T10:35");
  EXPECT_EQ(Describe("by 10 p.m. Wednesday", fri), "10 p.m. Wednesday|TIME|1998-02-11T22:00");
  EXPECT_EQ(Describe("noon Thursday", fri), "noon Thursday|TIME|1998-02-12T12:00");
  EXPECT_EQ(Describe("at 5pm EST", fri), "5pm EST|TIME|1998-02-13T17:00");
}

TEST(TimexTest, Sets) {
  EXPECT_EQ(Describe("published daily", kWed), "daily|SET|P1D");
  EXPECT_EQ(Describe("every two weeks", kWed), "every two weeks|SET|P2W");
  EXPECT_EQ(Describe("each Thursday", kWed), "each Thursday|SET|XXXX-WXX-4");
  EXPECT_EQ(Describe("grows 5% a year", kWed), "a year|SET|P1Y");
  EXPECT_EQ(Describe("on Tuesday nights", kWed), "Tuesday nights|SET|XXXX-WXX-2TNI");
}

TEST(TimexTest, NamedDaysAndSpokenYears) {
  EXPECT_EQ(Describe("He arrived on Christmas Eve.", Ref(2016, 12, 28)),
            "Christmas Eve|DATE|2016-12-24");
  EXPECT_EQ(Describe("before Thanksgiving Day", Ref(1999, 11, 20)),
            "Thanksgiving Day|DATE|1999-11-25");  // the fourth Thursday of November
  EXPECT_EQ(Describe("Election Day", Ref(2016, 10, 1)), "Election Day|DATE|2016-11-08");
  EXPECT_EQ(Describe("Easter 2016", Ref(2016, 1, 1)), "Easter 2016|DATE|2016-03-27");
  EXPECT_EQ(Describe("in nineteen ninety-six", kWed), "nineteen ninety-six|DATE|1996");
  EXPECT_EQ(Describe("in January nineteen ninety-seven", kWed),
            "January nineteen ninety-seven|DATE|1997-01");
  EXPECT_EQ(Describe("the year two thousand", kWed), "the year two thousand|DATE|2000");
}

TEST(TimexTest, WeekendsAndYearEnd) {
  EXPECT_EQ(Describe("Police said the attack took place over the weekend.", kWed),
            "the weekend|DATE|2016-W18-WE");
  EXPECT_EQ(Describe("by year-end", kWed), "year-end|DATE|2016");
  EXPECT_EQ(Describe("by the end of the year", kWed), "the end of the year|DATE|2016");
  EXPECT_EQ(Describe("It rained earlier in the year.", kWed), "earlier in the year|DATE|2016");
}

TEST(TimexTest, AYearAgoInAnEarningsReportIsThatQuarter) {
  const PublishedDate oct = Ref(1989, 10, 27);
  EXPECT_EQ(Describe("Third-quarter profit rose 5% from a year ago.", oct),
            "Third-quarter|DATE|1989-Q3; a year ago|DATE|1988-Q3");
  EXPECT_EQ(Describe("up from the year-earlier quarter", oct),
            "the year-earlier quarter|DATE|1988");
  EXPECT_EQ(Describe("He left a year ago.", oct), "a year ago|DATE|1988");
}

TEST(TimexTest, AnaphoricExpressionsUseTheLastMentionedDay) {
  // "N days later" is the amount, as TimeML annotates it; "later" is a signal.
  EXPECT_EQ(Describe("It began on March 3, 2010. Two days later the army left.", kWed),
            "March 3, 2010|DATE|2010-03-03; Two days|DURATION|P2D");
  EXPECT_EQ(Describe("On June 1, 2014 he quit. That day was sunny.", kWed),
            "June 1, 2014|DATE|2014-06-01; That day|DATE|2014-06-01");
  EXPECT_EQ(Describe("He moved in 1998. Later that year he married; a year later he left.", kWed),
            "1998|DATE|1998; Later that year|DATE|1998; a year later|DATE|1999");
  EXPECT_EQ(Describe("In March 2001 he left; the following month he returned.", kWed),
            "March 2001|DATE|2001-03; the following month|DATE|2001-04");
  // Without a day mentioned before, the reference date anchors them.
  EXPECT_EQ(Describe("the next day", kWed), "the next day|DATE|2016-05-12");
}

TEST(TimexTest, UnknownReferenceKeepsPlaceholders) {
  const PublishedDate unknown;
  EXPECT_EQ(Describe("on May 5", unknown), "May 5|DATE|XXXX-05-05");
  EXPECT_EQ(Describe("in January", unknown), "January|DATE|XXXX-01");
  EXPECT_EQ(Describe("on Wednesday", unknown), "Wednesday|DATE|XXXX-WXX-3");
  EXPECT_EQ(Describe("yesterday", unknown), "yesterday|DATE|XXXX-XX-XX");
  EXPECT_EQ(Describe("last month", unknown), "last month|DATE|XXXX-XX");
  EXPECT_EQ(Describe("next year", unknown), "next year|DATE|XXXX");
  // Absolute ones need no reference.
  EXPECT_EQ(Describe("May 7, 2016", unknown), "May 7, 2016|DATE|2016-05-07");
  for (const Timex& t : FindTimexes("last month on Wednesday in January", unknown)) {
    EXPECT_FALSE(t.anchored);
  }
  const auto anchored = FindTimexes("last month", kWed);
  ASSERT_EQ(anchored.size(), 1u);
  EXPECT_TRUE(anchored[0].anchored);
  EXPECT_GT(anchored[0].confidence, 0.0f);
}

TEST(TimexTest, OffsetsAreExactOnUtf8Text) {
  const std::string text =
      "L\xC3\xA9on\xE2\x80\x99s caf\xC3\xA9 \xE2\x80\x94 opened on 7 May 2016 \xE2\x80\x9C"
      "last week\xE2\x80\x9D";
  const auto found = FindTimexes(text, kWed);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(text.substr(found[0].begin, found[0].end - found[0].begin), "7 May 2016");
  EXPECT_EQ(found[0].begin, text.find("7 May"));
  EXPECT_EQ(text.substr(found[1].begin, found[1].end - found[1].begin), "last week");
}

TEST(TimexTest, LowercaseMayIsNotAMonth) {
  EXPECT_EQ(Describe("it may be wise, and he may 7 times", kWed), "");
  EXPECT_EQ(Describe("Theresa May said", kWed), "");
}

std::string ReadExample(const std::string& name) {
  std::ifstream in(std::string(STORYLINE_SOURCE_DIR) + "/examples/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open examples/" << name;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool Has(const std::vector<Timex>& found, std::string_view text, std::string_view span,
         std::string_view value) {
  for (const Timex& t : found) {
    if (text.substr(t.begin, t.end - t.begin) == span && t.value == value) return true;
  }
  return false;
}

TEST(TimexTest, SeedArticle000From2016) {
  const std::string text = ReadExample("000_959d2f4e196e2067.txt");
  const auto found = FindTimexes(text, Ref(2016, 5, 11));
  EXPECT_TRUE(Has(found, text, "Wednesday", "2016-05-11"));
  EXPECT_TRUE(Has(found, text, "May 5", "2016-05-05"));
  EXPECT_TRUE(Has(found, text, "May 7, 2016", "2016-05-07"));
  EXPECT_TRUE(Has(found, text, "January", "2017-01"));  // "before January": ahead
}

TEST(TimexTest, SeedArticle001From2016) {
  const std::string text = ReadExample("001_85f2262cd321ad9c.txt");
  const auto found = FindTimexes(text, Ref(2016, 5, 10));
  EXPECT_TRUE(Has(found, text, "January, 2017", "2017-01"));
  EXPECT_TRUE(Has(found, text, "last week", "2016-W18"));
  EXPECT_TRUE(Has(found, text, "Monday", "2016-05-09"));
  EXPECT_TRUE(Has(found, text, "December", "2015-12"));  // "In December, the outspoken ..."
}

TEST(TimexTest, SeedArticle004WithoutReference) {
  const std::string text = ReadExample("004_8e91078493eb5b9b.txt");
  const auto found = FindTimexes(text, PublishedDate{});
  EXPECT_TRUE(Has(found, text, "this November", "XXXX-11"));
  EXPECT_TRUE(Has(found, text, "Last month", "XXXX-XX"));
  EXPECT_TRUE(Has(found, text, "2016", "2016"));
  // With the date as metadata, the same expressions resolve.
  const auto dated = FindTimexes(text, Ref(2025, 7, 6));
  EXPECT_TRUE(Has(dated, text, "this November", "2025-11"));
  EXPECT_TRUE(Has(dated, text, "Last month", "2025-06"));
}

TEST(TimexTest, ThreadsGetTheSameAnswers) {
  const std::string text = ReadExample("001_85f2262cd321ad9c.txt");
  const std::string expected = Describe(text, kWed);
  ASSERT_FALSE(expected.empty());
  std::vector<std::string> got(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < got.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 50; ++round) got[t] = Describe(text, kWed);
    });
  }
  for (std::thread& th : threads) th.join();
  for (const std::string& g : got) EXPECT_EQ(g, expected);
}

TEST(TimexTest, RandomTextNeverCrashesAndSpansStayInside) {
  std::mt19937_64 rng(testing::TestSeed("TimexTest.RandomText"));
  static constexpr std::string_view kPieces[] = {"May",        "7",
                                                 ",",          "2016",
                                                 "last",       "next",
                                                 "this",       "week",
                                                 "years",      "ago",
                                                 "the",        "past",
                                                 "Friday",     "morning",
                                                 "10:35",      "a.m.",
                                                 "-",          "mid-",
                                                 "1990s",      "'90s",
                                                 "Q3",         "third-quarter",
                                                 "every",      "a",
                                                 "day",        "two",
                                                 "\xC3\xA9",   "\xE2\x80\x99",
                                                 "\xFF",       "\n",
                                                 ".",          "said",
                                                 "will",       "of",
                                                 "January",    "29",
                                                 "February",   "02/30/2016",
                                                 "2016-13-45", "now",
                                                 "the",        "following"};
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    const int n = static_cast<int>(rng() % 40);
    for (int i = 0; i < n; ++i) {
      if (rng() % 5 == 0) {
        text.push_back(static_cast<char>(rng() % 256));
      } else {
        text += kPieces[rng() % std::size(kPieces)];
      }
      if (rng() % 3) text.push_back(' ');
    }
    const PublishedDate ref =
        rng() % 3 ? Ref(1990 + static_cast<int>(rng() % 40), 1 + static_cast<int>(rng() % 12),
                        1 + static_cast<int>(rng() % 28))
                  : PublishedDate{};
    uint32_t last_end = 0;
    for (const Timex& t : FindTimexes(text, ref)) {
      ASSERT_LT(t.begin, t.end) << text;
      ASSERT_LE(t.end, text.size()) << text;
      ASSERT_GE(t.begin, last_end) << text;  // ordered, no overlaps
      ASSERT_FALSE(t.value.empty()) << text;
      last_end = t.end;
    }
  }
}

}  // namespace
}  // namespace storyline
