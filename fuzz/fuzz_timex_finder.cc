// Bytes -> FindTimexes: any text gives expressions in order, without overlaps, inside the text,
// each with a value, never a crash. The first two bytes pick the reference date (or none), so the
// resolution paths run too.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "time/article_date.h"
#include "time/timex.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  storyline::PublishedDate ref;
  if (size >= 2) {
    if (data[0] & 1) {
      ref.year = 1900 + data[0] % 200;
      ref.month = data[1] % 13;  // 0: year only
      ref.day = data[1] % 32;    // may be invalid for the month: resolution must cope
    }
    data += 2;
    size -= 2;
  }
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  uint32_t last_end = 0;
  for (const storyline::Timex& t : storyline::FindTimexes(text, ref)) {
    if (t.begin >= t.end || t.end > text.size() || t.begin < last_end || t.value.empty()) {
      std::abort();
    }
    last_end = t.end;
  }
  const storyline::PublishedDate d = storyline::ResolveArticleDate({}, text);
  if (d.known() && (d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31)) std::abort();
  return 0;
}
