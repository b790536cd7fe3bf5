// Catalog: the SQLite database (catalog.db, WAL mode) that records what a store holds: committed
// batches, segment files, and one row per article (metadata, where its text lives, checksums).
// Users may open it with sqlite3; the schema is in docs/formats/catalog.md.
//
// A batch becomes visible in one transaction (CommitBatch) after its segment file is durable, so a
// crash leaves either the whole batch or none of it.
//
// Thread-compatible: one thread at a time per Catalog. Any number of read-only Catalogs (in any
// process) may be open beside one writer; they never block it (WAL).
#ifndef STORYLINE_CATALOG_CATALOG_H_
#define STORYLINE_CATALOG_CATALOG_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "storyline/article.h"
#include "storyline/engine.h"
#include "storyline/ids.h"
#include "storyline/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace storyline {

struct SegmentRecord {
  SegmentId id;
  std::string file_name;  // relative to the store's segments/ directory
  uint64_t size_bytes = 0;
  uint64_t checksum = 0;  // the segment's footer checksum
  uint32_t doc_count = 0;
};

// A postings file (an inverted index, docs/formats/postings.md): a batch's own, or merged from
// the files of consecutive batches (segments `segment` to `last_segment`, their DocIds
// contiguous; the file's document 0 is the first batch's first DocId).
struct PostingsRecord {
  SegmentId segment;       // the (first) batch's segment
  SegmentId last_segment;  // the last batch's segment (== segment: one batch)
  std::string file_name;   // relative to segments/
  uint64_t size_bytes = 0;
  uint64_t checksum = 0;  // the file's meta checksum
  uint32_t doc_count = 0;
  uint64_t term_count = 0;
  // (version 7) Deleted articles of its range whose words it was written without (a merge
  // drops them): when fewer than the deleted articles in its range, it holds some still.
  uint32_t dropped_deleted = 0;
};

// An article as the catalog stores it: the Article without text, plus where the text lives.
struct ArticleRow {
  Article article;  // text is empty in rows read back from the catalog
  SegmentId segment;
  uint32_t ordinal = 0;  // position in the segment
  uint64_t text_bytes = 0;
  uint64_t text_checksum = 0;  // Checksum64 of the text
  BatchId batch;
};

// Near-duplicate state committed with a batch (docs/formats/catalog.md): the LSH band keys of the
// batch's articles, the copy links they made, and the current rows of every group that changed.
struct DupLinkRow {
  DocId doc, other;  // doc was added after other
  float doc_in_other = 0, other_in_doc = 0;  // containments
};
struct DupMemberRow {
  DocId doc;
  DocId group;           // the group's id: its smallest DocId
  uint32_t rank = 0;     // 0 = canonical, then in time order
  uint32_t group_size = 0;
  std::optional<DocId> derives_from;  // none for the canonical member
  double shared = 1;                  // fraction of this member's shingles in derives_from
};
struct DupBatchRows {
  std::string scheme;  // shingles, signature and LSH parameters that produced the keys
  DocId first_doc;
  uint32_t doc_count = 0;
  uint32_t bands = 0;
  std::vector<uint32_t> band_keys;  // doc_count x bands, in doc order
  std::vector<DupLinkRow> links;
  std::vector<DupMemberRow> members;  // replace the rows of these articles
  bool empty() const { return doc_count == 0 && links.empty() && members.empty(); }
};
// A batch's documents: dense doc ids [first_doc, first_doc + doc_count) at ordinals
// [first_ordinal, ...) of one segment.
struct BatchExtent {
  BatchId batch;
  SegmentId segment;
  std::string segment_file;
  DocId first_doc;
  uint32_t doc_count = 0;
  uint32_t first_ordinal = 0;
  bool has_dup_keys = false;
};
// What dedup needs of an article to order a group's members.
struct DupArticleInfo {
  DocId doc;
  PublishedDate published;
  uint64_t text_bytes = 0;
};
// One group of near-duplicates, as listed: its id and size.
struct DupGroupSize {
  DocId group;
  uint32_t size = 0;
};

