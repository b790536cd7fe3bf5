#include "progress_bar.h"

#include <unistd.h>

#include <cstdio>
#include <string>

namespace storyline::cli {

std::string FormatBytes(double b) {
  const char* units[] = {"B", "KB", "MB", "GB", "TB"};
  int u = 0;
  while (b >= 1000 && u < 4) {
    b /= 1000;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", b, units[u]);
  return buf;
}

ProgressBar::ProgressBar(bool enabled) : enabled_(enabled && ::isatty(STDERR_FILENO)) {}

void ProgressBar::Update(const IngestProgress& p) {
  if (!enabled_ || p.seconds <= 0) return;
  double mbps = p.bytes_read / 1e6 / p.seconds;
  double aps = p.records_read / p.seconds;
  std::string line = "  " + FormatBytes(static_cast<double>(p.bytes_read));
  if (p.bytes_total > 0) {
    double frac =
        std::min(1.0, static_cast<double>(p.bytes_read) / static_cast<double>(p.bytes_total));
    int width = 24, filled = static_cast<int>(frac * width);
    line = "  [" + std::string(filled, '#') + std::string(width - filled, '.') + "] " +
           FormatBytes(static_cast<double>(p.bytes_read)) + " / " +
           FormatBytes(static_cast<double>(p.bytes_total));
    char pct[16];
    std::snprintf(pct, sizeof pct, " %3.0f%%", frac * 100);
    line += pct;
    if (mbps > 0 && frac < 1) {
      double eta = (static_cast<double>(p.bytes_total - p.bytes_read) / 1e6) / mbps;
      char e[32];
      std::snprintf(e, sizeof e, "  ETA %d:%02d", static_cast<int>(eta) / 60,
                    static_cast<int>(eta) % 60);
      line += e;
    }
  }
  char rate[96];
  std::snprintf(rate, sizeof rate, "  %.1f MB/s  %.0f articles/s  %llu committed", mbps, aps,
                static_cast<unsigned long long>(p.articles_added));
  line += rate;
  std::fprintf(stderr, "\r%s\x1b[K", line.c_str());
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::Clear() {
  if (!drawn_) return;
  std::fprintf(stderr, "\r\x1b[K");
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace storyline::cli
