// Fuzzes ExtractArticle (charset decoding, libxml2 parsing, block building, scoring, metadata).
// The first byte picks the HTTP charset hint (none, utf-8, windows-1252, shift_jis, utf-16); the
// rest is the page. Checks the extractor's promises on every accepted page.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "common/utf8.h"
#include "storyline/html_extract.h"

namespace {

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "broken promise: %s\n", what);
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const char* kHints[] = {"", "text/html; charset=utf-8", "windows-1252", "shift_jis",
                                 "utf-16"};
  storyline::ExtractOptions opts;
  opts.http_charset = kHints[data[0] % 5];
  opts.url = (data[0] & 0x80) ? "https://news.example/2016/05/11/story" : "";
  std::string html(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto r = storyline::ExtractArticle(html, opts);
  if (!r.ok()) {
    Check(!r.status().message().empty(), "an error has a message");
    return 0;
  }
  const storyline::Article& a = r->article;
  Check(storyline::IsValidUtf8(a.text), "text is valid UTF-8");
  Check(storyline::IsValidUtf8(a.title), "title is valid UTF-8");
  Check(storyline::IsValidUtf8(a.byline), "byline is valid UTF-8");
  Check(a.text.find('\0') == std::string::npos, "text has no NUL");
  Check(a.text.empty() || (a.text.front() != '\n' && a.text.back() != '\n'),
        "text has no leading or trailing line break");
  Check(!r->kind_reason.empty(), "the kind has a reason");
  Check(!a.published.known() || (a.published.month >= 1 && a.published.month <= 12 &&
                                 a.published.day >= 1 && a.published.day <= 31),
        "a returned date has a valid month and day");
  return 0;
}