// Entity state committed with a batch (docs/formats/catalog.md): entities first seen in it, and
// what its articles add to every entity's counts, aliases, article list and mentions.
struct EntityRow {
  EntityId id;
  std::string type;  // PER, ORG, LOC, MISC
  std::string name;
  std::string name_key;  // EntityNameKey(name): how articles are matched to it
};
struct EntityCountDelta {
  EntityId entity;
  uint64_t mentions = 0, articles = 0;
};
struct EntityAliasDelta {
  EntityId entity;
  std::string alias, alias_key;
  uint64_t mentions = 0;
};
struct ArticleEntityRow {
  DocId doc;
  EntityId entity;
  uint32_t mentions = 0;
};
struct MentionRow {
  DocId doc;
  uint8_t field = 1;  // 0 title, 1 text
  uint32_t begin = 0, end = 0;  // bytes of the field
  EntityId entity;
};
// A direct quotation in an article's text (src/quotes), with its speaker.
struct QuoteRow {
  DocId doc;
  uint32_t number = 0;             // its order in the article
  uint32_t begin = 0, end = 0;     // the quoted words (bytes of the text), first to last part
  std::string parts;               // "b-e b-e": each part between a pair of marks
  std::string kind;                // full, partial, scare, title
  std::string cue;                 // "said", "according to" ...; "" when none
  std::string speaker;             // as written ("Khan", "he", "A City Hall source"); "" if none
  std::string speaker_kind;        // name, pronoun, description, none
  std::optional<EntityId> speaker_entity;
  // Hash of the quote's words (lower case, letters and digits only): the same quote in other
  // articles has the same key. 0 for quotes under four words (too common to link).
  uint64_t text_key = 0;
  // Sampled word-trigram hashes (quotes/quote_links.h): near-identical quotes elsewhere share
  // one. Written to quote_anchors; not read back by ListQuotes.
  std::vector<uint64_t> anchors;
};
// An article that reports a quote.
struct QuoteReportRow {
  DocId doc;
  uint32_t number = 0;
};
struct EntityBatchRows {
  std::string model;  // the recogniser that produced them (its metadata's hash)
  std::vector<QuoteRow> quotes;
  std::vector<EntityRow> new_entities;
  std::vector<EntityCountDelta> counts;
  std::vector<EntityAliasDelta> aliases;
  std::vector<ArticleEntityRow> articles;
  std::vector<MentionRow> mentions;
};
// An entity as listed.
struct EntityListRow {
  EntityId id;
  std::string type, name;
  uint64_t mentions = 0, articles = 0;
};

// --- Stories (catalog_stories.cc) ---
// An article that has no story yet, with what the story stage orders and groups it by.
struct StoryInputRow {
  DocId doc;
  uint64_t article_id = 0;
  int year = 0, month = 0, day = 0;  // 0: unknown
  DocId group;                       // its near-duplicate group (itself when none)
};
// A story's row: its span (days since 1970-01-01, kNoDay when unknown), size, label and the
// clusterer's saved state (stories/story_clusterer.h).
inline constexpr int64_t kNoDay = INT64_MIN;
struct StoryRow {
  uint32_t story = 0;
  int64_t first_day = kNoDay, last_day = kNoDay;
  uint64_t articles = 0;
  uint32_t merged_into = UINT32_MAX;  // UINT32_MAX: a live story
  DocId title_doc;                    // the article whose title labels the story
  double title_score = -1;            // < 0: no article of the story has a title
  std::string terms;  // its key terms, space separated
  std::string state;
};
struct StoryLinkRow {
  uint32_t a = 0, b = 0;  // a < b
  double score = 0;
  std::vector<EntityId> shared;  // strongest first
};
// What one pass of the story stage changes, committed in one transaction.
struct StoryCommit {
  std::vector<std::pair<DocId, uint32_t>> assignments;  // new articles -> their story
  std::vector<std::pair<uint32_t, uint32_t>> merges;    // (from, into), in order
  std::vector<StoryRow> stories;                        // changed stories, whole rows
  std::string document_frequencies;                     // the clusterer's, whole
  std::vector<uint32_t> relinked;  // stories whose links are replaced by `links`
  std::vector<StoryLinkRow> links;
};
// A story as listed (live stories only).
struct StoryListRow {
  uint32_t story = 0;
  int64_t first_day = kNoDay, last_day = kNoDay;
  uint64_t articles = 0, sources = 0;
  std::string title;  // of its title article
  std::string terms;
};

