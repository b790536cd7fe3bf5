// EngineImpl: the composition root. Opens the store's files, owns the writer lock, removes what
// an interrupted batch left behind, and wires the stages together for each call.
#include "storyline/engine.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "catalog/catalog.h"
#include "common/hash.h"
#include "engine/dedup_stage.h"
#include "engine/delete_stage.h"
#include "engine/entity_stage.h"
#include "entities/embedded_model.h"
#include "engine/ingest_pipeline.h"
#include "engine/postings_stage.h"
#include "engine/search_index.h"
#include "engine/segment_texts.h"
#include "engine/story_labels.h"
#include "engine/story_queries.h"
#include "engine/story_stage.h"
#include "engine/timeline.h"
#include "index/postings_reader.h"
#include "engine/store_layout.h"
#include "index/segment_reader.h"
#include "quotes/quote_links.h"
#include "search/query.h"
#include "warc/warc_record.h"
#include "storyline/env.h"

namespace storyline {
namespace {

class EngineImpl final : public Engine {
 public:
  EngineImpl(const Options& options, Env* env)
      : options_(options), env_(env), layout_(options.data_dir) {}

  // Order matters for readers and for crashes: the writer takes the lock before it decides
  // anything, and writes the STORYLINE marker only after the catalog and its schema exist, so a
  // reader that sees the marker always finds a catalog; a crash before the marker leaves only
  // files the next writer recognises as its own.
  Status Init() {
    if (options_.read_only || !options_.create_if_missing) {
      if (!env_->FileExists(layout_.dir) || !env_->FileExists(layout_.marker())) {
        return NotFound("no storyline store at " + layout_.dir +
                        "; create one with `storyline ingest --data " + layout_.dir +
                        " FILES...` or point --data / STORYLINE_DATA at an existing store");
      }
    }
    if (!options_.read_only) {
      const bool existed = env_->FileExists(layout_.dir);
      RETURN_IF_ERROR(env_->CreateDirIfMissing(layout_.dir));
      if (!existed) RETURN_IF_ERROR(env_->SyncDir(DirName(layout_.dir)));
      const bool lock_existed = env_->FileExists(layout_.lock());
      ASSIGN_OR_RETURN(lock_, env_->LockFile(layout_.lock()));
      if (!env_->FileExists(layout_.marker())) {
        Status ours = CheckOnlyOurFiles();
        if (!ours.ok()) {
          lock_.reset();
          if (!lock_existed) (void)env_->DeleteFile(layout_.lock());  // leave no trace
          return ours;
        }
      }
      RETURN_IF_ERROR(env_->CreateDirIfMissing(layout_.segments()));
      RETURN_IF_ERROR(env_->SyncDir(layout_.dir));
      ASSIGN_OR_RETURN(catalog_, Catalog::Open(layout_.catalog(), /*read_only=*/false,
                                               /*create=*/true));
      if (options_.index_stop_words.has_value()) {
        RETURN_IF_ERROR(catalog_->SetIndexStopWords(*options_.index_stop_words));
      }
      if (!env_->FileExists(layout_.marker())) {
        RETURN_IF_ERROR(WriteFileAtomically(env_, layout_.marker(), kStoreMarker));
      }
    }
    ASSIGN_OR_RETURN(std::string marker, ReadFileToString(env_, layout_.marker()));
    if (marker != kStoreMarker) {
      return Corruption(layout_.marker() + " does not hold a storyline store marker of format 1");
    }
    if (options_.read_only) {
      ASSIGN_OR_RETURN(catalog_, Catalog::Open(layout_.catalog(), /*read_only=*/true,
                                               /*create=*/false));
    } else {
      RETURN_IF_ERROR(RemoveUncommittedFiles());
      RETURN_IF_ERROR(LoadWriterState());
    }
    texts_ = std::make_unique<SegmentTexts>(env_, layout_, catalog_.get());
    return Status::Ok();
  }

