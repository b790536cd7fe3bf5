// The catalog's story tables (docs/formats/catalog.md): each article's story, each story's span,
// label and saved clusterer state, the clusterer's document frequencies, and the links between
// stories that make storylines. The story stage (src/engine/story_stage) writes them in one
// transaction per pass.
#include <sqlite3.h>

#include <algorithm>

#include "catalog/catalog.h"
#include "catalog/sqlite_util.h"
#include "common/hash.h"

namespace storyline {

using sqlite_util::BindText;
using sqlite_util::ColumnText;
using sqlite_util::Stmt;

namespace {

void BindDay(sqlite3_stmt* st, int i, int64_t day) {
  if (day == kNoDay) {
    sqlite3_bind_null(st, i);
  } else {
    sqlite3_bind_int64(st, i, day);
  }
}

int64_t ColumnDay(sqlite3_stmt* st, int i) {
  return sqlite3_column_type(st, i) == SQLITE_NULL ? kNoDay : sqlite3_column_int64(st, i);
}

std::string JoinIds(const std::vector<EntityId>& ids, char separator = ' ') {
  std::string out;
  for (EntityId id : ids) {
    if (!out.empty()) out += separator;
    out += std::to_string(id.value());
  }
  return out;
}

std::vector<EntityId> SplitIds(const std::string& s) {
  std::vector<EntityId> out;
  size_t i = 0;
  while (i < s.size()) {
    size_t j = s.find(' ', i);
    if (j == std::string::npos) j = s.size();
    if (j > i) out.push_back(EntityId(std::strtoull(s.substr(i, j - i).c_str(), nullptr, 10)));
    i = j + 1;
  }
  return out;
}

// Columns of a listed story: s = stories; its title from the title article, its distinct
// sources from its articles.
constexpr const char* kStoryListColumns =
    "s.story_id, s.first_day, s.last_day, s.article_count,"
    " (SELECT COUNT(DISTINCT a.source) FROM article_stories x JOIN articles a"
    "   ON a.doc_id = x.doc_id WHERE x.story_id = s.story_id),"
    " COALESCE((SELECT title FROM articles WHERE doc_id = s.title_doc), ''), s.terms";

StoryListRow ReadStoryListRow(sqlite3_stmt* st, int c) {
  StoryListRow r;
  r.story = static_cast<uint32_t>(sqlite3_column_int64(st, c));
  r.first_day = ColumnDay(st, c + 1);
  r.last_day = ColumnDay(st, c + 2);
  r.articles = static_cast<uint64_t>(sqlite3_column_int64(st, c + 3));
  r.sources = static_cast<uint64_t>(sqlite3_column_int64(st, c + 4));
  r.title = ColumnText(st, c + 5);
  r.terms = ColumnText(st, c + 6);
  return r;
}

}  // namespace

Status Catalog::RequireStoryTables() const {
  if (version_ >= 4) return Status::Ok();
  return InvalidArgument("the store's catalog " + path_ +
                         " was written by an older storyline and has no stories yet; run "
                         "`storyline ingest` on it once (any input) to build them");
}

uint64_t Catalog::StoryCount() {
  if (version_ < 4) return 0;
  Stmt st;
  if (!Prepare("SELECT COUNT(*) FROM stories WHERE merged_into IS NULL", &st.s).ok() ||
      sqlite3_step(st.s) != SQLITE_ROW) {
    return 0;
  }
  return static_cast<uint64_t>(sqlite3_column_int64(st.s, 0));
}

Result<std::vector<StoryInputRow>> Catalog::ArticlesWithoutStory() {
  RETURN_IF_ERROR(RequireStoryTables());
  Stmt st;
  RETURN_IF_ERROR(Prepare(
      "SELECT a.doc_id, a.article_id, a.published_year, a.published_month, a.published_day,"
      " COALESCE(m.group_id, a.doc_id) FROM articles a"
      " LEFT JOIN dup_members m ON m.doc_id = a.doc_id"
      " WHERE NOT EXISTS (SELECT 1 FROM article_stories s WHERE s.doc_id = a.doc_id)"
      " ORDER BY a.doc_id",
      &st.s));
  std::vector<StoryInputRow> out;
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
    StoryInputRow r;
    r.doc = DocId(static_cast<uint32_t>(sqlite3_column_int64(st.s, 0)));
    r.article_id = static_cast<uint64_t>(sqlite3_column_int64(st.s, 1));
    r.year = sqlite3_column_int(st.s, 2);
    r.month = sqlite3_column_int(st.s, 3);
    r.day = sqlite3_column_int(st.s, 4);
    r.group = DocId(static_cast<uint32_t>(sqlite3_column_int64(st.s, 5)));
    out.push_back(r);
  }
  if (rc != SQLITE_DONE) return Error("cannot list the articles without a story");
  return out;
}

