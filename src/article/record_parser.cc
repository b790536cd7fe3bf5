#include "article/record_parser.h"

#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <nlohmann/json.hpp>
#include <utility>

#include "common/hash.h"
#include "storyline/html_extract.h"
#include "common/utf8.h"

namespace storyline {

namespace {

constexpr size_t kMaxRepairWarnings = 10;

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// A single-line field (title, url, source, byline): trimmed, inner line breaks and tabs as spaces.
std::string CleanLine(std::string_view s) {
  std::string out(Trim(s));
  for (char& c : out) {
    if (c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v') c = ' ';
  }
  return out;
}

// CRLF (and a lone CR) -> LF, leading blank lines dropped, trailing whitespace trimmed.
void NormalizeText(std::string* text) {
  std::string& t = *text;
  if (std::memchr(t.data(), '\r', t.size()) != nullptr) {
    size_t w = 0;
    for (size_t r = 0; r < t.size(); ++r) {
      if (t[r] == '\r') {
        t[w++] = '\n';
        if (r + 1 < t.size() && t[r + 1] == '\n') ++r;
      } else {
        t[w++] = t[r];
      }
    }
    t.resize(w);
  }
  size_t end = t.size();
  while (end > 0 && IsSpace(t[end - 1])) --end;
  t.resize(end);
  size_t start = 0;  // start of the first line holding a non-space character
  for (size_t i = 0; i < t.size() && IsSpace(t[i]); ++i) {
    if (t[i] == '\n') start = i + 1;
  }
  if (start > 0) t.erase(0, start);
}

// Removes NUL characters; returns how many.
size_t RemoveNuls(std::string* s) {
  if (std::memchr(s->data(), '\0', s->size()) == nullptr) return 0;
  size_t before = s->size();
  s->erase(std::remove(s->begin(), s->end(), '\0'), s->end());
  return before - s->size();
}

// Appends a JSON value's raw text without whitespace between tokens. Raw control characters
// inside strings (which strict JSON forbids but simdjson lets through) are escaped so the
// metadata object is always valid JSON.
void AppendMinified(std::string_view raw, std::string* out) {
  bool in_string = false;
  bool escaped = false;
  for (char c : raw) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      } else if (static_cast<unsigned char>(c) < 0x20) {
        static const char kHex[] = "0123456789abcdef";
        out->append("\\u00");
        out->push_back(kHex[(c >> 4) & 0xF]);
        out->push_back(kHex[c & 0xF]);
        continue;
      }
      out->push_back(c);
    } else if (!IsSpace(c)) {
      if (c == '"') in_string = true;
      out->push_back(c);
    }
  }
}

const char* JsonTypeName(simdjson::ondemand::json_type t) {
  switch (t) {
    case simdjson::ondemand::json_type::array:
      return "an array";
    case simdjson::ondemand::json_type::object:
      return "an object";
    case simdjson::ondemand::json_type::number:
      return "a number";
    case simdjson::ondemand::json_type::string:
      return "a string";
    case simdjson::ondemand::json_type::boolean:
      return "a boolean";
    case simdjson::ondemand::json_type::null:
      return "null";
  }
  return "a value";
}

std::string DescribeJsonError(simdjson::error_code e) {
  switch (e) {
    case simdjson::TAPE_ERROR:
      return "unexpected character or misplaced comma, colon or bracket";
    case simdjson::UNCLOSED_STRING:
      return "a string is not closed with '\"'";
    case simdjson::STRING_ERROR:
      return "bad escape sequence in a string";
    case simdjson::UNESCAPED_CHARS:
      return "unescaped control character in a string";
    case simdjson::NUMBER_ERROR:
      return "malformed number";
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR:
      return "bad literal (expected true, false or null)";
    case simdjson::DEPTH_ERROR:
      return "nested too deeply";
    case simdjson::EMPTY:
      return "the line holds no JSON value";
    case simdjson::TRAILING_CONTENT:
      return "unexpected content after the end of the object";
    case simdjson::INCORRECT_TYPE:
      return "unexpected value type";
    default:
      return simdjson::error_message(e);
  }
}

// The key as written between its quotes (escapes kept), from simdjson's raw key pointer.
std::string_view RawKey(simdjson::ondemand::raw_json_string key) {
  const char* p = key.raw();
  size_t n = 0;
  while (p[n] != '"') n += (p[n] == '\\') ? 2 : 1;
  return std::string_view(p, n);
}