  Result<IngestSummary> Ingest(const std::vector<std::string>& paths, const IngestOptions& options,
                               IngestObserver* observer) override {
    if (options_.read_only) {
      return InvalidArgument("this store was opened read-only; open it for writing to ingest");
    }
    {
      // Bad web-archive filters are a usage error before anything is read.
      auto filter = WarcFilter::FromFlags(options.web_hosts, options.web_mimes,
                                          options.web_languages, options.web_from, options.web_to);
      if (!filter.ok()) return filter.status();
    }
    const bool defer = options.defer_analysis;
    AnalyzeSummary caught_up;
    if (defer) {
      // This run's batches will lack the stages' rows: the next Analyze or Ingest loads the
      // stages again and catches up on them (the stories are untouched: no pass runs).
      dedup_.reset();
      entities_.reset();
      Status s = BackfillPostings(env_, layout_, catalog_.get(), &caught_up.index_backfilled);
      if (!s.ok()) return s;
    } else {
      Status s = LoadAnalysisStages(options, observer, &caught_up);
      if (!s.ok()) return s;
    }
    // The story features of the articles added, from the workers: the story pass below does
    // not read and analyse their texts again.
    StoryFeatureBuffer story_features;
    // Segments from this number on are this run's (the end-of-ingest merge of small files
    // touches only those).
    uint32_t first_new_segment = 0;
    {
      auto segments = catalog_->Segments();
      if (!segments.ok()) return segments.status();
      for (const SegmentRecord& seg : *segments) {
        first_new_segment = std::max(first_new_segment, seg.id.value() + 1);
      }
    }
    const DocId first_new_doc(static_cast<uint32_t>(counters_.next_doc));
    IngestPipeline pipeline(env_, layout_, catalog_.get(), &present_, &counters_, dedup_.get(),
                            entities_.get(), defer ? nullptr : ner_model_.get(), options,
                            observer, defer ? nullptr : &story_features);
    Result<IngestSummary> r = pipeline.Run(paths);
    if (r.ok() && !defer) {
      // Stories after the batches: every committed article without a story (this run's, and
      // any a crash or an older storyline left) is placed, in date order.
      const auto start = std::chrono::steady_clock::now();
      Status s = stories_->Update(
          &r->placed_in_stories,
          [observer](uint64_t done, uint64_t total) {
            if (observer) observer->OnStories(done, total);
          },
          &story_features);
      r->story_seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (!s.ok()) r = s;
    }
    if (r.ok() && options.replace) {
      const auto start = std::chrono::steady_clock::now();
      Status s = ReplaceSuperseded(first_new_doc, &*r);
      r->replace_seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (!s.ok()) r = s;
    }
    if (r.ok()) {
      // The committer merged the search index's files after each batch; what an earlier run
      // or the backfill left is merged now (every batch is committed: a failure here loses
      // nothing, the old files stay in use).
      const auto start = std::chrono::steady_clock::now();
      MergeOutcome merged;
      // The end of an ingest also merges its small newest files (tier 0) into one, so a query
      // does not pay for the few batches the policy leaves waiting for a run of merge_factor.
      Status s = MergePostings(env_, layout_, catalog_.get(), options.merge,
                               options.merge.merge_factor >= 2 ? MergeMode::kPolicyThenTail
                                                               : MergeMode::kPolicy,
                               [observer](uint64_t done, uint64_t planned) {
                                 if (observer) observer->OnIndexMerge(done, planned);
                               },
                               &merged, first_new_segment);
      r->merge_seconds +=
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      r->index_files_merged += merged.files_merged;
      r->index_files = merged.files_after;
      if (!s.ok()) r = s;
    }
    if (!r.ok()) {
      // The in-memory state may count articles that never committed: reload it.
      dedup_.reset();
      entities_.reset();
      stories_.reset();
      Status s = LoadWriterState();
      if (!s.ok()) return s;
      return r;
    }
    r->dedup_backfilled = caught_up.dedup_analyzed;
    r->index_backfilled = caught_up.index_backfilled;
    r->entities_backfilled = caught_up.entities_analyzed;
    return r;
  }

  Result<AnalyzeSummary> Analyze(const IngestOptions& options, IngestObserver* observer) override {
    if (options_.read_only) {
      return InvalidArgument("this store was opened read-only; open it for writing to analyze");
    }
    const auto start = std::chrono::steady_clock::now();
    AnalyzeSummary summary;
    Status s = LoadAnalysisStages(options, observer, &summary);
    if (s.ok()) {
      const auto stories_start = std::chrono::steady_clock::now();
      s = stories_->Update(&summary.placed_in_stories,
                           [observer](uint64_t done, uint64_t total) {
                             if (observer) observer->OnStories(done, total);
                           });
      summary.story_seconds = SecondsSince(stories_start);
    }
    if (!s.ok()) {
      // What committed stays; the in-memory stages may be ahead of it: load them again later.
      dedup_.reset();
      entities_.reset();
      stories_.reset();
      return s;
    }
    uint64_t groups = 0;
    Status dups = catalog_->DupCounts(&summary.near_duplicates, &groups);
    if (!dups.ok()) return dups;
    summary.seconds = SecondsSince(start);
    return summary;
  }

  Result<std::vector<Article>> ListArticles(const ArticleListOptions& options) override {
    ASSIGN_OR_RETURN(auto rows, catalog_->ListArticles(options.offset, options.limit));
    std::vector<Article> out;
    out.reserve(rows.size());
    for (auto& r : rows) out.push_back(std::move(r.article));
    return out;
  }

  Result<Article> GetArticle(std::string_view id_or_prefix) override {
    ASSIGN_OR_RETURN(ArticleRow row, catalog_->FindArticle(id_or_prefix));
    return WithText(std::move(row));
  }

  Result<StoreStats> Stats() override {
    ASSIGN_OR_RETURN(StoreStats stats, catalog_->Stats());
    Status dups = catalog_->DupCounts(&stats.duplicates.grouped_articles, &stats.duplicates.groups);
    if (!dups.ok() && dups.code() != StatusCode::kInvalidArgument) return dups;  // old store: 0
    ASSIGN_OR_RETURN(stats.awaiting_analysis, catalog_->ArticlesAwaitingAnalysis());
    return stats;
  }

  Result<SearchResults> Search(const SearchOptions& options) override {
    if (!search_) search_ = std::make_unique<SearchIndex>(env_, layout_, catalog_.get());
    return search_->Search(options, [this](DocId doc) -> Result<Article> {
      ASSIGN_OR_RETURN(ArticleRow row, catalog_->ArticleByDoc(doc));
      return WithText(std::move(row));
    });
  }