// Removing articles (Catalog::DeleteArticles; catalog_deletes.cc).
struct DeleteRequest {
  std::vector<DocId> docs;
  std::vector<std::string> reasons;  // per doc: "deleted", or "replaced by <16 hex digits>"
  std::string deleted_at;  // ISO 8601 UTC
  // The articles' entity mentions by written form, to subtract from entity_aliases (the engine
  // reads them from the texts: Catalog::ArticleMentions gives the spans).
  std::vector<EntityAliasDelta> aliases;
};
// What removing the articles left to recompute, found by the catalog inside the transaction.
struct DeleteEffects {
  std::vector<DocId> regroup;  // remaining members of near-duplicate groups that lost one
  uint64_t groups = 0;         // those groups
  struct StoryEffect {
    uint32_t story = 0;
    bool title_lost = false;  // its title article was removed
  };
  std::vector<StoryEffect> stories;  // stories that lost an article (and still hold some)
};
// The recomputed rows, written in the same transaction.
struct DeleteFixups {
  std::vector<DupMemberRow> members;  // the regrouped articles' rows (groups of two or more)
  struct Story {
    uint32_t story = 0;
    int64_t first_day = kNoDay, last_day = kNoDay;  // of its remaining articles
    std::optional<DocId> title_doc;  // a new title article (none: kept, or none left if lost)
  };
  std::vector<Story> stories;
};
// A mention as stored, with its entity's type (to rebuild its written form from the text).
struct StoredMention {
  MentionRow mention;
  std::string type;
};

struct CatalogCounters {
  uint64_t next_doc = 0, next_segment = 1, next_batch = 1;
};

class Catalog {
 public:
  // Opens <path>. A writer (read_only=false) creates the schema when `create` and the file is new.
  static Result<std::unique_ptr<Catalog>> Open(const std::string& path, bool read_only,
                                               bool create);
  ~Catalog();

  // Reads between BeginSnapshot() and EndSnapshot() see one consistent state of the catalog, even
  // while a writer commits (a read transaction in WAL mode).
  Status BeginSnapshot();
  Status EndSnapshot();

  Result<CatalogCounters> Counters();
  // Whether the search index leaves English stop words out (meta 'index_stop_words' = 'en'):
  // chosen when the store is created, fixed after (the postings files must agree with the
  // queries). Read at Open.
  bool index_stop_words() const { return index_stop_words_; }
  // Records the choice; only for a store without segments yet (InvalidArgument otherwise).
  Status SetIndexStopWords(bool on);
  // Calls fn with every stored ArticleId (for the writer's "already present" set).
  Status ForEachArticleId(const std::function<void(ArticleId)>& fn);
  Result<std::vector<SegmentRecord>> Segments();

  // Records a batch, its segment, its rows and (when given) its near-duplicate state in one
  // transaction (rows' doc ids must be dense from Counters().next_doc).
  Status CommitBatch(BatchId batch, const SegmentRecord& segment,
                     const std::vector<ArticleRow>& rows, int64_t committed_at_micros,
                     const DupBatchRows* dups = nullptr, const PostingsRecord* postings = nullptr,
                     const EntityBatchRows* entities = nullptr);

  // --- Postings files ---
  Result<std::vector<PostingsRecord>> PostingsFiles();
  // Changes whenever a batch or a postings file is added, postings files are merged, or a
  // batch's near-duplicates are recorded (cheap: for caches of these).
  Result<std::string> IndexVersion();
  // A number that changes whenever the catalog's file changes, by this connection or any other
  // (SQLite's data version, read after starting a read transaction so that commits of other
  // processes count): a check of a few microseconds that lets caches skip IndexVersion() while
  // nothing was committed.
  Result<uint64_t> DataVersion();
  // Records the postings file of an already committed batch (a store written before the index).
  Status AddPostingsFile(const PostingsRecord& postings);
  // In one transaction: the rows of `replaced` (files given by their first segment) go and
  // `merged` (which covers them) comes in. InvalidArgument (nothing changed) when a row is
  // missing: another writer changed them.
  Status ReplacePostingsFiles(const std::vector<SegmentId>& replaced, const PostingsRecord& merged);

