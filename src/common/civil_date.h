// Calendar arithmetic on the proleptic Gregorian calendar: day numbers (days since 1970-01-01)
// to and from year/month/day, after Howard Hinnant's public-domain algorithms.
#ifndef STORYLINE_COMMON_CIVIL_DATE_H_
#define STORYLINE_COMMON_CIVIL_DATE_H_

#include <cstdint>

namespace storyline {

// Days since 1970-01-01 of year-month-day (month 1..12, day 1..31).
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day);

struct CivilDate {
  int64_t year = 1970;
  unsigned month = 1, day = 1;
};
CivilDate CivilFromDays(int64_t days);

}  // namespace storyline

#endif  // STORYLINE_COMMON_CIVIL_DATE_H_