  Result<std::vector<DuplicateGroup>> ListDuplicates(const DuplicateListOptions& options) override {
    RETURN_IF_ERROR(catalog_->BeginSnapshot());  // groups change as a writer commits
    Result<std::vector<DuplicateGroup>> r = [&]() -> Result<std::vector<DuplicateGroup>> {
      ASSIGN_OR_RETURN(auto sizes, catalog_->ListDupGroups(std::max<uint32_t>(options.min_size, 1),
                                                           options.offset, options.limit));
      std::vector<DuplicateGroup> out;
      out.reserve(sizes.size());
      for (const DupGroupSize& g : sizes) {
        ASSIGN_OR_RETURN(DuplicateGroup group, DescribeGroup(g.group));
        out.push_back(std::move(group));
      }
      return out;
    }();
    Status end = catalog_->EndSnapshot();
    if (r.ok() && !end.ok()) return end;
    return r;
  }

  Result<DuplicateGroup> GetDuplicates(std::string_view id_or_prefix) override {
    RETURN_IF_ERROR(catalog_->BeginSnapshot());
    Result<DuplicateGroup> r = [&]() -> Result<DuplicateGroup> {
      ASSIGN_OR_RETURN(ArticleRow row, catalog_->FindArticle(id_or_prefix));
      ASSIGN_OR_RETURN(DupMemberRow m, catalog_->DupMemberOf(row.article.doc));
      return DescribeGroup(m.group);
    }();
    Status end = catalog_->EndSnapshot();
    if (r.ok() && !end.ok()) return end;
    return r;
  }

  Result<std::vector<EntitySummary>> ListEntities(const EntityListOptions& o) override {
    if (!o.type.empty() && !ParseEntityType(o.type)) {
      return InvalidArgument("unknown entity type \"" + o.type +
                             "\"; use PER, ORG, LOC or MISC");
    }
    ASSIGN_OR_RETURN(auto rows, catalog_->ListEntities(o.type, o.from, o.to, o.offset, o.limit));
    std::vector<EntitySummary> out;
    for (auto& r : rows) out.push_back(ToEntitySummary(r));
    return out;
  }

  Result<EntityProfile> GetEntity(std::string_view name_or_id, uint64_t articles,
                                  uint64_t cooccurring) override {
    ASSIGN_OR_RETURN(EntityListRow row, FindEntity(name_or_id));
    EntityProfile p;
    p.entity = ToEntitySummary(row);
    ASSIGN_OR_RETURN(p.aliases, catalog_->EntityAliases(row.id));
    ASSIGN_OR_RETURN(p.months, catalog_->EntityMonths(row.id));
    ASSIGN_OR_RETURN(auto docs, catalog_->EntityArticleDocs(row.id, articles));
    for (DocId d : docs) {
      ASSIGN_OR_RETURN(ArticleRow a, catalog_->ArticleByDoc(d));
      p.articles.push_back(std::move(a.article));
    }
    ASSIGN_OR_RETURN(auto co, catalog_->CoEntities(row.id, cooccurring));
    for (auto& [e, n] : co) p.cooccurring.emplace_back(ToEntitySummary(e), n);
    ASSIGN_OR_RETURN(auto stories, catalog_->EntityStories(row.id, 20));
    for (auto& [st, n] : stories) p.stories.emplace_back(ToStorySummary(st), n);
    return p;
  }

  Result<std::vector<StorySummary>> ListStories(const StoryListOptions& options) override {
    std::vector<EntityId> ids;
    for (const std::string& name : options.entities) {
      ASSIGN_OR_RETURN(auto found, catalog_->FindEntities(EntityQueryKey(name)));
      if (found.empty()) {
        return NotFound("no entity named \"" + name +
                        "\" in this store; `storyline entities` lists them");
      }
      for (const EntityListRow& e : found) ids.push_back(e.id);
    }
    ASSIGN_OR_RETURN(std::vector<StorySummary> stories, QueryStories(catalog_.get(), options, ids));
    StoryLabelWords words(catalog_.get(), texts_.get());
    for (StorySummary& s : stories) RETURN_IF_ERROR(words.Apply(&s));
    return stories;
  }

  Result<StoryDetail> GetStory(uint32_t id) override {
    ASSIGN_OR_RETURN(StoryDetail d, QueryStory(catalog_.get(), id));
    StoryLabelWords words(catalog_.get(), texts_.get());
    RETURN_IF_ERROR(words.Apply(&d.story));
    return d;
  }

  Result<std::vector<Storyline>> ListStorylines(const StorylineListOptions& options) override {
    return QueryStorylines(catalog_.get(), options);
  }

  Result<Storyline> GetStoryline(uint32_t id) override {
    return QueryStoryline(catalog_.get(), id);
  }

