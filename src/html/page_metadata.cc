#include "html/page_metadata.h"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <vector>

#include "analysis/text_date_finder.h"

namespace storyline {

namespace {

constexpr int kMinYear = 1990;
constexpr int kMaxYear = 2099;
constexpr int kMaxJsonDepth = 8;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

bool Digits(std::string_view s, size_t pos, size_t count, int* value) {
  if (pos + count > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    if (!IsDigit(s[i])) return false;
    v = v * 10 + (s[i] - '0');
  }
  *value = v;
  return true;
}

bool ValidDay(int y, int m, int d) {
  static constexpr std::array<int, 12> kDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < kMinYear || y > kMaxYear || m < 1 || m > 12 || d < 1) return false;
  if (d > kDays[m - 1]) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return !(m == 2 && d == 29 && !leap);
}

// "YYYY-MM-DD", "YYYY/MM/DD", "YYYY.MM.DD", "YYYYMMDD", each with an optional time.
bool ParseIsoLike(std::string_view s, PublishedDate* out) {
  int y, m, d;
  size_t p;
  if (!Digits(s, 0, 4, &y)) return false;
  if (s.size() >= 10 && (s[4] == '-' || s[4] == '/' || s[4] == '.') && s[7] == s[4]) {
    if (!Digits(s, 5, 2, &m) || !Digits(s, 8, 2, &d)) return false;
    p = 10;
  } else if (Digits(s, 4, 2, &m) && Digits(s, 6, 2, &d) && (s.size() == 8 || !IsDigit(s[8]))) {
    p = 8;
  } else {
    return false;
  }
  if (p < s.size() && IsDigit(s[p])) return false;
  if (!ValidDay(y, m, d)) return false;
  PublishedDate r;
  r.year = y;
  r.month = m;
  r.day = d;
  int hh, mm, ss = 0;
  if (p < s.size() && (s[p] == 'T' || s[p] == ' ') && Digits(s, p + 1, 2, &hh) &&
      p + 3 < s.size() && s[p + 3] == ':' && Digits(s, p + 4, 2, &mm) && hh < 24 && mm < 60) {
    p += 6;
    if (p + 2 < s.size() && s[p] == ':' && Digits(s, p + 1, 2, &ss) && ss < 61) p += 3;
    while (p < s.size() && (s[p] == '.' || IsDigit(s[p]))) ++p;
    r.hour = hh;
    r.minute = mm;
    r.second = ss;
    if (p < s.size() && s[p] == 'Z') {
      r.has_utc_offset = true;
    } else if (p < s.size() && (s[p] == '+' || s[p] == '-')) {
      int oh, om = 0;
      if (Digits(s, p + 1, 2, &oh)) {
        size_t q = p + 3;
        if (q < s.size() && s[q] == ':') ++q;
        if (Digits(s, q, 2, &om) || q >= s.size() || !IsDigit(s[q])) {
          if (oh <= 14 && om < 60) {
            r.has_utc_offset = true;
            r.utc_offset_minutes = (s[p] == '-' ? -1 : 1) * (oh * 60 + om);
          }
        }
      }
    }
  }
  *out = r;
  return true;
}

// "11.05.2016" (day first, as written where dots separate dates).
bool ParseDottedDate(std::string_view s, PublishedDate* out) {
  for (size_t i = 0; i + 8 <= s.size(); ++i) {
    if (!IsDigit(s[i]) || (i > 0 && (IsDigit(s[i - 1]) || s[i - 1] == '.'))) continue;
    size_t p = i;
    int d = 0, m = 0, y = 0;
    size_t dl = (p + 1 < s.size() && IsDigit(s[p + 1])) ? 2 : 1;
    if (!Digits(s, p, dl, &d)) continue;
    p += dl;
    if (p >= s.size() || s[p] != '.') continue;
    ++p;
    size_t ml = (p + 1 < s.size() && IsDigit(s[p + 1])) ? 2 : 1;
    if (!Digits(s, p, ml, &m)) continue;
    p += ml;
    if (p >= s.size() || s[p] != '.') continue;
    ++p;
    if (!Digits(s, p, 4, &y) || (p + 4 < s.size() && IsDigit(s[p + 4]))) continue;
    if (!ValidDay(y, m, d)) continue;
    *out = PublishedDate{};
    out->year = y;
    out->month = m;
    out->day = d;
    return true;
  }
  return false;
}

// German and French month names (lowercase), by month.
struct MonthName {
  std::string_view name;
  int month;
};
constexpr std::array<MonthName, 27> kMonthNames = {{
    {"januar", 1},
    {"janvier", 1},
    {"februar", 2},
    {"f\xC3\xA9vrier", 2},
    {"m\xC3\xA4rz", 3},
    {"maerz", 3},
    {"mars", 3},
    {"april", 4},
    {"avril", 4},
    {"mai", 5},
    {"juni", 6},
    {"juin", 6},
    {"juli", 7},
    {"juillet", 7},
    {"august", 8},
    {"ao\xC3\xBBt", 8},
    {"september", 9},
    {"septembre", 9},
    {"oktober", 10},
    {"octobre", 10},
    {"november", 11},
    {"novembre", 11},
    {"dezember", 12},
    {"d\xC3\xA9"
     "cembre",
     12},
    {"jan", 1},
    {"okt", 10},
    {"dez", 12},
}};

// "6. August 2009", "3. Juli 2018" (German), "15 septembre 2009", "1er mai 2020" (French).
bool ParseEuropeanWrittenDate(std::string_view s, PublishedDate* out) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (!IsDigit(s[i]) || (i > 0 && IsDigit(s[i - 1]))) continue;
    size_t p = i;
    int d = 0;
    while (p < s.size() && IsDigit(s[p]) && p - i < 2) d = d * 10 + (s[p++] - '0');
    if (p < s.size() && IsDigit(s[p])) continue;
    if (p < s.size() && s[p] == '.') ++p;
    if (s.substr(p, 2) == "er") p += 2;
    if (p >= s.size() || s[p] != ' ') continue;
    ++p;
    size_t word_end = p;
    while (word_end < s.size() && s[word_end] != ' ' && s[word_end] != '.' && s[word_end] != ',') {
      ++word_end;
    }
    std::string word = Lower(s.substr(p, word_end - p));
    int m = 0;
    for (const MonthName& mn : kMonthNames) {
      if (word == mn.name) m = mn.month;
    }
    if (m == 0) continue;
    p = word_end;
    if (p < s.size() && s[p] == '.') ++p;
    if (p >= s.size() || s[p] != ' ') continue;
    ++p;
    int y;
    if (!Digits(s, p, 4, &y) || (p + 4 < s.size() && IsDigit(s[p + 4]))) continue;
    if (!ValidDay(y, m, d)) continue;
    *out = PublishedDate{};
    out->year = y;
    out->month = m;
    out->day = d;
    return true;
  }
  return false;
}