Result<uint64_t> Catalog::ArticlesAwaitingAnalysis() {
  Stmt st;
  RETURN_IF_ERROR(Prepare(
      version_ < 4
          ? "SELECT COUNT(*) FROM articles"
          : "SELECT COUNT(*) FROM articles a"
            " WHERE NOT EXISTS (SELECT 1 FROM article_stories s WHERE s.doc_id = a.doc_id)"
            " OR NOT EXISTS (SELECT 1 FROM dup_keys k WHERE k.batch_id = a.batch_id)"
            " OR NOT EXISTS (SELECT 1 FROM entity_batches e WHERE e.batch_id = a.batch_id)",
      &st.s));
  if (sqlite3_step(st.s) != SQLITE_ROW) return Error("cannot count the articles awaiting analysis");
  return static_cast<uint64_t>(sqlite3_column_int64(st.s, 0));
}

Status Catalog::LoadStories(std::string* document_frequencies, std::vector<StoryRow>* stories) {
  RETURN_IF_ERROR(RequireStoryTables());
  document_frequencies->clear();
  stories->clear();
  {
    Stmt st;
    RETURN_IF_ERROR(Prepare("SELECT value, checksum FROM story_state WHERE key = 'df'", &st.s));
    if (sqlite3_step(st.s) == SQLITE_ROW) {
      document_frequencies->assign(static_cast<const char*>(sqlite3_column_blob(st.s, 0)),
                                   static_cast<size_t>(sqlite3_column_bytes(st.s, 0)));
      if (Checksum64(*document_frequencies) !=
          static_cast<uint64_t>(sqlite3_column_int64(st.s, 1))) {
        return Corruption("catalog " + path_ +
                          ": the story document frequencies do not match their checksum; run "
                          "`storyline check`");
      }
    }
  }
  Stmt st;
  RETURN_IF_ERROR(Prepare(
      "SELECT story_id, first_day, last_day, article_count, merged_into, title_doc, title_score,"
      " terms, state, state_checksum FROM stories ORDER BY story_id",
      &st.s));
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
    StoryRow r;
    r.story = static_cast<uint32_t>(sqlite3_column_int64(st.s, 0));
    if (r.story != stories->size()) {
      return Corruption("catalog " + path_ + ": story " + std::to_string(stories->size()) +
                        " is missing (the stories are numbered densely); run `storyline check`");
    }
    r.first_day = ColumnDay(st.s, 1);
    r.last_day = ColumnDay(st.s, 2);
    r.articles = static_cast<uint64_t>(sqlite3_column_int64(st.s, 3));
    if (sqlite3_column_type(st.s, 4) != SQLITE_NULL) {
      r.merged_into = static_cast<uint32_t>(sqlite3_column_int64(st.s, 4));
    }
    r.title_score = sqlite3_column_double(st.s, 6);
    if (sqlite3_column_type(st.s, 5) != SQLITE_NULL) {
      r.title_doc = DocId(static_cast<uint32_t>(sqlite3_column_int64(st.s, 5)));
    } else {
      r.title_score = -1;
    }
    r.terms = ColumnText(st.s, 7);
    r.state.assign(static_cast<const char*>(sqlite3_column_blob(st.s, 8)),
                   static_cast<size_t>(sqlite3_column_bytes(st.s, 8)));
    if (Checksum64(r.state) != static_cast<uint64_t>(sqlite3_column_int64(st.s, 9))) {
      return Corruption("catalog " + path_ + ": the state of story " + std::to_string(r.story) +
                        " does not match its checksum; run `storyline check`");
    }
    stories->push_back(std::move(r));
  }
  if (rc != SQLITE_DONE) return Error("cannot read the stories");
  return Status::Ok();
}

Result<std::string> Catalog::StoryState(uint32_t story) {
  RETURN_IF_ERROR(RequireStoryTables());
  Stmt st;
  RETURN_IF_ERROR(Prepare("SELECT state, state_checksum FROM stories WHERE story_id = ?", &st.s));
  sqlite3_bind_int64(st.s, 1, story);
  const int rc = sqlite3_step(st.s);
  if (rc == SQLITE_DONE) return NotFound("story " + std::to_string(story) + " is not stored");
  if (rc != SQLITE_ROW) return Error("cannot read the state of a story");
  std::string state(static_cast<const char*>(sqlite3_column_blob(st.s, 0)),
                    static_cast<size_t>(sqlite3_column_bytes(st.s, 0)));
  if (Checksum64(state) != static_cast<uint64_t>(sqlite3_column_int64(st.s, 1))) {
    return Corruption("catalog " + path_ + ": the state of story " + std::to_string(story) +
                      " does not match its checksum; run `storyline check`");
  }
  return state;
}