  // The articles that report quote `q` (its `words`): the same words (its text key) or nearly
  // (a candidate sharing an anchor, verified by NearIdenticalQuotes), one per article, earliest
  // first (undated last). Candidates per anchor are capped: a phrase quoted everywhere does not
  // make one listing read thousands of texts. `texts` caches candidates' texts across the quotes
  // of one listing (a popular quote is proposed for many).
  Result<std::vector<Article>> QuoteReports(const QuoteRow& q, const std::vector<std::string>& words,
                                            std::unordered_map<uint32_t, std::string>* texts) {
    constexpr uint32_t kCandidatesPerAnchor = 200;
    std::set<uint32_t> docs;
    ASSIGN_OR_RETURN(auto same, catalog_->QuotesWithKey(q.text_key));
    for (const QuoteReportRow& r : same) docs.insert(r.doc.value());
    ASSIGN_OR_RETURN(auto candidates,
                     catalog_->QuotesWithAnchors(QuoteAnchors(words), kCandidatesPerAnchor));
    std::vector<std::string> other;
    for (const QuoteReportRow& c : candidates) {
      if (docs.count(c.doc.value())) continue;
      ASSIGN_OR_RETURN(std::string parts, catalog_->QuoteParts(c.doc, c.number));
      auto cached = texts->find(c.doc.value());
      if (cached == texts->end()) {
        if (texts->size() >= 1024) texts->clear();
        ASSIGN_OR_RETURN(ArticleRow row, catalog_->ArticleByDoc(c.doc));
        ASSIGN_OR_RETURN(Article a, WithText(std::move(row)));
        cached = texts->emplace(c.doc.value(), std::move(a.text)).first;
      }
      const std::string& text = cached->second;
      QuoteWords(text, ParseQuoteParts(parts, text.size()), &other);
      if (NearIdenticalQuotes(words, other)) docs.insert(c.doc.value());
    }
    std::vector<Article> out;
    if (docs.size() < 2) return out;  // reported once: nothing to link
    for (uint32_t d : docs) {
      ASSIGN_OR_RETURN(ArticleRow row, catalog_->ArticleByDoc(DocId(d)));
      out.push_back(std::move(row.article));
    }
    std::stable_sort(out.begin(), out.end(), [](const Article& x, const Article& y) {
      if (x.published.known() != y.published.known()) return x.published.known();
      return x.published.ToIso() < y.published.ToIso();
    });
    return out;
  }

  Result<std::vector<QuoteInfo>> ListQuotes(const QuoteListOptions& o) override {
    std::optional<EntityId> speaker;
    if (!o.speaker.empty()) {
      ASSIGN_OR_RETURN(EntityListRow row, FindEntity(o.speaker));
      speaker = row.id;
    }
    std::optional<std::vector<uint32_t>> docs;
    if (!o.about.empty()) {
      auto about = FindEntity(o.about);
      if (about.ok()) {
        ASSIGN_OR_RETURN(docs, catalog_->DocsWithEntities({about->id}));
      } else if (about.status().code() == StatusCode::kNotFound) {
        ASSIGN_OR_RETURN(std::vector<DocId> matches, AllMatches(o.about));
        docs.emplace();
        for (DocId d : matches) docs->push_back(d.value());
      } else {
        return about.status();
      }
    }
    // Inclusive day bounds, as the search filters normalise them.
    auto bound = [](const std::string& date, bool upper) -> Result<std::string> {
      if (date.empty()) return std::string();
      auto b = DateBound(date, upper);
      if (!b.ok()) {
        return InvalidArgument("\"" + date + "\" is not a date; write YYYY, YYYY-MM or YYYY-MM-DD");
      }
      return b;
    };
    ASSIGN_OR_RETURN(std::string from, bound(o.from, false));
    ASSIGN_OR_RETURN(std::string to, bound(o.to, true));
    ASSIGN_OR_RETURN(auto rows, catalog_->ListQuotes(speaker, docs, from, to, o.partial, o.offset,
                                                     o.limit));
    std::vector<QuoteInfo> out;
    std::vector<std::string> words;
    std::unordered_map<uint32_t, std::string> texts;  // candidates' texts, for QuoteReports
    for (QuoteRow& q : rows) {
      ASSIGN_OR_RETURN(ArticleRow row, catalog_->ArticleByDoc(q.doc));
      ASSIGN_OR_RETURN(Article a, WithText(std::move(row)));
      QuoteInfo info;
      // The parts, joined: "A ... B" for a quote split by its attribution.
      const std::vector<TextSpan> spans = ParseQuoteParts(q.parts, a.text.size());
      for (const TextSpan& p : spans) {
        if (!info.text.empty()) info.text += " ... ";
        info.text += a.text.substr(p.begin, p.end - p.begin);
      }
      QuoteWords(a.text, spans, &words);
      a.text.clear();
      info.article = std::move(a);
      info.kind = q.kind;
      info.cue = q.cue;
      info.speaker = q.speaker;
      info.speaker_kind = q.speaker_kind;
      info.begin = q.begin;
      info.end = q.end;
      if (q.speaker_entity) {
        ASSIGN_OR_RETURN(EntityListRow e, catalog_->EntityById(*q.speaker_entity));
        info.speaker_entity = ToEntitySummary(e);
      }
      ASSIGN_OR_RETURN(info.reports, QuoteReports(q, words, &texts));
      out.push_back(std::move(info));
    }
    return out;
  }

