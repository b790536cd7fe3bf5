#include "engine/ingest_pipeline.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "analysis/language_identifier.h"
#include "analysis/sentence_splitter.h"
#include "analysis/text_date_finder.h"
#include "analysis/tokenizer.h"
#include "article/record_parser.h"
#include "common/hash.h"
#include "engine/postings_stage.h"
#include "index/postings_format.h"
#include "index/segment_format.h"
#include "index/segment_writer.h"
#include "ingest/input_walker.h"
#include "ingest/record_reader.h"
#include "stories/story_features.h"
#include "time/article_date.h"
#include "warc/warc_reader.h"

namespace storyline {
namespace {

constexpr size_t kChunkBytes = 1u << 20;
// Near the end of the input chunks shrink, down to this, so the workers finish together (a last
// 1 MB chunk alone kept the other core idle ~50 ms of a 0.6 s Reuters-21578 ingest).
constexpr size_t kMinChunkBytes = 128u << 10;
// A worker's term vocabulary (IndexTermExtractor::ExtractIds) is forgotten past this many terms.
constexpr size_t kMaxVocabularyTerms = size_t{1} << 18;
// A chunk of records read in input order, and later the articles made from them.
struct Chunk {
  uint64_t seq = 0;
  std::vector<RawRecord> records;
  std::vector<IngestProblem> problems;  // reader problems, then worker problems
  std::vector<Article> articles;
  std::vector<DedupInput> dedup;  // one per article
  std::vector<EntityInput> entities;  // one per article
  std::shared_ptr<InvertedIndexBuilder> index;  // document k = articles[k]
  StoryTermsChunk story_terms;                  // article k's story terms
  uint64_t record_bytes = 0;
  uint64_t files_rejected = 0;
  uint64_t records_rejected = 0;
  uint64_t warnings = 0;
  uint64_t already_stored = 0;  // parsed, found in the store, not analysed
  uint64_t pages_skipped = 0;   // not articles, or not in a --lang language
};

IngestProblem Problem(ProblemSeverity sev, Origin where, std::string kind, std::string reason) {
  IngestProblem p;
  p.severity = sev;
  p.where = std::move(where);
  p.kind = std::move(kind);
  p.reason = std::move(reason);
  return p;
}

// Everything one worker thread owns.
class Worker {
 public:
  // `stored`: the ids in the store before this run; not modified while workers run.
  // `languages`: the web archive filter; its --lang languages apply to the pages' detected
  // languages (empty: every language).
  // `model` null: the analysis is deferred (IngestOptions::defer_analysis), and the worker
  // only parses, tokenises and indexes. `stop_words`: the store leaves them out of its index.
  Worker(const std::unordered_set<uint64_t>* stored, const NerModel* model,
         const WarcFilter* languages, bool stop_words)
      : stored_(stored), languages_(languages), analyze_(model != nullptr), recognizer_(model) {
    extractor_.set_drop_stop_words(stop_words);
  }

