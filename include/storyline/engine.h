// Engine: the public entry point. Opens a store (a data directory), ingests inputs into it, and
// answers questions about what it holds.
//
// A store has one writer at a time (a second writer gets ResourceExhausted naming the holder) and
// any number of readers; readers never block the writer (SQLite WAL + immutable segment files).
//
// Thread-safety: an Engine may be used from one thread at a time. Separate Engines on the same
// store (in one or several processes) are safe.
#ifndef STORYLINE_ENGINE_H_
#define STORYLINE_ENGINE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storyline/article.h"
#include "storyline/ids.h"
#include "storyline/options.h"
#include "storyline/status.h"

namespace storyline {

enum class ProblemSeverity : uint8_t {
  kWarning,   // the record was ingested, but something was repaired or ignored
  kRejected,  // the record (or file) was not ingested
  // Left out on purpose, not an error: a web page that is not an article (an index page, a
  // gallery) or one whose detected language --lang does not ask for.
  kSkipped,
};

struct IngestProblem {
  ProblemSeverity severity = ProblemSeverity::kRejected;
  Origin where;  // file, line, byte offset
  // Stable category: "bad-file" (missing, unreadable, unsupported, empty), "damaged-file" (a
  // truncated or corrupt compressed stream: records before the damage were read), "bad-record"
  // (a record that cannot become an article), "repaired" (a warning: the article was ingested),
  // "not-an-article" and "other-language" (kSkipped: web pages left out on purpose).
  std::string kind;
  std::string reason;  // a sentence for a person, saying what to do
};

struct IngestProgress {
  uint64_t bytes_read = 0;   // input bytes consumed (compressed bytes for compressed files)
  uint64_t bytes_total = 0;  // 0 when unknown (stdin)
  uint64_t records_read = 0;
  uint64_t articles_added = 0;  // committed so far (durable)
  double seconds = 0;
};

struct IngestSummary {
  uint64_t files = 0;
  uint64_t records_read = 0;
  uint64_t articles_added = 0;
  uint64_t already_present = 0;  // identical article already in the store (or earlier in input)
  uint64_t records_rejected = 0;
  uint64_t files_rejected = 0;  // missing, unreadable, unsupported, empty
  uint64_t warnings = 0;
  uint64_t unsupported_skipped = 0;  // files in directories with unsupported extensions
  // Web pages left out on purpose (kSkipped problems): not articles, or not in a --lang language.
  uint64_t pages_skipped = 0;
  uint64_t batches_committed = 0;
  // Articles added by this run that were found to be near-duplicates of another article (stored
  // before or added in this run); each joined that article's group.
  uint64_t near_duplicates = 0;
  // Articles of a store written before near-duplicate detection existed, analysed once by this
  // run so that every stored article is in a group.
  uint64_t dedup_backfilled = 0;
  // Articles of batches written before the search index existed, indexed once by this run.
  uint64_t index_backfilled = 0;
  // Articles of batches written before entity recognition existed, analysed once by this run.
  uint64_t entities_backfilled = 0;
  // Articles placed in stories by this run (its own, and any stored article without a story).
  uint64_t placed_in_stories = 0;
  double story_seconds = 0;  // of the story pass after the last batch (not in `seconds`)
  // Postings files merged after the batches (IngestOptions::merge; on the committer thread
  // after each batch, then once more after the stories), and the time it took (included in
  // `seconds` but for the last pass); the store's postings files afterwards.
  uint64_t index_files_merged = 0;
  double merge_seconds = 0;
  // With IngestOptions::replace: stored articles deleted because this run added a newer one
  // with the same URL, and the seconds that took.
  uint64_t articles_replaced = 0;
  double replace_seconds = 0;
  uint64_t index_files = 0;
  uint64_t input_bytes = 0;  // decompressed bytes of records
  uint64_t text_bytes = 0;   // bytes of article text added
  double seconds = 0;
  std::map<std::string, uint64_t> problems_by_kind;
  std::vector<IngestProblem> problems;  // the first IngestOptions::max_problems_kept
  bool interrupted = false;  // IngestOptions::interrupt stopped the reading early
  bool complete() const { return records_rejected == 0 && files_rejected == 0 && !interrupted; }
};

// Receives events during Ingest, on the calling thread.
class IngestObserver {
 public:
  virtual ~IngestObserver() = default;
  virtual void OnProblem(const IngestProblem& problem) {}
  // Called about ten times a second.
  virtual void OnProgress(const IngestProgress& progress) {}
  // Called after a batch is durable: its articles survive any crash from now on.
  virtual void OnCommit(BatchId batch, uint64_t articles_in_batch, uint64_t articles_total) {}
  // Called as the articles are placed in stories, after the last batch (each call is durable).
  virtual void OnStories(uint64_t placed, uint64_t total) {}
  // Called as the search index's files are merged (after a batch: the bytes merged twice; after
  // the stories: bytes merged so far of those planned). Each call: merged files durable and in
  // use.
  virtual void OnIndexMerge(uint64_t bytes_merged, uint64_t bytes_planned) {}
  // Called as stored articles that lack an analysis are analysed (after an ingest with
  // IngestOptions::defer_analysis, or from an older storyline): `stage` is "duplicates" or
  // "entities"; `done` of `total` articles, each batch durable when reported.
  virtual void OnAnalysis(std::string_view stage, uint64_t done, uint64_t total) {}
};

// What Engine::Analyze did: the stored articles it analysed, stage by stage.
struct AnalyzeSummary {
  uint64_t dedup_analyzed = 0;     // grouped with their near-duplicates
  uint64_t entities_analyzed = 0;  // entities and quotes recognised
  uint64_t index_backfilled = 0;   // of batches without a search index
  uint64_t placed_in_stories = 0;
  uint64_t near_duplicates = 0;  // articles in groups of two or more, afterwards
  double dedup_seconds = 0, entity_seconds = 0, story_seconds = 0;
  double seconds = 0;  // in all
};

struct ArticleListOptions {
  uint64_t offset = 0;
  uint64_t limit = 20;  // 0 = no limit
};

// A group of near-duplicate articles: syndicated or lightly edited copies of one text.
struct DuplicateMember {
  Article article;  // without text
  // The member this one most likely derives from (the earlier member holding the largest share
  // of its word 3-grams); none for the canonical member.
  std::optional<ArticleId> derives_from;
  double shared_fraction = 1.0;  // of this member's word 3-grams found in derives_from
};
struct DuplicateGroup {
  DocId group;  // stable: the smallest DocId of its members (kept when groups merge)
  // The canonical member (earliest by date; the longest when dates are equal or missing) first,
  // then the others in the same order. One member when the article has no copies.
  std::vector<DuplicateMember> members;
};
struct DuplicateListOptions {
  uint32_t min_size = 2;  // 1 lists every article, singletons included (a complete mapping)
  uint64_t offset = 0;
  uint64_t limit = 20;  // 0 = no limit
};
struct DuplicateStats {
  uint64_t groups = 0;            // of two or more articles
  uint64_t grouped_articles = 0;  // articles in those groups
};

// Ranked full-text search (BM25 over titles and texts; the query language is in
// src/search/query.h and `storyline search --help`).
struct SearchOptions {
  std::string query;
  uint64_t limit = 10;
  uint64_t offset = 0;
  // Filters added to those written in the query: inclusive dates (YYYY, YYYY-MM or YYYY-MM-DD;
  // articles without a known date are left out when a date filter is given), sources and
  // languages (any of them; sources compared without case).
  std::string from, to;
  std::vector<std::string> sources, languages;
  // Entities every hit must mention (names or aliases, any case: "Sadiq Khan", "khan").
  std::vector<std::string> entities;
  // Stories (their numbers, `ListStories`): hits in any of them.
  std::vector<uint32_t> stories;
  // BM25 parameters and the weight of a title match against a match in the text.
  double k1 = 1.2, b = 0.75, title_boost = 2.0;
  size_t snippet_bytes = 240;  // 0: no snippets
  // false: hits carry only the article's id and doc and the score (no catalog row, no text):
  // for tools that only need the ranking.
  bool fetch_articles = true;
  // true: `total` counts every match exactly. false (default): word disjunctions skip documents
  // that cannot reach the requested page (MaxScore; the same hits), and `total` may be a lower
  // bound (SearchResults::total_is_estimate).
  bool exact_total = false;
  // Near-duplicate copies collapsed: one hit per group (its best-ranked member), with the
  // group's size; false lists every copy.
  bool collapse_duplicates = true;
};

struct SearchHit {
  Article article;  // without text
  double score = 0;
  std::string snippet;  // from the original text, one line
  std::vector<std::pair<uint32_t, uint32_t>> highlights;  // [begin, end) byte ranges in snippet
  // The hit's near-duplicate group (collapsed searches): its id and its number of articles
  // (1: no copies).
  DocId group;
  uint32_t group_size = 1;
};

struct SearchResults {
  uint64_t total = 0;  // matching articles, copies included (see total_is_estimate)
  bool total_is_estimate = false;  // a lower bound: ask SearchOptions::exact_total for the count
  std::vector<SearchHit> hits;
  uint64_t articles_not_indexed = 0;  // in batches whose search index is not built yet
  double seconds = 0;
};

struct StoreStats {
  uint64_t articles = 0;
  uint64_t deleted_articles = 0;  // removed (Engine::DeleteArticles); not in `articles`
  uint64_t segments = 0;
  uint64_t batches = 0;
  uint64_t text_bytes = 0;     // uncompressed article text
  uint64_t segment_bytes = 0;  // on disk, compressed
  uint64_t catalog_bytes = 0;
  std::map<std::string, uint64_t> languages;
  std::map<std::string, uint64_t> sources;  // the 20 largest
  std::string first_date, last_date;        // over articles with a known date
  uint64_t dated_articles = 0;
  DuplicateStats duplicates;
  std::map<std::string, uint64_t> entities;  // by type (PER, ORG, LOC, MISC)
  uint64_t entity_mentions = 0;
  uint64_t stories = 0;
  // Articles stored without their analysis yet (IngestOptions::defer_analysis): not grouped
  // with their near-duplicates, without entities, or in no story. Engine::Analyze catches up.
  uint64_t awaiting_analysis = 0;
};

// People (PER), organisations (ORG), places (LOC) and other names (MISC: nationalities, events,
// products) recognised in the articles and resolved across them.
struct EntitySummary {
  EntityId id;
  std::string type;  // PER, ORG, LOC, MISC
  std::string name;  // the most complete form ("Sadiq Khan")
  uint64_t mentions = 0;
  uint64_t articles = 0;
};
// Stories: the articles about one event, found by online clustering in date order; storylines:
// stories linked across any span of time through the entities they share (docs/stories.md).
struct StorySummary {
  uint32_t id = 0;
  std::string title;                  // the most representative headline
  std::string first_date, last_date;  // YYYY-MM-DD; "" when its articles are undated
  uint64_t articles = 0;              // copies included
  uint64_t sources = 0;               // distinct sources
  std::vector<std::string> terms;     // key words, strongest first, as the story's first
                                      // articles write them (no function words)
};
struct StoryListOptions {
  std::string from, to;               // inclusive YYYY[-MM[-DD]]: stories overlapping the range
  std::vector<std::string> entities;  // stories mentioning any of these (names or aliases)
  uint64_t min_size = 2;              // 1 lists single-article stories too
  uint64_t offset = 0;
  uint64_t limit = 20;  // 0 = no limit
};
struct StoryTimelineEntry {
  Article article;  // without text; the earliest copy in the story
  uint32_t copies = 0;  // other members of its near-duplicate group in this story
};
struct StoryLinkInfo {
  StorySummary story;  // the other story
  double score = 0;    // cosine of the two stories' entity profiles
  std::vector<EntitySummary> shared_entities;  // strongest first
};
struct StoryDetail {
  StorySummary story;
  std::vector<StoryTimelineEntry> timeline;  // by date, undated last
  std::vector<std::pair<EntitySummary, uint64_t>> entities;  // with the articles mentioning them
  std::vector<std::pair<std::string, uint64_t>> languages;   // with their articles
  uint32_t storyline = 0;  // its storyline's id (the smallest story id in it)
  std::vector<StoryLinkInfo> links;  // the stories it is linked to
};
struct Storyline {
  uint32_t id = 0;  // its smallest story id
  std::vector<StorySummary> stories;  // by first date
  std::string first_date, last_date;
  // Each link: (story, story) with its score and shared entities.
  struct Link {
    uint32_t a = 0, b = 0;
    double score = 0;
    std::vector<EntitySummary> shared_entities;
  };
  std::vector<Link> links;
};
struct StorylineListOptions {
  uint64_t min_stories = 2;
  uint64_t offset = 0;
  uint64_t limit = 20;  // 0 = no limit
};

struct EntityListOptions {
  std::string type;      // empty: every type
  std::string from, to;  // inclusive YYYY[-MM[-DD]]: count only articles dated in the range
  uint64_t offset = 0;
  uint64_t limit = 20;  // 0 = no limit
};
struct EntityProfile {
  EntitySummary entity;
  std::vector<std::pair<std::string, uint64_t>> aliases;  // how it is written, with mentions
  std::vector<std::pair<std::string, uint64_t>> months;   // "YYYY-MM" (or "unknown") -> mentions
  std::vector<Article> articles;                          // newest first, without text
  std::vector<std::pair<EntitySummary, uint64_t>> cooccurring;  // with the shared articles
  std::vector<std::pair<StorySummary, uint64_t>> stories;  // with its articles in each
};
// The co-occurrence graph: entities as nodes, an edge weighted by the articles two share.
struct EntityGraphOptions {
  std::string entity;       // empty: the most mentioned entities; else this one's neighbourhood
  uint64_t max_nodes = 50;
  uint64_t min_weight = 1;  // edges of fewer shared articles are left out
};
struct EntityGraph {
  struct Edge {
    EntityId a, b;
    uint64_t weight = 0;
  };
  std::vector<EntitySummary> nodes;
  std::vector<Edge> edges;
};
// Direct quotations found in the articles' texts, with their speakers (docs/quotes.md).
struct QuoteListOptions {
  std::string speaker;  // an entity's name, alias or number: quotes it is the speaker of
  std::string about;    // an entity (articles mentioning it), else a search query
  std::string from, to;  // inclusive YYYY[-MM[-DD]] of the article's date
  bool partial = false;  // also partial, scare and title quotes (default: full quotes only)
  uint64_t offset = 0;
  uint64_t limit = 20;  // 0 = no limit
};
struct QuoteInfo {
  Article article;      // without text; the quote's date and source are the article's
  std::string text;     // the quoted words (parts joined by " ... ")
  std::string kind;     // full, partial, scare, title
  std::string cue;      // "said", "told", "according to" ... ("" when none)
  std::string speaker;  // as written: "Khan", "he", "A London City Hall source"
  std::string speaker_kind;               // name, pronoun, description, none
  std::optional<EntitySummary> speaker_entity;  // resolved, when known
  uint32_t begin = 0, end = 0;            // bytes of the article's text
  // Every article reporting the same quote (the same words, whatever the punctuation), earliest
  // first, this one included; empty for quotes under four words. reports[0] is the first report.
  std::vector<Article> reports;  // without text
};

// Articles over time: of a search, an entity or a story, counted by day, ISO week or month.
struct TimelineOptions {
  std::string query;   // a search query (the query language of Search), or
  std::string entity;  // an entity's name, alias or number, or
  int64_t story = -1;  // a story's number (>= 0); exactly one of the three
  std::string by = "day";  // "day" (YYYY-MM-DD), "week" (YYYY-Www, ISO) or "month" (YYYY-MM)
  std::string from, to;    // inclusive YYYY[-MM[-DD]]; empty = open
};
struct Timeline {
  // Every period from the first to the last dated article, empty periods included (for plots).
  std::vector<std::pair<std::string, uint64_t>> periods;
  uint64_t articles = 0;  // counted, undated included
  uint64_t undated = 0;   // articles without a known date (in no period)
};

// Facets of a search: what its matches (every match, copies included, within the search's
// filters) are made of.
struct FacetOptions {
  std::string by = "month";  // dates by "day" (YYYY-MM-DD) or "month" (YYYY-MM)
  size_t max_values = 20;    // sources and languages: the most frequent (0 = all)
};
struct SearchFacets {
  uint64_t matches = 0;
  // Most matches first (ties by name); "" is an article without a source or language.
  std::vector<std::pair<std::string, uint64_t>> sources, languages;
  std::vector<std::pair<std::string, uint64_t>> dates;  // ascending; periods with matches only
  uint64_t undated = 0;  // matches without a known date (in no period)
};

struct ArticleEntityInfo {
  EntitySummary entity;
  uint32_t mentions = 0;  // in this article
};

struct CheckReport {
  uint64_t articles_checked = 0;
  uint64_t segments_checked = 0;
  uint64_t bytes_checked = 0;
  std::vector<std::string> damage;  // each names the file, row or article and what is wrong
  std::vector<std::string> notes;   // harmless findings (e.g. leftover temporary files)
  bool ok() const { return damage.empty(); }
};

// What Engine::CompactIndex did.
struct CompactSummary {
  uint64_t files_before = 0, files_after = 0;  // postings files
  uint64_t bytes_before = 0, bytes_after = 0;
  uint64_t articles_indexed = 0;  // of batches without postings, indexed first
  // Texts of deleted articles removed from the segment files, and the segment files rewritten.
  uint64_t texts_purged = 0, segments_rewritten = 0;
  double seconds = 0;
};

struct DeleteSummary {
  uint64_t deleted = 0;           // articles removed
  uint64_t groups_regrouped = 0;  // near-duplicate groups that lost a member
  uint64_t stories_updated = 0;   // stories that lost an article (and still hold others)
  double seconds = 0;
};

class Engine {
 public:
  // Opens (or creates) the store in options.data_dir. Writers take the store's lock and remove
  // files left by a batch that never committed.
  static Result<std::unique_ptr<Engine>> Open(const Options& options);
  virtual ~Engine() = default;