enum class Field : uint8_t {
  kOther,
  kId,
  kUrl,
  kTitle,
  kText,
  kBody,
  kPublishedAt,
  kDate,
  kSource,
  kLang,
  kAuthor
};

Field ClassifyKey(std::string_view k) {
  switch (k.size()) {
    case 2:
      return k == "id" ? Field::kId : Field::kOther;
    case 3:
      return k == "url" ? Field::kUrl : Field::kOther;
    case 4:
      if (k == "text") return Field::kText;
      if (k == "body") return Field::kBody;
      if (k == "date") return Field::kDate;
      if (k == "lang") return Field::kLang;
      return Field::kOther;
    case 5:
      return k == "title" ? Field::kTitle : Field::kOther;
    case 6:
      if (k == "source") return Field::kSource;
      if (k == "author") return Field::kAuthor;
      return Field::kOther;
    case 12:
      return k == "published_at" ? Field::kPublishedAt : Field::kOther;
    default:
      return Field::kOther;
  }
}

// One field of a JSON record, in record order. `value` is set for string fields.
struct Entry {
  std::string_view key;    // raw, between the quotes
  std::string_view raw;    // raw value text
  std::string_view value;  // unescaped string value (known fields)
  Field field = Field::kOther;
  bool is_string = false;
  bool consumed = false;  // became an Article field (then left out of metadata_json)
};

std::string Quote(std::string_view s) {
  std::string out = "\"";
  out.append(s.substr(0, 40));
  if (s.size() > 40) out.append("...");
  out.push_back('"');
  return out;
}

// Offset of the first NUL (raw or as the escape \u0000) within a string's raw JSON text.
size_t FirstNulInRaw(std::string_view raw) {
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\0') return i;
    if (raw[i] == '\\') {
      if (raw.substr(i, 6) == "\\u0000") return i;
      ++i;  // skip the escaped character
    }
  }
  return 0;
}

// Offset of the first control character inside a JSON string (strict JSON forbids them raw).
size_t FirstControlInString(std::string_view json) {
  bool in_string = false;
  for (size_t i = 0; i < json.size(); ++i) {
    char c = json[i];
    if (!in_string) {
      in_string = c == '"';
    } else if (c == '\\') {
      ++i;
    } else if (c == '"') {
      in_string = false;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      return i;
    }
  }
  return 0;
}

uint64_t IdentityHash(const Article& a, std::string_view record_id) {
  std::string identity;
  identity.reserve(a.url.size() + record_id.size() + a.source.size() + a.title.size() +
                   a.text.size() + 4);
  identity.append(a.url).push_back('\x1f');
  identity.append(record_id).push_back('\x1f');
  identity.append(a.source).push_back('\x1f');
  identity.append(a.title).push_back('\x1f');
  identity.append(a.text);
  return Hash64(identity);
}

// Lists each run of invalid UTF-8 and each NUL byte of `s` (base = offset of s[0] in the file).
void DescribeRepairs(std::string_view s, uint64_t base, std::vector<std::string>* warnings) {
  size_t listed = 0, more = 0;
  for (size_t i = 0; i < s.size();) {
    size_t at = i;
    if (s[i] == '\0') {
      ++i;
      if (listed < kMaxRepairWarnings) {
        warnings->push_back("removed a NUL byte at byte " + std::to_string(base + at));
        ++listed;
      } else {
        ++more;
      }
      continue;
    }
    char32_t cp = DecodeUtf8(s, &i);
    if (cp != 0xFFFD || i - at != 1) continue;
    // Ill-formed: extend over the run of ill-formed bytes, which become one U+FFFD each.
    size_t j = i;
    while (j < s.size() && s[j] != '\0') {
      size_t k = j;
      char32_t c2 = DecodeUtf8(s, &k);
      if (c2 != 0xFFFD || k - j != 1) break;
      j = k;
    }
    i = j;
    if (listed < kMaxRepairWarnings) {
      warnings->push_back("replaced invalid UTF-8 at byte " + std::to_string(base + at) + " (" +
                          std::to_string(j - at) + (j - at == 1 ? " byte" : " bytes") +
                          ") with U+FFFD");
      ++listed;
    } else {
      ++more;
    }
  }
  if (more > 0) {
    warnings->push_back("and " + std::to_string(more) +
                        " more invalid UTF-8 sequences or NUL bytes repaired");
  }
}

}  // namespace