  void Process(Chunk* chunk) {
    // Between chunks (a chunk's builder holds ids of one vocabulary): about 30 MB at most.
    extractor_.TrimVocabulary(kMaxVocabularyTerms);
    story_extractor_.TrimVocabulary(kMaxVocabularyTerms);
    chunk->articles.reserve(chunk->records.size());
    chunk->dedup.reserve(chunk->records.size());
    chunk->entities.reserve(chunk->records.size());
    chunk->index = std::make_shared<InvertedIndexBuilder>();
    chunk->index->Reserve(last_term_count_ + last_term_count_ / 8);
    story_terms_.Reset(&chunk->story_terms);
    for (RawRecord& rec : chunk->records) {
      Result<ParsedRecord> parsed = parser_.Parse(rec);
      if (!parsed.ok()) {
        ++chunk->records_rejected;
        chunk->problems.push_back(Problem(ProblemSeverity::kRejected, rec.origin, "bad-record",
                                          parsed.status().message()));
        continue;
      }
      if (!parsed->not_article.empty()) {
        ++chunk->pages_skipped;
        chunk->problems.push_back(Problem(ProblemSeverity::kSkipped, rec.origin, "not-an-article",
                                          std::move(parsed->not_article)));
        continue;
      }
      for (std::string& w : parsed->warnings) {
        ++chunk->warnings;
        chunk->problems.push_back(
            Problem(ProblemSeverity::kWarning, rec.origin, "repaired", std::move(w)));
      }
      Article& a = parsed->article;
      if (stored_->count(a.id.value())) {  // re-ingested: skip the analysis, only count it
        ++chunk->already_stored;
        continue;
      }
      Analyze(&a);
      // The WARC header's language (when it had one) passed the reader's filter; the page's
      // detected language must pass too.
      if (rec.web_archive && !languages_->languages.empty() && a.language != "und" &&
          !languages_->MatchesLanguage(a.language)) {
        ++chunk->pages_skipped;
        chunk->problems.push_back(Problem(
            ProblemSeverity::kSkipped, rec.origin, "other-language",
            (rec.url.empty() ? std::string() : rec.url + ": ") + "the page is in language \"" +
                a.language + "\", not one --lang asks for; it was not ingested."));
        continue;
      }
      // Deferred: empty inputs keep one per article; the calling thread ignores them.
      DedupInput& dedup = chunk->dedup.emplace_back();
      EntityInput& entities = chunk->entities.emplace_back();
      if (analyze_) {
        dedup_.Analyze(a.text, &dedup);
        AnalyzeEntities(&recognizer_, a, tokens_, sentences_, &entities);
      }
      IndexFieldIds(a, tokens_, &extractor_, &field_ids_);
      const std::vector<std::string>& vocabulary = extractor_.vocabulary();
      if (analyze_) {  // the story stage takes the terms themselves
        // Every word, whether the index leaves stop words out or not (stories do not change
        // with that choice): from the index's ids, else from an extractor that keeps them.
        const bool every_word = !extractor_.drop_stop_words();
        if (!every_word) {  // the title and the body only
          story_extractor_.ExtractIds(a.title, a.language, &story_ids_[kTitleField]);
          story_extractor_.ExtractIds(a.text, tokens_, a.language, &story_ids_[kBodyField]);
        }
        const auto& words = every_word ? vocabulary : story_extractor_.vocabulary();
        fields_.resize(2);
        for (const uint32_t f : {kTitleField, kBodyField}) {
          fields_[f].terms.clear();
          const auto& ids = every_word ? field_ids_[f].ids : story_ids_[f];
          for (const uint32_t id : ids) fields_[f].terms.push_back(words[id]);
        }
        story_terms_.Add(fields_[kTitleField].terms, fields_[kBodyField].terms);
      }
      // The fields and ids are the builder's own and the worker's vocabulary: cannot fail.
      (void)chunk->index->AddDocument(field_ids_, vocabulary);
      chunk->articles.push_back(std::move(a));
      rec.bytes.clear();
      rec.bytes.shrink_to_fit();
    }
    chunk->records.clear();
    last_term_count_ = chunk->index->term_count();
    chunk->index->Seal();
  }

 private:
  void Analyze(Article* a) {
    tokenizer_.Tokenize(a->text, &tokens_);
    a->token_count = static_cast<uint32_t>(CountWordTokens(tokens_));
    SplitSentences(a->text, tokens_, &sentences_);
    a->sentence_count = static_cast<uint32_t>(sentences_.size());
    if (a->language.empty()) {
      LanguageGuess g;
      if (!a->text.empty()) {
        g = IdentifyLanguage(a->text, tokens_);
      } else {  // a headline without a text: its language is the title's
        tokenizer_.Tokenize(a->title, &title_tokens_);
        g = IdentifyLanguage(a->title, title_tokens_);
      }
      a->language = g.code.empty() ? "und" : g.code;
    }
    // Metadata, else a dateline, else a complete date in the text, else unknown (src/time).
    a->published = ResolveArticleDate(a->published, a->text);
  }

