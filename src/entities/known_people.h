// KnownPeople: which person a surname alone most likely names, learned from unlabelled news text
// (train/known_people writes models/known-people.tsv; the build embeds it). An archive that
// writes only "President Obama" still files the mention under "Barack Obama", and "Trump" in an
// article ingested before any article spells out "Donald Trump" is still Donald Trump.
//
// A surname is listed only when one full name holds at least 80% of the news articles that name
// a person with that surname in full, in at least five articles; a surname shared by several
// prominent people ("Clinton" in a corpus of 2016 news with Hillary and Bill) is not listed, so
// it is never merged without evidence. The archive's own full names come first: EntityStage
// consults this table only when the archive itself cannot decide (docs/entities.md).
//
// File format (UTF-8 text): lines starting with '#' are comments (the command, data hashes);
// every other line is `surname-key TAB Full Name TAB articles TAB articles-with-the-surname`,
// sorted by key; the key is EntityNameKey of the surname.
//
// Thread-safety: immutable after construction; share one instance.
#ifndef STORYLINE_ENTITIES_KNOWN_PEOPLE_H_
#define STORYLINE_ENTITIES_KNOWN_PEOPLE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storyline/status.h"

namespace storyline {

class KnownPeople {
 public:
  // Parses the table; `name` is used in error messages (Corruption for a malformed line).
  static Result<KnownPeople> Parse(std::string_view bytes, std::string_view name);
  // The table built into the binary (models/known-people.tsv).
  static const KnownPeople& Default();

  // The full name a one-word person name most likely stands for (its EntityNameKey), if any.
  std::optional<std::string_view> FullName(std::string_view surname_key) const;
  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::string surname_key;
    std::string full_name;
  };
  std::vector<Entry> entries_;  // sorted by surname_key
};

}  // namespace storyline

#endif  // STORYLINE_ENTITIES_KNOWN_PEOPLE_H_
