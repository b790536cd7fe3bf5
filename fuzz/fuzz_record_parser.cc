// Fuzzes RecordParser::Parse. The first byte picks the format (even: JSON line, odd: text file);
// the rest is the record. Checks the parser's promises on every accepted record.
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "article/record_parser.h"
#include "common/utf8.h"

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
  static storyline::RecordParser* parser = new storyline::RecordParser();  // one per thread
  storyline::RawRecord record;
  record.origin.path = "fuzz.jsonl";
  record.format =
      (data[0] & 1) ? storyline::InputFormat::kText : storyline::InputFormat::kJsonLines;
  record.bytes.assign(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto r = parser->Parse(record);
  if (!r.ok()) {
    Check(r.status().code() == storyline::StatusCode::kInvalidArgument,
          "errors are InvalidArgument");
    Check(!r.status().message().empty(), "errors have a reason");
    return 0;
  }
  const storyline::Article& a = r->article;
  Check(!a.text.empty(), "text is never empty");
  Check(storyline::IsValidUtf8(a.text) && storyline::IsValidUtf8(a.title) &&
            storyline::IsValidUtf8(a.url) && storyline::IsValidUtf8(a.source) &&
            storyline::IsValidUtf8(a.byline),
        "fields are valid UTF-8");
  for (const std::string* f : {&a.text, &a.title, &a.url, &a.source, &a.byline, &a.language}) {
    Check(f->find('\0') == std::string::npos, "no NUL in any string field");
  }
  Check(nlohmann::json::accept(a.metadata_json), "metadata_json is valid JSON");
  Check(a.metadata_json.front() == '{', "metadata_json is an object");
  // The same record parses to the same id.
  auto again = parser->Parse(record);
  Check(again.ok() && again->article.id == a.id, "ids are stable");
  return 0;
}