struct RecordParser::Impl {
  simdjson::ondemand::parser parser;
  // The record copied with SIMDJSON_PADDING readable bytes after it, reused across records.
  std::unique_ptr<char[]> padded;
  size_t padded_cap = 0;
  std::vector<Entry> entries;

  Result<ParsedRecord> ParseJson(const RawRecord& record);
  Result<ParsedRecord> ParseText(const RawRecord& record);
  Result<ParsedRecord> ParseHtml(const RawRecord& record);
};

RecordParser::RecordParser() : impl_(std::make_unique<Impl>()) {}
RecordParser::~RecordParser() = default;

Result<ParsedRecord> RecordParser::Parse(const RawRecord& record) {
  Result<ParsedRecord> r = record.format == InputFormat::kText   ? impl_->ParseText(record)
                           : record.format == InputFormat::kHtml ? impl_->ParseHtml(record)
                                                                 : impl_->ParseJson(record);
  if (r.ok()) r->article.origin = record.origin;
  return r;
}

Result<ParsedRecord> RecordParser::Impl::ParseJson(const RawRecord& record) {
  const std::string_view in = record.bytes;
  if (size_t bad = FirstInvalidUtf8(in); bad != std::string::npos) {
    return InvalidArgument("invalid UTF-8 at byte " + std::to_string(bad) +
                           ": JSON Lines records must be UTF-8. Re-encode the file (for example "
                           "iconv -f latin1 -t utf-8) or fix the record.");
  }
  const size_t need = in.size() + simdjson::SIMDJSON_PADDING;
  if (padded_cap < need) {
    padded_cap = std::max(need, padded_cap * 2);
    padded = std::make_unique<char[]>(padded_cap);
  }
  std::memcpy(padded.get(), in.data(), in.size());
  std::memset(padded.get() + in.size(), 0, simdjson::SIMDJSON_PADDING);
  const char* const base = padded.get();

  simdjson::ondemand::document doc;
  auto broken = [&](simdjson::error_code e, const char* where = nullptr) -> Status {
    size_t offset = in.size();
    if (where == nullptr) {
      const char* loc = nullptr;
      if (doc.current_location().get(loc) == simdjson::SUCCESS && loc != nullptr) where = loc;
    }
    if (where != nullptr && where >= base && where <= base + in.size()) {
      offset = static_cast<size_t>(where - base);
    }
    std::string why = DescribeJsonError(e);
    while (!why.empty() && why.back() == '.') why.pop_back();  // simdjson's texts end in '.'
    return InvalidArgument("broken JSON at byte " + std::to_string(offset) + ": " + why +
                           ". Fix or remove the record.");
  };
  if (Trim(in).empty()) return InvalidArgument("broken JSON at byte 0: the line is blank.");
  if (auto e = parser.iterate(base, in.size(), padded_cap).get(doc)) {
    // Stage 1 errors carry no position: find it.
    size_t at = e == simdjson::UNESCAPED_CHARS   ? FirstControlInString(in)
                : e == simdjson::UNCLOSED_STRING ? in.size()
                                                 : 0;
    return broken(e, base + at);
  }
  simdjson::ondemand::object obj;
  if (auto e = doc.get_object().get(obj)) {
    if (e == simdjson::INCORRECT_TYPE) {
      return InvalidArgument(
          "broken JSON at byte 0: a JSON Lines record must be a JSON object ({...}). Fix or "
          "remove the record.");
    }
    return broken(e);
  }

  ParsedRecord out;
  std::vector<std::string>& warnings = out.warnings;
  entries.clear();
  std::string author_joined;
  bool author_set = false;
  for (auto field_result : obj) {
    simdjson::ondemand::field field;
    if (auto e = std::move(field_result).get(field)) return broken(e);
    Entry entry;
    entry.key = RawKey(field.key());
    if (entry.key.find('\\') != std::string_view::npos) {
      // On-Demand does not check escapes in keys it is not asked to unescape; metadata_json keeps
      // keys verbatim, so check them here.
      std::string_view unescaped;
      if (auto e = field.unescaped_key().get(unescaped)) return broken(e, entry.key.data());
    }
    entry.field = ClassifyKey(entry.key);
    simdjson::ondemand::value value = field.value();
    simdjson::ondemand::json_type type;
    if (auto e = value.type().get(type)) return broken(e);
    using JT = simdjson::ondemand::json_type;
    if (type == JT::object || type == JT::array) {
      std::string_view raw;
      simdjson::error_code e;
      if (type == JT::object) {
        simdjson::ondemand::object o;
        e = value.get_object().get(o);
        if (!e) e = o.raw_json().get(raw);
      } else if (entry.field == Field::kAuthor) {
        // An array of names: joined into the byline; other elements are ignored with a warning.
        simdjson::ondemand::array a;
        e = value.get_array().get(a);
        size_t ignored = 0, nuls = 0;
        if (!e) {
          for (auto el : a) {
            simdjson::ondemand::value v;
            if ((e = el.get(v))) break;
            JT t;
            if ((e = v.type().get(t))) break;
            if (t != JT::string) {
              ++ignored;
              continue;
            }
            std::string_view s;
            if ((e = v.get_string().get(s))) break;
            std::string name(s);
            nuls += RemoveNuls(&name);
            name = CleanLine(name);
            if (name.empty()) continue;
            if (!author_joined.empty()) author_joined.append(", ");
            author_joined.append(name);
          }
        }
        if (nuls > 0) {
          warnings.push_back("removed " + std::to_string(nuls) +
                             " NUL character(s) from \"author\"");
        }
        if (e) return broken(e);
        if (ignored > 0) {
          warnings.push_back("ignored " + std::to_string(ignored) +
                             " element(s) of \"author\" that are not strings");
        }
        author_set = true;
        entry.consumed = true;
        entries.push_back(entry);
        continue;
      } else {
        simdjson::ondemand::array a;
        e = value.get_array().get(a);
        if (!e) e = a.raw_json().get(raw);
      }
      if (e) return broken(e);
      entry.raw = raw;
    } else {
      entry.raw = Trim(value.raw_json_token());
      simdjson::error_code e = simdjson::SUCCESS;
      switch (type) {
        case JT::string:
          e = value.get_string().get(entry.value);
          entry.is_string = true;
          break;
        case JT::number: {
          simdjson::ondemand::number n;
          e = value.get_number().get(n);
          break;
        }
        case JT::boolean: {
          bool b;
          e = value.get_bool().get(b);
          break;
        }
        case JT::null: {
          bool is_null = false;
          e = value.is_null().get(is_null);
          if (!e && !is_null) e = simdjson::N_ATOM_ERROR;
          break;
        }
        default:
          break;
      }
      if (e) return broken(e, entry.raw.data());
    }
    if (entry.field != Field::kOther && type != JT::null && !entry.is_string &&
        !(entry.field == Field::kId && type == JT::number)) {
      warnings.push_back("ignored field \"" + std::string(entry.key) + "\": expected a string, " +
                         "got " + JsonTypeName(type) + " (kept in the metadata)");
      entry.field = Field::kOther;
    }
    if (type == JT::null && entry.field != Field::kOther && entry.field != Field::kId) {
      entry.consumed = true;  // null counts as absent
    }
    entries.push_back(entry);
  }
  // current_location() succeeds only while tokens remain after the object.
  if (const char* rest = nullptr; doc.current_location().get(rest) == simdjson::SUCCESS) {
    return broken(simdjson::TRAILING_CONTENT, rest);
  }

  // Last occurrence of each known field wins.
  Entry* slot[11] = {};
  for (Entry& e : entries) {
    if (e.field != Field::kOther && (e.is_string || (e.field == Field::kId && e.raw != "null"))) {
      slot[static_cast<int>(e.field)] = &e;
    }
  }
  Article& a = out.article;
  auto take = [&](Field f) -> Entry* {
    Entry* e = slot[static_cast<int>(f)];
    if (e != nullptr && f != Field::kId) e->consumed = true;
    return e;
  };
  auto set_string = [&](Field f, std::string* dst, bool single_line) {
    Entry* e = take(f);
    if (e == nullptr) return;
    std::string value(e->value);
    if (size_t nuls = RemoveNuls(&value); nuls > 0) {
      warnings.push_back("removed " + std::to_string(nuls) + " NUL character(s) from \"" +
                         std::string(e->key) + "\" (first at byte " +
                         std::to_string(e->raw.data() - base + FirstNulInRaw(e->raw)) + ")");
    }
    *dst = single_line ? CleanLine(value) : std::move(value);
  };

  std::string record_id;
  if (Entry* e = slot[static_cast<int>(Field::kId)]) {
    record_id = e->is_string ? std::string(e->value) : std::string(e->raw);
    RemoveNuls(&record_id);
  }
  set_string(Field::kUrl, &a.url, true);
  set_string(Field::kTitle, &a.title, true);
  set_string(Field::kSource, &a.source, true);
  set_string(Field::kLang, &a.language, true);
  if (author_set) a.byline = std::move(author_joined);
  set_string(Field::kAuthor, &a.byline, true);

  Entry* text = slot[static_cast<int>(Field::kText)];
  Entry* body = slot[static_cast<int>(Field::kBody)];
  if (text != nullptr && Trim(text->value).empty() && body != nullptr) text = nullptr;
  set_string(text != nullptr ? Field::kText : Field::kBody, &a.text, false);
  NormalizeText(&a.text);
  // A headline without a text is an article (headline feeds): its title is what is indexed. A
  // text of the wrong type is still an error.
  bool text_of_wrong_type = false;
  for (const Entry& e : entries) {
    text_of_wrong_type |=
        (ClassifyKey(e.key) == Field::kText || ClassifyKey(e.key) == Field::kBody) &&
        e.field == Field::kOther;
  }
  const bool headline_only = a.text.empty() && !Trim(a.title).empty() && !text_of_wrong_type;
  if (a.text.empty() && !headline_only) {
    bool had_field = false;
    for (const Entry& e : entries) had_field |= e.field == Field::kText || e.field == Field::kBody;
    for (const Entry& e : entries) {
      if ((ClassifyKey(e.key) == Field::kText || ClassifyKey(e.key) == Field::kBody) &&
          e.field == Field::kOther) {
        return InvalidArgument("no text: \"" + std::string(e.key) +
                               "\" is not a string. Give the article text as a JSON string.");
      }
    }
    return InvalidArgument(had_field
                               ? "no text: \"text\" (or \"body\") is empty. Leave out records "
                                 "without text."
                               : "no text: the record has neither \"text\" nor \"body\". Give the "
                                 "article text in one of them.");
  }

  for (Field f : {Field::kPublishedAt, Field::kDate}) {
    Entry* e = slot[static_cast<int>(f)];
    if (e == nullptr) continue;
    PublishedDate d;
    if (ParseMetadataDate(e->value, &d)) {
      d.provenance = DateProvenance::kMetadata;
      d.confidence = 1.0f;
      a.published = d;
      e->consumed = true;
      break;
    }
    warnings.push_back("unparseable date " + Quote(e->value) + " in \"" + std::string(e->key) +
                       "\" (kept in the metadata; the date stays unknown). Use ISO 8601, for "
                       "example 2016-05-11 or 2016-05-11T09:30:00Z (also read: "
                       "\"Wed, 11 May 2016 09:30:00 GMT\", \"11-MAY-2016 09:30\", "
                       "\"May 11, 2016\", \"2016/05/11\").");
  }

  if (a.source.empty()) a.source = UrlHost(a.url);

  std::string& meta = a.metadata_json;
  meta.assign("{");
  for (const Entry& e : entries) {
    if (e.consumed) continue;
    if (meta.size() > 1) meta.push_back(',');
    meta.push_back('"');
    meta.append(e.key);
    meta.append("\":");
    size_t value_start = meta.size();
    AppendMinified(e.raw, &meta);
    if (!e.raw.empty() && (e.raw.front() == '{' || e.raw.front() == '[')) {
      // On-Demand skips nested values without checking them; check before keeping them.
      bool valid = false;
      try {
        valid = nlohmann::json::accept(std::string_view(meta).substr(value_start));
      } catch (...) {
        valid = false;
      }
      if (!valid) {
        return InvalidArgument("broken JSON at byte " + std::to_string(e.raw.data() - base) +
                               ": the value of \"" + std::string(e.key) +
                               "\" is not valid JSON. Fix or remove the record.");
      }
    }
  }
  meta.push_back('}');

  a.id = ArticleId(IdentityHash(a, record_id));
  return out;
}