  // --- Near-duplicates (catalog_dups.cc) ---
  // Every batch with where its documents are, in doc order.
  Result<std::vector<BatchExtent>> BatchExtents();
  // Calls fn for every batch's band keys (checksums verified: Corruption names the batch), in
  // doc order. `keys` is valid during the call only.
  Status ForEachDupKeys(const std::function<Status(BatchId, DocId first_doc, uint32_t doc_count,
                                                   const std::string& scheme, uint32_t bands,
                                                   const std::vector<uint32_t>& keys)>& fn);
  Status ForEachDupArticleInfo(const std::function<void(const DupArticleInfo&)>& fn);
  Status ForEachDupLink(const std::function<Status(const DupLinkRow&)>& fn);
  // Every article in a group of two or more, with its group and the group's size.
  Status ForEachDupMember(const std::function<void(DocId doc, DocId group, uint32_t size)>& fn);
  // Records the near-duplicate state of an already committed batch (a store written before
  // near-duplicates existed), in one transaction.
  Status CommitDupBackfill(BatchId batch, const DupBatchRows& dups);
  // Groups of at least min_size (1 includes every singleton), largest first, then by id.
  Result<std::vector<DupGroupSize>> ListDupGroups(uint32_t min_size, uint64_t offset,
                                                  uint64_t limit);
  // The rows of a group's members, canonical first; a singleton's single row when `group` is an
  // article in no group.
  Result<std::vector<DupMemberRow>> DupGroupMembers(DocId group);
  // The group row of an article (a singleton row when it is in no group).
  Result<DupMemberRow> DupMemberOf(DocId doc);
  Result<ArticleRow> ArticleByDoc(DocId doc);
  // The articles `docs` counted by source, language and date (YYYY-MM-DD when by_day, else
  // YYYY-MM; articles without a known day or month in `undated`), in one pass of SQL.
  struct FieldCounts {
    std::map<std::string, uint64_t> sources, languages, dates;
    uint64_t articles = 0, undated = 0;
  };
  Result<FieldCounts> CountArticleFields(const std::vector<DocId>& docs, bool by_day);
  // What search filters look at (and the article's id), for every article in doc order.
  Status ForEachFilterFields(const std::function<void(DocId, ArticleId, int year, int month,
                                                      int day, std::string_view source,
                                                      std::string_view language)>& fn);
  // Counts: articles in groups of two or more, and such groups.
  Status DupCounts(uint64_t* grouped_articles, uint64_t* groups);

