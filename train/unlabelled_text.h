// Unlabelled news text for the training commands (word_clusters, known_people): JSON Lines
// records ("title" and "text"), directories of *.txt files, and an extraction benchmark's
// ground-truth.json (each page's "articleBody"). The data is read by path from the development
// data folder and never copied into the repository.
#ifndef STORYLINE_TRAIN_UNLABELLED_TEXT_H_
#define STORYLINE_TRAIN_UNLABELLED_TEXT_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace storyline {

struct UnlabelledSources {
  std::vector<std::string> jsonl;          // --jsonl FILE
  std::vector<std::string> text_dirs;      // --text-dir DIR (sorted *.txt files)
  std::vector<std::string> ground_truths;  // --ground-truth FILE

  bool empty() const { return jsonl.empty() && text_dirs.empty() && ground_truths.empty(); }
  // Takes `flag` and its value when it names a source; false otherwise.
  bool Parse(std::string_view flag, const std::string& value);
};

// Calls `document(title, text)` for every document, in a fixed order (files as given, records in
// file order, directory entries sorted), printing a count per source on stderr. `tool` prefixes
// error messages. Returns 0, 1 (a file is not what its flag says) or 2 (a file is missing).
int ForEachUnlabelledDocument(
    const UnlabelledSources& sources, const char* tool,
    const std::function<void(std::string_view title, std::string_view text)>& document);

}  // namespace storyline

#endif  // STORYLINE_TRAIN_UNLABELLED_TEXT_H_
