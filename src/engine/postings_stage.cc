#include "engine/postings_stage.h"

#include <algorithm>

#include <memory>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

#include "engine/merge_policy.h"
#include "index/postings_format.h"
#include "index/postings_merger.h"
#include "index/postings_reader.h"
#include "index/segment_reader.h"

namespace storyline {

namespace {

// Sizes *fields to the index's fields, each numbered (title, body, url).
template <typename Field>
void NumberFields(std::vector<Field>* fields) {
  fields->resize(kIndexFields);
  for (uint32_t f = 0; f < kIndexFields; ++f) (*fields)[f].field = static_cast<uint8_t>(f);
}
static_assert(kIndexFields == 3, "IndexFields and IndexFieldIds fill every field");

}  // namespace

void IndexFields(const Article& article, const std::vector<Token>& body_tokens,
                 IndexTermExtractor* extractor, std::vector<FieldTerms>* fields) {
  NumberFields(fields);
  extractor->Extract(article.title, article.language, &(*fields)[kTitleField].terms);
  extractor->Extract(article.text, body_tokens, article.language, &(*fields)[kBodyField].terms);
  UrlTerms(article.url, &(*fields)[kUrlField].terms);
}

static_assert(kNoTermId == kNotIndexed, "the extractor's and the builder's untaken position agree");

void IndexFieldIds(const Article& article, const std::vector<Token>& body_tokens,
                   IndexTermExtractor* extractor, std::vector<FieldTermIds>* fields) {
  NumberFields(fields);
  extractor->ExtractIds(article.title, article.language, &(*fields)[kTitleField].ids);
  extractor->ExtractIds(article.text, body_tokens, article.language, &(*fields)[kBodyField].ids);
  extractor->UrlTermIds(article.url, &(*fields)[kUrlField].ids);
}

std::unordered_set<uint32_t> IndexedSegments(const std::vector<PostingsRecord>& files,
                                             const std::vector<SegmentRecord>& segments) {
  std::unordered_set<uint32_t> out;
  size_t s = 0;  // both lists are in segment order
  for (const PostingsRecord& p : files) {
    while (s < segments.size() && segments[s].id.value() < p.segment.value()) ++s;
    for (; s < segments.size() && segments[s].id.value() <= p.last_segment.value(); ++s) {
      out.insert(segments[s].id.value());
    }
  }
  return out;
}

Status BackfillPostings(Env* env, const StoreLayout& layout, Catalog* catalog,
                        uint64_t* articles) {
  ASSIGN_OR_RETURN(auto existing, catalog->PostingsFiles());
  ASSIGN_OR_RETURN(auto segments, catalog->Segments());
  const std::unordered_set<uint32_t> indexed = IndexedSegments(existing, segments);
  if (indexed.size() == segments.size()) return Status::Ok();  // the usual case: nothing to do
  ASSIGN_OR_RETURN(auto extents, catalog->BatchExtents());  // scans every article row
  ASSIGN_OR_RETURN(const std::vector<uint32_t> deleted, catalog->DeletedDocs());
  Tokenizer tokenizer;
  IndexTermExtractor extractor;
  extractor.set_drop_stop_words(catalog->index_stop_words());
  std::vector<Token> tokens;
  std::vector<FieldTerms> fields;
  for (const BatchExtent& e : extents) {
    if (indexed.count(e.segment.value())) continue;
    ASSIGN_OR_RETURN(auto reader, SegmentReader::Open(env, layout.segment(e.segment_file)));
    auto builder = std::make_shared<InvertedIndexBuilder>();
    for (uint32_t i = 0; i < e.doc_count; ++i) {
      const uint32_t doc = e.first_doc.value() + i;
      if (std::binary_search(deleted.begin(), deleted.end(), doc)) {
        fields.clear();  // a deleted article keeps its number, with no words
        RETURN_IF_ERROR(builder->AddDocument(fields));
        continue;
      }
      ASSIGN_OR_RETURN(ArticleRow row, catalog->ArticleByDoc(DocId(doc)));
      ASSIGN_OR_RETURN(row.article.text, reader->ReadText(row.ordinal));
      tokenizer.Tokenize(row.article.text, &tokens);
      IndexFields(row.article, tokens, &extractor, &fields);
      RETURN_IF_ERROR(builder->AddDocument(fields));
    }
    builder->Seal();
    // A batch's segment holds exactly its documents, from ordinal 0 (BatchExtents checks the
    // ordinals are dense).
    if (e.first_ordinal != 0) return Internal("a batch's segment does not start at ordinal 0");
    PostingsPart part{builder, std::vector<uint32_t>(e.doc_count)};
    std::iota(part.ordinal_of.begin(), part.ordinal_of.end(), 0u);
    PostingsRecord rec;
    rec.segment = rec.last_segment = e.segment;
    rec.file_name = postings_format::PostingsFileName(e.segment.value());
    ASSIGN_OR_RETURN(PostingsFileInfo info,
                     WritePostingsFile(env, layout.segment(rec.file_name), e.segment.value(),
                                       std::span<const PostingsPart>(&part, 1)));
    rec.size_bytes = info.size;
    rec.checksum = info.checksum;
    rec.doc_count = info.doc_count;
    rec.term_count = info.term_count;
    RETURN_IF_ERROR(catalog->AddPostingsFile(rec));
    *articles += e.doc_count;
  }
  return Status::Ok();
}

namespace {

// Merges `in` (consecutive files, DocIds following each other: checked against first_doc, the
// first DocId of each batch by segment) into one file, switches the catalog to it and removes
// the inputs. A file whose documents are not its batches' is Corruption: merging it would
// shift every later document.
Result<PostingsRecord> MergeRun(Env* env, const StoreLayout& layout, Catalog* catalog,
                                std::span<const PostingsRecord> in,
                                const std::unordered_map<uint32_t, uint32_t>& first_doc) {
  std::vector<std::unique_ptr<PostingsReader>> readers;
  std::vector<const PostingsReader*> inputs;
  std::vector<SegmentId> replaced;
  for (size_t k = 0; k < in.size(); ++k) {
    const PostingsRecord& p = in[k];
    ASSIGN_OR_RETURN(auto reader, PostingsReader::Open(env, layout.segment(p.file_name)));
    if (reader->doc_count() != p.doc_count || reader->checksum() != p.checksum) {
      return Corruption("postings file " + p.file_name +
                        " differs from its catalog record; run `storyline check`");
    }
    if (k > 0) {
      const auto a = first_doc.find(in[k - 1].segment.value());
      const auto b = first_doc.find(p.segment.value());
      if (a == first_doc.end() || b == first_doc.end() ||
          uint64_t{a->second} + in[k - 1].doc_count != b->second) {
        return Internal("postings files " + in[k - 1].file_name + " and " + p.file_name +
                        " do not hold consecutive documents; they cannot merge");
      }
    }
    inputs.push_back(reader.get());
    readers.push_back(std::move(reader));
    replaced.push_back(p.segment);
  }
  PostingsRecord rec;
  rec.segment = in.front().segment;
  rec.last_segment = in.back().last_segment;
  rec.file_name =
      postings_format::PostingsFileName(rec.segment.value(), rec.last_segment.value());
  if (in.size() == 1 && rec.file_name == in[0].file_name) {
    // A file rewritten alone (without deleted articles' words) takes another name: the catalog
    // switches from one to the other.
    rec.file_name.insert(rec.file_name.size() - 4, "-1");
  }
  // Deleted articles in the merged range leave the index (they keep their numbers).
  std::vector<uint32_t> dropped;
  {
    ASSIGN_OR_RETURN(const std::vector<uint32_t> deleted, catalog->DeletedDocs());
    const auto base = first_doc.find(rec.segment.value());
    if (base == first_doc.end()) return Internal("postings merge: no first document");
    uint64_t docs = 0;
    for (const PostingsRecord& p : in) docs += p.doc_count;
    for (auto it = std::lower_bound(deleted.begin(), deleted.end(), base->second);
         it != deleted.end() && *it < base->second + docs; ++it) {
      dropped.push_back(*it - base->second);
    }
  }
  ASSIGN_OR_RETURN(PostingsFileInfo info,
                   MergePostingsFiles(env, layout.segment(rec.file_name), rec.segment.value(),
                                      inputs, dropped));
  rec.size_bytes = info.size;
  rec.checksum = info.checksum;
  rec.doc_count = info.doc_count;
  rec.term_count = info.term_count;
  rec.dropped_deleted = static_cast<uint32_t>(dropped.size());
  // A failed COMMIT is ambiguous (see IngestPipeline::CommitBatch): the merged file stays, and
  // the next writer's open removes it if the catalog does not reference it.
  RETURN_IF_ERROR(catalog->ReplacePostingsFiles(replaced, rec));
  // The inputs are no longer referenced: readers of other processes keep their maps of them.
  // A file not removed now (a crash, an error) is removed by the next writer's open.
  readers.clear();
  for (const PostingsRecord& p : in) (void)env->DeleteFile(layout.segment(p.file_name));
  (void)env->SyncDir(layout.segments());
  return rec;
}

}  // namespace

Status MergePostings(Env* env, const StoreLayout& layout, Catalog* catalog,
                     const IndexMergeOptions& options, MergeMode mode,
                     const std::function<void(uint64_t, uint64_t)>& progress,
                     MergeOutcome* outcome, uint32_t first_new_segment) {
  ASSIGN_OR_RETURN(std::vector<PostingsRecord> files, catalog->PostingsFiles());
  ASSIGN_OR_RETURN(auto segments, catalog->Segments());
  std::unordered_map<uint32_t, size_t> position;  // of each segment in the catalog's order
  for (size_t i = 0; i < segments.size(); ++i) position[segments[i].id.value()] = i;
  auto totals = [&](uint64_t* count, uint64_t* bytes) {
    *count = files.size();
    *bytes = 0;
    for (const PostingsRecord& p : files) *bytes += p.size_bytes;
  };
  totals(&outcome->files_before, &outcome->bytes_before);
  // DocIds are dense and given in commit order, batch after batch (docs/formats/catalog.md): a
  // batch's first DocId is the number of documents of the batches before it (no scan of the
  // article rows, which this runs after every batch).
  std::unordered_map<uint32_t, uint32_t> first_doc;
  uint64_t docs = 0;
  for (const SegmentRecord& seg : segments) {
    first_doc[seg.id.value()] = static_cast<uint32_t>(docs);
    docs += seg.doc_count;
  }
  const TieredMergePolicy policy(options);
  std::vector<uint32_t> deleted;  // for compact: files holding deleted articles are rewritten
  if (mode == MergeMode::kAll) {
    ASSIGN_OR_RETURN(deleted, catalog->DeletedDocs());
  }
  // Whether a file still holds words of deleted articles: more of them in its range than it
  // was written without.
  auto has_deleted = [&](const PostingsRecord& p) {
    if (deleted.empty()) return false;
    const auto base = first_doc.find(p.segment.value());
    if (base == first_doc.end()) return false;
    const auto from = std::lower_bound(deleted.begin(), deleted.end(), base->second);
    const auto to = std::lower_bound(from, deleted.end(), uint64_t{base->second} + p.doc_count);
    return static_cast<uint64_t>(to - from) > p.dropped_deleted;
  };
  while (true) {
    std::vector<MergeCandidate> candidates(files.size());
    for (size_t i = 0; i < files.size(); ++i) {
      candidates[i].has_deleted = has_deleted(files[i]);
      candidates[i].bytes = files[i].size_bytes;
      candidates[i].recent = files[i].segment.value() >= first_new_segment;
      if (i == 0) continue;
      const auto prev = position.find(files[i - 1].last_segment.value());
      const auto cur = position.find(files[i].segment.value());
      candidates[i].follows_previous =
          prev != position.end() && cur != position.end() && cur->second == prev->second + 1;
    }
    std::vector<MergeRange> plan = mode == MergeMode::kAll ? TieredMergePolicy::Force(candidates)
                                                           : policy.Plan(candidates);
    bool last_round = mode == MergeMode::kAll;
    if (plan.empty() && mode == MergeMode::kPolicyThenTail) {
      plan = policy.PlanTail(candidates);
      last_round = true;
    }
    if (plan.empty()) break;
    uint64_t planned = 0, done = 0;
    for (const MergeRange& r : plan) {
      for (size_t i = r.begin; i < r.end; ++i) planned += files[i].size_bytes;
    }
    std::vector<PostingsRecord> next;
    size_t i = 0;
    for (const MergeRange& r : plan) {
      while (i < r.begin) next.push_back(std::move(files[i++]));
      ASSIGN_OR_RETURN(PostingsRecord merged,
                       MergeRun(env, layout, catalog,
                                std::span<const PostingsRecord>(files).subspan(r.begin,
                                                                               r.end - r.begin),
                                first_doc));
      for (; i < r.end; ++i) done += files[i].size_bytes;
      outcome->files_merged += r.end - r.begin;
      next.push_back(std::move(merged));
      if (progress) progress(done, planned);
    }
    while (i < files.size()) next.push_back(std::move(files[i++]));
    files = std::move(next);
    if (last_round) break;  // every run (or the tail) is one file now
  }
  totals(&outcome->files_after, &outcome->bytes_after);
  return Status::Ok();
}

}  // namespace storyline