  const std::unordered_set<uint64_t>* stored_;
  const WarcFilter* languages_;
  const bool analyze_;
  RecordParser parser_;
  DedupAnalyzer dedup_;
  EntityRecognizer recognizer_;
  IndexTermExtractor extractor_;
  IndexTermExtractor story_extractor_;  // every word, when extractor_ leaves stop words out
  std::vector<FieldTerms> fields_;
  std::vector<FieldTermIds> field_ids_;
  std::vector<uint32_t> story_ids_[2];  // title, body (story_extractor_'s ids)
  size_t last_term_count_ = 0;  // of the previous chunk's builder: the next one's reserve
  StoryTermsChunkBuilder story_terms_;
  Tokenizer tokenizer_;
  std::vector<Token> tokens_, title_tokens_;
  std::vector<Sentence> sentences_;
};

// A blocking FIFO with a close() that wakes every waiter.
template <typename T>
class Channel {
 public:
  void Push(T v) {
    {
      std::lock_guard l(mu_);
      q_.push_back(std::move(v));
    }
    cv_.notify_one();
  }
  std::optional<T> Pop() {
    std::unique_lock l(mu_);
    cv_.wait(l, [&] { return !q_.empty() || closed_; });
    if (q_.empty()) return std::nullopt;
    T v = std::move(q_.front());
    q_.pop_front();
    return v;
  }
  void Close() {
    {
      std::lock_guard l(mu_);
      closed_ = true;
    }
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<T> q_;
  bool closed_ = false;
};

}  // namespace

Status IngestPipeline::AddToBatch(Article&& a, DedupInput&& dedup, const EntityInput& entities,
                                  const std::shared_ptr<const InvertedIndexBuilder>& index,
                                  const StoryTermsChunk& story_terms, uint32_t index_doc,
                                  OpenBatch* batch, CatalogCounters* next, bool* is_copy) {
  if (!batch->writer) {
    batch->segment = SegmentId(static_cast<uint32_t>(next->next_segment++));
    batch->batch = BatchId(next->next_batch++);
    batch->file_name = segment_format::SegmentFileName(batch->segment.value());
    ASSIGN_OR_RETURN(batch->writer, SegmentWriter::Create(env_, layout_.segment(batch->file_name),
                                                          batch->segment));
  }
  ArticleRow r;
  ASSIGN_OR_RETURN(r.ordinal, batch->writer->Add(a.text));
  if (batch->postings.empty() || batch->postings.back().builder != index) {
    batch->postings.push_back({index, std::vector<uint32_t>(index->doc_count(), kDroppedDoc)});
  }
  batch->postings.back().ordinal_of[index_doc] = r.ordinal;
  r.text_bytes = a.text.size();
  r.text_checksum = Checksum64(a.text);
  r.segment = batch->segment;
  r.batch = batch->batch;
  a.doc = DocId(static_cast<uint32_t>(next->next_doc++));
  if (dedup_ != nullptr) {
    RETURN_IF_ERROR(dedup_->Add(a, a.text.size(), std::move(dedup), &batch->dups, is_copy));
  }
  const size_t first_mention = batch->entities.mentions.size();
  if (entities_ != nullptr) entities_->Add(a.doc, entities, &batch->entities);
  if (story_features_ != nullptr) {
    // The story stage's entities: the archive id of each mention, as the catalog will hold them.
    story_entities_.clear();
    for (size_t m = first_mention; m < batch->entities.mentions.size(); ++m) {
      story_entities_.push_back(batch->entities.mentions[m].entity.value());
    }
    story_features_->Add(a.doc.value(), story_terms, index_doc, !a.title.empty(),
                         story_entities_);
  }
  batch->text_bytes += a.text.size();
  a.text = std::string();
  r.article = std::move(a);
  batch->rows.push_back(std::move(r));
  return Status::Ok();
}

Status IngestPipeline::FinishBatch(OpenBatch* batch) {
  if (dedup_ == nullptr) return Status::Ok();  // deferred: no analysis rows
  BatchExtent extent;
  extent.batch = batch->batch;
  extent.segment = batch->segment;
  extent.segment_file = batch->file_name;
  extent.first_doc = batch->rows.front().article.doc;
  extent.doc_count = static_cast<uint32_t>(batch->rows.size());
  extent.first_ordinal = batch->rows.front().ordinal;
  extent.has_dup_keys = true;
  batch->entities.model = entities_->model_name();
  EntityStage::FinishBatch(&batch->entities);
  return dedup_->FinishBatch(&extent, &batch->dups);
}

Status IngestPipeline::CommitBatch(OpenBatch* batch) {
  RETURN_IF_ERROR(batch->writer->Finish());
  const SegmentWriter& w = *batch->writer;
  SegmentRecord rec{batch->segment, batch->file_name, w.file_size(), w.checksum(), w.doc_count()};
  PostingsRecord postings;
  postings.segment = postings.last_segment = batch->segment;
  postings.file_name = postings_format::PostingsFileName(batch->segment.value());
  ASSIGN_OR_RETURN(PostingsFileInfo info,
                   WritePostingsFile(env_, layout_.segment(postings.file_name),
                                     batch->segment.value(), batch->postings));
  // The chunks' builders can go: freeing their many small lists takes a while (a tenth of the
  // last batch's commit on Reuters-21578), so another thread does it beside the catalog
  // transaction.
  std::thread release_builders(
      [parts = std::move(batch->postings)]() mutable { parts = std::vector<PostingsPart>(); });
  batch->postings.clear();
  postings.size_bytes = info.size;
  postings.checksum = info.checksum;
  postings.doc_count = info.doc_count;
  postings.term_count = info.term_count;
  // A failed COMMIT is ambiguous (the WAL may hold the commit frame and recovery may keep the
  // batch), so the segment file stays: the next writer's open removes it only if the catalog
  // does not reference it.
  Status committed = catalog_->CommitBatch(batch->batch, rec, batch->rows, env_->NowMicros(),
                                          &batch->dups, &postings,
                                          entities_ != nullptr ? &batch->entities : nullptr);
  release_builders.join();
  RETURN_IF_ERROR(committed);
  counters_->next_doc += batch->rows.size();
  counters_->next_segment = batch->segment.value() + 1;
  counters_->next_batch = batch->batch.value() + 1;
  return Status::Ok();
}

IngestPipeline::IngestPipeline(Env* env, const StoreLayout& layout, Catalog* catalog,
                               std::unordered_set<uint64_t>* present, CatalogCounters* counters,
                               DedupStage* dedup, EntityStage* entities,
                               const NerModel* model, const IngestOptions& options,
                               IngestObserver* observer, StoryFeatureBuffer* story_features)
    : env_(env),
      layout_(layout),
      catalog_(catalog),
      present_(present),
      counters_(counters),
      dedup_(dedup),
      entities_(entities),
      model_(model),
      options_(options),
      observer_(observer),
      story_features_(story_features) {}

Result<IngestSummary> IngestPipeline::Run(const std::vector<std::string>& paths) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  auto seconds = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
  IngestObserver null_observer;
  IngestObserver* obs = observer_ ? observer_ : &null_observer;

