#include "engine/postings_stage.h"

#include <memory>
#include <numeric>
#include <unordered_set>

#include "index/postings_format.h"
#include "index/segment_reader.h"

namespace storyline {

void IndexFields(const Article& article, const std::vector<Token>& body_tokens,
                 IndexTermExtractor* extractor, std::vector<FieldTerms>* fields) {
  fields->resize(2);
  (*fields)[0].field = kTitleField;
  (*fields)[1].field = kBodyField;
  extractor->Extract(article.title, article.language, &(*fields)[0].terms);
  extractor->Extract(article.text, body_tokens, article.language, &(*fields)[1].terms);
}

Status BackfillPostings(Env* env, const StoreLayout& layout, Catalog* catalog,
                        uint64_t* articles) {
  ASSIGN_OR_RETURN(auto existing, catalog->PostingsFiles());
  ASSIGN_OR_RETURN(auto segments, catalog->Segments());
  if (existing.size() == segments.size()) return Status::Ok();  // the usual case: nothing to do
  ASSIGN_OR_RETURN(auto extents, catalog->BatchExtents());  // scans every article row
  std::unordered_set<uint32_t> indexed;
  for (const PostingsRecord& p : existing) indexed.insert(p.segment.value());
  Tokenizer tokenizer;
  IndexTermExtractor extractor;
  std::vector<Token> tokens;
  std::vector<FieldTerms> fields;
  for (const BatchExtent& e : extents) {
    if (indexed.count(e.segment.value())) continue;
    ASSIGN_OR_RETURN(auto reader, SegmentReader::Open(env, layout.segment(e.segment_file)));
    auto builder = std::make_shared<InvertedIndexBuilder>();
    for (uint32_t i = 0; i < e.doc_count; ++i) {
      ASSIGN_OR_RETURN(ArticleRow row, catalog->ArticleByDoc(DocId(e.first_doc.value() + i)));
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
    rec.segment = e.segment;
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

}  // namespace storyline