  // --- Entities (catalog_entities.cc) ---
  // Every entity (for the writer's resolver), in id order.
  Status ForEachEntity(const std::function<void(const EntityListRow&, const std::string& key)>& fn);
  // Batches whose articles have been through entity recognition.
  Result<std::vector<BatchId>> EntityBatches();
  // Records the entity rows of an already committed batch (a store written before entities), in
  // one transaction.
  Status CommitEntityBackfill(BatchId batch, const EntityBatchRows& rows);
  // Entities by mentions (then id). `type` empty = all; dates (YYYY-MM-DD, inclusive, empty =
  // open) count only articles published in the range.
  Result<std::vector<EntityListRow>> ListEntities(const std::string& type, const std::string& from,
                                                  const std::string& to, uint64_t offset,
                                                  uint64_t limit);
  // Entities whose name or one of whose aliases has this key, most mentioned first.
  Result<std::vector<EntityListRow>> FindEntities(const std::string& key);
  Result<EntityListRow> EntityById(EntityId id);
  Result<std::vector<std::pair<std::string, uint64_t>>> EntityAliases(EntityId id);
  // Mentions per month ("YYYY-MM", or "unknown" for undated articles), in order.
  Result<std::vector<std::pair<std::string, uint64_t>>> EntityMonths(EntityId id);
  // The entity's articles, newest first (undated last), at most `limit`.
  Result<std::vector<DocId>> EntityArticleDocs(EntityId id, uint64_t limit);
  // Entities sharing articles with `id`, by the number of shared articles.
  Result<std::vector<std::pair<EntityListRow, uint64_t>>> CoEntities(EntityId id, uint64_t limit);
  // Co-occurrence edges (a < b, shared articles >= min_weight) among `nodes`.
  Result<std::vector<std::tuple<EntityId, EntityId, uint64_t>>> EntityEdges(
      const std::vector<EntityId>& nodes, uint64_t min_weight);
  // The entities of one article with their mention counts, most mentioned first.
  Result<std::vector<std::pair<EntityListRow, uint32_t>>> ArticleEntities(DocId doc);
  // Quotes (catalog_entities.cc): by speaker entity (none = any), in articles among `docs`
  // (none = any) dated within [from, to] (YYYY-MM-DD, empty = open); full quotes only unless
  // `partial`; newest first.
  Result<std::vector<QuoteRow>> ListQuotes(std::optional<EntityId> speaker,
                                           const std::optional<std::vector<uint32_t>>& docs,
                                           const std::string& from, const std::string& to,
                                           bool partial, uint64_t offset, uint64_t limit);
  // The quotes with this text key, earliest article first (undated last).
  Result<std::vector<QuoteReportRow>> QuotesWithKey(uint64_t key);
  // The quotes holding any of `anchors` (at most `per_anchor` each), by doc and number, distinct:
  // candidates for near-identical quotes (quotes/quote_links.h), to be verified.
  Result<std::vector<QuoteReportRow>> QuotesWithAnchors(const std::vector<uint64_t>& anchors,
                                                        uint32_t per_anchor);
  // A quote's parts ("b-e b-e"); NotFound when there is no such quote.
  Result<std::string> QuoteParts(DocId doc, uint32_t number);
  // Quote anchors of a version 4 catalog, upgraded: true until CommitQuoteAnchors(..., true).
  Result<bool> QuoteAnchorsMissing();
  // Every quote's doc, number and parts, by doc.
  Status ForEachQuoteParts(
      const std::function<Status(DocId doc, uint32_t number, const std::string& parts)>& fn);
  // Writes the quotes' anchors in one transaction; `last` marks the anchors complete.
  Status CommitQuoteAnchors(const std::vector<QuoteRow>& quotes, bool last);
  // The doc ids of the articles that mention any of `entities`, ascending.
  Result<std::vector<uint32_t>> DocsWithEntities(const std::vector<EntityId>& entities);

  // --- Stories (catalog_stories.cc) ---
  // Articles without a story, in doc order.
  Result<std::vector<StoryInputRow>> ArticlesWithoutStory();
  // Articles whose analysis is not (all) stored: in a batch without near-duplicate keys or
  // without entity rows, or in no story (an ingest that deferred its analysis, one a crash
  // stopped before its story pass, or a catalog older than stories: all of its articles).
  Result<uint64_t> ArticlesAwaitingAnalysis();
  // The clusterer's saved state: its document frequencies ("" when none) and every story's
  // row, in story order (stories are numbered densely from 0).
  Status LoadStories(std::string* document_frequencies, std::vector<StoryRow>* stories);
  // One story's saved clusterer state (its row's `state`, checked). NotFound if not stored.
  Result<std::string> StoryState(uint32_t story);
  // The story of another member of `group` already placed, if any.
  Result<std::optional<uint32_t>> StoryOfGroup(DocId group);
  Status CommitStories(const StoryCommit& commit);
  // Live stories of at least min_size articles, newest first (by last day, then number). Days
  // inclusive (kNoDay = open); `entities`: stories with an article mentioning any of them.
  Result<std::vector<StoryListRow>> ListStories(int64_t from_day, int64_t to_day,
                                                const std::vector<EntityId>& entities,
                                                uint64_t min_size, uint64_t offset,
                                                uint64_t limit);
  // NotFound for an unknown story; a merged story resolves to the story it went into.
  Result<StoryListRow> StoryById(uint32_t story);
  // The story's articles by date (undated last), then doc.
  Result<std::vector<DocId>> StoryDocs(uint32_t story);
  // Entities of the story's articles by the number of its articles that mention them.
  Result<std::vector<std::pair<EntityListRow, uint64_t>>> StoryEntities(uint32_t story,
                                                                       uint64_t limit);
  // Every story link (between live stories).
  Result<std::vector<StoryLinkRow>> StoryLinks();
  Result<std::optional<uint32_t>> StoryOfDoc(DocId doc);
  // The stories whose articles mention the entity, by those articles.
  Result<std::vector<std::pair<StoryListRow, uint64_t>>> EntityStories(EntityId id,
                                                                       uint64_t limit);
  uint64_t StoryCount();