// Date in free text: English written dates, then German/French ones, then dotted day-first dates.
bool ParseTextDate(std::string_view s, PublishedDate* out) {
  PublishedDate d = FindDateInText(s);
  if (d.known() && d.day > 0 && ValidDay(d.year, d.month, d.day)) {
    *out = d;
    return true;
  }
  return ParseEuropeanWrittenDate(s, out) || ParseDottedDate(s, out);
}

std::string JsonString(const nlohmann::json& j) {
  if (j.is_string()) return j.get<std::string>();
  return "";
}

// A person or list of persons: "Name", {"name": "Name"}, [ ... ].
std::string JsonAuthor(const nlohmann::json& j) {
  if (j.is_string()) return j.get<std::string>();
  if (j.is_object()) {
    auto it = j.find("name");
    if (it != j.end()) return JsonAuthor(*it);
    return "";
  }
  if (j.is_array()) {
    std::string all;
    for (const auto& a : j) {
      std::string one = JsonAuthor(a);
      if (one.empty()) continue;
      if (!all.empty()) all += ", ";
      all += one;
      if (all.size() > 120) break;
    }
    return all;
  }
  return "";
}

bool IsArticleType(const nlohmann::json& type) {
  auto check = [](const std::string& t) {
    return t.find("Article") != std::string::npos || t == "BlogPosting" || t == "LiveBlogPosting" ||
           t == "Report";
  };
  if (type.is_string()) return check(type.get<std::string>());
  if (type.is_array()) {
    for (const auto& t : type) {
      if (t.is_string() && check(t.get<std::string>())) return true;
    }
  }
  return false;
}

