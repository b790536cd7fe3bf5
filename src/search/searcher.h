// Searcher: ranks the documents of a set of postings files for a parsed Query with BM25F (title
// and body as one weighted field), exactly: matching documents are scored document-at-a-time
// over the postings iterators, filtered, and the best k kept in a heap; ties go to the smaller
// DocId. Unless an exact count is asked for, documents that cannot enter the top k are skipped:
// in disjunctions with MaxScore; in conjunctions of words and phrases (a phrase alone
// included) with block-max bounds: led by the rarest clause, runs of blocks whose bounds add
// up to less than the k-th score are passed over through the block tables without decoding,
// and a document is dropped as soon as its clauses scored so far plus the others' bounds fall
// short, before any phrase's positions are read (phrases then stop on documents holding all
// their words and read positions only for those that can still enter; a phrase beside a word
// as common as "the" stops on its rarer word's documents and looks for the common word only in
// those that can still enter, so most of that word's blocks are never decoded). The top k and its
// scores are those of exhaustive scoring. Phrases are matched on positions; prefixes score a
// constant per field (as in Lucene), so a prefix with thousands of expansions cannot drown the
// other words.
//
// Statistics are global over the segments given (N, document frequencies, average field
// lengths), so a document's score does not depend on which batch it was ingested in.
//
// Thread-safety: a Searcher may be used by one thread at a time; the PostingsReaders it reads
// are shared and immutable.
#ifndef STORYLINE_SEARCH_SEARCHER_H_
#define STORYLINE_SEARCH_SEARCHER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "analysis/index_terms.h"
#include "index/postings_reader.h"
#include "index/postings_writer.h"
#include "search/query.h"
#include "storyline/ids.h"
#include "storyline/status.h"

namespace storyline {

struct SearchSegment {
  const PostingsReader* postings = nullptr;
  uint32_t first_doc = 0;  // the DocId of the segment's document 0
  // Deleted documents of this file, by its own numbering (null: none): never matched, and left
  // out of the collection statistics (document count, average lengths). A term's document
  // frequency still counts them until a merge drops their postings.
  const std::vector<bool>* deleted = nullptr;
  uint32_t deleted_count = 0;
  uint64_t deleted_length[kIndexFields] = {};  // their field lengths, summed per field
};

struct Bm25Options {
  double k1 = 1.2;
  double b = 0.75;
  double title_boost = 2.0;
  std::string language = "en";  // how query words are stemmed
};

struct ScoredDoc {
  DocId doc;
  double score = 0;
};

struct SearchOutcome {
  std::vector<ScoredDoc> top;  // best first
  uint64_t matches = 0;        // every document that matched and passed the filter
  bool matches_estimated = false;  // `matches` is a lower bound (pruned search)
  std::vector<std::string> terms;  // the analysed terms searched for (for highlighting)
};

class Searcher {
 public:
  // `analyzer` (not owned; may be null: the searcher then makes its own) analyses the query's
  // words; keeping one across searches keeps its stemmers and stem cache warm.
  Searcher(std::vector<SearchSegment> segments, Bm25Options options,
           IndexTermExtractor* analyzer = nullptr);

  // The k best documents (k = 0: none, only the count). `accept` filters documents (null: all).
  // Without `exact_count`, a disjunction of words or phrases is ranked with MaxScore pruning and
  // a conjunction of words and phrases (or one phrase) with block-max pruning (the same top k);
  // when documents were skipped, `matches` is a lower bound (matches_estimated).
  Result<SearchOutcome> Search(const Query& query, size_t k,
                               const std::function<bool(DocId)>& accept,
                               bool exact_count = true);

 private:
  std::vector<SearchSegment> segments_;
  Bm25Options options_;
  std::unique_ptr<IndexTermExtractor> own_analyzer_;
  IndexTermExtractor* analyzer_;
};

}  // namespace storyline

#endif  // STORYLINE_SEARCH_SEARCHER_H_