  Result<Timeline> GetTimeline(const TimelineOptions& o) override {
    const int given = !o.query.empty() + !o.entity.empty() + (o.story >= 0);
    if (given != 1) {
      return InvalidArgument(
          "a timeline needs exactly one of a query, an entity (--entity) or a story (--story)");
    }
    std::vector<DocId> docs;
    if (o.story >= 0) {
      ASSIGN_OR_RETURN(StoryListRow row, catalog_->StoryById(static_cast<uint32_t>(o.story)));
      ASSIGN_OR_RETURN(docs, catalog_->StoryDocs(row.story));
    } else if (!o.entity.empty()) {
      ASSIGN_OR_RETURN(EntityListRow row, FindEntity(o.entity));
      ASSIGN_OR_RETURN(docs, catalog_->EntityArticleDocs(row.id, 0));
    } else {
      ASSIGN_OR_RETURN(docs, AllMatches(o.query));
    }
    return BuildTimeline(catalog_.get(), docs, o);
  }

  Result<SearchFacets> GetSearchFacets(const SearchOptions& o,
                                       const FacetOptions& f) override {
    if (f.by != "day" && f.by != "month") {
      return InvalidArgument("facet dates go by day or month, not \"" + f.by + "\"");
    }
    ASSIGN_OR_RETURN(std::vector<DocId> docs, AllMatches(o));
    return BuildSearchFacets(catalog_.get(), docs, f);
  }

  Result<EntityGraph> GetEntityGraph(const EntityGraphOptions& o) override {
    EntityGraph g;
    const uint64_t max_nodes = std::max<uint64_t>(1, o.max_nodes);
    if (o.entity.empty()) {
      ASSIGN_OR_RETURN(auto rows, catalog_->ListEntities("", "", "", 0, max_nodes));
      for (auto& r : rows) g.nodes.push_back(ToEntitySummary(r));
    } else {
      ASSIGN_OR_RETURN(EntityListRow row, FindEntity(o.entity));
      g.nodes.push_back(ToEntitySummary(row));
      ASSIGN_OR_RETURN(auto co, catalog_->CoEntities(row.id, max_nodes - 1));
      for (auto& [e, n] : co) g.nodes.push_back(ToEntitySummary(e));
    }
    std::vector<EntityId> ids;
    for (const auto& n : g.nodes) ids.push_back(n.id);
    ASSIGN_OR_RETURN(auto edges, catalog_->EntityEdges(ids, o.min_weight));
    for (auto& [a, b, w] : edges) g.edges.push_back({a, b, w});
    return g;
  }

  Result<std::vector<ArticleEntityInfo>> GetArticleEntities(std::string_view id) override {
    ASSIGN_OR_RETURN(ArticleRow row, catalog_->FindArticle(id));
    ASSIGN_OR_RETURN(auto rows, catalog_->ArticleEntities(row.article.doc));
    std::vector<ArticleEntityInfo> out;
    for (auto& [e, n] : rows) out.push_back({ToEntitySummary(e), n});
    return out;
  }

  Result<CompactSummary> CompactIndex(
      const std::function<void(uint64_t, uint64_t)>& progress) override {
    if (options_.read_only) {
      return InvalidArgument("this store was opened read-only; open it for writing to compact");
    }
    const auto start = std::chrono::steady_clock::now();
    CompactSummary summary;
    RETURN_IF_ERROR(BackfillPostings(env_, layout_, catalog_.get(), &summary.articles_indexed));
    MergeOutcome merged;
    RETURN_IF_ERROR(MergePostings(env_, layout_, catalog_.get(), IndexMergeOptions{},
                                  MergeMode::kAll, progress, &merged));
    summary.files_before = merged.files_before;
    summary.files_after = merged.files_after;
    summary.bytes_before = merged.bytes_before;
    summary.bytes_after = merged.bytes_after;
    PurgeOutcome purged;
    RETURN_IF_ERROR(PurgeDeletedTexts(env_, layout_, catalog_.get(), &purged));
    summary.texts_purged = purged.texts;
    summary.segments_rewritten = purged.segments;
    summary.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return summary;
  }

  Result<DeleteSummary> DeleteArticles(const std::vector<std::string>& ids_or_prefixes) override {
    if (options_.read_only) {
      return InvalidArgument("this store was opened read-only; open it for writing to delete");
    }
    std::vector<ArticleRow> rows;
    std::unordered_set<uint32_t> seen;
    for (const std::string& id : ids_or_prefixes) {
      ASSIGN_OR_RETURN(ArticleRow row, catalog_->FindArticle(id));
      if (seen.insert(row.article.doc.value()).second) rows.push_back(std::move(row));
    }
    return RemoveArticles(rows, std::vector<std::string>(rows.size(), "deleted"));
  }

  Result<CheckReport> Check() override {
    // One snapshot for every catalog read below: a writer may commit meanwhile.
    RETURN_IF_ERROR(catalog_->BeginSnapshot());
    std::vector<std::pair<std::string, std::string>> missing;  // postings files: name, error
    Result<CheckReport> r = CheckInSnapshot(&missing);
    Status end = catalog_->EndSnapshot();
    if (r.ok() && !end.ok()) return end;
    if (!r.ok() || missing.empty()) return r;
    // A writer's merge deletes its inputs right after it commits: a postings file of the
    // snapshot that is gone is damage only if the catalog still lists it now.
    ASSIGN_OR_RETURN(auto now, catalog_->PostingsFiles());
    for (auto& [name, error] : missing) {
      const bool listed = std::any_of(now.begin(), now.end(), [&](const PostingsRecord& p) {
        return p.file_name == name;
      });
      if (listed) {
        r->damage.push_back(std::move(error));
      } else {
        r->notes.push_back("segments/" + name +
                           " was merged into another postings file while the check ran");
      }
    }
    return r;
  }