Result<ParsedRecord> RecordParser::Impl::ParseText(const RawRecord& record) {
  ParsedRecord out;
  Article& a = out.article;
  std::string_view in = record.bytes;
  if (!IsValidUtf8(in) || std::memchr(in.data(), '\0', in.size()) != nullptr) {
    DescribeRepairs(in, record.origin.byte_offset, &out.warnings);
    a.text = RepairUtf8(in, nullptr);
  } else {
    a.text.assign(in);
  }
  NormalizeText(&a.text);  // drops leading blank lines: the title candidate is first
  if (a.text.empty()) {
    return InvalidArgument("no text: the file is empty or holds only whitespace.");
  }
  size_t eol = a.text.find('\n');
  if (eol != std::string::npos) {
    std::string_view first = std::string_view(a.text).substr(0, eol);
    std::string_view rest = std::string_view(a.text).substr(eol + 1);
    if (LooksLikeTitle(first) && !Trim(rest).empty()) {
      a.title = CleanLine(first);
      a.text.erase(0, eol + 1);
      NormalizeText(&a.text);
    }
  }
  a.id = ArticleId(IdentityHash(a, ""));
  return out;
}

Result<ParsedRecord> RecordParser::Impl::ParseHtml(const RawRecord& record) {
  ExtractOptions opts;
  opts.max_bytes = record.bytes.size() + 1;  // the reader already bounds record size
  opts.url = record.url;
  opts.http_charset = record.http_charset;
  Result<ExtractedPage> page = ExtractArticle(record.bytes, opts);
  if (!page.ok()) return InvalidArgument(page.status().message());
  ParsedRecord out;
  if (page->kind != PageKind::kArticle) {
    out.not_article = (record.url.empty() ? std::string() : record.url + ": ") +
                      std::string("not an article") +
                      (page->kind == PageKind::kIndex ? ": an index page (" : " (") +
                      page->kind_reason +
                      "); it was not ingested. Run `storyline extract` on the page to see what "
                      "was found.";
    return out;
  }
  out.article = std::move(page->article);
  out.warnings = std::move(page->warnings);
  Article& a = out.article;
  a.title = CleanLine(a.title);
  a.byline = CleanLine(a.byline);
  NormalizeText(&a.text);
  nlohmann::ordered_json meta;
  meta["html_charset"] = page->charset;
  meta["html_charset_source"] = page->charset_source;
  if (!page->date_source.empty()) meta["html_date_source"] = page->date_source;
  if (!page->canonical_url.empty()) meta["html_canonical_url"] = page->canonical_url;
  if (!page->declared_language.empty()) meta["html_lang"] = page->declared_language;
  if (!page->captions.empty()) meta["html_captions"] = page->captions;
  if (!record.fetched_at.empty()) meta["fetched_at"] = record.fetched_at;
  a.metadata_json = meta.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  a.id = ArticleId(IdentityHash(a, ""));
  return out;
}