struct JsonLdFacts {
  std::string date_published, date_created, author, headline;
  bool article = false;
  // Values from objects of any type, used when no Article-like object has them.
  std::string any_published, any_author;
};

void WalkJsonLd(const nlohmann::json& j, int depth, JsonLdFacts* f) {
  if (depth > kMaxJsonDepth) return;
  if (j.is_array()) {
    for (const auto& x : j) WalkJsonLd(x, depth + 1, f);
    return;
  }
  if (!j.is_object()) return;
  auto type = j.find("@type");
  bool article = type != j.end() && IsArticleType(*type);
  auto get = [&](const char* k) {
    auto it = j.find(k);
    return it == j.end() ? std::string() : JsonString(*it);
  };
  if (article) {
    f->article = true;
    if (f->date_published.empty()) f->date_published = get("datePublished");
    if (f->date_created.empty()) f->date_created = get("dateCreated");
    if (f->headline.empty()) f->headline = get("headline");
    auto a = j.find("author");
    if (f->author.empty() && a != j.end()) f->author = JsonAuthor(*a);
  } else {
    if (f->any_published.empty()) f->any_published = get("datePublished");
    auto a = j.find("author");
    if (f->any_author.empty() && a != j.end()) f->any_author = JsonAuthor(*a);
  }
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it->is_object() || it->is_array()) WalkJsonLd(*it, depth + 1, f);
  }
}

constexpr std::array<std::string_view, 34> kDateMetaKeys = {"article:published_time",
                                                            "og:article:published_time",
                                                            "article:published",
                                                            "og:published_time",
                                                            "published_time",
                                                            "itemprop:datepublished",
                                                            "datepublished",
                                                            "pubdate",
                                                            "publishdate",
                                                            "publish-date",
                                                            "publish_date",
                                                            "published-date",
                                                            "published_date",
                                                            "article.published",
                                                            "article_date_original",
                                                            "originalpublicationdate",
                                                            "sailthru.date",
                                                            "parsely-pub-date",
                                                            "dc.date.issued",
                                                            "dcterms.issued",
                                                            "dc.date.created",
                                                            "dcterms.created",
                                                            "dc.date",
                                                            "dcterms.date",
                                                            "date",
                                                            "citation_publication_date",
                                                            "citation_date",
                                                            "cxenseparse:recs:publishtime",
                                                            "rnews:datepublished",
                                                            "itemprop:datecreated",
                                                            "datecreated",
                                                            "article.created",
                                                            "displaydate",
                                                            "ptime"};

constexpr std::array<std::string_view, 7> kAuthorMetaKeys = {
    "author",          "article:author", "dc.creator",     "byl",
    "sailthru.author", "parsely-author", "dcterms.creator"};

const std::string* FindMeta(const DomBlocks& dom, std::string_view key) {
  for (const MetaTag& m : dom.metas) {
    if (m.key == key && !Trim(m.value).empty()) return &m.value;
  }
  return nullptr;
}