 private:
  Result<CheckReport> CheckInSnapshot(std::vector<std::pair<std::string, std::string>>* missing) {
    CheckReport report;
    RETURN_IF_ERROR(catalog_->CheckIntegrity(&report.damage, &report.articles_checked));
    ASSIGN_OR_RETURN(auto segments, catalog_->Segments());
    std::unordered_map<uint32_t, SegmentRecord> known;
    std::unordered_map<uint32_t, std::unique_ptr<SegmentReader>> readers;
    for (const SegmentRecord& rec : segments) {
      known[rec.id.value()] = rec;
      std::string path = layout_.segment(rec.file_name);
      auto reader = SegmentReader::Open(env_, path);
      ++report.segments_checked;
      if (!reader.ok()) {
        report.damage.push_back(reader.status().message());
        continue;
      }
      SegmentReader& r = **reader;
      if (r.file_size() != rec.size_bytes) {
        report.damage.push_back("segment " + path + ": " + std::to_string(r.file_size()) +
                                " bytes on disk, the catalog recorded " +
                                std::to_string(rec.size_bytes));
      }
      if (r.checksum() != rec.checksum || r.id() != rec.id || r.doc_count() != rec.doc_count) {
        report.damage.push_back("segment " + path +
                                ": checksum, id or document count differs from the catalog");
      }
      Status s = r.VerifyAll(&report.bytes_checked);
      if (!s.ok()) {
        report.damage.push_back(s.message());
        continue;
      }
      readers[rec.id.value()] = std::move(*reader);
    }
    RETURN_IF_ERROR(catalog_->ForEachArticle([&](const ArticleRow& row) -> Status {
      auto it = readers.find(row.segment.value());
      if (it == readers.end()) {
        if (!known.count(row.segment.value())) {
          report.damage.push_back("article " + FormatArticleId(row.article.id) +
                                  " refers to segment " + std::to_string(row.segment.value()) +
                                  ", which the catalog does not list");
        }
        return Status::Ok();  // damage to its segment is reported above
      }
      auto text = it->second->ReadText(row.ordinal);
      if (!text.ok()) {
        report.damage.push_back("article " + FormatArticleId(row.article.id) + ": " +
                                text.status().message());
      } else if (text->size() != row.text_bytes || Checksum64(*text) != row.text_checksum) {
        report.damage.push_back("article " + FormatArticleId(row.article.id) + " (" +
                                row.article.origin.ToString() +
                                "): stored text does not match its checksum");
      }
      return Status::Ok();
    }));
    ASSIGN_OR_RETURN(auto postings, catalog_->PostingsFiles());
    uint64_t previous_last = 0;  // segments start at 1
    for (const PostingsRecord& p : postings) {
      const std::string path = layout_.segment(p.file_name);
      if (p.segment.value() <= previous_last || p.last_segment.value() < p.segment.value()) {
        report.damage.push_back("postings file " + path +
                                ": its batches overlap another file's in the catalog");
      }
      previous_last = p.last_segment.value();
      auto reader = PostingsReader::Open(env_, path);
      if (!reader.ok()) {
        if (!env_->FileExists(path)) {
          missing->emplace_back(p.file_name, reader.status().message());
        } else {
          report.damage.push_back(reader.status().message());
        }
        continue;
      }
      // A merged file holds the documents of every batch it covers.
      uint64_t covered_docs = 0;
      for (const SegmentRecord& seg : segments) {
        if (seg.id.value() >= p.segment.value() && seg.id.value() <= p.last_segment.value()) {
          covered_docs += seg.doc_count;
        }
      }
      if ((*reader)->file_size() != p.size_bytes || (*reader)->checksum() != p.checksum ||
          (*reader)->doc_count() != p.doc_count || (*reader)->term_count() != p.term_count ||
          (*reader)->segment() != p.segment.value() || !known.count(p.segment.value()) ||
          covered_docs != p.doc_count) {
        report.damage.push_back("postings file " + path +
                                ": size, checksum or counts differ from the catalog or its "
                                "segments");
        continue;
      }
      Status v = (*reader)->VerifyAll();
      if (!v.ok()) report.damage.push_back(v.message());
      report.bytes_checked += p.size_bytes;
    }
    const size_t indexed = IndexedSegments(postings, segments).size();
    if (indexed != segments.size()) {
      report.notes.push_back(std::to_string(segments.size() - indexed) +
                             " batches have no search index yet; the next `storyline ingest` "
                             "builds it");
    }
    auto names = env_->ListDir(layout_.segments());
    if (names.ok()) {
      std::unordered_set<std::string> referenced;
      for (auto& s : segments) referenced.insert(s.file_name);
      for (auto& p : postings) referenced.insert(p.file_name);
      for (auto& n : *names) {
        if (!referenced.count(n)) {
          report.notes.push_back(
              "segments/" + n +
              " belongs to no committed batch (left by an interrupted or "
              "running ingest); a writer removes it when it next opens the store");
        }
      }
    }
    return report;
  }

