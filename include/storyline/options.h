// Options for opening a store and for ingesting into it. Plain values with sensible defaults.
#ifndef STORYLINE_OPTIONS_H_
#define STORYLINE_OPTIONS_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace storyline {

class Env;

struct Options {
  // The data directory. The CLI takes it from --data, then STORYLINE_DATA, then this default.
  std::string data_dir = "./storyline-data";
  // Open for reading only: no lock is taken, nothing is created or cleaned up, writes fail.
  bool read_only = false;
  // Create the store when the directory holds none (writers only).
  bool create_if_missing = true;
  // File-system and clock access; nullptr means Env::Default(). Not owned; must outlive the Engine.
  Env* env = nullptr;
  // The named-entity model (a .slner file written by train/ner_train); empty means the model
  // built into storyline (models/ner-en.slner at build time).
  std::string ner_model_path;
  // Leave English stop words ("the", "of", ...) out of the search index: a smaller index and
  // faster queries on them, while phrases keep their gaps ("bank of england" needs a word
  // between); a query of stop words alone then finds nothing. Chosen when a store is created
  // (unset: off); a writer opening an existing store with the other choice gets
  // InvalidArgument. Readers follow the store.
  std::optional<bool> index_stop_words;
};

// When postings files (the search index, one per ingest batch) are merged: after each batch an
// ingest commits, runs of at least merge_factor consecutive files of the same size tier merge into one, tiers
// growing by merge_factor from min_file_bytes (files under it are all in tier 0), and no merge
// makes a file larger than max_file_bytes. A query pays a set-up per file; a merge rewrites
// each byte about log_merge_factor(index / min_file_bytes) times over the store's life.
struct IndexMergeOptions {
  uint32_t merge_factor = 4;  // 0: never merge after an ingest (`storyline compact` still does)
  // 32 MB: on 100 MB of synthetic news (14 batches, 60 MB of postings) 8 MB left 5 files and
  // AND queries at 0.74x Xapian's latency, one file gives 0.43x (docs/RESULTS.md).
  uint64_t min_file_bytes = 32u << 20;
  uint64_t max_file_bytes = 2ull << 30;
};

struct IngestOptions {
  // Worker threads for parsing and analysis; 0 means one per core.
  int threads = 0;
  // A record (a JSON line or a .txt file) larger than this is skipped and reported.
  size_t max_record_bytes = 64u << 20;
  // A batch commits when it holds this many bytes of text or this many articles, and at the end.
  // Each batch is atomic: after a crash, a batch is wholly present or wholly absent.
  size_t batch_max_bytes = 32u << 20;
  size_t batch_max_articles = 100000;
  // ... or when its first article has waited this long (a slow stream still commits promptly).
  double batch_max_seconds = 5.0;
  // Near-duplicates: two articles are copies when the larger containment of one's word-3-gram
  // set in the other's reaches duplicate_threshold (a wire story cut to half its length is
  // contained at ~1.0; unrelated news shares almost none), and the smaller text has at least
  // duplicate_min_shingles word 3-grams. The defaults come from data (docs/RESULTS.md); a
  // change applies to the articles ingested with it, not to groups already formed.
  double duplicate_threshold = 0.5;
  size_t duplicate_min_shingles = 10;
  // Web archives (.warc, .warc.gz, .arc, .arc.gz): only the HTML responses of these hosts
  // (suffix match: "bbc.co.uk" keeps www.bbc.co.uk), media types ("text/html", "text/*"),
  // languages (WARC-Identified-Content-Language; records without it pass) and WARC dates
  // (inclusive, "2016-05-01" or ISO 8601 date-times). Comma-separated; "" = no filter.
  std::string web_hosts, web_mimes, web_languages, web_from, web_to;
  // Problems kept in IngestSummary::problems (all are counted, and all go to the observer).
  size_t max_problems_kept = 1000;
  // When it becomes true (from a signal handler, say), Ingest stops reading input, commits what
  // it has read, and returns with IngestSummary::interrupted set. Not owned; may be null.
  const std::atomic<bool>* interrupt = nullptr;
  // Merging of the search index's files after the batches (and stories) are committed.
  IndexMergeOptions merge;
  // A new version of a stored article (same URL, or without URLs the same source and record
  // "id"; other content, so another article id) replaces it: once the run's articles are
  // committed, every other article with the identity of one the run added is deleted
  // (Engine::DeleteArticles), the last one read staying. Off: both stay.
  bool replace = false;
  // Store and index only: each batch commits its articles' rows, texts and search index, and
  // the analysis (near-duplicate groups, entities and quotes, stories) waits for
  // Engine::Analyze (`storyline analyze`) or the next ingest without it, which catch up on
  // every batch that lacks it. Search works at once; duplicates are not collapsed, and dupes,
  // entities, quotes and stories hold only what was analysed before.
  bool defer_analysis = false;
};

}  // namespace storyline

#endif  // STORYLINE_OPTIONS_H_