  // By default one worker per core. (With compression on the calling thread and only fsync and
  // SQLite on the committer, 2 workers beat 1 on 2 cores: docs/RESULTS.md.)
  int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  int threads = options_.threads > 0 ? options_.threads : cores;
  const size_t max_in_flight = static_cast<size_t>(threads) * 4;

  IngestSummary summary;
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> bytes_read{0}, bytes_total{0};

  // In-flight chunk budget: the reader waits while too many chunks are unconsumed.
  std::mutex budget_mu;
  std::condition_variable budget_cv;
  size_t in_flight = 0;

  Channel<std::unique_ptr<Chunk>> work;
  std::mutex done_mu;
  std::condition_variable done_cv;
  std::map<uint64_t, std::unique_ptr<Chunk>> done;
  uint64_t total_chunks = 0;
  bool reader_finished = false;

  // Sequence numbers are given only to chunks actually handed to the workers, so the calling
  // thread never waits for a chunk that was dropped because the run is stopping.
  uint64_t emitted = 0;  // reader thread only, until reader_finished
  auto emit = [&](std::unique_ptr<Chunk> c) -> bool {
    {
      std::unique_lock l(budget_mu);
      budget_cv.wait(l, [&] { return in_flight < max_in_flight || stop.load(); });
      if (stop.load()) return false;
      ++in_flight;
    }
    c->seq = emitted++;
    work.Push(std::move(c));
    return true;
  };

