// SearchIndex: the engine's side of search. Keeps the store's postings files open (a map of
// each, added as batches commit and replaced as files merge; a file removed by a writer's merge
// stays mapped until replaced), the deleted articles (skipped by every query), the fields that
// filters look at (date, source, language per
// article, loaded on the first filtered search and reloaded when the store grew), and runs a
// query: parse, rank (search/searcher.h), fetch the hits' texts and cut their snippets.
//
// Thread-safety: one thread at a time (the Engine's contract).
#ifndef STORYLINE_ENGINE_SEARCH_INDEX_H_
#define STORYLINE_ENGINE_SEARCH_INDEX_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "analysis/index_terms.h"
#include "catalog/catalog.h"
#include "engine/store_layout.h"
#include "index/postings_reader.h"
#include "index/postings_writer.h"
#include "storyline/engine.h"
#include "storyline/env.h"

namespace storyline {

class SearchIndex {
 public:
  SearchIndex(Env* env, const StoreLayout& layout, Catalog* catalog);

  // `fetch` returns an article with its text.
  Result<SearchResults> Search(const SearchOptions& options,
                               const std::function<Result<Article>(DocId)>& fetch);

 private:
  struct Filters;
  Status Refresh();
  // Reads the catalog's postings files and batches in one snapshot and opens what changed;
  // *version: the index version read (empty when the catalog could not be read).
  Status Reload(std::string* version);
  Status LoadFilterFields();
  Status LoadGroups();

  Env* env_;
  const StoreLayout& layout_;
  Catalog* catalog_;
  struct Open {
    std::unique_ptr<PostingsReader> reader;
    uint32_t first_doc = 0;
    std::string file_name;
    // Its deleted documents (by its own numbering; empty when none), their count and lengths.
    std::vector<bool> deleted;
    uint32_t deleted_count = 0;
    uint64_t deleted_length[kIndexFields] = {};
  };
  std::map<uint32_t, Open> open_;  // by (first) segment
  uint64_t indexed_docs_ = 0, all_docs_ = 0;
  std::string version_;  // Catalog::IndexVersion() at the last Refresh
  uint64_t data_version_ = 0;  // Catalog::DataVersion() when version_ was last checked
  bool checked_ = false;
  IndexTermExtractor analyzer_;  // kept warm across searches (stemmers, stem cache)
  // Filter fields, by DocId: date as yyyymmdd (0 unknown), source and language ids; and the
  // article ids (for hits returned without fetching their articles).
  std::vector<uint32_t> dates_, source_ids_, language_ids_;
  std::vector<ArticleId> ids_;
  // Articles in near-duplicate groups of two or more: doc -> (group, size); reloaded when the
  // catalog changed.
  std::unordered_map<uint32_t, std::pair<uint32_t, uint32_t>> groups_;
  bool groups_loaded_ = false;
  std::vector<std::string> sources_, languages_;  // lower-cased source names; language codes
};

}  // namespace storyline

#endif  // STORYLINE_ENGINE_SEARCH_INDEX_H_
