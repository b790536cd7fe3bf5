#include "engine/search_index.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "analysis/index_terms.h"
#include "entities/entity_recognizer.h"
#include "search/query.h"
#include "search/searcher.h"
#include "search/snippet.h"

namespace storyline {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// A source filter (lower-cased) takes a source (lower-cased) named exactly so, or whose words
// hold the filter's words in a row: "guardian" takes "The Guardian", "press tv" takes "Press TV
// International", "tv press" does not.
bool SourceMatches(const std::string& name, const std::string& want) {
  if (name == want) return true;
  const auto words = WordRuns(name), wanted = WordRuns(want);
  if (wanted.empty() || wanted.size() > words.size()) return false;
  for (size_t i = 0; i + wanted.size() <= words.size(); ++i) {
    if (std::equal(wanted.begin(), wanted.end(), words.begin() + i)) return true;
  }
  return false;
}

uint32_t DayNumber(const std::string& iso) {  // "2016-05-07" -> 20160507
  return static_cast<uint32_t>(std::stoi(iso.substr(0, 4)) * 10000 +
                               std::stoi(iso.substr(5, 2)) * 100 + std::stoi(iso.substr(8, 2)));
}

}  // namespace

SearchIndex::SearchIndex(Env* env, const StoreLayout& layout, Catalog* catalog)
    : env_(env), layout_(layout), catalog_(catalog) {
  // Queries are analysed as the store's documents were (stop words left out or not).
  analyzer_.set_drop_stop_words(catalog->index_stop_words());
}

Status SearchIndex::Refresh() {
  // Nothing committed since the last check: the catalog's file is unchanged (the cheap test;
  // IndexVersion runs two aggregate queries).
  ASSIGN_OR_RETURN(const uint64_t data_version, catalog_->DataVersion());
  if (checked_ && data_version == data_version_) return Status::Ok();
  // A writer's merge removes its input files right after its commit, so a file the catalog
  // listed may be gone by the time it is opened: the catalog then lists the merged file, and is
  // read again.
  for (int attempt = 0;; ++attempt) {
    std::string version;
    Status s = Reload(&version);
    if (s.ok() || attempt == 3 || version.empty()) return s;
    auto now = catalog_->IndexVersion();
    if (!now.ok() || *now == version) return s;  // not a race with a merge
  }
}