  // Removes articles in one transaction: each row moves to deleted_articles (its DocId stays
  // taken: segments and postings files still hold it), and its entity, mention, quote, story
  // and near-duplicate rows go, with the counts they added. `fixup` runs inside the transaction
  // (reads through this catalog see the removal) to recompute what the removal changed; its
  // rows are written before the commit. NotFound when a doc is not a stored article.
  Status DeleteArticles(
      const DeleteRequest& request,
      const std::function<Status(const DeleteEffects&, DeleteFixups*)>& fixup);
  // Articles superseded by a newer version, for `ingest --replace`: for each identity (the URL,
  // else the source and the record's "id") of the articles from `first_new` on, every other
  // article with that identity, paired with the newest one (the highest DocId).
  Result<std::vector<std::pair<DocId, DocId>>> SupersededVersions(DocId first_new);
  // Segments holding texts of deleted articles not yet purged, each with every deleted
  // article's ordinal in it (purged or not), ascending.
  Result<std::vector<std::pair<SegmentRecord, std::vector<uint32_t>>>> SegmentsWithDeletedTexts();
  // Switches a segment to its rewritten file (same id and document count) and marks its deleted
  // articles' texts purged, in one transaction.
  Status ReplaceSegmentFile(const SegmentRecord& rewritten);
  // The DocIds of deleted articles, ascending (empty before version 7).
  Result<std::vector<uint32_t>> DeletedDocs();
  // The mentions of an article, in field and byte order.
  Result<std::vector<StoredMention>> ArticleMentions(DocId doc);

  Result<std::vector<ArticleRow>> ListArticles(uint64_t offset, uint64_t limit);
  // By full id or unique hex prefix (>= 4 digits). NotFound / InvalidArgument (ambiguous)
  // otherwise.
  Result<ArticleRow> FindArticle(std::string_view id_or_prefix);
  // Calls fn with every article row, ordered by segment and ordinal (sequential segment reads).
  Status ForEachArticle(const std::function<Status(const ArticleRow&)>& fn);
  Result<StoreStats> Stats();
  // PRAGMA integrity_check and every row's checksum; damage appended to *damage.
  Status CheckIntegrity(std::vector<std::string>* damage, uint64_t* rows_checked);

  // The checksum stored with each article row, over all its fields.
  static uint64_t RowChecksum(const ArticleRow& row);

 private:
  Catalog() = default;
  Status Exec(const char* sql);
  Status Prepare(const char* sql, sqlite3_stmt** stmt);
  Status Error(const std::string& what);
  Status InsertPostings(const PostingsRecord& postings);
  // Inside an open transaction: the dup_keys row, links and member rows.
  Status WriteDupRows(BatchId batch, const DupBatchRows& dups);
  Status WriteDupMembers(const std::vector<DupMemberRow>& members);
  Status RemoveArticleRows(DocId doc, const std::string& reason, const std::string& deleted_at,
                           std::set<uint64_t>* groups, std::set<uint32_t>* stories);
  // Inside an open transaction: a batch's entity rows.
  Status WriteEntityRows(BatchId batch, const EntityBatchRows& rows);
  // Damage found in the dup tables (key checksums, members of unknown articles).
  Status CheckDupIntegrity(std::vector<std::string>* damage);

  // InvalidArgument when the catalog predates the near-duplicate tables (a reader of version 1).
  Status RequireDupTables() const;
  // InvalidArgument when the catalog predates the story tables (a reader of version 1 to 3).
  Status RequireStoryTables() const;

  std::string path_;
  Status WriteQuoteAnchors(const std::vector<QuoteRow>& quotes);
  // (Re)fills the temporary table temp.`table`(`column` INTEGER PRIMARY KEY) with `ids`, for
  // queries that join a set of ids given by the caller.
  Status FillTempIds(const std::string& table, const std::string& column,
                     const std::vector<int64_t>& ids);
  int version_ = 0;
  bool index_stop_words_ = false;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* insert_article_ = nullptr;
  sqlite3_stmt* data_version_ = nullptr;  // "PRAGMA data_version", prepared once
};

}  // namespace storyline

#endif  // STORYLINE_CATALOG_CATALOG_H_