// A byline that names people: short, letters, no URL, e-mail or digits; "By " removed.
std::string CleanByline(std::string_view raw, std::string_view site_name) {
  std::string_view s = Trim(raw);
  for (std::string_view prefix : {"By ", "by ", "BY ", "Von ", "von ", "Par ", "par ", "Por "}) {
    if (s.substr(0, prefix.size()) == prefix) {
      s.remove_prefix(prefix.size());
      break;
    }
  }
  // Cut at a separator that starts a date, a role or a site.
  for (std::string_view sep : {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", "\n", " on ",
                               " Updated", " Published", " posted"}) {
    size_t p = s.find(sep);
    if (p != std::string_view::npos) s = s.substr(0, p);
  }
  s = Trim(s);
  while (!s.empty() && (s.back() == ',' || s.back() == ':' || s.back() == '.')) {
    s.remove_suffix(1);
  }
  if (s.size() < 3 || s.size() > 100) return "";
  if (s.find("http") != std::string_view::npos || s.find('@') != std::string_view::npos ||
      s.find("www.") != std::string_view::npos || s.find('/') != std::string_view::npos) {
    return "";
  }
  size_t words = 1, letters = 0;
  for (char c : s) {
    if (IsDigit(c)) return "";
    if (c == ' ') ++words;
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || static_cast<unsigned char>(c) >= 0x80) {
      ++letters;
    }
  }
  if (words > 10 || letters < 3) return "";
  if (!site_name.empty() && Lower(s) == Lower(site_name)) return "";
  // A name starts with a capital (or a non-ASCII letter).
  if (s.front() >= 'a' && s.front() <= 'z') return "";
  return std::string(s);
}

std::string PrimaryLanguage(std::string_view tag) {
  tag = Trim(tag);
  std::string out;
  for (char c : tag) {
    if (c == '-' || c == '_' || c == ',' || c == ';' || c == ' ') break;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
  }
  if (out.size() < 2 || out.size() > 3) return "";
  for (char c : out) {
    if (c < 'a' || c > 'z') return "";
  }
  return out;
}

std::string UrlHostOf(std::string_view url) {
  size_t p = url.find("://");
  if (p == std::string_view::npos) return "";
  url.remove_prefix(p + 3);
  size_t end = url.find_first_of("/?#:");
  std::string host = Lower(url.substr(0, end));
  if (host.rfind("www.", 0) == 0) host.erase(0, 4);
  return host;
}

}  // namespace

bool ParseDateValue(std::string_view s, PublishedDate* out) {
  s = Trim(s);
  if (s.empty()) return false;
  if (ParseIsoLike(s, out)) return true;
  return ParseTextDate(s.substr(0, 200), out);
}

PublishedDate DateFromUrl(std::string_view url) {
  PublishedDate none;
  size_t start = url.find("://");
  start = start == std::string_view::npos ? 0 : url.find('/', start + 3);
  if (start == std::string_view::npos) return none;
  std::string_view path = url.substr(start);
  for (size_t i = 0; i + 8 <= path.size(); ++i) {
    if (!IsDigit(path[i]) || (i > 0 && IsDigit(path[i - 1]))) continue;
    int y, m, d;
    if (!Digits(path, i, 4, &y)) continue;
    size_t p = i + 4;
    if (p + 6 <= path.size() && (path[p] == '/' || path[p] == '-' || path[p] == '_') &&
        Digits(path, p + 1, 2, &m) && path[p + 3] == path[p] && Digits(path, p + 4, 2, &d) &&
        (p + 6 == path.size() || !IsDigit(path[p + 6]))) {
      // /2016/05/11, -2016-05-11
    } else if (Digits(path, p, 2, &m) && Digits(path, p + 2, 2, &d) &&
               (p + 4 == path.size() || !IsDigit(path[p + 4]))) {
      // 20160511
    } else {
      continue;
    }
    if (!ValidDay(y, m, d)) continue;
    PublishedDate r;
    r.year = y;
    r.month = m;
    r.day = d;
    r.provenance = DateProvenance::kMetadata;
    r.confidence = 0.7f;
    return r;
  }
  return none;
}

