#include "engine/dedup_stage.h"

#include <algorithm>
#include <unordered_set>
#include <thread>

#include "common/civil_date.h"
#include "common/hash.h"
#include "dedup/similarity.h"

namespace storyline {

DedupAnalyzer::DedupAnalyzer() : keys_(LshOptions{}) {}

void DedupAnalyzer::Analyze(std::string_view text, DedupInput* out) {
  Fingerprints(text, &out->fingerprints);
  hasher_.Sign(shingles_, &signature_);
  keys_.BandKeys(signature_, &out->band_keys);
}

void DedupAnalyzer::Fingerprints(std::string_view text, std::vector<uint32_t>* out) {
  shingler_.Shingle(text, &shingles_);
  ShingleFingerprints(shingles_, out);
}

std::optional<int64_t> SortableInstant(const PublishedDate& d) {
  if (!d.known()) return std::nullopt;
  const unsigned month = d.month >= 1 && d.month <= 12 ? static_cast<unsigned>(d.month) : 1;
  const unsigned day = d.day >= 1 && d.day <= 31 ? static_cast<unsigned>(d.day) : 1;
  int64_t t = DaysFromCivil(d.year, month, day) * 86400;
  if (d.hour >= 0) t += d.hour * 3600 + std::max(d.minute, 0) * 60 + std::max(d.second, 0);
  if (d.has_utc_offset) t -= int64_t{d.utc_offset_minutes} * 60;
  return t;
}

const char* DedupStage::Scheme() {
  // Changing any of these parameters changes the keys: name it here so old keys are recognised.
  return "word3-xxh3/opm-minhash128/lsh42x3/v1";
}

DedupStage::DedupStage(Env* env, const StoreLayout& layout, Catalog* catalog)
    : env_(env), layout_(layout), catalog_(catalog), grouper_(DupGrouperOptions{}, this) {}

void DedupStage::SetThresholds(const IngestOptions& options) {
  CopyThresholds copy;
  copy.min_score = options.duplicate_threshold;
  copy.min_shingles = options.duplicate_min_shingles;
  grouper_.set_copy_thresholds(copy);
}

namespace {

// A group's rows: its members in member order (rank 0 canonical).
void AppendMemberRows(const DupGroup& g, std::vector<DupMemberRow>* rows) {
  for (size_t r = 0; r < g.members.size(); ++r) {
    const DupMember& m = g.members[r];
    DupMemberRow row;
    row.doc = m.doc;
    row.group = g.group_id;
    row.rank = static_cast<uint32_t>(r);
    row.group_size = static_cast<uint32_t>(g.members.size());
    row.derives_from = m.derives_from;
    row.shared = m.shared_fraction;
    rows->push_back(row);
  }
}

}  // namespace

Status DedupStage::Load(uint64_t* backfilled,
                        const std::function<void(uint64_t, uint64_t)>& progress) {
  ASSIGN_OR_RETURN(extents_, catalog_->BatchExtents());
  // Dates and lengths of every article, indexed by doc id (dense from 0).
  std::vector<DupArticle> info;
  RETURN_IF_ERROR(catalog_->ForEachDupArticleInfo([&](const DupArticleInfo& a) {
    if (a.doc.value() >= info.size()) info.resize(a.doc.value() + 1);
    DupArticle& d = info[a.doc.value()];
    d.doc = a.doc;
    d.date = SortableInstant(a.published);
    d.text_length = static_cast<uint32_t>(std::min<uint64_t>(a.text_bytes, UINT32_MAX));
  }));
  grouper_.Reserve(info.size());
  // A deleted article's keys stay in its batch's row; it is no longer anyone's copy.
  ASSIGN_OR_RETURN(deleted_, catalog_->DeletedDocs());
  const std::string scheme = Scheme();
  const uint32_t bands = static_cast<uint32_t>(grouper_.options().lsh.bands);
  RETURN_IF_ERROR(catalog_->ForEachDupKeys(
      [&](BatchId batch, DocId first, uint32_t count, const std::string& their_scheme,
          uint32_t their_bands, const std::vector<uint32_t>& keys) -> Status {
        if (their_scheme != scheme || their_bands != bands) {
          return InvalidArgument("batch " + std::to_string(batch.value()) +
                                 " of this store was grouped with near-duplicate scheme " +
                                 their_scheme + "; this storyline uses " + scheme +
                                 ": ingest into a new store (--data) with this version");
        }
        for (uint32_t i = 0; i < count; ++i) {
          const uint32_t doc = first.value() + i;
          if (std::binary_search(deleted_.begin(), deleted_.end(), doc)) continue;
          if (doc >= info.size() || info[doc].doc.value() != doc) {
            return Corruption("near-duplicate keys of batch " + std::to_string(batch.value()) +
                              " name doc " + std::to_string(doc) +
                              ", which the catalog does not hold; run `storyline check`");
          }
          RETURN_IF_ERROR(grouper_.Restore(
              info[doc], std::span<const uint32_t>(keys).subspan(size_t{i} * bands, bands)));
        }
        return Status::Ok();
      }));
  RETURN_IF_ERROR(catalog_->ForEachDupLink([&](const DupLinkRow& l) {
    return grouper_.RestoreLink({l.doc, l.other, l.doc_in_other, l.other_in_doc});
  }));
  if (extents_.empty()) return Status::Ok();
  committed_end_ = extents_.back().first_doc.value() + extents_.back().doc_count;
  // Batches without keys (committed by an ingest that deferred its analysis, or before
  // near-duplicates existed): analyse their texts now, in doc order, as an ingest would have.
  uint64_t total = 0, done = 0;
  for (const BatchExtent& e : extents_) total += e.has_dup_keys ? 0 : e.doc_count;
  for (size_t i = 0; i < extents_.size(); ++i) {
    if (extents_[i].has_dup_keys) continue;
    const BatchExtent e = extents_[i];
    RETURN_IF_ERROR(Backfill(e));
    *backfilled += e.doc_count;
    done += e.doc_count;
    if (progress) progress(done, total);
  }
  return Status::Ok();
}

Status DedupStage::Backfill(const BatchExtent& e) {
  DupBatchRows rows;  // Add and FinishBatch fill it
  // Shingles and signatures (per article, independent) on one thread per core over slices of
  // the batch; grouping (Add) in doc order on this thread, as an ingest does.
  const size_t threads = std::max(1u, std::thread::hardware_concurrency());
  constexpr uint32_t kSlice = 4096;
  std::vector<ArticleRow> slice;
  std::vector<std::string> texts;
  std::vector<DedupInput> inputs;
  std::vector<char> gone;  // deleted before it was analysed
  const size_t bands = static_cast<size_t>(grouper_.options().lsh.bands);
  for (uint32_t begin = 0; begin < e.doc_count; begin += kSlice) {
    const uint32_t n = std::min(kSlice, e.doc_count - begin);
    slice.resize(n);
    texts.resize(n);
    inputs.assign(n, DedupInput{});
    gone.assign(n, 0);
    for (uint32_t i = 0; i < n; ++i) {
      const DocId doc(e.first_doc.value() + begin + i);
      if (std::binary_search(deleted_.begin(), deleted_.end(), doc.value())) {
        gone[i] = 1;
        texts[i].clear();
        continue;
      }
      ASSIGN_OR_RETURN(slice[i], catalog_->ArticleByDoc(doc));
      ASSIGN_OR_RETURN(SegmentReader * reader, ReaderFor(e));
      ASSIGN_OR_RETURN(texts[i], reader->ReadText(slice[i].ordinal));
      slice[i].article.doc = doc;
    }
    auto analyze = [&](size_t t) {
      DedupAnalyzer own;
      DedupAnalyzer& analyzer = t == 0 ? analyzer_ : own;
      for (size_t i = t; i < n; i += threads) {
        if (!gone[i]) analyzer.Analyze(texts[i], &inputs[i]);
      }
    };
    std::vector<std::thread> helpers;
    for (size_t t = 1; t < threads && t < n; ++t) helpers.emplace_back(analyze, t);
    analyze(0);
    for (std::thread& h : helpers) h.join();
    for (uint32_t i = 0; i < n; ++i) {
      if (gone[i]) {
        // Its place in the batch's keys, unused (Load skips deleted articles).
        if (rows.doc_count == 0) rows.first_doc = DocId(e.first_doc.value() + begin + i);
        ++rows.doc_count;
        rows.band_keys.resize(rows.band_keys.size() + bands, 0);
        continue;
      }
      bool is_copy = false;
      RETURN_IF_ERROR(
          Add(slice[i].article, texts[i].size(), std::move(inputs[i]), &rows, &is_copy));
    }
  }
  RETURN_IF_ERROR(FinishBatch(nullptr, &rows));  // extents_ lists it already
  RETURN_IF_ERROR(catalog_->CommitDupBackfill(e.batch, rows));
  Committed(DocId(committed_end_));
  return Status::Ok();
}

Status DedupStage::Add(const Article& article, uint64_t text_bytes, DedupInput&& input,
                       DupBatchRows* rows, bool* is_copy) {
  DupArticle a;
  a.doc = article.doc;
  a.date = SortableInstant(article.published);
  a.text_length = static_cast<uint32_t>(std::min<uint64_t>(text_bytes, UINT32_MAX));
  const size_t links_before = rows->links.size();
  thread_local std::vector<DupLink> links;
  links.clear();
  RETURN_IF_ERROR(grouper_.AddKeyed(a, input.fingerprints, input.band_keys, &links));
  for (const DupLink& l : links) {
    rows->links.push_back({l.doc, l.other, l.doc_in_other, l.other_in_doc});
  }
  *is_copy = rows->links.size() > links_before;
  if (rows->doc_count == 0) rows->first_doc = article.doc;
  ++rows->doc_count;
  rows->band_keys.insert(rows->band_keys.end(), input.band_keys.begin(), input.band_keys.end());
  (void)Cache(article.doc, std::move(input.fingerprints));
  return Status::Ok();
}

Status DedupStage::FinishBatch(const BatchExtent* extent, DupBatchRows* rows) {
  rows->scheme = Scheme();
  rows->bands = static_cast<uint32_t>(grouper_.options().lsh.bands);
  ASSIGN_OR_RETURN(std::vector<DupGroup> groups, grouper_.TakeChangedGroups());
  for (const DupGroup& g : groups) AppendMemberRows(g, &rows->members);
  if (extent != nullptr) extents_.push_back(*extent);
  return Status::Ok();
}

Status DedupStage::MemberRowsOf(const std::vector<DocId>& docs, std::vector<DupMemberRow>* rows,
                                uint64_t* groups) {
  std::unordered_set<uint32_t> done;  // groups written
  for (const DocId doc : docs) {
    ASSIGN_OR_RETURN(DupGroup g, grouper_.GroupContaining(doc));
    if (g.members.size() < 2 || !done.insert(g.group_id.value()).second) continue;
    AppendMemberRows(g, rows);
    ++*groups;
  }
  return Status::Ok();
}

void DedupStage::Committed(DocId end) {
  committed_end_ = std::max(committed_end_, end.value());
  Evict();
}

void DedupStage::Evict() {
  while (cache_bytes_ > cache_budget_ && !cache_order_.empty() &&
         cache_order_.front() < committed_end_) {
    const uint32_t doc = cache_order_.front();
    cache_order_.pop_front();
    auto it = cache_.find(doc);
    if (it == cache_.end()) continue;
    if (it->second.used) {  // second chance
      it->second.used = false;
      cache_order_.push_back(doc);
      continue;
    }
    cache_bytes_ -= it->second.fingerprints.capacity() * sizeof(uint32_t) + 64;
    cache_.erase(it);
  }
}

std::span<const uint32_t> DedupStage::Cache(DocId doc, std::vector<uint32_t> fingerprints) {
  Evict();  // first, so the entry added below is never the one evicted
  cache_bytes_ += fingerprints.capacity() * sizeof(uint32_t) + 64;
  auto [it, inserted] =
      cache_.insert_or_assign(doc.value(), CachedFingerprints{std::move(fingerprints), false});
  cache_order_.push_back(doc.value());
  return it->second.fingerprints;
}

Result<std::span<const uint32_t>> DedupStage::Fingerprints(DocId doc) {
  const auto it = cache_.find(doc.value());
  if (it != cache_.end()) {
    it->second.used = true;
    return std::span<const uint32_t>(it->second.fingerprints);
  }
  return ReadFingerprints(doc);
}

Result<std::span<const uint32_t>> DedupStage::ReadFingerprints(DocId doc) {
  // The batch holding doc: the last extent starting at or before it.
  auto e = std::upper_bound(
      extents_.begin(), extents_.end(), doc.value(),
      [](uint32_t d, const BatchExtent& x) { return d < x.first_doc.value(); });
  if (e == extents_.begin() || doc.value() >= (e - 1)->first_doc.value() + (e - 1)->doc_count ||
      doc.value() >= committed_end_) {
    return Internal("near-duplicates: the text of doc " + std::to_string(doc.value()) +
                    " is neither cached nor in a committed batch");
  }
  --e;
  ASSIGN_OR_RETURN(SegmentReader * reader, ReaderFor(*e));
  ASSIGN_OR_RETURN(std::string text,
                   reader->ReadText(e->first_ordinal + (doc.value() - e->first_doc.value())));
  std::vector<uint32_t> fingerprints;  // verification needs no signature
  analyzer_.Fingerprints(text, &fingerprints);
  return Cache(doc, std::move(fingerprints));
}

Result<SegmentReader*> DedupStage::ReaderFor(const BatchExtent& e) {
  auto it = readers_.find(e.segment.value());
  if (it == readers_.end()) {
    if (readers_.size() >= 64) readers_.clear();  // bound open files; reopening is cheap
    ASSIGN_OR_RETURN(auto r, SegmentReader::Open(env_, layout_.segment(e.segment_file)));
    it = readers_.emplace(e.segment.value(), std::move(r)).first;
  }
  return it->second.get();
}

size_t DedupStage::memory_bytes() const {
  return grouper_.lsh().memory_bytes() + grouper_.verification_memory_bytes() + cache_bytes_;
}

}  // namespace storyline