Status SearchIndex::Reload(std::string* version) {
  RETURN_IF_ERROR(catalog_->BeginSnapshot());  // files and extents of one commit
  struct Listing {
    std::vector<PostingsRecord> files;
    std::vector<BatchExtent> extents;
    std::vector<uint32_t> deleted;
  };
  auto read = [&]() -> Result<Listing> {
    ASSIGN_OR_RETURN(*version, catalog_->IndexVersion());
    Listing l;
    if (*version == version_) return l;
    ASSIGN_OR_RETURN(l.files, catalog_->PostingsFiles());
    ASSIGN_OR_RETURN(l.extents, catalog_->BatchExtents());
    ASSIGN_OR_RETURN(l.deleted, catalog_->DeletedDocs());
    return l;
  }();
  ASSIGN_OR_RETURN(const uint64_t data_version, catalog_->DataVersion());
  Status end = catalog_->EndSnapshot();
  if (!read.ok()) return read.status();
  RETURN_IF_ERROR(end);
  if (*version == version_) {
    data_version_ = data_version;
    checked_ = true;
    return Status::Ok();
  }
  const std::vector<PostingsRecord>& files = read->files;
  const std::vector<BatchExtent>& extents = read->extents;
  std::unordered_map<uint32_t, uint32_t> first_doc;
  uint64_t all_docs = 0;
  for (const BatchExtent& e : extents) {
    first_doc[e.segment.value()] = e.first_doc.value();
    all_docs += e.doc_count;
  }
  // Files still listed keep their readers; merged files replace their inputs' (a Searcher of
  // this thread holds none across calls). Nothing changes unless every new file opens.
  std::map<uint32_t, Open> opened;
  for (const PostingsRecord& p : files) {
    const auto it = open_.find(p.segment.value());
    if (it != open_.end() && it->second.file_name == p.file_name) continue;
    const auto fd = first_doc.find(p.segment.value());
    if (fd == first_doc.end()) {
      return Corruption("postings file " + p.file_name +
                        " belongs to no batch; run `storyline check`");
    }
    ASSIGN_OR_RETURN(auto reader, PostingsReader::Open(env_, layout_.segment(p.file_name)));
    if (reader->doc_count() != p.doc_count || reader->checksum() != p.checksum) {
      return Corruption("postings file " + p.file_name +
                        " differs from its catalog record; run `storyline check`");
    }
    Open file;
    file.reader = std::move(reader);
    file.first_doc = fd->second;
    file.file_name = p.file_name;
    opened.emplace(p.segment.value(), std::move(file));
  }
  std::map<uint32_t, Open> fresh;
  uint64_t indexed_docs = 0;
  for (const PostingsRecord& p : files) {
    const auto o = opened.find(p.segment.value());
    auto& source = o != opened.end() ? o->second : open_.find(p.segment.value())->second;
    const auto it = fresh.emplace(p.segment.value(), std::move(source)).first;
    Open& file = it->second;
    indexed_docs += file.reader->doc_count();
    // The file's deleted documents.
    const std::vector<uint32_t>& deleted = read->deleted;
    file.deleted.clear();
    file.deleted_count = 0;
    for (uint64_t& l : file.deleted_length) l = 0;
    for (auto d = std::lower_bound(deleted.begin(), deleted.end(), file.first_doc);
         d != deleted.end() && *d < uint64_t{file.first_doc} + file.reader->doc_count(); ++d) {
      const uint32_t local = *d - file.first_doc;
      if (file.deleted.empty()) file.deleted.assign(file.reader->doc_count(), false);
      file.deleted[local] = true;
      ++file.deleted_count;
      for (uint32_t f = 0; f < kIndexFields; ++f) file.deleted_length[f] += file.reader->FieldLength(f, local);
    }
  }
  open_ = std::move(fresh);
  all_docs_ = all_docs;
  indexed_docs_ = indexed_docs;
  version_ = *version;
  data_version_ = data_version;
  checked_ = true;
  groups_loaded_ = false;  // a batch may have changed groups
  return Status::Ok();
}

Status SearchIndex::LoadGroups() {
  if (groups_loaded_) return Status::Ok();
  groups_.clear();
  RETURN_IF_ERROR(catalog_->ForEachDupMember([&](DocId doc, DocId group, uint32_t size) {
    groups_[doc.value()] = {group.value(), size};
  }));
  groups_loaded_ = true;
  return Status::Ok();
}

Status SearchIndex::LoadFilterFields() {
  if (dates_.size() == all_docs_ && all_docs_ > 0) return Status::Ok();
  dates_.clear();
  source_ids_.clear();
  language_ids_.clear();
  ids_.clear();
  sources_.clear();
  languages_.clear();
  std::unordered_map<std::string, uint32_t> source_id, language_id;
  RETURN_IF_ERROR(catalog_->ForEachFilterFields([&](DocId doc, ArticleId id, int y, int m, int d,
                                                    std::string_view source,
                                                    std::string_view language) {
    if (doc.value() >= dates_.size()) {
      dates_.resize(doc.value() + 1, 0);
      source_ids_.resize(doc.value() + 1, 0);
      language_ids_.resize(doc.value() + 1, 0);
      ids_.resize(doc.value() + 1);
    }
    ids_[doc.value()] = id;
    dates_[doc.value()] =
        y == 0 ? 0 : static_cast<uint32_t>(y * 10000 + std::max(m, 1) * 100 + std::max(d, 1));
    auto [s, s_new] = source_id.try_emplace(Lower(source), static_cast<uint32_t>(sources_.size()));
    if (s_new) sources_.push_back(s->first);
    source_ids_[doc.value()] = s->second;
    auto [l, l_new] =
        language_id.try_emplace(std::string(language), static_cast<uint32_t>(languages_.size()));
    if (l_new) languages_.push_back(l->first);
    language_ids_[doc.value()] = l->second;
  }));
  if (dates_.size() < all_docs_) {  // the last articles were deleted: no fields, never matched
    dates_.resize(all_docs_, 0);
    source_ids_.resize(all_docs_, 0);
    language_ids_.resize(all_docs_, 0);
    ids_.resize(all_docs_);
  }
  return Status::Ok();
}