  auto interrupted = [&] { return options_.interrupt && options_.interrupt->load(); };
  std::atomic<bool> reader_interrupted{false};
  // A file that cannot be read at all: one problem. False when the run is stopping.
  auto emit_bad_file = [&](const std::string& path, std::string reason) -> bool {
    auto c = std::make_unique<Chunk>();
    Origin o;
    o.path = path;
    c->problems.push_back(Problem(ProblemSeverity::kRejected, o, "bad-file", std::move(reason)));
    c->files_rejected = 1;
    return emit(std::move(c));
  };
  // The web archive filters (--host, --mime, --lang, --from, --to), built once: the reader
  // applies them to WARC headers, the workers apply --lang again to the language they detect.
  // The options were validated before the run; should a value still be bad, each archive is
  // reported with the reason.
  const Result<WarcFilter> web_filter =
      WarcFilter::FromFlags(options_.web_hosts, options_.web_mimes, options_.web_languages,
                            options_.web_from, options_.web_to);
  // A web archive: its HTML responses become HTML records (the workers extract the articles);
  // its damage becomes problems with offsets. False when the run is stopping.
  auto read_warc = [&](const InputFile& file, uint64_t base) -> bool {
    WarcReaderOptions wo;
    wo.max_record_bytes = options_.max_record_bytes;
    Result<std::unique_ptr<WarcReader>> reader = [&]() -> Result<std::unique_ptr<WarcReader>> {
      if (!web_filter.ok()) return web_filter.status();
      wo.filter = *web_filter;
      return WarcReader::Open(file.path, wo);
    }();
    if (!reader.ok()) return emit_bad_file(file.path, reader.status().message());
    WarcRecord rec;
    std::vector<WarcProblem> problems;
    for (bool eof = false; !eof && !stop.load();) {
      if (interrupted()) {
        reader_interrupted = true;
        return true;
      }
      auto c = std::make_unique<Chunk>();
      while (c->record_bytes < kChunkBytes) {
        Status st = (*reader)->Next(&rec, &eof);
        if (!st.ok()) {
          Origin o;
          o.path = file.path;
          c->problems.push_back(
              Problem(ProblemSeverity::kRejected, o, "damaged-file", st.message()));
          ++c->files_rejected;
          eof = true;
        }
        if (eof) break;
        // Pages only: other payloads (images, PDFs, feeds) are not articles.
        const bool html = rec.mime == "text/html" || rec.mime == "application/xhtml+xml" ||
                          (rec.mime.empty() && rec.payload.find('<') != std::string::npos);
        if (!html || rec.payload.empty()) continue;
        RawRecord raw;
        raw.origin.path = file.path;
        raw.origin.byte_offset = rec.offset;
        raw.format = InputFormat::kHtml;
        raw.url = rec.target_uri;
        raw.http_charset = rec.charset;
        raw.fetched_at = rec.date;
        raw.web_archive = true;
        raw.bytes = std::move(rec.payload);
        c->record_bytes += raw.bytes.size();
        c->records.push_back(std::move(raw));
      }
      problems.clear();
      (*reader)->TakeProblems(&problems);
      for (WarcProblem& p : problems) {
        Origin o;
        o.path = file.path;
        o.byte_offset = p.offset;
        c->problems.push_back(
            Problem(ProblemSeverity::kRejected, o, "damaged-file", std::move(p.reason)));
        ++c->records_rejected;
      }
      bytes_read = base + (*reader)->stats().compressed_bytes;
      if (!emit(std::move(c))) return false;
    }
    return true;
  };
  // A chunk's record bytes: kChunkBytes, or, once what is left of the input (its size as
  // stored: compressed files shrink chunks early, which costs only more chunks) would not give
  // each worker two chunks, an even share of it.
  auto chunk_bytes = [&]() -> size_t {
    const uint64_t total = bytes_total.load(), done = bytes_read.load();
    if (done >= total) return kChunkBytes;
    const uint64_t share = (total - done) / (2 * static_cast<uint64_t>(threads));
    return static_cast<size_t>(
        std::clamp<uint64_t>(share, kMinChunkBytes, kChunkBytes));
  };
  std::thread reader([&] {
    WalkResult walk = WalkInputs(paths);
    bytes_total = walk.total_bytes;
    summary.unsupported_skipped = walk.unsupported_skipped;
    summary.files = walk.files.size();
    {
      auto c = std::make_unique<Chunk>();
      for (auto& p : walk.problems) {
        Origin o;
        o.path = p.path;
        c->problems.push_back(Problem(ProblemSeverity::kRejected, o, "bad-file", p.reason));
        ++c->files_rejected;
      }
      if (!emit(std::move(c))) goto finish;
    }
    for (const InputFile& file : walk.files) {
      if (interrupted()) {
        reader_interrupted = true;
        break;
      }
      uint64_t base = bytes_read.load();
      if (file.format == InputFormat::kWarc) {
        if (!read_warc(file, base)) goto finish;
        continue;
      }
      auto reader = RecordReader::Open(file, options_.max_record_bytes);
      if (!reader.ok()) {
        if (!emit_bad_file(file.path, reader.status().message())) goto finish;
        continue;
      }
      (*reader)->set_interrupt(options_.interrupt);
      for (bool more = true; more && !stop.load();) {
        if (interrupted()) {
          reader_interrupted = true;
          break;
        }
        auto c = std::make_unique<Chunk>();
        std::vector<RecordProblem> problems;
        Result<bool> r = (*reader)->ReadBatch(chunk_bytes(), &c->records, &problems);
        for (auto& p : problems) {
          // A problem at offset 0 of no line is about the whole file (empty, unreadable).
          bool whole_file = p.origin.line == 0 && p.origin.byte_offset == 0;
          c->problems.push_back(Problem(ProblemSeverity::kRejected, p.origin,
                                        whole_file ? "bad-file" : "bad-record",
                                        std::move(p.reason)));
          ++(whole_file ? c->files_rejected : c->records_rejected);
        }
        if (!r.ok()) {
          Origin o;
          o.path = file.path;
          c->problems.push_back(
              Problem(ProblemSeverity::kRejected, o, "damaged-file", r.status().message()));
          ++c->files_rejected;
          more = false;
        } else {
          more = *r;
        }
        for (auto& rec : c->records) c->record_bytes += rec.bytes.size();
        bytes_read = base + (*reader)->bytes_consumed();
        if (!emit(std::move(c))) goto finish;
      }
      if ((*reader)->interrupted()) reader_interrupted = true;  // stdin stopped waiting
      bytes_read = base + (*reader)->bytes_consumed();
    }
  finish : {
    std::lock_guard l(done_mu);
    total_chunks = emitted;
    reader_finished = true;
  }
    done_cv.notify_all();
    work.Close();
  });