 private:
  // A directory without the marker may be new, or left by a writer that crashed while creating
  // the store; anything else in it belongs to someone else, and storyline will not take it over.
  Status CheckOnlyOurFiles() {
    ASSIGN_OR_RETURN(auto entries, env_->ListDir(layout_.dir));
    for (const std::string& n : entries) {
      if (n == "LOCK" || n == "STORYLINE.tmp" || n == "segments" || n == "catalog.db" ||
          n == "catalog.db-wal" || n == "catalog.db-shm" || n == "catalog.db-journal") {
        continue;
      }
      return InvalidArgument(
          layout_.dir + " exists and is not a storyline store (it holds " + n +
          " and no STORYLINE file); choose an empty or new directory for --data");
    }
    return Status::Ok();
  }

  // Files in segments/ that no committed batch references were written by a batch that never
  // committed (a crash between the segment's rename and the catalog transaction, or a .tmp).
  Status RemoveUncommittedFiles() {
    ASSIGN_OR_RETURN(auto segments, catalog_->Segments());
    ASSIGN_OR_RETURN(auto postings, catalog_->PostingsFiles());
    std::unordered_set<std::string> referenced;
    for (auto& s : segments) referenced.insert(s.file_name);
    for (auto& p : postings) referenced.insert(p.file_name);
    ASSIGN_OR_RETURN(auto names, env_->ListDir(layout_.segments()));
    bool removed = false;
    for (const std::string& n : names) {
      if (referenced.count(n)) continue;
      if (!n.ends_with(".sls") && !n.ends_with(".sls.tmp") && !n.ends_with(".slp") &&
          !n.ends_with(".slp.tmp")) {
        continue;  // not ours: leave it
      }
      RETURN_IF_ERROR(env_->DeleteFile(layout_.segment(n)));
      removed = true;
    }
    if (removed) RETURN_IF_ERROR(env_->SyncDir(layout_.segments()));
    return Status::Ok();
  }

  static double SecondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }

  // Loads the writer's analysis stages (each once per Engine: readers and other commands never
  // pay for them). Loading analyses the stored batches that lack the stage's rows (deferred by
  // an ingest, or from an older storyline), one committed transaction per batch; *caught_up
  // counts them and times each stage. On failure the stage is not kept: the next call loads it
  // again from what committed.
  Status LoadAnalysisStages(const IngestOptions& options, IngestObserver* observer,
                            AnalyzeSummary* caught_up) {
    auto progress = [observer](std::string_view stage) {
      return [observer, stage](uint64_t done, uint64_t total) {
        if (observer) observer->OnAnalysis(stage, done, total);
      };
    };
    if (!dedup_) {
      auto stage = std::make_unique<DedupStage>(env_, layout_, catalog_.get());
      stage->SetThresholds(options);  // for the batches analysed now, too
      const auto start = std::chrono::steady_clock::now();
      Status s = stage->Load(&caught_up->dedup_analyzed, progress("duplicates"));
      caught_up->dedup_seconds = SecondsSince(start);
      RETURN_IF_ERROR(s);
      dedup_ = std::move(stage);
    }
    dedup_->SetThresholds(options);
    if (!entities_) {
      if (!ner_model_) {
        auto model = options_.ner_model_path.empty()
                         ? NerModel::Parse(EmbeddedNerModel(), "the built-in NER model")
                         : NerModel::Load(env_, options_.ner_model_path);
        if (!model.ok()) return model.status();
        ner_model_ = std::move(model).value();
      }
      auto stage = std::make_unique<EntityStage>(env_, layout_, catalog_.get(), ner_model_.get());
      const auto start = std::chrono::steady_clock::now();
      Status s = stage->Load(&caught_up->entities_analyzed, progress("entities"));
      caught_up->entity_seconds = SecondsSince(start);
      RETURN_IF_ERROR(s);
      entities_ = std::move(stage);
    }
    RETURN_IF_ERROR(
        BackfillPostings(env_, layout_, catalog_.get(), &caught_up->index_backfilled));
    if (!stories_) {
      auto stage = std::make_unique<StoryStage>(env_, layout_, catalog_.get(),
                                                StoryClusterOptions{});
      RETURN_IF_ERROR(stage->Load());
      stories_ = std::move(stage);
    }
    return Status::Ok();
  }

  Status LoadWriterState() {
    present_.clear();
    RETURN_IF_ERROR(catalog_->ForEachArticleId([&](ArticleId id) { present_.insert(id.value()); }));
    ASSIGN_OR_RETURN(counters_, catalog_->Counters());
    return Status::Ok();
  }

  Result<DuplicateGroup> DescribeGroup(DocId group_id) {
    ASSIGN_OR_RETURN(auto members, catalog_->DupGroupMembers(group_id));
    DuplicateGroup group;
    group.group = group_id;
    std::unordered_map<uint32_t, ArticleId> ids;
    for (const DupMemberRow& m : members) {
      ASSIGN_OR_RETURN(ArticleRow row, catalog_->ArticleByDoc(m.doc));
      ids[m.doc.value()] = row.article.id;
      DuplicateMember member;
      member.article = std::move(row.article);
      member.shared_fraction = m.shared;
      group.members.push_back(std::move(member));
    }
    for (size_t i = 0; i < members.size(); ++i) {
      if (!members[i].derives_from) continue;
      auto it = ids.find(members[i].derives_from->value());
      if (it == ids.end()) {
        return Corruption("near-duplicate group " + std::to_string(group_id.value()) +
                          ": a member derives from doc " +
                          std::to_string(members[i].derives_from->value()) +
                          ", which is not in the group; run `storyline check`");
      }
      group.members[i].derives_from = it->second;
    }
    return group;
  }

