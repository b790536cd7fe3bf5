// The writer's search-index stage: what each article is indexed under, and the postings files
// of batches committed before the index existed.
//
// Ingest workers call IndexFields for each new article (the body's tokens are the ones the
// analysis already made) and add the fields to their chunk's InvertedIndexBuilder; the committer
// writes one postings file per batch from the chunks' builders (index/postings_writer.h), before
// the batch's catalog transaction, which records it. BackfillPostings gives every committed batch
// without a postings file one, from its stored texts.
//
// Thread-safety: IndexFields is used with one IndexTermExtractor per thread; BackfillPostings by
// the writer alone.
#ifndef STORYLINE_ENGINE_POSTINGS_STAGE_H_
#define STORYLINE_ENGINE_POSTINGS_STAGE_H_

#include <cstdint>
#include <vector>

#include "analysis/index_terms.h"
#include "analysis/tokenizer.h"
#include "catalog/catalog.h"
#include "engine/store_layout.h"
#include "index/postings_writer.h"
#include "storyline/article.h"
#include "storyline/env.h"

namespace storyline {

// Replaces *fields with the article's title and body terms; `body_tokens` are the tokens of
// article.text.
void IndexFields(const Article& article, const std::vector<Token>& body_tokens,
                 IndexTermExtractor* extractor, std::vector<FieldTerms>* fields);

// Writes and records a postings file for every batch that has none; adds the articles indexed
// to *articles.
Status BackfillPostings(Env* env, const StoreLayout& layout, Catalog* catalog,
                        uint64_t* articles);

}  // namespace storyline

#endif  // STORYLINE_ENGINE_POSTINGS_STAGE_H_