Result<SearchResults> SearchIndex::Search(const SearchOptions& options,
                                          const std::function<Result<Article>(DocId)>& fetch) {
  const auto start = std::chrono::steady_clock::now();
  ASSIGN_OR_RETURN(Query query, ParseQuery(options.query));
  // Filters from the options join those in the query.
  if (!options.from.empty() || !options.to.empty()) {
    DateRange range;
    if (!options.from.empty()) {
      ASSIGN_OR_RETURN(range.from, DateBound(options.from, false));
    }
    if (!options.to.empty()) {
      ASSIGN_OR_RETURN(range.to, DateBound(options.to, true));
    }
    if (query.date) Narrow(&range, *query.date);
    query.date = range;
  }
  for (const auto& s : options.sources) query.sources.push_back(s);
  for (const auto& l : options.languages) query.languages.push_back(l);
  for (const auto& e : options.entities) query.entities.push_back(e);
  for (uint32_t st : options.stories) query.stories.push_back(st);
  RETURN_IF_ERROR(Refresh());
  // Entity filters: the sorted doc ids of each entity's articles (all its entities of that name).
  std::vector<std::vector<uint32_t>> entity_docs;
  for (const std::string& name : query.entities) {
    ASSIGN_OR_RETURN(auto found, catalog_->FindEntities(EntityQueryKey(name)));
    std::vector<EntityId> ids;
    for (const auto& e : found) ids.push_back(e.id);
    ASSIGN_OR_RETURN(entity_docs.emplace_back(), catalog_->DocsWithEntities(ids));
  }

  // Story filters: the sorted doc ids of all the stories named (an unknown number has none).
  std::optional<std::vector<uint32_t>> story_docs;
  if (!query.stories.empty()) {
    story_docs.emplace();
    for (uint32_t st : query.stories) {
      auto row = catalog_->StoryById(st);
      if (!row.ok() && row.status().code() == StatusCode::kNotFound) continue;
      if (!row.ok()) return row.status();
      ASSIGN_OR_RETURN(std::vector<DocId> docs, catalog_->StoryDocs(row->story));
      for (DocId d : docs) story_docs->push_back(d.value());
    }
    std::sort(story_docs->begin(), story_docs->end());
  }

  std::function<bool(DocId)> accept;
  if (query.date || !query.sources.empty() || !query.languages.empty() ||
      !entity_docs.empty() || story_docs) {
    RETURN_IF_ERROR(LoadFilterFields());
    const uint32_t from = query.date && !query.date->from.empty() ? DayNumber(query.date->from) : 0;
    const uint32_t to = query.date && !query.date->to.empty() ? DayNumber(query.date->to)
                                                              : 99999999;
    const bool dated = query.date.has_value();
    std::vector<bool> source_ok(sources_.size(), query.sources.empty());
    for (const auto& s : query.sources) {
      const std::string want = Lower(s);
      for (size_t i = 0; i < sources_.size(); ++i) {
        source_ok[i] = source_ok[i] || SourceMatches(sources_[i], want);
      }
    }
    std::vector<bool> language_ok(languages_.size(), query.languages.empty());
    for (const auto& l : query.languages) {
      const std::string want = Lower(l);
      for (size_t i = 0; i < languages_.size(); ++i) {
        language_ok[i] = language_ok[i] || languages_[i] == want;
      }
    }
    accept = [this, from, to, dated, source_ok = std::move(source_ok),
              language_ok = std::move(language_ok),
              entity_docs = std::move(entity_docs), story_docs = std::move(story_docs)](DocId d) {
      const uint32_t i = d.value();
      if (i >= dates_.size()) return false;
      if (story_docs && !std::binary_search(story_docs->begin(), story_docs->end(), i)) {
        return false;
      }
      if (dated && (dates_[i] == 0 || dates_[i] < from || dates_[i] > to)) return false;
      for (const auto& docs : entity_docs) {
        if (!std::binary_search(docs.begin(), docs.end(), i)) return false;
      }
      return source_ok[source_ids_[i]] && language_ok[language_ids_[i]];
    };
  }

  std::vector<SearchSegment> segments;
  for (const auto& [segment, open] : open_) {
    SearchSegment seg{open.reader.get(), open.first_doc};
    if (open.deleted_count > 0) {
      seg.deleted = &open.deleted;
      seg.deleted_count = open.deleted_count;
      for (uint32_t f = 0; f < kIndexFields; ++f) seg.deleted_length[f] = open.deleted_length[f];
    }
    segments.push_back(seg);
  }
  Bm25Options bm25;
  bm25.k1 = options.k1;
  bm25.b = options.b;
  bm25.title_boost = options.title_boost;
  Searcher searcher(std::move(segments), bm25, &analyzer_);
  // With copies collapsed, rank more than asked and keep each group's best member; rank more
  // again while the groups found fall short and more documents matched.
  const size_t want = options.limit == 0 ? 0 : options.offset + options.limit;
  RETURN_IF_ERROR(LoadGroups());
  size_t depth = options.collapse_duplicates && want > 0 ? want * 2 + 16 : want;
  SearchOutcome outcome;
  std::vector<ScoredDoc> kept;
  std::vector<std::pair<uint32_t, uint32_t>> kept_groups;  // (group, size) per kept hit
  while (true) {
    ASSIGN_OR_RETURN(outcome, searcher.Search(query, depth, accept, options.exact_total));
    kept.clear();
    kept_groups.clear();
    std::unordered_set<uint32_t> seen;  // groups already kept
    for (const ScoredDoc& d : outcome.top) {
      std::pair<uint32_t, uint32_t> g{d.doc.value(), 1};
      const auto it = groups_.find(d.doc.value());
      if (it != groups_.end()) g = it->second;
      if (options.collapse_duplicates && !seen.insert(g.first).second) continue;
      kept.push_back(d);
      kept_groups.push_back(g);
    }
    if (kept.size() >= want || outcome.top.size() < depth || !options.collapse_duplicates) break;
    depth *= 4;
  }
  SearchResults results;
  results.total = outcome.matches;
  results.total_is_estimate = outcome.matches_estimated;
  results.articles_not_indexed = all_docs_ - indexed_docs_;
  if (!options.fetch_articles) RETURN_IF_ERROR(LoadFilterFields());
  for (size_t i = options.offset; i < kept.size() && i < want; ++i) {
    SearchHit hit;
    hit.score = kept[i].score;
    hit.group = DocId(kept_groups[i].first);
    hit.group_size = kept_groups[i].second;
    if (!options.fetch_articles) {
      hit.article.doc = kept[i].doc;
      hit.article.id = ids_[kept[i].doc.value()];
      results.hits.push_back(std::move(hit));
      continue;
    }
    ASSIGN_OR_RETURN(Article article, fetch(kept[i].doc));
    if (options.snippet_bytes > 0) {
      Snippet s = MakeSnippet(article.text, article.language, outcome.terms,
                              options.snippet_bytes, &analyzer_);
      hit.snippet = std::move(s.text);
      hit.highlights = std::move(s.highlights);
    }
    article.text.clear();
    hit.article = std::move(article);
    results.hits.push_back(std::move(hit));
  }
  results.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return results;
}

}  // namespace storyline
