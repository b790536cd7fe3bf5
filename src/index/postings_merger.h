// MergePostingsFiles: one postings file (docs/formats/postings.md) from several, for merging
// the files of consecutive ingest batches. The documents of each input follow those of the
// inputs before it: input i's document d is document d + (documents of inputs 0..i-1) of the
// merged file, so files of batches with consecutive DocIds merge into a file whose document 0
// is the first batch's first DocId. Every list is decoded and re-encoded through the same
// encoder as a batch's file (PostingsFileEncoder), so the merged file is byte for byte the file
// one batch holding all the documents would have written (less the dropped documents' words).
//
// Inputs are checked as they are read (their postings checksums first, then every list as it is
// decoded): a damaged input is Corruption naming it, and nothing is written. The output is
// written as "<path>.tmp", fsynced and renamed; the inputs are left alone (the caller switches
// the catalog and removes them).
//
// Memory: the merged file is assembled in memory (about its size), plus one term's postings.
// Thread-safety: a pure function of its inputs; the readers are only read.
#ifndef STORYLINE_INDEX_POSTINGS_MERGER_H_
#define STORYLINE_INDEX_POSTINGS_MERGER_H_

#include <cstdint>
#include <span>
#include <string>

#include "index/postings_reader.h"
#include "index/postings_writer.h"
#include "storyline/env.h"
#include "storyline/status.h"

namespace storyline {

// `segment` goes into the merged file's header (the first batch's segment, by convention).
// `dropped`: documents (numbered as in the merged file, ascending) whose postings are left out
// and whose field lengths become 0 (deleted articles: they keep their numbers, with no words).
// The merged file has the most fields any input has (an input written before a field was added
// gives its documents length 0 there). InvalidArgument when the inputs hold more than 2^32 - 2
// documents together; Corruption when an input is damaged; IOError from writing.
Result<PostingsFileInfo> MergePostingsFiles(Env* env, const std::string& path, uint32_t segment,
                                            std::span<const PostingsReader* const> inputs,
                                            std::span<const uint32_t> dropped = {});

}  // namespace storyline

#endif  // STORYLINE_INDEX_POSTINGS_MERGER_H_
