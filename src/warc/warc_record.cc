#include "warc/warc_record.h"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace storyline {

namespace {

constexpr std::array<std::string_view, kWarcRecordTypeCount> kTypeNames = {
    "response", "resource",   "request",      "metadata", "warcinfo",
    "revisit",  "conversion", "continuation", "other"};

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// ISO 639-1 -> 639-3 for the languages of the news (Common Crawl writes 639-3 codes).
constexpr std::pair<std::string_view, std::string_view> kLanguageCodes[] = {
    {"ar", "ara"}, {"bg", "bul"}, {"ca", "cat"}, {"cs", "ces"}, {"da", "dan"}, {"de", "deu"},
    {"el", "ell"}, {"en", "eng"}, {"es", "spa"}, {"et", "est"}, {"fa", "fas"}, {"fi", "fin"},
    {"fr", "fra"}, {"he", "heb"}, {"hi", "hin"}, {"hr", "hrv"}, {"hu", "hun"}, {"id", "ind"},
    {"it", "ita"}, {"ja", "jpn"}, {"ko", "kor"}, {"lt", "lit"}, {"lv", "lav"}, {"ms", "msa"},
    {"nl", "nld"}, {"no", "nor"}, {"pl", "pol"}, {"pt", "por"}, {"ro", "ron"}, {"ru", "rus"},
    {"sk", "slk"}, {"sl", "slv"}, {"sr", "srp"}, {"sv", "swe"}, {"th", "tha"}, {"tr", "tur"},
    {"uk", "ukr"}, {"vi", "vie"}, {"zh", "zho"},
};

std::string NormaliseLanguage(std::string_view code) {
  std::string c = Lower(Trim(code));
  size_t dash = c.find_first_of("-_");  // "en-GB" -> "en"
  if (dash != std::string::npos) c.resize(dash);
  if (c.size() == 2) {
    for (const auto& [two, three] : kLanguageCodes) {
      if (c == two) return std::string(three);
    }
  }
  return c;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

// Parses the ISO 8601 forms; *date_only is set when only YYYY-MM-DD was given.
std::optional<int64_t> ParseIso(std::string_view s, bool* date_only) {
  int y, mo, d, h = 0, mi = 0, sec = 0;
  *date_only = false;
  if (!Digits(s, 0, 4, &y)) return std::nullopt;
  size_t p = 4;
  if (s.size() == 14 && Digits(s, 4, 2, &mo) && Digits(s, 6, 2, &d) && Digits(s, 8, 2, &h) &&
      Digits(s, 10, 2, &mi) && Digits(s, 12, 2, &sec)) {
    p = 14;  // ARC: YYYYMMDDhhmmss
  } else {
    if (p >= s.size() || s[p] != '-' || !Digits(s, p + 1, 2, &mo)) return std::nullopt;
    p += 3;
    if (p >= s.size() || s[p] != '-' || !Digits(s, p + 1, 2, &d)) return std::nullopt;
    p += 3;
    if (p == s.size()) {
      *date_only = true;
    } else {
      if (s[p] != 'T' && s[p] != 't' && s[p] != ' ') return std::nullopt;
      if (!Digits(s, p + 1, 2, &h) || p + 3 >= s.size() || s[p + 3] != ':' ||
          !Digits(s, p + 4, 2, &mi)) {
        return std::nullopt;
      }
      p += 6;
      if (p < s.size() && s[p] == ':') {
        if (!Digits(s, p + 1, 2, &sec)) return std::nullopt;
        p += 3;
      }
      if (p < s.size() && (s[p] == '.' || s[p] == ',')) {
        ++p;
        size_t start = p;
        while (p < s.size() && s[p] >= '0' && s[p] <= '9') ++p;
        if (p == start) return std::nullopt;
      }
    }
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || sec > 60) return std::nullopt;
  int64_t t = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 +
              h * 3600 + mi * 60 + sec;
  if (p < s.size()) {
    if (s[p] == 'Z' || s[p] == 'z') {
      ++p;
    } else if (s[p] == '+' || s[p] == '-') {
      int oh, om = 0;
      if (!Digits(s, p + 1, 2, &oh)) return std::nullopt;
      size_t q = p + 3;
      if (q < s.size() && s[q] == ':') ++q;
      if (q < s.size()) {
        if (!Digits(s, q, 2, &om)) return std::nullopt;
        q += 2;
      }
      int64_t off = oh * 3600 + om * 60;
      t -= s[p] == '+' ? off : -off;
      p = q;
    }
  }
  if (p != s.size()) return std::nullopt;
  return t;
}

}  // namespace

std::string_view WarcRecordTypeName(WarcRecordType type) {
  return kTypeNames[static_cast<size_t>(type)];
}

WarcRecordType ParseWarcRecordType(std::string_view name) {
  for (size_t i = 0; i + 1 < kTypeNames.size(); ++i) {
    if (EqualsIgnoreCase(name, kTypeNames[i])) return static_cast<WarcRecordType>(i);
  }
  return WarcRecordType::kOther;
}

std::string_view FindField(const std::vector<WarcField>& fields, std::string_view name) {
  for (const WarcField& f : fields) {
    if (EqualsIgnoreCase(f.name, name)) return f.value;
  }
  return {};
}

std::optional<int64_t> ParseWarcDate(std::string_view text) {
  bool date_only;
  return ParseIso(Trim(text), &date_only);
}

std::string HostOfUri(std::string_view uri) {
  uri = Trim(uri);
  size_t scheme = uri.find("://");
  if (scheme == std::string_view::npos) {
    // "dns:example.com" records, or a bare host.
    size_t colon = uri.find(':');
    if (colon != std::string_view::npos && uri.substr(0, colon) == "dns") {
      uri.remove_prefix(colon + 1);
    }
  } else {
    uri.remove_prefix(scheme + 3);
  }
  size_t end = uri.find_first_of("/?#");
  std::string_view authority = uri.substr(0, end);
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) authority.remove_prefix(at + 1);
  if (!authority.empty() && authority.front() == '[') {  // IPv6 literal
    size_t close = authority.find(']');
    return Lower(
        authority.substr(0, close == std::string_view::npos ? authority.size() : close + 1));
  }
  size_t colon = authority.find(':');
  std::string_view host = authority.substr(0, colon);
  while (!host.empty() && host.back() == '.') host.remove_suffix(1);
  return Lower(host);
}