bool LooksLikeTitle(std::string_view line) {
  line = Trim(line);
  if (line.empty()) return false;
  size_t chars = 0, words = 0;
  bool in_word = false, has_alnum = false;
  for (char c : line) {
    unsigned char u = static_cast<unsigned char>(c);
    if ((u & 0xC0) != 0x80) ++chars;
    if (u >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) {
      has_alnum = true;
    }
    bool space = IsSpace(c);
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  if (!has_alnum || chars > 150 || words > 20) return false;
  // Strip closing quotes and brackets, then look at the sentence punctuation before them.
  static constexpr std::string_view kClosers[] = {"\"",     "'",      ")",      "]",
                                                  "\u201D", "\u2019", "\u00BB", "\u203A"};
  bool stripped = true;
  while (stripped && !line.empty()) {
    stripped = false;
    for (std::string_view q : kClosers) {
      if (line.size() >= q.size() && line.substr(line.size() - q.size()) == q) {
        line.remove_suffix(q.size());
        stripped = true;
      }
    }
  }
  if (line.empty()) return false;
  char last = line.back();
  if (last == '.' || last == '!' || last == '?' || last == ':' || last == ',' || last == ';') {
    return false;
  }
  return !(line.size() >= 3 && line.substr(line.size() - 3) == "\u2026");  // an ellipsis
}

namespace {

bool ReadDigits(std::string_view s, size_t* i, int n, int* out) {
  if (*i + n > s.size()) return false;
  int v = 0;
  for (int k = 0; k < n; ++k) {
    char c = s[*i + k];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *i += n;
  *out = v;
  return true;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

}  // namespace

bool ParseIsoDate(std::string_view s, PublishedDate* out) {
  PublishedDate d;
  size_t i = 0;
  if (!ReadDigits(s, &i, 4, &d.year) || d.year < 1) return false;
  if (i < s.size()) {
    if (s[i++] != '-' || !ReadDigits(s, &i, 2, &d.month) || d.month < 1 || d.month > 12) {
      return false;
    }
    if (i < s.size()) {
      if (s[i++] != '-' || !ReadDigits(s, &i, 2, &d.day) || d.day < 1 ||
          d.day > DaysInMonth(d.year, d.month)) {
        return false;
      }
    }
  }
  if (i < s.size()) {
    char sep = s[i++];
    if (sep != 'T' && sep != 't' && sep != ' ') return false;
    if (!ReadDigits(s, &i, 2, &d.hour) || d.hour > 23) return false;
    if (i >= s.size() || s[i++] != ':' || !ReadDigits(s, &i, 2, &d.minute) || d.minute > 59) {
      return false;
    }
    d.second = 0;
    if (i < s.size() && s[i] == ':') {
      ++i;
      if (!ReadDigits(s, &i, 2, &d.second) || d.second > 60) return false;
      if (i < s.size() && (s[i] == '.' || s[i] == ',')) {  // fractions of a second are dropped
        ++i;
        size_t digits = 0;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
        if (digits == 0) return false;
      }
    }
    if (i < s.size()) {
      char z = s[i++];
      if (z == 'Z' || z == 'z') {
        d.has_utc_offset = true;
      } else if (z == '+' || z == '-') {
        int hh = 0, mm = 0;
        if (!ReadDigits(s, &i, 2, &hh)) return false;
        if (i < s.size() && s[i] == ':') ++i;
        if (i < s.size() && !ReadDigits(s, &i, 2, &mm)) return false;
        if (hh > 14 || mm > 59) return false;
        d.has_utc_offset = true;
        d.utc_offset_minutes = (z == '-' ? -1 : 1) * (hh * 60 + mm);
      } else {
        return false;
      }
    }
    if (i != s.size() || d.day == 0) return false;
  }
  *out = d;
  return true;
}

namespace {

// "feb", "February" -> 2; 0 when not a month name.
int MonthNumber(std::string_view w) {
  static constexpr const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                            "jul", "aug", "sep", "oct", "nov", "dec"};
  if (w.size() < 3) return 0;
  std::string lower;
  for (char c : w) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  static constexpr const char* kFull[] = {"january", "february", "march",     "april",
                                          "may",     "june",     "july",      "august",
                                          "september", "october", "november", "december"};
  for (int m = 0; m < 12; ++m) {
    if (lower == kMonths[m] || lower == kFull[m] || (m == 8 && lower == "sept")) return m + 1;
  }
  return 0;
}

// US zone abbreviations news feeds use, in minutes east of UTC.
bool ZoneOffset(std::string_view z, int* minutes) {
  static constexpr std::pair<const char*, int> kZones[] = {
      {"GMT", 0},      {"UTC", 0},      {"UT", 0},       {"Z", 0},        {"EST", -300},
      {"EDT", -240},   {"CST", -360},   {"CDT", -300},   {"MST", -420},   {"MDT", -360},
      {"PST", -480},   {"PDT", -420}};
  for (const auto& [name, off] : kZones) {
    if (z == name) {
      *minutes = off;
      return true;
    }
  }
  return false;
}

}  // namespace

bool ParseMetadataDate(std::string_view s, PublishedDate* out) {
  s = Trim(s);
  if (ParseIsoDate(s, out)) return true;
  // Words and numbers, with the separators between them dropped: "26-FEB-1987 15:01:01.79",
  // "Wed, 11 May 2016 09:30:00 +0000", "May 11, 2016", "2016/05/11 09:30".
  std::vector<std::string_view> parts;
  std::vector<char> after;  // the separator after each part
  for (size_t i = 0; i < s.size();) {
    const bool alpha = std::isalpha(static_cast<unsigned char>(s[i]));
    const bool digit = std::isdigit(static_cast<unsigned char>(s[i]));
    if (!alpha && !digit) {
      if (!after.empty() && after.back() == ' ') after.back() = s[i];
      ++i;
      continue;
    }
    size_t j = i;
    while (j < s.size() && (alpha ? std::isalpha(static_cast<unsigned char>(s[j]))
                                  : std::isdigit(static_cast<unsigned char>(s[j])))) {
      ++j;
    }
    parts.push_back(s.substr(i, j - i));
    after.push_back(' ');
    i = j;
  }
  auto number = [](std::string_view p, int* v) {
    if (p.empty() || p.size() > 4 || !std::isdigit(static_cast<unsigned char>(p[0]))) return false;
    *v = 0;
    for (char c : p) *v = *v * 10 + (c - '0');
    return true;
  };
  size_t k = 0;
  PublishedDate d;
  // An optional weekday first.
  static constexpr const char* kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  if (k < parts.size() && parts[k].size() >= 3 && MonthNumber(parts[k]) == 0 &&
      std::isalpha(static_cast<unsigned char>(parts[k][0]))) {
    std::string w;
    for (char c : parts[k].substr(0, 3)) w += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool weekday = false;
    for (const char* day : kDays) weekday |= w == day;
    if (!weekday) return false;
    ++k;
  }
  if (k + 3 > parts.size()) return false;
  int a = 0, b = 0, c = 0;
  if (number(parts[k], &a) && MonthNumber(parts[k + 1]) && number(parts[k + 2], &c) &&
      parts[k + 2].size() == 4) {  // 26-FEB-1987, 11 May 2016
    d.day = a, d.month = MonthNumber(parts[k + 1]), d.year = c;
  } else if (MonthNumber(parts[k]) && number(parts[k + 1], &b) && number(parts[k + 2], &c) &&
             parts[k + 2].size() == 4) {  // May 11, 2016
    d.month = MonthNumber(parts[k]), d.day = b, d.year = c;
  } else if (number(parts[k], &a) && parts[k].size() == 4 && number(parts[k + 1], &b) &&
             number(parts[k + 2], &c) && after[k] == '/') {  // 2016/05/11
    d.year = a, d.month = b, d.day = c;
  } else {
    return false;
  }
  if (d.year < 1 || d.month < 1 || d.month > 12 || d.day < 1 ||
      d.day > DaysInMonth(d.year, d.month)) {
    return false;
  }
  k += 3;
  // An optional time: HH:MM[:SS[.fraction]], then an optional zone.
  if (k + 1 < parts.size() && after[k] == ':' && number(parts[k], &a) && number(parts[k + 1], &b)) {
    if (a > 23 || b > 59) return false;
    d.hour = a, d.minute = b, d.second = 0;
    k += 2;
    if (k < parts.size() && after[k - 1] == ':' && number(parts[k], &c)) {
      if (c > 60) return false;
      d.second = c;
      ++k;
      if (k < parts.size() && (after[k - 1] == '.' || after[k - 1] == ',') &&
          std::isdigit(static_cast<unsigned char>(parts[k][0]))) {
        ++k;  // fractions of a second are dropped
      }
    }
    if (k < parts.size()) {
      int minutes = 0;
      const char sign = k > 0 ? after[k - 1] : ' ';
      if (ZoneOffset(parts[k], &minutes)) {
        d.has_utc_offset = true;
        d.utc_offset_minutes = minutes;
        ++k;
      } else if ((sign == '+' || sign == '-') && parts[k].size() == 4 && number(parts[k], &a)) {
        d.has_utc_offset = true;
        d.utc_offset_minutes = (sign == '-' ? -1 : 1) * (a / 100 * 60 + a % 100);
        ++k;
      }
    }
  }
  if (k != parts.size()) return false;
  *out = d;
  return true;
}

std::string UrlHost(std::string_view url) {
  url = Trim(url);
  size_t scheme = url.find("://");
  if (scheme != std::string_view::npos) {
    url.remove_prefix(scheme + 3);
  } else if (url.substr(0, 2) == "//") {
    url.remove_prefix(2);
  } else if (url.size() < 4 || !(url.substr(0, 4) == "www." || url.substr(0, 4) == "WWW.")) {
    return "";
  }
  std::string_view authority = url.substr(0, url.find_first_of("/?#"));
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority.remove_prefix(at + 1);
  }
  std::string_view host = authority;
  if (!host.empty() && host.front() == '[') {  // IPv6 literal
    size_t close = host.find(']');
    host = close == std::string_view::npos ? std::string_view() : host.substr(0, close + 1);
  } else if (size_t colon = host.find(':'); colon != std::string_view::npos) {
    host = host.substr(0, colon);
  }
  std::string out(host);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  while (!out.empty() && out.back() == '.') out.pop_back();
  if (out.size() > 4 && out.compare(0, 4, "www.") == 0) out.erase(0, 4);
  return out;
}

}  // namespace storyline