  // Ingests files and directories (recursively; "-" is standard input). Bad records and files are
  // reported to the observer and the summary and skipped; everything else is ingested. Returns a
  // non-OK Status only when the store itself fails (I/O error, full disk); batches committed
  // before the failure stay.
  virtual Result<IngestSummary> Ingest(const std::vector<std::string>& paths,
                                       const IngestOptions& options, IngestObserver* observer) = 0;

  // Runs the analysis that ingests with IngestOptions::defer_analysis left for later: groups
  // near-duplicates, recognises entities and quotes (each batch in its own transaction, in doc
  // order, as one full ingest would) and places every article without a story. Uses
  // options.duplicate_threshold / duplicate_min_shingles; nothing else of `options`. Writers
  // only. Stopped at any point (a crash, a failed write), it leaves a consistent store: what
  // committed stays, and the next Analyze or Ingest continues from there.
  virtual Result<AnalyzeSummary> Analyze(const IngestOptions& options,
                                         IngestObserver* observer) = 0;

  // Articles in commit order, without text (Article::text empty).
  virtual Result<std::vector<Article>> ListArticles(const ArticleListOptions& options) = 0;
  // The article with the given id or unique id prefix (at least 4 hex digits), with its text.
  virtual Result<Article> GetArticle(std::string_view id_or_prefix) = 0;
  virtual Result<StoreStats> Stats() = 0;

