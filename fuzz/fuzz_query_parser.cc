// Bytes -> ParseQuery: any input gives a Query or an InvalidArgument with a message, never a
// crash, a hang or unbounded work; a parsed query always has something to rank.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "search/query.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto q = storyline::ParseQuery(text);
  if (q.ok()) {
    if (q->root.must.empty() && q->root.should.empty()) std::abort();
  } else if (q.status().code() != storyline::StatusCode::kInvalidArgument ||
             q.status().message().empty()) {
    std::abort();
  }
  return 0;
}
