// warc_bench: how fast does WarcReader read a WARC file, beside plain zlib decompression of the
// same file in the same run (the target), and node-warc (bench/peers/node-warc) and
// Python's warcio when they are installed?
//
//   warc_bench DATA_DIR_OR_FILE [--iterations N] [--no-peers]
//   warc_bench --list FILE       one line per record and every problem (for inspection)
//
// DATA_DIR is the development data folder (../shared/data): the file read is
// extract/warc-samples/synthetic/SYNTHETIC-CC-NEWS-l3sgn1.warc.gz. Any .warc/.warc.gz/.arc.gz
// file can be given instead. Each iteration runs every reader once, in an order that rotates,
// so machine noise hits all; the table shows the median and best iteration. When built with
// libdeflate the reader also runs with fast_inflate off (zlib only), so its own parsing cost shows.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "warc/warc_reader.h"

namespace {

using storyline::WarcProblem;
using storyline::WarcReader;
using storyline::WarcReaderOptions;
using storyline::WarcRecord;

double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

struct Run {
  double seconds = 0;
  uint64_t records = 0;    // records seen (all types)
  uint64_t returned = 0;   // records handed out
  uint64_t out_bytes = 0;  // decompressed bytes
  uint64_t payload_bytes = 0;
};

// The peer: inflate every gzip member of the file (what any WARC reader must at least do), with
// the same 256 KiB reads as the reader.
bool ZlibRun(const std::string& path, Run* run) {
  int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) return false;
  std::vector<unsigned char> in(256 * 1024), out(1 << 20);
  z_stream zs{};
  inflateInit2(&zs, 15 + 16);
  double t0 = Now();
  bool plain = false, first = true, ok = true;
  for (;;) {
    ssize_t got = ::read(fd, in.data(), in.size());
    if (got <= 0) break;
    if (first) {
      plain = !(got >= 2 && in[0] == 0x1f && in[1] == 0x8b);
      first = false;
    }
    if (plain) {
      run->out_bytes += static_cast<uint64_t>(got);
      continue;
    }
    zs.next_in = in.data();
    zs.avail_in = static_cast<uInt>(got);
    while (zs.avail_in > 0) {
      zs.next_out = out.data();
      zs.avail_out = static_cast<uInt>(out.size());
      int ret = inflate(&zs, Z_NO_FLUSH);
      run->out_bytes += out.size() - zs.avail_out;
      if (ret == Z_STREAM_END) {
        inflateReset(&zs);
      } else if (ret != Z_OK && ret != Z_BUF_ERROR) {
        ok = false;
        break;
      }
    }
    if (!ok) break;
  }
  run->seconds = Now() - t0;
  inflateEnd(&zs);
  ::close(fd);
  return ok;
}

bool StorylineRun(const std::string& path, bool fast_inflate, Run* run) {
  double t0 = Now();
  WarcReaderOptions options;
  options.fast_inflate = fast_inflate;
  auto reader = WarcReader::Open(path, options);
  if (!reader.ok()) {
    std::fprintf(stderr, "warc_bench: %s\n", reader.status().message().c_str());
    return false;
  }
  WarcRecord rec;
  bool eof = false;
  for (;;) {
    storyline::Status s = (*reader)->Next(&rec, &eof);
    if (!s.ok() || eof) break;
    run->payload_bytes += rec.payload.size();
  }
  run->seconds = Now() - t0;
  run->records = (*reader)->stats().records;
  run->returned = (*reader)->stats().returned;
  run->out_bytes = (*reader)->stats().uncompressed_bytes;
  return true;
}