  const WarcFilter no_filter;
  const WarcFilter* languages = web_filter.ok() ? &*web_filter : &no_filter;
  std::vector<std::thread> workers;
  for (int i = 0; i < threads; ++i) {
    workers.emplace_back([&] {
      Worker w(present_, model_, languages, catalog_->index_stop_words());
      while (auto c = work.Pop()) {
        if (!stop.load()) w.Process(c->get());
        uint64_t seq = (*c)->seq;
        {
          std::lock_guard l(done_mu);
          done[seq] = std::move(*c);
        }
        done_cv.notify_all();
      }
    });
  }

  // The committer thread writes each full batch (segment file, then catalog transaction) while
  // the calling thread assembles the next one; at most kMaxPendingBatches wait.
  struct Committed {
    Status status;
    BatchId batch;
    uint64_t articles = 0;
    DocId end_doc;  // one past the batch's last doc
    // The postings files merged after it (the batch itself is committed whatever merge_status
    // says: a failed merge leaves the old files in use, and stops the run like a failed batch).
    Status merge_status;
    MergeOutcome merged;
    uint64_t merged_bytes = 0;
    double merge_seconds = 0;
  };
  constexpr size_t kMaxPendingBatches = 2;
  Channel<OpenBatch> to_commit;
  std::mutex commit_mu;
  std::condition_variable commit_cv;
  std::deque<Committed> committed;
  size_t pending_batches = 0;
  std::atomic<bool> commit_failed{false};

