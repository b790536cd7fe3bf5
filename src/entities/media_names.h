// Known news organisations (agencies, broadcasters, newspapers, magazines, photo agencies,
// platforms): the names a news archive meets on every page, which a recogniser trained on 1996
// Reuters text misses or mistypes ("By Press TV", "an interview with Time", "Getty Images" as a
// person). After tagging, a known name found in a sentence becomes an ORG mention, replacing what
// the tagger said about those words. Institutions named by their seat (the White House, the
// Kremlin, the Pentagon) are organisations here too: in news they act ("the White House said").
//
// Thread-safety: immutable after construction; share one instance.
#ifndef STORYLINE_ENTITIES_MEDIA_NAMES_H_
#define STORYLINE_ENTITIES_MEDIA_NAMES_H_

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "entities/entity_types.h"

namespace storyline {

class MediaNames {
 public:
  MediaNames();
  static const MediaNames& Default();

  // Applies the known names to one sentence's words (CoNLL spelling) and its spans (in order).
  // A single word that is also an ordinary English word ("Time", "Sun", "Guardian") counts only
  // inside a sentence after a cue ("with", "told", "the", "in", "by" ...).
  void Apply(const std::vector<std::string_view>& words, std::vector<TokenSpan>* spans) const;

 private:
  struct Name {
    std::vector<std::string> words;
    bool needs_cue;
  };
  // Looked up with the words' string_views (no copy per token).
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::unordered_map<std::string, std::vector<Name>, Hash, std::equal_to<>> by_first_word_;
};

}  // namespace storyline

#endif  // STORYLINE_ENTITIES_MEDIA_NAMES_H_
