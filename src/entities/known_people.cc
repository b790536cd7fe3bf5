#include "entities/known_people.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "entities/embedded_model.h"

namespace storyline {

Result<KnownPeople> KnownPeople::Parse(std::string_view bytes, std::string_view name) {
  KnownPeople table;
  size_t pos = 0;
  size_t line_number = 0;
  while (pos < bytes.size()) {
    size_t end = bytes.find('\n', pos);
    if (end == std::string_view::npos) end = bytes.size();
    std::string_view line = bytes.substr(pos, end - pos);
    pos = end + 1;
    ++line_number;
    if (line.empty() || line[0] == '#') continue;
    std::string_view fields[4];
    size_t n = 0;
    size_t start = 0;
    while (n < 4) {
      size_t tab = line.find('\t', start);
      fields[n++] = line.substr(start, tab == std::string_view::npos ? line.size() - start
                                                                     : tab - start);
      if (tab == std::string_view::npos) break;
      start = tab + 1;
    }
    if (n != 4 || fields[0].empty() || fields[1].empty() ||
        fields[1].find(' ') == std::string_view::npos) {
      return Corruption(std::string(name) + ": line " + std::to_string(line_number) +
                        " is not `surname TAB Full Name TAB articles TAB total`; rebuild the "
                        "table with train/known_people (scripts/train-ner.sh)");
    }
    table.entries_.push_back({std::string(fields[0]), std::string(fields[1])});
  }
  std::sort(table.entries_.begin(), table.entries_.end(),
            [](const Entry& a, const Entry& b) { return a.surname_key < b.surname_key; });
  return table;
}

const KnownPeople& KnownPeople::Default() {
  static const KnownPeople* table = [] {
    auto parsed = Parse(EmbeddedKnownPeople(), "the built-in known-people table");
    // The build embeds a table this code wrote; a damaged one is a build defect.
    if (!parsed.ok()) {
      std::fprintf(stderr, "storyline: %s\n", parsed.status().message().c_str());
      std::abort();
    }
    return new KnownPeople(std::move(*parsed));
  }();
  return *table;
}

std::optional<std::string_view> KnownPeople::FullName(std::string_view surname_key) const {
  auto it = std::lower_bound(
      entries_.begin(), entries_.end(), surname_key,
      [](const Entry& e, std::string_view key) { return std::string_view(e.surname_key) < key; });
  if (it == entries_.end() || it->surname_key != surname_key) return std::nullopt;
  return std::string_view(it->full_name);
}

}  // namespace storyline