Result<std::optional<uint32_t>> Catalog::StoryOfGroup(DocId group) {
  Stmt st;
  RETURN_IF_ERROR(Prepare(
      "SELECT s.story_id FROM dup_members m JOIN article_stories s ON s.doc_id = m.doc_id"
      " WHERE m.group_id = ? ORDER BY m.member_rank LIMIT 1",
      &st.s));
  sqlite3_bind_int64(st.s, 1, group.value());
  const int rc = sqlite3_step(st.s);
  if (rc == SQLITE_ROW) return std::optional<uint32_t>(sqlite3_column_int64(st.s, 0));
  if (rc != SQLITE_DONE) return Error("cannot read the story of a near-duplicate group");
  return std::optional<uint32_t>();
}

Status Catalog::CommitStories(const StoryCommit& c) {
  RETURN_IF_ERROR(RequireStoryTables());
  RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  Status s = [&]() -> Status {
    {
      Stmt st;
      RETURN_IF_ERROR(Prepare("INSERT INTO article_stories VALUES(?,?)", &st.s));
      for (const auto& [doc, story] : c.assignments) {
        sqlite3_reset(st.s);
        sqlite3_bind_int64(st.s, 1, doc.value());
        sqlite3_bind_int64(st.s, 2, story);
        if (sqlite3_step(st.s) != SQLITE_DONE) {
          return Error("cannot record the story of article " + std::to_string(doc.value()));
        }
      }
    }
    {
      Stmt st;
      RETURN_IF_ERROR(Prepare("UPDATE article_stories SET story_id = ? WHERE story_id = ?", &st.s));
      for (const auto& [from, into] : c.merges) {
        sqlite3_reset(st.s);
        sqlite3_bind_int64(st.s, 1, into);
        sqlite3_bind_int64(st.s, 2, from);
        if (sqlite3_step(st.s) != SQLITE_DONE) return Error("cannot merge story " + std::to_string(from));
      }
    }
    {
      Stmt st;
      RETURN_IF_ERROR(Prepare("INSERT OR REPLACE INTO stories VALUES(?,?,?,?,?,?,?,?,?,?)", &st.s));
      for (const StoryRow& r : c.stories) {
        sqlite3_reset(st.s);
        sqlite3_bind_int64(st.s, 1, r.story);
        BindDay(st.s, 2, r.first_day);
        BindDay(st.s, 3, r.last_day);
        sqlite3_bind_int64(st.s, 4, static_cast<int64_t>(r.articles));
        if (r.merged_into == UINT32_MAX) {
          sqlite3_bind_null(st.s, 5);
        } else {
          sqlite3_bind_int64(st.s, 5, r.merged_into);
        }
        if (r.title_score < 0) {
          sqlite3_bind_null(st.s, 6);
        } else {
          sqlite3_bind_int64(st.s, 6, r.title_doc.value());
        }
        sqlite3_bind_double(st.s, 7, r.title_score);
        BindText(st.s, 8, r.terms);
        sqlite3_bind_blob(st.s, 9, r.state.data(), static_cast<int>(r.state.size()), SQLITE_STATIC);
        sqlite3_bind_int64(st.s, 10, static_cast<int64_t>(Checksum64(r.state)));
        if (sqlite3_step(st.s) != SQLITE_DONE) return Error("cannot record story " + std::to_string(r.story));
      }
    }
    {
      Stmt st;
      RETURN_IF_ERROR(Prepare("INSERT OR REPLACE INTO story_state VALUES('df', ?, ?)", &st.s));
      sqlite3_bind_blob(st.s, 1, c.document_frequencies.data(),
                        static_cast<int>(c.document_frequencies.size()), SQLITE_STATIC);
      sqlite3_bind_int64(st.s, 2, static_cast<int64_t>(Checksum64(c.document_frequencies)));
      if (sqlite3_step(st.s) != SQLITE_DONE) return Error("cannot record the story state");
    }
    {
      Stmt del;
      RETURN_IF_ERROR(Prepare("DELETE FROM story_links WHERE story_a = ?1 OR story_b = ?1", &del.s));
      for (uint32_t story : c.relinked) {
        sqlite3_reset(del.s);
        sqlite3_bind_int64(del.s, 1, story);
        if (sqlite3_step(del.s) != SQLITE_DONE) return Error("cannot replace story links");
      }
      Stmt st;
      RETURN_IF_ERROR(Prepare("INSERT OR REPLACE INTO story_links VALUES(?,?,?,?)", &st.s));
      for (const StoryLinkRow& l : c.links) {
        const std::string shared = JoinIds(l.shared);
        sqlite3_reset(st.s);
        sqlite3_bind_int64(st.s, 1, std::min(l.a, l.b));
        sqlite3_bind_int64(st.s, 2, std::max(l.a, l.b));
        sqlite3_bind_double(st.s, 3, l.score);
        BindText(st.s, 4, shared);
        if (sqlite3_step(st.s) != SQLITE_DONE) return Error("cannot record a story link");
      }
    }
    return Exec("COMMIT");
  }();
  if (!s.ok()) (void)Exec("ROLLBACK");
  return s;
}