  std::thread committer([&] {
    while (auto batch = to_commit.Pop()) {
      Committed c;
      if (!commit_failed.load()) {
        c.batch = batch->batch;
        c.articles = batch->rows.size();
        c.end_doc = DocId(batch->rows.back().article.doc.value() + 1);
        c.status = CommitBatch(&*batch);
        if (!c.status.ok()) commit_failed = true;
        // The search index's files, merged as the policy finds them after each batch (the
        // catalog is this thread's during the run), so a long stream keeps few files.
        if (c.status.ok() && options_.merge.merge_factor >= 2) {
          const auto merge_start = Clock::now();
          c.merge_status = MergePostings(
              env_, layout_, catalog_, options_.merge, MergeMode::kPolicy,
              [&c](uint64_t done, uint64_t) { c.merged_bytes = done; }, &c.merged);
          c.merge_seconds = std::chrono::duration<double>(Clock::now() - merge_start).count();
          if (!c.merge_status.ok()) commit_failed = true;
        }
      }
      {
        std::lock_guard l(commit_mu);
        --pending_batches;
        if (c.articles > 0 || !c.status.ok()) committed.push_back(std::move(c));
      }
      commit_cv.notify_all();
    }
  });

  // The calling thread: consume chunks in order, hand full batches to the committer, and pass
  // every event to the observer.
  // Ids added by this run; present_ (read by the workers) gains them once the workers are done.
  std::unordered_set<uint64_t> added_this_run;
  OpenBatch batch;
  Clock::time_point batch_started;  // when the open batch got its first article
  // Ids handed out by this thread; the committer advances counters_ as batches commit.
  CatalogCounters assign = *counters_;
  Status failure;
  auto last_progress = Clock::now();

  auto drain_committed = [&]() {
    std::deque<Committed> done_batches;
    {
      std::lock_guard l(commit_mu);
      done_batches.swap(committed);
    }
    for (Committed& c : done_batches) {
      if (!c.status.ok()) {
        if (failure.ok()) failure = c.status;
        stop = true;
        budget_cv.notify_all();
        continue;
      }
      summary.articles_added += c.articles;
      ++summary.batches_committed;
      if (dedup_ != nullptr) dedup_->Committed(c.end_doc);
      obs->OnCommit(c.batch, c.articles, summary.articles_added);
      summary.index_files_merged += c.merged.files_merged;
      summary.merge_seconds += c.merge_seconds;
      if (c.merged.files_merged > 0) obs->OnIndexMerge(c.merged_bytes, c.merged_bytes);
      if (!c.merge_status.ok()) {
        if (failure.ok()) failure = c.merge_status;
        stop = true;
        budget_cv.notify_all();
      }
    }
  };
  auto hand_over = [&]() {
    if (batch.rows.empty()) return;
    drain_committed();
    if (Status s = FinishBatch(&batch); !s.ok()) {
      if (failure.ok()) failure = s;
      stop = true;
      budget_cv.notify_all();
      return;
    }
    {
      std::unique_lock l(commit_mu);
      commit_cv.wait(l, [&] { return pending_batches < kMaxPendingBatches; });
      ++pending_batches;
    }
    to_commit.Push(std::move(batch));
    batch = OpenBatch();
    drain_committed();
  };

