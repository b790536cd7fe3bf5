#include "engine/segment_texts.h"

#include "common/hash.h"

namespace storyline {

Result<SegmentReader*> SegmentTexts::Reader(SegmentId id) {
  auto it = readers_.find(id.value());
  if (it != readers_.end()) return it->second.get();
  ASSIGN_OR_RETURN(auto segments, catalog_->Segments());
  for (const SegmentRecord& s : segments) {
    if (s.id != id) continue;
    ASSIGN_OR_RETURN(auto reader, SegmentReader::Open(env_, layout_.segment(s.file_name)));
    if (readers_.size() >= max_open_) readers_.clear();
    SegmentReader* p = reader.get();
    readers_[id.value()] = std::move(reader);
    return p;
  }
  return Corruption("segment " + std::to_string(id.value()) +
                    " is referenced by an article but not listed in the catalog");
}

Result<std::string> SegmentTexts::Text(const ArticleRow& row) {
  ASSIGN_OR_RETURN(SegmentReader * seg, Reader(row.segment));
  ASSIGN_OR_RETURN(std::string text, seg->ReadText(row.ordinal));
  if (text.size() != row.text_bytes || Checksum64(text) != row.text_checksum) {
    return Corruption("the text of article " + FormatArticleId(row.article.id) +
                      " does not match its checksum; run `storyline check`");
  }
  return text;
}

}  // namespace storyline