std::string ResolveUrl(std::string_view href, std::string_view base) {
  href = Trim(href);
  if (href.empty()) return "";
  if (href.rfind("http://", 0) == 0 || href.rfind("https://", 0) == 0) return std::string(href);
  size_t scheme_end = base.find("://");
  if (scheme_end == std::string_view::npos) return "";
  if (href.rfind("//", 0) == 0)
    return std::string(base.substr(0, scheme_end + 1)) + std::string(href);
  size_t host_end = base.find('/', scheme_end + 3);
  std::string_view origin = base.substr(0, host_end);
  if (href.front() == '/') return std::string(origin) + std::string(href);
  return "";
}

std::string CleanTitle(std::string_view title, std::string_view site_name, std::string_view h1) {
  title = Trim(title);
  if (!h1.empty() && Lower(Trim(h1)) == Lower(title)) return std::string(title);
  static constexpr std::array<std::string_view, 7> kSeparators = {
      " | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " :: ", " \xC2\xBB ", " \xC2\xB7 "};
  std::vector<std::string_view> parts;
  std::string_view rest = title;
  while (true) {
    size_t best = std::string_view::npos, len = 0;
    for (std::string_view sep : kSeparators) {
      size_t p = rest.find(sep);
      if (p < best) {
        best = p;
        len = sep.size();
      }
    }
    if (best == std::string_view::npos) break;
    parts.push_back(Trim(rest.substr(0, best)));
    rest.remove_prefix(best + len);
  }
  parts.push_back(Trim(rest));
  if (parts.size() == 1) return std::string(title);
  std::string h1_lower = Lower(Trim(h1));
  for (std::string_view p : parts) {
    if (!h1_lower.empty() && Lower(p) == h1_lower) return std::string(p);
  }
  std::string site_lower = Lower(site_name);
  std::vector<std::string_view> kept;
  for (std::string_view p : parts) {
    std::string pl = Lower(p);
    if (!site_lower.empty() && (pl == site_lower || pl.find(site_lower) != std::string::npos)) {
      continue;
    }
    if (!p.empty()) kept.push_back(p);
  }
  if (kept.empty()) return std::string(title);
  // The headline is the longest part; the site name and section names are short.
  std::string_view best =
      *std::max_element(kept.begin(), kept.end(),
                        [](std::string_view a, std::string_view b) { return a.size() < b.size(); });
  size_t words = std::count(best.begin(), best.end(), ' ') + 1;
  if (words < 3 && kept.size() == parts.size()) return std::string(title);
  return std::string(best);
}

PageMetadata ExtractPageMetadata(const DomBlocks& dom, std::string_view url) {
  PageMetadata md;
  JsonLdFacts ld;
  for (const std::string& text : dom.json_ld) {
    nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!j.is_discarded()) WalkJsonLd(j, 0, &ld);
  }
  md.declared_article = ld.article;
  if (const std::string* t = FindMeta(dom, "og:type"); t != nullptr && Lower(*t) == "article") {
    md.declared_article = true;
  }

  // Site name and canonical URL.
  for (std::string_view k : {"og:site_name", "application-name", "twitter:site"}) {
    if (const std::string* v = FindMeta(dom, k); v != nullptr) {
      md.site_name = std::string(Trim(*v));
      if (!md.site_name.empty() && md.site_name[0] == '@') md.site_name.erase(0, 1);
      break;
    }
  }
  md.canonical = ResolveUrl(dom.canonical, url);
  if (md.canonical.empty()) {
    if (const std::string* v = FindMeta(dom, "og:url"); v != nullptr) {
      md.canonical = ResolveUrl(*v, url);
    }
  }

  // Title.
  std::string h1 = dom.headings_h1.empty() ? "" : dom.headings_h1.front();
  std::string site_or_host = md.site_name.empty() ? UrlHostOf(url) : md.site_name;
  if (const std::string* og = FindMeta(dom, "og:title"); og != nullptr) {
    md.title = CleanTitle(*og, site_or_host, h1);
  } else if (!ld.headline.empty()) {
    md.title = std::string(Trim(ld.headline));
  } else if (!dom.title.empty()) {
    md.title = CleanTitle(dom.title, site_or_host, h1);
    // An h1 that is the start of the <title> is the headline without the site's decoration.
    if (!h1.empty() && h1.size() >= 10 && dom.title.rfind(h1, 0) == 0) md.title = h1;
  } else {
    md.title = h1;
  }

  // Byline.
  std::vector<std::string> candidates;
  if (!ld.author.empty()) candidates.push_back(ld.author);
  for (std::string_view k : kAuthorMetaKeys) {
    if (const std::string* v = FindMeta(dom, k); v != nullptr) candidates.push_back(*v);
  }
  if (!ld.any_author.empty()) candidates.push_back(ld.any_author);
  for (const std::string& t : dom.byline_texts) candidates.push_back(t);
  for (const std::string& c : candidates) {
    md.byline = CleanByline(c, md.site_name);
    if (!md.byline.empty()) break;
  }

  // Declared language.
  md.declared_language = PrimaryLanguage(dom.html_lang);
  for (std::string_view k : {"content-language", "og:locale", "dc.language", "language"}) {
    if (!md.declared_language.empty()) break;
    if (const std::string* v = FindMeta(dom, k); v != nullptr) {
      md.declared_language = PrimaryLanguage(*v);
    }
  }

  // Date.
  PublishedDate d;
  auto accept = [&](std::string_view value, std::string source, float confidence) {
    if (d.known() || value.empty()) return;
    PublishedDate p;
    if (!ParseDateValue(value, &p)) return;
    p.provenance = DateProvenance::kMetadata;
    p.confidence = confidence;
    d = p;
    md.date_source = std::move(source);
  };
  auto metas = [&] {
    for (std::string_view k : kDateMetaKeys) {
      if (d.known()) break;
      if (const std::string* v = FindMeta(dom, k); v != nullptr) {
        accept(*v, "meta:" + std::string(k), 0.9f);
      }
    }
  };
  accept(ld.date_published, "json-ld", 0.95f);
  accept(ld.date_created, "json-ld", 0.9f);
  metas();
  if (!d.known()) {
    if (const std::string* v = FindMeta(dom, "parsely-page"); v != nullptr) {
      nlohmann::json j = nlohmann::json::parse(*v, nullptr, false);
      if (j.is_object() && j.contains("pub_date")) {
        accept(JsonString(j["pub_date"]), "meta:parsely-page", 0.9f);
      }
    }
  }
  accept(ld.any_published, "json-ld", 0.85f);
  for (const TimeElement& t : dom.times) {
    if (t.publish_hint) accept(t.datetime, "time-element", 0.8f);
  }
  for (const TimeElement& t : dom.times) {
    if (!t.update_hint) accept(t.datetime, "time-element", 0.7f);
  }
  if (!d.known()) {
    d = DateFromUrl(url);
    if (!d.known() && !md.canonical.empty()) d = DateFromUrl(md.canonical);
    if (d.known()) md.date_source = "url";
  }
  md.published = d;
  return md;
}

PublishedDate FindTextDate(const DomBlocks& dom, int first_main_block, int last_main_block) {
  PublishedDate d;
  auto found = [&](std::string_view text) {
    if (ParseTextDate(text, &d)) {
      d.provenance = DateProvenance::kText;
      d.confidence = 0.5f;
      return true;
    }
    return false;
  };
  for (const std::string& t : dom.date_texts) {
    if (found(t)) return d;
  }
  if (first_main_block >= 0) {
    int from = std::max(0, first_main_block - 6);
    int to = std::min(static_cast<int>(dom.blocks.size()), first_main_block + 3);
    for (int i = from; i < to; ++i) {
      if (found(std::string_view(dom.blocks[i].text).substr(0, 400))) return d;
    }
  }
  if (last_main_block >= 0) {
    int to = std::min(static_cast<int>(dom.blocks.size()), last_main_block + 4);
    for (int i = last_main_block; i < to; ++i) {
      if (found(std::string_view(dom.blocks[i].text).substr(0, 400))) return d;
    }
  }
  return PublishedDate{};
}

}  // namespace storyline