int List(const std::string& path) {
  WarcReaderOptions options;
  options.types = {storyline::WarcRecordType::kResponse,   storyline::WarcRecordType::kResource,
                   storyline::WarcRecordType::kRevisit,    storyline::WarcRecordType::kRequest,
                   storyline::WarcRecordType::kMetadata,   storyline::WarcRecordType::kWarcinfo,
                   storyline::WarcRecordType::kConversion, storyline::WarcRecordType::kOther};
  auto reader = WarcReader::Open(path, options);
  if (!reader.ok()) {
    std::fprintf(stderr, "warc_bench: %s\n", reader.status().message().c_str());
    return 1;
  }
  WarcRecord rec;
  bool eof = false;
  std::vector<WarcProblem> problems;
  while ((*reader)->Next(&rec, &eof).ok() && !eof) {
    std::printf("%-9s off=%llu gz=%llu status=%d mime=%s charset=%s payload=%zu uri=%s\n",
                std::string(storyline::WarcRecordTypeName(rec.type)).c_str(),
                static_cast<unsigned long long>(rec.offset),
                static_cast<unsigned long long>(rec.compressed_offset), rec.http_status,
                rec.mime.c_str(), rec.charset.c_str(), rec.payload.size(), rec.target_uri.c_str());
    for (const std::string& w : rec.warnings) std::printf("  warning: %s\n", w.c_str());
    (*reader)->TakeProblems(&problems);
  }
  (*reader)->TakeProblems(&problems);
  for (const WarcProblem& p : problems) std::printf("PROBLEM: %s\n", p.reason.c_str());
  const auto& st = (*reader)->stats();
  std::printf(
      "records %llu returned %llu skipped-type %llu filtered %llu oversized %llu damaged "
      "%llu problems %llu\n",
      (unsigned long long)st.records, (unsigned long long)st.returned,
      (unsigned long long)st.skipped_type, (unsigned long long)st.filtered,
      (unsigned long long)st.oversized, (unsigned long long)st.damaged_records,
      (unsigned long long)st.problems);
  return 0;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Runs a peer command that prints "RECORDS SECONDS ..." (its own timing, start-up excluded);
// returns the seconds, or a negative value when it failed.
double PeerSeconds(const std::string& cmd, uint64_t* records) {
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return -1;
  unsigned long long n = 0;
  double secs = -1;
  if (std::fscanf(p, "%llu %lf", &n, &secs) != 2) secs = -1;
  while (std::fgetc(p) != EOF) {
  }
  if (::pclose(p) != 0) secs = -1;
  *records = n;
  return secs;
}

bool WarcioInstalled() {
  return std::system("/usr/bin/python3 -c 'import warcio' >/dev/null 2>&1") == 0;
}

// warcio (Python): ArchiveIterator over the file, reading each record's content stream.
std::string WarcioCommand(const std::string& path) {
  return "/usr/bin/python3 -c 'import sys,time\nfrom warcio.archiveiterator import "
         "ArchiveIterator\nt=time.time();n=0\nwith open(sys.argv[1],\"rb\") as f:\n for r in "
         "ArchiveIterator(f):\n  n+=1\n  r.content_stream().read()\nprint(n, time.time()-t)' '" +
         path + "'";
}

// node-warc, installed with `npm ci --prefix bench/peers/node-warc`.
std::string NodeWarcCommand(const std::string& path) {
  return "node '" + std::string(STORYLINE_SOURCE_DIR) + "/bench/peers/node-warc/read_warc.cjs' '" +
         path + "'";
}
bool NodeWarcInstalled() {
  struct stat st;
  std::string module =
      std::string(STORYLINE_SOURCE_DIR) + "/bench/peers/node-warc/node_modules/node-warc";
  return ::stat(module.c_str(), &st) == 0 && std::system("node --version >/dev/null 2>&1") == 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 3 && std::string(argv[1]) == "--list") return List(argv[2]);
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: warc_bench DATA_DIR_OR_FILE [--iterations N] [--no-peers]\n"
                 "       warc_bench --list FILE\n"
                 "  DATA_DIR: the development data folder, e.g. ../shared/data (reads "
                 "extract/warc-samples/synthetic/SYNTHETIC-CC-NEWS-l3sgn1.warc.gz)\n");
    return 2;
  }
  std::string path = argv[1];
  int iterations = 5;
  bool peers = true;
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--iterations" && i + 1 < argc) {
      iterations = std::max(1, std::atoi(argv[++i]));
    } else if (a == "--no-peers") {
      peers = false;
    } else {
      std::fprintf(stderr, "warc_bench: unknown argument %s\n", a.c_str());
      return 2;
    }
  }
  struct stat st;
  if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
    path += "/extract/warc-samples/synthetic/SYNTHETIC-CC-NEWS-l3sgn1.warc.gz";
  }
  if (::stat(path.c_str(), &st) != 0) {
    std::fprintf(stderr,
                 "warc_bench: %s does not exist. Pass the development data folder "
                 "(../shared/data) or a WARC file.\n",
                 path.c_str());
    return 1;
  }
  double file_mb = static_cast<double>(st.st_size) / 1e6;
  std::vector<double> zlib_s, sl_s, slz_s, node_s, warcio_s;
  Run last_sl;
  bool fast = storyline::WarcInput::HasFastInflate();
  bool node = peers && NodeWarcInstalled();
  bool warcio = peers && WarcioInstalled();
  uint64_t node_records = 0, warcio_records = 0;
  // The readers take turns in an order that rotates with each iteration, so none always runs
  // first (cold caches) or last.
  enum Reader { kZlib, kFast, kZlibReader, kNode, kWarcio, kReaderCount };
  for (int it = 0; it < iterations; ++it) {
    for (int k = 0; k < kReaderCount; ++k) {
      switch (static_cast<Reader>((k + it) % kReaderCount)) {
        case kZlib:
          if (peers) {
            Run z;
            if (!ZlibRun(path, &z)) {
              std::fprintf(stderr, "warc_bench: zlib could not read %s\n", path.c_str());
              return 1;
            }
            zlib_s.push_back(z.seconds);
          }
          break;
        case kFast: {
          Run s;
          if (!StorylineRun(path, true, &s)) return 1;
          sl_s.push_back(s.seconds);
          last_sl = s;
          break;
        }
        case kZlibReader:
          if (peers && fast) {
            Run sz;
            if (!StorylineRun(path, false, &sz)) return 1;
            slz_s.push_back(sz.seconds);
          }
          break;
        case kNode:
          if (node) {
            double t = PeerSeconds(NodeWarcCommand(path), &node_records);
            if (t < 0) {
              std::fprintf(stderr, "warc_bench: node-warc failed on %s; left out\n", path.c_str());
              node = false;
            } else {
              node_s.push_back(t);
            }
          }
          break;
        case kWarcio:
          if (warcio) {
            double t = PeerSeconds(WarcioCommand(path), &warcio_records);
            if (t < 0) {
              std::fprintf(stderr, "warc_bench: warcio failed on %s; left out\n", path.c_str());
              warcio = false;
            } else {
              warcio_s.push_back(t);
            }
          }
          break;
        case kReaderCount:
          break;
      }
    }
  }
  struct rusage ru;
  ::getrusage(RUSAGE_SELF, &ru);
  double out_mb = static_cast<double>(last_sl.out_bytes) / 1e6;
  std::printf(
      "file: %s\n  %.1f MB on disk, %.1f MB decompressed, %llu records (%llu returned: "
      "response/resource), %d iterations, peak RSS %.1f MB\n\n",
      path.c_str(), file_mb, out_mb, (unsigned long long)last_sl.records,
      (unsigned long long)last_sl.returned, iterations, ru.ru_maxrss / 1024.0);
  std::printf("%-26s %10s %10s %12s %12s %12s\n", "reader", "median s", "best s", "records/s",
              "MB/s (disk)", "MB/s (out)");
  auto row = [&](const char* name, const std::vector<double>& v, uint64_t records) {
    double med = Median(v);
    double best = *std::min_element(v.begin(), v.end());
    std::printf("%-26s %10.3f %10.3f %12.0f %12.1f %12.1f\n", name, med, best,
                records > 0 ? static_cast<double>(records) / med : 0.0, file_mb / med,
                out_mb / med);
  };
  if (peers) row("zlib inflate only", zlib_s, 0);
  row(fast ? "storyline (libdeflate)" : "storyline (zlib)", sl_s, last_sl.records);
  if (!slz_s.empty()) row("storyline (zlib only)", slz_s, last_sl.records);
  if (peers) {
    std::printf("\nstoryline / zlib time: %.2f (1.00 = as fast as decompression alone)\n",
                Median(sl_s) / Median(zlib_s));
    if (!slz_s.empty()) {
      std::printf("storyline streaming through zlib only / zlib time: %.2f\n",
                  Median(slz_s) / Median(zlib_s));
    }
    if (node) {
      row("node-warc 3.3.1 (Node.js)", node_s, node_records);
      std::printf(
          "node-warc / storyline time: %.1f (node-warc parses WARC and HTTP heads; it "
          "neither dechunks nor decodes payloads)\n",
          Median(node_s) / Median(sl_s));
    } else {
      std::printf(
          "node-warc: not installed (npm ci --prefix bench/peers/node-warc), not "
          "measured\n");
    }
    if (warcio) {
      row("warcio (Python)", warcio_s, warcio_records);
    } else {
      std::printf("warcio (Python): not installed here (no PyPI access), not measured\n");
    }
  }
  return 0;
}
