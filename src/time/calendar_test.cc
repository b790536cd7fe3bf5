#include "time/calendar.h"

#include <gtest/gtest.h>

namespace storyline::time {
namespace {

TEST(CalendarTest, DaysRoundTripAcrossCenturies) {
  for (int64_t d = -800000; d <= 800000; d += 997) {
    EXPECT_EQ(DaysFromCivil(CivilFromDays(d)), d);
  }
  EXPECT_EQ(DaysFromCivil({1970, 1, 1}), 0);
  EXPECT_EQ(DaysFromCivil({2000, 3, 1}) - DaysFromCivil({2000, 2, 28}), 2);  // leap year
  EXPECT_EQ(DaysFromCivil({1900, 3, 1}) - DaysFromCivil({1900, 2, 28}), 1);  // not leap
}

TEST(CalendarTest, WeekdaysAreIso) {
  EXPECT_EQ(Weekday({2016, 5, 11}), 3);   // a Wednesday
  EXPECT_EQ(Weekday({1998, 11, 20}), 5);  // a Friday
  EXPECT_EQ(Weekday({2025, 7, 6}), 7);    // a Sunday
}

TEST(CalendarTest, IsoWeeksAtYearBoundaries) {
  int y, w;
  IsoWeek({2016, 1, 1}, &y, &w);  // Friday: week 53 of 2015
  EXPECT_EQ(y, 2015);
  EXPECT_EQ(w, 53);
  IsoWeek({2019, 12, 30}, &y, &w);  // Monday: week 1 of 2020
  EXPECT_EQ(y, 2020);
  EXPECT_EQ(w, 1);
  IsoWeek({2016, 5, 11}, &y, &w);
  EXPECT_EQ(w, 19);
  EXPECT_EQ(MondayOfIsoWeek(2016, 19), (CivilDay{2016, 5, 9}));
}

TEST(CalendarTest, AddMonthsClampsTheDay) {
  EXPECT_EQ(AddMonths({2016, 1, 31}, 1), (CivilDay{2016, 2, 29}));
  EXPECT_EQ(AddMonths({2016, 1, 15}, -1), (CivilDay{2015, 12, 15}));
  EXPECT_EQ(AddMonths({2016, 12, 15}, 13), (CivilDay{2018, 1, 15}));
  EXPECT_EQ(AddDays({2016, 12, 31}, 1), (CivilDay{2017, 1, 1}));
}

TEST(CalendarTest, ValidDays) {
  EXPECT_TRUE(IsValidDay(2016, 2, 29));
  EXPECT_FALSE(IsValidDay(2015, 2, 29));
  EXPECT_FALSE(IsValidDay(2016, 4, 31));
  EXPECT_FALSE(IsValidDay(2016, 13, 1));
}

}  // namespace
}  // namespace storyline::time