  // The row's article with its text, read from its segment and checked against its checksum.
  Result<Article> WithText(ArticleRow row) {
    ASSIGN_OR_RETURN(row.article.text, texts_->Text(row));
    return std::move(row.article);
  }

  Options options_;
  Env* env_;
  StoreLayout layout_;
  // Deletes stored articles (DeleteArticles, ingest --replace). The stages reload from the
  // catalog at the next ingest (their counts, and a near-duplicate index that would still hold
  // the removed articles), unless the delete regrouped one.
  Result<DeleteSummary> RemoveArticles(const std::vector<ArticleRow>& rows,
                                       const std::vector<std::string>& reasons) {
    std::unique_ptr<DedupStage> regrouped;
    Result<DeleteSummary> r = DeleteArticlesFromStore(env_, layout_, catalog_.get(), texts_.get(),
                                                      rows, reasons, &regrouped);
    dedup_ = std::move(regrouped);
    entities_.reset();
    stories_.reset();
    if (!r.ok()) return r;
    for (const ArticleRow& row : rows) present_.erase(row.article.id.value());
    return r;
  }

  // ingest --replace: every stored article with the identity (URL, else source and record id)
  // of an article this run added, other than the newest, is deleted ("replaced by" the newest).
  Status ReplaceSuperseded(DocId first_new, IngestSummary* summary) {
    ASSIGN_OR_RETURN(auto pairs, catalog_->SupersededVersions(first_new));
    if (pairs.empty()) return Status::Ok();
    std::vector<ArticleRow> rows;
    std::vector<std::string> reasons;
    for (const auto& [old_doc, newest] : pairs) {
      ASSIGN_OR_RETURN(ArticleRow row, catalog_->ArticleByDoc(old_doc));
      ASSIGN_OR_RETURN(ArticleRow by, catalog_->ArticleByDoc(newest));
      rows.push_back(std::move(row));
      reasons.push_back("replaced by " + FormatArticleId(by.article.id));
    }
    ASSIGN_OR_RETURN(DeleteSummary d, RemoveArticles(rows, reasons));
    summary->articles_replaced = d.deleted;
    return Status::Ok();
  }

  std::unique_ptr<FileLock> lock_;
  std::unique_ptr<Catalog> catalog_;
  std::unordered_set<uint64_t> present_;
  CatalogCounters counters_;

  // Every article matching a search (its query and filters), copies included, in no useful
  // order (for timelines, facets and quote topics, which need the set, not the ranking).
  Result<std::vector<DocId>> AllMatches(const std::string& query) {
    SearchOptions s;
    s.query = query;
    return AllMatches(s);
  }
  Result<std::vector<DocId>> AllMatches(SearchOptions s) {
    // Doc ids are dense from 0: next_doc bounds the number of matches (a cheap query, unlike
    // Stats(), which scans the articles).
    ASSIGN_OR_RETURN(CatalogCounters counters, catalog_->Counters());
    s.limit = std::max<uint64_t>(1, counters.next_doc);
    s.offset = 0;
    s.fetch_articles = false;
    s.snippet_bytes = 0;
    s.exact_total = true;
    s.collapse_duplicates = false;
    ASSIGN_OR_RETURN(SearchResults r, Search(s));
    std::vector<DocId> docs;
    docs.reserve(r.hits.size());
    for (const SearchHit& h : r.hits) docs.push_back(h.article.doc);
    return docs;
  }

  // By number, or by name or alias (the exact name first, then the most mentioned).
  Result<EntityListRow> FindEntity(std::string_view name_or_id) {
    std::string s(name_or_id);
    if (!s.empty() && s.find_first_not_of("0123456789") == std::string::npos && s.size() < 19) {
      auto r = catalog_->EntityById(EntityId(std::stoull(s)));
      if (r.ok() || r.status().code() != StatusCode::kNotFound) return r;
    }
    ASSIGN_OR_RETURN(auto found, catalog_->FindEntities(EntityQueryKey(s)));
    if (found.empty()) {
      return NotFound("no entity named \"" + s +
                      "\" in this store; `storyline entities` lists them (names and aliases "
                      "match without case)");
    }
    return found.front();
  }

  std::unique_ptr<DedupStage> dedup_;  // writers, from the first Ingest on
  std::unique_ptr<NerModel> ner_model_;     // writers, from the first Ingest on
  std::unique_ptr<EntityStage> entities_;  // writers, from the first Ingest on
  std::unique_ptr<StoryStage> stories_;    // writers, from the first Ingest on
  std::unique_ptr<SearchIndex> search_;  // from the first Search on
  std::unique_ptr<SegmentTexts> texts_;  // for `show`, search hits and quotes; made by Init
};

}  // namespace

Result<std::unique_ptr<Engine>> Engine::Open(const Options& options) {
  Env* env = options.env ? options.env : Env::Default();
  auto engine = std::make_unique<EngineImpl>(options, env);
  RETURN_IF_ERROR(engine->Init());
  return std::unique_ptr<Engine>(std::move(engine));
}

}  // namespace storyline