  // Ranked search. InvalidArgument (with the position and what to do) for a malformed query.
  virtual Result<SearchResults> Search(const SearchOptions& options) = 0;

  // Near-duplicate groups, largest first (then by group id).
  virtual Result<std::vector<DuplicateGroup>> ListDuplicates(const DuplicateListOptions& options) = 0;
  // The group of the article with the given id or unique id prefix (itself alone if it has no
  // copies).
  virtual Result<DuplicateGroup> GetDuplicates(std::string_view id_or_prefix) = 0;
  // Entities by mentions. InvalidArgument for an unknown type.
  virtual Result<std::vector<EntitySummary>> ListEntities(const EntityListOptions& options) = 0;
  // An entity by name (any alias, case-insensitive; the most mentioned when several share it) or
  // by number, with up to `articles` articles and `cooccurring` co-occurring entities.
  virtual Result<EntityProfile> GetEntity(std::string_view name_or_id, uint64_t articles = 20,
                                          uint64_t cooccurring = 20) = 0;
  virtual Result<EntityGraph> GetEntityGraph(const EntityGraphOptions& options) = 0;
  // The entities of the article with the given id or unique id prefix.
  virtual Result<std::vector<ArticleEntityInfo>> GetArticleEntities(
      std::string_view id_or_prefix) = 0;