Result<std::vector<StoryListRow>> Catalog::ListStories(int64_t from_day, int64_t to_day,
                                                       const std::vector<EntityId>& entities,
                                                       uint64_t min_size, uint64_t offset,
                                                       uint64_t limit) {
  RETURN_IF_ERROR(RequireStoryTables());
  std::string sql = std::string("SELECT ") + kStoryListColumns +
                    " FROM stories s WHERE s.merged_into IS NULL AND s.article_count >= ?1"
                    " AND (?2 IS NULL OR s.last_day >= ?2) AND (?3 IS NULL OR s.first_day <= ?3)";
  if (!entities.empty()) {
    sql += " AND s.story_id IN (SELECT x.story_id FROM article_entities ae JOIN article_stories x"
           " ON x.doc_id = ae.doc_id WHERE ae.entity_id IN (" +
           JoinIds(entities, ',') + "))";
  }
  sql += " ORDER BY s.last_day IS NULL, s.last_day DESC, s.article_count DESC, s.story_id"
         " LIMIT ?4 OFFSET ?5";
  Stmt st;
  RETURN_IF_ERROR(Prepare(sql.c_str(), &st.s));
  sqlite3_bind_int64(st.s, 1, static_cast<int64_t>(min_size));
  BindDay(st.s, 2, from_day);
  BindDay(st.s, 3, to_day);
  sqlite3_bind_int64(st.s, 4, limit == 0 ? -1 : static_cast<int64_t>(limit));
  sqlite3_bind_int64(st.s, 5, static_cast<int64_t>(offset));
  std::vector<StoryListRow> out;
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) out.push_back(ReadStoryListRow(st.s, 0));
  if (rc != SQLITE_DONE) return Error("cannot list stories");
  return out;
}

Result<StoryListRow> Catalog::StoryById(uint32_t story) {
  RETURN_IF_ERROR(RequireStoryTables());
  // Follows merges (each row names the story it went into).
  for (int hops = 0; hops < 64; ++hops) {
    Stmt st;
    RETURN_IF_ERROR(Prepare((std::string("SELECT ") + kStoryListColumns +
                             ", s.merged_into FROM stories s WHERE s.story_id = ?")
                                .c_str(),
                            &st.s));
    sqlite3_bind_int64(st.s, 1, story);
    const int rc = sqlite3_step(st.s);
    if (rc == SQLITE_DONE) {
      return NotFound("no story " + std::to_string(story) +
                      " in this store; `storyline stories` lists them");
    }
    if (rc != SQLITE_ROW) return Error("cannot read story " + std::to_string(story));
    if (sqlite3_column_type(st.s, 7) == SQLITE_NULL) return ReadStoryListRow(st.s, 0);
    story = static_cast<uint32_t>(sqlite3_column_int64(st.s, 7));
  }
  return Corruption("catalog " + path_ + ": story merges form a cycle; run `storyline check`");
}

Result<std::vector<DocId>> Catalog::StoryDocs(uint32_t story) {
  RETURN_IF_ERROR(RequireStoryTables());
  Stmt st;
  RETURN_IF_ERROR(Prepare(
      "SELECT a.doc_id FROM article_stories x JOIN articles a ON a.doc_id = x.doc_id"
      " WHERE x.story_id = ? ORDER BY a.published_year = 0, a.published, a.doc_id",
      &st.s));
  sqlite3_bind_int64(st.s, 1, story);
  std::vector<DocId> out;
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
    out.push_back(DocId(static_cast<uint32_t>(sqlite3_column_int64(st.s, 0))));
  }
  if (rc != SQLITE_DONE) return Error("cannot read the articles of story " + std::to_string(story));
  return out;
}

