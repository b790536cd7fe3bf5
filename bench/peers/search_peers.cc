#include "peers/search_peers.h"

#include <sqlite3.h>
#include <xapian.h>

#include <filesystem>

namespace storyline::peers {
namespace fs = std::filesystem;

uint64_t DiskBytes(const std::string& path) {
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) return fs::file_size(path, ec);
  uint64_t n = 0;
  for (auto& e : fs::recursive_directory_iterator(path, ec)) {
    if (e.is_regular_file(ec)) n += e.file_size(ec);
  }
  return n;
}

namespace {

class XapianPeer final : public SearchPeer {
 public:
  explicit XapianPeer(std::string dir) : dir_(std::move(dir)) {}
  std::string name() const override { return "xapian"; }

  Status Index(const std::vector<PeerDoc>& docs) override {
    try {
      Xapian::WritableDatabase db(dir_, Xapian::DB_CREATE_OR_OVERWRITE);
      Xapian::TermGenerator tg;
      tg.set_stemmer(Xapian::Stem("en"));
      tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
      for (const PeerDoc& d : docs) {
        Xapian::Document doc;
        tg.set_document(doc);
        tg.index_text(d.title);
        tg.increase_termpos();
        tg.index_text(d.text);
        doc.set_data(d.id);
        db.add_document(doc);
      }
      db.commit();
      db.close();
      db_ = std::make_unique<Xapian::Database>(dir_);
    } catch (const Xapian::Error& e) {
      return Internal("xapian: " + e.get_description());
    }
    return Status::Ok();
  }

  Status Compact() override {
    try {
      const std::string out = dir_ + ".compact";
      fs::remove_all(out);
      db_->compact(out);
      db_.reset();
      fs::remove_all(dir_);
      fs::rename(out, dir_);
      db_ = std::make_unique<Xapian::Database>(dir_);
    } catch (const Xapian::Error& e) {
      return Internal("xapian compact: " + e.get_description());
    }
    return Status::Ok();
  }

  Result<std::vector<std::string>> Search(const std::vector<std::string>& words,
                                          PeerQueryKind kind, size_t k) override {
    std::vector<std::string> out;
    try {
      Xapian::QueryParser qp;
      qp.set_stemmer(Xapian::Stem("en"));
      qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
      qp.set_database(*db_);
      qp.set_default_op(kind == PeerQueryKind::kAnd ? Xapian::Query::OP_AND
                                                    : Xapian::Query::OP_OR);
      std::string text;
      for (const auto& w : words) text += (text.empty() ? "" : " ") + w;
      if (kind == PeerQueryKind::kPhrase) text = "\"" + text + "\"";
      const Xapian::Query q = qp.parse_query(text, Xapian::QueryParser::FLAG_PHRASE);
      Xapian::Enquire enquire(*db_);
      enquire.set_query(q);
      const Xapian::MSet m = enquire.get_mset(0, static_cast<Xapian::doccount>(k));
      for (auto it = m.begin(); it != m.end(); ++it) out.push_back(it.get_document().get_data());
    } catch (const Xapian::Error& e) {
      return Internal("xapian: " + e.get_description());
    }
    return out;
  }

  uint64_t IndexBytes() const override { return DiskBytes(dir_); }

 private:
  std::string dir_;
  std::unique_ptr<Xapian::Database> db_;
};

class Fts5Peer final : public SearchPeer {
 public:
  explicit Fts5Peer(std::string dir) : path_(dir + ".db") { fs::remove(path_); }
  ~Fts5Peer() override {
    sqlite3_finalize(query_);
    if (db_) sqlite3_close(db_);
  }
  std::string name() const override { return "sqlite-fts5"; }

  Status Index(const std::vector<PeerDoc>& docs) override {
    if (sqlite3_open(path_.c_str(), &db_) != SQLITE_OK) return Error("open");
    if (sqlite3_exec(db_,
                     "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
                     "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body,"
                     " tokenize='porter unicode61'); BEGIN;",
                     nullptr, nullptr, nullptr) != SQLITE_OK) {
      return Error("create");
    }
    sqlite3_stmt* ins = nullptr;
    if (sqlite3_prepare_v2(db_, "INSERT INTO docs VALUES(?,?,?)", -1, &ins, nullptr) != SQLITE_OK) {
      return Error("prepare");
    }
    for (const PeerDoc& d : docs) {
      sqlite3_reset(ins);
      sqlite3_bind_text(ins, 1, d.id.data(), static_cast<int>(d.id.size()), SQLITE_STATIC);
      sqlite3_bind_text(ins, 2, d.title.data(), static_cast<int>(d.title.size()), SQLITE_STATIC);
      sqlite3_bind_text(ins, 3, d.text.data(), static_cast<int>(d.text.size()), SQLITE_STATIC);
      if (sqlite3_step(ins) != SQLITE_DONE) {
        sqlite3_finalize(ins);
        return Error("insert");
      }
    }
    sqlite3_finalize(ins);
    if (sqlite3_exec(db_, "COMMIT; INSERT INTO docs(docs) VALUES('optimize');", nullptr, nullptr,
                     nullptr) != SQLITE_OK) {
      return Error("commit");
    }
    if (sqlite3_prepare_v2(db_, "SELECT id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?",
                           -1, &query_, nullptr) != SQLITE_OK) {
      return Error("prepare query");
    }
    return Status::Ok();
  }

  Result<std::vector<std::string>> Search(const std::vector<std::string>& words,
                                          PeerQueryKind kind, size_t k) override {
    std::string match;
    if (kind == PeerQueryKind::kPhrase) {
      match = "\"";
      for (const auto& w : words) match += (match.size() > 1 ? " " : "") + w;
      match += "\"";
    } else {
      for (const auto& w : words) {
        if (!match.empty()) match += kind == PeerQueryKind::kAnd ? " AND " : " OR ";
        match += "\"" + w + "\"";
      }
    }
    sqlite3_reset(query_);
    sqlite3_bind_text(query_, 1, match.data(), static_cast<int>(match.size()), SQLITE_TRANSIENT);
    sqlite3_bind_int64(query_, 2, static_cast<int64_t>(k));
    std::vector<std::string> out;
    int rc;
    while ((rc = sqlite3_step(query_)) == SQLITE_ROW) {
      out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(query_, 0)));
    }
    if (rc != SQLITE_DONE) return Error("query " + match);
    return out;
  }

  uint64_t IndexBytes() const override { return DiskBytes(path_); }

 private:
  Status Error(const std::string& what) const {
    return Internal("sqlite-fts5 " + what + ": " + (db_ ? sqlite3_errmsg(db_) : "no database"));
  }
  std::string path_;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* query_ = nullptr;
};

}  // namespace

std::unique_ptr<SearchPeer> MakeXapianPeer(const std::string& dir) {
  return std::make_unique<XapianPeer>(dir);
}
std::unique_ptr<SearchPeer> MakeFts5Peer(const std::string& dir) {
  return std::make_unique<Fts5Peer>(dir);
}

}  // namespace storyline::peers