  // Stories overlapping the date range, newest first (by last date).
  virtual Result<std::vector<StorySummary>> ListStories(const StoryListOptions& options) = 0;
  // One story (a merged story's number finds the story it went into). NotFound otherwise.
  virtual Result<StoryDetail> GetStory(uint32_t id) = 0;
  // Storylines of at least min_stories stories, the longest first.
  virtual Result<std::vector<Storyline>> ListStorylines(const StorylineListOptions& options) = 0;
  // The storyline holding story `id` (a storyline's id is its smallest story id).
  virtual Result<Storyline> GetStoryline(uint32_t id) = 0;

  // Quotes, newest first. NotFound for an unknown speaker; InvalidArgument for a bad date or
  // query.
  virtual Result<std::vector<QuoteInfo>> ListQuotes(const QuoteListOptions& options) = 0;

  // Counts of articles over time. InvalidArgument unless exactly one of query, entity and story
  // is given, or for an unknown `by`.
  virtual Result<Timeline> GetTimeline(const TimelineOptions& options) = 0;
  // Sources, languages and dates of every match of `search` (its query and filters; its limit,
  // offset and snippet settings are ignored). InvalidArgument for a bad query or `by`.
  virtual Result<SearchFacets> GetSearchFacets(const SearchOptions& search,
                                               const FacetOptions& facets) = 0;