Result<std::vector<std::pair<EntityListRow, uint64_t>>> Catalog::StoryEntities(uint32_t story,
                                                                               uint64_t limit) {
  RETURN_IF_ERROR(RequireStoryTables());
  Stmt st;
  RETURN_IF_ERROR(Prepare(
      "SELECT e.entity_id, e.type, e.name, e.mention_count, e.article_count,"
      " COUNT(DISTINCT m.doc_id) AS n FROM article_stories x JOIN mentions m ON m.doc_id = x.doc_id"
      " JOIN entities e ON e.entity_id = m.entity_id WHERE x.story_id = ?"
      " GROUP BY e.entity_id ORDER BY n DESC, COUNT(*) DESC, e.entity_id LIMIT ?",
      &st.s));
  sqlite3_bind_int64(st.s, 1, story);
  sqlite3_bind_int64(st.s, 2, limit == 0 ? -1 : static_cast<int64_t>(limit));
  std::vector<std::pair<EntityListRow, uint64_t>> out;
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
    EntityListRow e;
    e.id = EntityId(static_cast<uint64_t>(sqlite3_column_int64(st.s, 0)));
    e.type = ColumnText(st.s, 1);
    e.name = ColumnText(st.s, 2);
    e.mentions = static_cast<uint64_t>(sqlite3_column_int64(st.s, 3));
    e.articles = static_cast<uint64_t>(sqlite3_column_int64(st.s, 4));
    out.emplace_back(std::move(e), static_cast<uint64_t>(sqlite3_column_int64(st.s, 5)));
  }
  if (rc != SQLITE_DONE) return Error("cannot read the entities of story " + std::to_string(story));
  return out;
}

Result<std::vector<StoryLinkRow>> Catalog::StoryLinks() {
  RETURN_IF_ERROR(RequireStoryTables());
  Stmt st;
  RETURN_IF_ERROR(Prepare(
      "SELECT l.story_a, l.story_b, l.score, l.shared_entities FROM story_links l"
      " JOIN stories a ON a.story_id = l.story_a JOIN stories b ON b.story_id = l.story_b"
      " WHERE a.merged_into IS NULL AND b.merged_into IS NULL ORDER BY l.story_a, l.story_b",
      &st.s));
  std::vector<StoryLinkRow> out;
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
    StoryLinkRow l;
    l.a = static_cast<uint32_t>(sqlite3_column_int64(st.s, 0));
    l.b = static_cast<uint32_t>(sqlite3_column_int64(st.s, 1));
    l.score = sqlite3_column_double(st.s, 2);
    l.shared = SplitIds(ColumnText(st.s, 3));
    out.push_back(std::move(l));
  }
  if (rc != SQLITE_DONE) return Error("cannot read the story links");
  return out;
}

Result<std::optional<uint32_t>> Catalog::StoryOfDoc(DocId doc) {
  if (version_ < 4) return std::optional<uint32_t>();
  Stmt st;
  RETURN_IF_ERROR(Prepare("SELECT story_id FROM article_stories WHERE doc_id = ?", &st.s));
  sqlite3_bind_int64(st.s, 1, doc.value());
  const int rc = sqlite3_step(st.s);
  if (rc == SQLITE_ROW) return std::optional<uint32_t>(sqlite3_column_int64(st.s, 0));
  if (rc != SQLITE_DONE) return Error("cannot read the story of an article");
  return std::optional<uint32_t>();
}

Result<std::vector<std::pair<StoryListRow, uint64_t>>> Catalog::EntityStories(EntityId id,
                                                                              uint64_t limit) {
  std::vector<std::pair<StoryListRow, uint64_t>> out;
  if (version_ < 4) return out;
  Stmt st;
  RETURN_IF_ERROR(Prepare(
      (std::string("SELECT ") + kStoryListColumns +
       ", n FROM (SELECT x.story_id AS sid, COUNT(*) AS n FROM article_entities ae"
       " JOIN article_stories x ON x.doc_id = ae.doc_id WHERE ae.entity_id = ?"
       " GROUP BY x.story_id) JOIN stories s ON s.story_id = sid"
       " ORDER BY n DESC, s.last_day DESC, s.story_id LIMIT ?")
          .c_str(),
      &st.s));
  sqlite3_bind_int64(st.s, 1, static_cast<int64_t>(id.value()));
  sqlite3_bind_int64(st.s, 2, limit == 0 ? -1 : static_cast<int64_t>(limit));
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
    out.emplace_back(ReadStoryListRow(st.s, 0), static_cast<uint64_t>(sqlite3_column_int64(st.s, 7)));
  }
  if (rc != SQLITE_DONE) return Error("cannot read the stories of an entity");
  return out;
}

}  // namespace storyline
