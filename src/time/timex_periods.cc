// Quarters, halves and the periods of earnings reports: "the third quarter", "Q3 2016", "the
// first half of 1989", "the fiscal year", "the latest period", "a year ago" after a quarter was
// named (docs/time.md). Each rule returns a Candidate whose `end` is the token after the match.
#include <cstdlib>
#include <string>

#include "time/timex_scanner.h"

namespace storyline::time {

int Digits(std::string_view w) {
  if (w.empty() || w.size() > 4) return -1;
  int v = 0;
  for (char c : w) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

bool ParseClock(std::string_view w, bool dot, int* hour, int* minute) {
  int h = 0, m = 0;
  size_t i = 0;
  for (; i < w.size() && i < 2 && w[i] >= '0' && w[i] <= '9'; ++i) h = h * 10 + (w[i] - '0');
  if (i == 0) return false;
  if (i < w.size()) {
    if (w[i] != ':' && !(dot && w[i] == '.')) return false;
    if (w.size() != i + 3) return false;
    for (size_t k = i + 1; k < w.size(); ++k) {
      if (w[k] < '0' || w[k] > '9') return false;
      m = m * 10 + (w[k] - '0');
    }
  }
  if (h > 24 || m > 59) return false;
  *hour = h;
  *minute = m;
  return true;
}

int OrdinalValue(std::string_view w) {
  const WordInfo info = LookupWord(w);
  if (info.cls == WordClass::kOrdinal) return info.value;
  if (w.size() == 3 && (w == "1st" || w == "2nd" || w == "3rd" || w == "4th")) return w[0] - '0';
  return -1;
}

// After "the", the periods a company reports on: "the fiscal year", "the full year", "the
// current fiscal year" (the reference year), "the latest fiscal year" (the one before), "the
// fiscal year ended Jan. 31" (a duration, as "the year ended"), "the latest period" (the
// quarter being reported: the last one the text named, else the one before the reference).
Candidate Scanner::MatchReportingPeriod(size_t k) {
  size_t m = k;
  // "the corresponding period last year", "the same quarter a year ago": the quarter being
  // reported, a year before, as "the year-ago quarter".
  if (!last_quarter_.empty()) {
    size_t p = m;
    if (Is(p, "comparable") || Is(p, "corresponding") || Is(p, "same")) ++p;
    if (Is(p, "period") || Is(p, "quarter")) {
      ++p;
      if (Is(p, "of")) ++p;
      if (Is(p, "last") && Is(p + 1, "year")) return YearAgo(p + 2, 0.7f);
      if ((Is(p, "a") || Is(p, "one")) && Is(p + 1, "year") &&
          (Is(p + 2, "ago") || Is(p + 2, "earlier"))) {
        return YearAgo(p + 3, 0.7f);
      }
    }
  }
  int shift = 0;
  if (Is(m, "current")) {
    ++m;
  } else if (Is(m, "latest")) {
    shift = -1;
    ++m;
  }
  if (shift < 0 && m == k + 1 && Is(m, "period") && !Is(m + 1, "of")) {
    if (last_quarter_.empty()) return RelativeQuarter(m + 1, -1, 0.6f);
    Candidate c;
    c.end = m + 1;
    c.value = last_quarter_;
    c.anchored = true;
    c.quarter = true;
    c.confidence = 0.6f;
    return c;
  }
  const bool fiscal = Is(m, "fiscal");
  if (!(fiscal || (m == k && Is(m, "full"))) || !Is(m + 1, "year")) return {};
  const size_t end = m + 2;
  if (Is(end, "ended") || Is(end, "ending") || Is(end, "ends")) {
    Candidate c;
    c.end = end;
    c.type = TimexType::kDuration;
    c.value = "P1Y";
    c.confidence = 0.7f;
    return c;
  }
  return RelativeYear(end, shift, 0.6f);
}

// "the third quarter", "the first half of 1989", "Q3", "Q3 2016", "fiscal third quarter".
Candidate Scanner::MatchQuarter(size_t i) {
  size_t k = i;
  if (Is(k, "the")) ++k;
  if (Is(k, "fiscal")) ++k;
  int year_before = YearAt(k);  // "the 1988 second quarter"
  if (year_before > 0) {
    ++k;
    // "the 1988 quarter", "the 1989 period": the quarter being reported, in that year.
    if (k == i + 2 && (Is(k, "quarter") || Is(k, "period")) && !last_quarter_.empty()) {
      Candidate c;
      c.end = k + 1;
      c.value = YearValue(year_before) + last_quarter_.substr(4);
      c.confidence = 0.6f;
      return c;
    }
  } else if ((Is(k, "this") || Is(k, "last") || Is(k, "next")) && Is(k + 1, "year") &&
             (Is(k + 2, "'s") || Is(k + 2, "\xE2\x80\x99s")) && RefHasYear() && k == i) {
    // "this year's third quarter", "next year's first half".
    year_before = ref_.year + (Is(k, "last") ? -1 : Is(k, "next") ? 1 : 0);
    k += 3;
  }
  int q = -1;
  bool half = false;
  size_t end;
  const std::string_view w = lw(k);
  if (w.size() == 2 && w[0] == 'q' && w[1] >= '1' && w[1] <= '4') {
    q = w[1] - '0';
    end = k + 1;
  } else if ((w == "first" || w == "last") && Is(k + 1, "two") && Is(k + 2, "quarters") &&
             Is(k + 3, "of") && YearAt(k + 4) > 0) {
    // "the first two quarters of 1990" is its first half.
    q = w == "first" ? 1 : 2;
    half = true;
    end = k + 3;
  } else {
    q = w == "last" ? 2 : OrdinalValue(w);  // "the last half of 1989": the second half
    if (q < 1 || q > 4) return {};
    if (Is(k + 1, "half") && q <= 2) {
      half = true;
    } else if (!Is(k + 1, "quarter") || w == "last") {
      return {};
    }
    if (w == "last" && !(Is(k + 2, "of") && YearAt(k + 3) > 0)) return {};
    end = k + 2;
  }
  int year = year_before > 0 ? year_before : YearAt(end);
  if (year_before > 0) {
  } else if (year > 0) {
    ++end;
  } else if (Is(end, "of") || Is(end, ",")) {
    size_t y_at = end + 1;
    if (Is(y_at, "fiscal")) ++y_at;
    if ((year = YearAt(y_at)) > 0) {
      end = y_at + 1;
    } else if (Is(end, "of") && (Is(y_at, "this") || Is(y_at, "last") || Is(y_at, "next")) &&
               Is(y_at + 1, "year") && RefHasYear()) {
      year = ref_.year + (Is(y_at, "last") ? -1 : Is(y_at, "next") ? 1 : 0);
      end = y_at + 2;
    }
  }
  return QuarterCandidate(i, end, q, half, year);
}

bool Scanner::MonthsPeriodBefore(size_t b) const {
  // "In the nine months, net fell, compared with year-earlier net of ...": the comparison is
  // with that period a year before, not with the quarter the report is about.
  for (size_t k = b; k > 1; --k) {
    if (IsSentenceEnd(k - 1)) break;
    if ((Is(k - 1, "months") &&
         (Is(k - 2, "nine") || Is(k - 2, "six") || Is(k - 2, "9") || Is(k - 2, "6"))) ||
        (Is(k - 1, "half") && (Is(k - 2, "first") || Is(k - 2, "second")))) {
      return true;
    }
  }
  return false;
}

Candidate Scanner::YearAgo(size_t end, float conf) const {
  Candidate c;
  c.end = end;
  c.confidence = conf;
  c.anchored = true;
  const int y = std::atoi(last_quarter_.substr(0, 4).c_str());
  c.value = YearValue(y - 1) + last_quarter_.substr(4);
  return c;
}

}  // namespace storyline::time