  // Verifies every file of the store: SQLite integrity, every row checksum, every segment block
  // and file checksum, every article's text checksum.
  virtual Result<CheckReport> Check() = 0;

  // Merges the search index into as few postings files as it can: one for all the batches
  // (after indexing any batch that has none), whatever IndexMergeOptions::max_file_bytes says;
  // the words of deleted articles leave it. Then rewrites the segment files that still hold
  // texts of deleted articles, without them.
  // Writers only. Searches by other Engines meanwhile keep their files and see the merged
  // index once it is committed; a crash leaves the old files or the new one in use.
  // `progress` (may be null) gets (bytes merged, bytes planned) after each merged file.
  virtual Result<CompactSummary> CompactIndex(
      const std::function<void(uint64_t, uint64_t)>& progress) = 0;

  // Removes articles (full ids or unique prefixes), all or none, in one transaction: they leave
  // listings, search, facets and timelines, their entity mentions and quotes leave the counts,
  // the near-duplicate groups they were in are regrouped from the links that remain, and their
  // stories lose them (span and title recomputed; a story's learned centroid keeps their words).
  // Their DocIds stay taken; their words leave the postings files when those next merge, and
  // their texts the segment files at the next `CompactIndex`. Re-ingesting a deleted article
  // adds it again. Writers only. NotFound / InvalidArgument (ambiguous prefix) name the id.
  virtual Result<DeleteSummary> DeleteArticles(const std::vector<std::string>& ids_or_prefixes) = 0;
};

}  // namespace storyline

#endif  // STORYLINE_ENGINE_H_