  auto report = [&](IngestProblem& p) {
    ++summary.problems_by_kind[p.kind];
    obs->OnProblem(p);
    if (summary.problems.size() < options_.max_problems_kept) summary.problems.push_back(p);
  };

  for (uint64_t next = 0;; ++next) {
    std::unique_ptr<Chunk> c;
    {
      std::unique_lock l(done_mu);
      done_cv.wait_for(l, std::chrono::milliseconds(100), [&] {
        return done.count(next) || (reader_finished && next >= total_chunks);
      });
      auto it = done.find(next);
      if (it == done.end()) {
        if (reader_finished && next >= total_chunks) break;
        --next;  // not ready yet: report progress and wait again
      } else {
        c = std::move(it->second);
        done.erase(it);
      }
    }
    drain_committed();
    if (c) {
      {
        std::lock_guard l(budget_mu);
        --in_flight;
      }
      budget_cv.notify_one();
      if (failure.ok()) {
        summary.records_read +=
            c->articles.size() + c->records_rejected + c->already_stored + c->pages_skipped;
        summary.pages_skipped += c->pages_skipped;
        summary.already_present += c->already_stored;
        summary.records_rejected += c->records_rejected;
        summary.files_rejected += c->files_rejected;
        summary.warnings += c->warnings;
        summary.input_bytes += c->record_bytes;
        for (auto& p : c->problems) report(p);
        for (size_t k = 0; k < c->articles.size(); ++k) {
          Article& a = c->articles[k];
          if (!failure.ok()) break;  // the store failed: stop adding, drain the pipeline
          if (!added_this_run.insert(a.id.value()).second) {  // twice in this input
            ++summary.already_present;
            continue;
          }
          summary.text_bytes += a.text.size();
          if (batch.rows.empty()) batch_started = Clock::now();
          bool is_copy = false;
          Status s = AddToBatch(std::move(a), std::move(c->dedup[k]), c->entities[k], c->index,
                                c->story_terms, static_cast<uint32_t>(k), &batch, &assign,
                                &is_copy);
          summary.near_duplicates += is_copy;
          if (!s.ok()) {
            failure = s;
            stop = true;
            budget_cv.notify_all();
            break;
          }
          if (batch.rows.size() >= options_.batch_max_articles ||
              batch.text_bytes >= options_.batch_max_bytes) {
            hand_over();
          }
        }
      }
    }
    // A slow stream (a pipe that delivers now and then) still commits within batch_max_seconds.
    if (failure.ok() && !batch.rows.empty() &&
        Clock::now() - batch_started > std::chrono::duration<double>(options_.batch_max_seconds)) {
      hand_over();
    }
    if (Clock::now() - last_progress > std::chrono::milliseconds(100)) {
      last_progress = Clock::now();
      IngestProgress pr;
      pr.bytes_read = bytes_read.load();
      pr.bytes_total = bytes_total.load();
      pr.records_read = summary.records_read;
      pr.articles_added = summary.articles_added;
      pr.seconds = seconds();
      obs->OnProgress(pr);
    }
  }
  if (failure.ok()) hand_over();
  to_commit.Close();
  committer.join();
  drain_committed();
  stop = true;
  budget_cv.notify_all();
  reader.join();
  for (auto& t : workers) t.join();
  // Merge the smaller set into the larger (a first ingest into an empty store just swaps).
  if (added_this_run.size() > present_->size()) present_->swap(added_this_run);
  present_->insert(added_this_run.begin(), added_this_run.end());

  summary.interrupted = reader_interrupted.load();
  summary.seconds = seconds();
  if (!failure.ok()) {
    return Status(failure.code(), failure.message() + " (ingest stopped; " +
                                      std::to_string(summary.articles_added) + " articles in " +
                                      std::to_string(summary.batches_committed) +
                                      " batches were committed before the failure and are kept)");
  }
  return summary;
}

}  // namespace storyline
