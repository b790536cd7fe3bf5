// ProgressBar: one line on stderr, redrawn in place, only when stderr is a terminal.
#ifndef STORYLINE_TOOLS_PROGRESS_BAR_H_
#define STORYLINE_TOOLS_PROGRESS_BAR_H_

#include "storyline/engine.h"

namespace storyline::cli {

class ProgressBar {
 public:
  // Draws nothing unless `enabled` and stderr is a terminal.
  explicit ProgressBar(bool enabled);
  void Update(const IngestProgress& p);
  // Erases the line (before other output, and at the end).
  void Clear();

 private:
  bool enabled_;
  bool drawn_ = false;
};

// "1.2 GB", "35.0 MB", "512 B".
std::string FormatBytes(double bytes);

}  // namespace storyline::cli

#endif  // STORYLINE_TOOLS_PROGRESS_BAR_H_