bool WarcFilter::MatchesHeader(const WarcRecord& record) const {
  if (!hosts.empty()) {
    std::string host = HostOfUri(record.target_uri);
    bool any = false;
    for (const std::string& h : hosts) {
      if (host == h || (host.size() > h.size() && host.ends_with(h) &&
                        host[host.size() - h.size() - 1] == '.')) {
        any = true;
        break;
      }
    }
    if (!any) return false;
  }
  if (from_unix || to_unix) {
    if (!record.date_unix) return false;
    if (from_unix && *record.date_unix < *from_unix) return false;
    if (to_unix && *record.date_unix > *to_unix) return false;
  }
  return MatchesLanguage(record.language);
}

bool WarcFilter::MatchesMime(std::string_view mime) const {
  if (mimes.empty()) return true;
  std::string m = Lower(Trim(mime));
  for (const std::string& want : mimes) {
    if (want.ends_with("/*")) {
      if (m.size() >= want.size() - 1 &&
          m.compare(0, want.size() - 1, want, 0, want.size() - 1) == 0) {
        return true;
      }
    } else if (m == want) {
      return true;
    }
  }
  return false;
}

bool WarcFilter::MatchesLanguage(std::string_view lang) const {
  if (languages.empty() || Trim(lang).empty()) return true;
  size_t start = 0;
  while (start <= lang.size()) {
    size_t comma = lang.find(',', start);
    std::string code = NormaliseLanguage(lang.substr(start, comma - start));
    for (const std::string& want : languages) {
      if (!code.empty() && NormaliseLanguage(want) == code) return true;
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return false;
}

namespace {

std::vector<std::string> SplitList(std::string_view list) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    std::string item = Lower(Trim(list.substr(start, comma - start)));
    if (!item.empty()) out.push_back(std::move(item));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace

Result<WarcFilter> WarcFilter::FromFlags(std::string_view hosts, std::string_view mimes,
                                         std::string_view languages, std::string_view from,
                                         std::string_view to) {
  WarcFilter f;
  for (std::string& h : SplitList(hosts)) {
    if (h.starts_with("*.")) h.erase(0, 2);
    if (h.starts_with(".")) h.erase(0, 1);
    while (!h.empty() && h.back() == '.') h.pop_back();
    if (h.empty() || h.find_first_of("/: ") != std::string::npos) {
      return InvalidArgument("--host '" + std::string(hosts) +
                             "': give host names such as bbc.co.uk (no scheme, path or port).");
    }
    f.hosts.push_back(std::move(h));
  }
  for (std::string& m : SplitList(mimes)) {
    if (m.find('/') == std::string::npos) {
      return InvalidArgument("--mime '" + std::string(mimes) +
                             "': give media types such as text/html or text/*.");
    }
    f.mimes.push_back(std::move(m));
  }
  for (std::string& l : SplitList(languages)) {
    size_t letters = l.find_first_of("-_");
    size_t n = letters == std::string::npos ? l.size() : letters;
    bool alpha = n > 0 && std::all_of(l.begin(), l.begin() + static_cast<std::ptrdiff_t>(n),
                                      [](char c) { return c >= 'a' && c <= 'z'; });
    if (!alpha || (n != 2 && n != 3)) {
      return InvalidArgument("--lang '" + std::string(languages) +
                             "': give ISO 639 codes such as en or eng (comma-separated).");
    }
    f.languages.push_back(std::move(l));
  }
  if (!Trim(from).empty()) {
    Result<int64_t> t = ParseDateBound(from, false);
    if (!t.ok()) return t.status().WithContext("--from");
    f.from_unix = *t;
  }
  if (!Trim(to).empty()) {
    Result<int64_t> t = ParseDateBound(to, true);
    if (!t.ok()) return t.status().WithContext("--to");
    f.to_unix = *t;
  }
  if (f.from_unix && f.to_unix && *f.from_unix > *f.to_unix) {
    return InvalidArgument("--from " + std::string(from) + " is after --to " + std::string(to) +
                           ": no record can match. Swap them.");
  }
  return f;
}

Result<int64_t> WarcFilter::ParseDateBound(std::string_view text, bool is_upper) {
  bool date_only;
  std::optional<int64_t> t = ParseIso(Trim(text), &date_only);
  if (!t) {
    return InvalidArgument("'" + std::string(text) + "' is not a date. Use YYYY-MM-DD or " +
                           "YYYY-MM-DDThh:mm:ssZ, for example 2024-05-01 or " +
                           "2024-05-01T12:00:00Z.");
  }
  if (date_only && is_upper) *t += 86400 - 1;
  return *t;
}

}  // namespace storyline
