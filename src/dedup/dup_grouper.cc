#include "dedup/dup_grouper.h"

#include <algorithm>
#include <chrono>
#include <span>

namespace storyline {
namespace {

using Clock = std::chrono::steady_clock;

double Since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

}  // namespace

DupGrouper::DupGrouper(const DupGrouperOptions& options, FingerprintSource* source)
    : options_(options), source_(source), lsh_(options.lsh) {
  options_.lsh = lsh_.options();
}

uint32_t DupGrouper::Find(uint32_t i) const {
  while (articles_[i].parent != i) i = articles_[i].parent;
  return i;
}

void DupGrouper::Union(uint32_t a, uint32_t b) {
  a = Find(a);
  b = Find(b);
  if (a == b) return;
  if (articles_[a].size < articles_[b].size) std::swap(a, b);
  Entry& root = articles_[a];
  Entry& child = articles_[b];
  if (root.members.empty()) root.members.push_back(a);
  if (child.members.empty()) child.members.push_back(b);
  root.members.insert(root.members.end(), child.members.begin(), child.members.end());
  child.members.clear();
  child.members.shrink_to_fit();
  child.parent = a;
  root.size += child.size;
  root.min_doc = std::min(root.min_doc, child.min_doc);
}

Status DupGrouper::FingerprintsOf(uint32_t i, std::vector<uint32_t>* out) const {
  if (source_ == nullptr) {
    *out = articles_[i].fingerprints;
    return Status::Ok();
  }
  ASSIGN_OR_RETURN(std::span<const uint32_t> view, source_->Fingerprints(articles_[i].doc));
  out->assign(view.begin(), view.end());
  return Status::Ok();
}

uint32_t DupGrouper::IndexOf(DocId doc) const {
  const uint32_t d = doc.value();
  if (d < dense_index_.size() && dense_index_[d] != 0) return dense_index_[d] - 1;
  if (sparse_index_.empty()) return kAbsent;
  const auto it = sparse_index_.find(d);
  return it == sparse_index_.end() ? kAbsent : it->second;
}

void DupGrouper::SetIndexOf(DocId doc, uint32_t index) {
  const size_t d = doc.value();
  if (d >= dense_index_.size() && d < 2 * dense_index_.size() + (size_t{1} << 20)) {
    dense_index_.resize(std::max(d + 1, dense_index_.size() + dense_index_.size() / 2));
  }
  if (d < dense_index_.size()) {
    dense_index_[d] = index + 1;
  } else {
    sparse_index_.emplace(doc.value(), index);
  }
}

Status DupGrouper::NewEntry(const DupArticle& article, uint32_t* index) {
  if (article.doc.value() == 0xFFFFFFFFu) {
    return InvalidArgument("dedup: doc id 0xFFFFFFFF is reserved");
  }
  if (IndexOf(article.doc) != kAbsent) {
    return InvalidArgument("dedup: doc " + std::to_string(article.doc.value()) +
                           " was added before");
  }
  *index = static_cast<uint32_t>(articles_.size());
  Entry entry;
  entry.doc = article.doc;
  entry.date = article.date;
  entry.text_length = article.text_length;
  entry.parent = *index;
  entry.min_doc = article.doc.value();
  entry.size = 1;
  articles_.push_back(std::move(entry));
  SetIndexOf(article.doc, *index);
  return Status::Ok();
}

Status DupGrouper::Add(const DupArticle& article, const Signature& signature) {
  const size_t need = static_cast<size_t>(options_.lsh.bands) * options_.lsh.rows;
  if (signature.values.size() < need) {
    return InvalidArgument("dedup: signature has " + std::to_string(signature.values.size()) +
                           " values, LSH needs " + std::to_string(need));
  }
  thread_local std::vector<uint32_t> keys, fingerprints;
  lsh_.BandKeys(signature, &keys);
  ShingleFingerprints(article.shingles, &fingerprints);
  return AddKeyed(article, fingerprints, keys, nullptr);
}

Status DupGrouper::AddKeyed(const DupArticle& article, std::span<const uint32_t> fingerprints,
                            std::span<const uint32_t> band_keys, std::vector<DupLink>* links) {
  if (band_keys.size() != static_cast<size_t>(options_.lsh.bands)) {
    return InvalidArgument("dedup: " + std::to_string(band_keys.size()) + " band keys, LSH has " +
                           std::to_string(options_.lsh.bands) + " bands");
  }
  if (IndexOf(article.doc) != kAbsent) {
    return InvalidArgument("dedup: doc " + std::to_string(article.doc.value()) +
                           " was added before");
  }
  // Verify every candidate before changing anything, so a failing FingerprintSource leaves the
  // grouper as it was. A text below min_shingles can be no copy and is not looked up.
  auto t0 = Clock::now();
  thread_local std::vector<DocId> candidates;
  candidates.clear();
  if (fingerprints.size() >= options_.copy.min_shingles) lsh_.QueryKeys(band_keys, &candidates);
  stats_.lsh_seconds += Since(t0);

  t0 = Clock::now();
  struct Verified {
    uint32_t other;
    PairSimilarity sim;
  };
  thread_local std::vector<Verified> verified;
  verified.clear();
  for (const DocId c : candidates) {
    const uint32_t other = IndexOf(c);
    if (other == kAbsent) continue;
    ++stats_.candidates;
    std::span<const uint32_t> theirs(articles_[other].fingerprints);
    if (source_ != nullptr) {
      ASSIGN_OR_RETURN(theirs, source_->Fingerprints(c));
    }
    const PairSimilarity sim = VerifyCopy<uint32_t>(fingerprints, theirs, options_.copy);
    if (!IsCopy(sim, options_.copy)) continue;
    verified.push_back({other, sim});
  }

  uint32_t self;
  RETURN_IF_ERROR(NewEntry(article, &self));  // checks what AddKeys would reject
  stats_.verify_seconds += Since(t0);
  t0 = Clock::now();
  Status added = lsh_.AddKeys(article.doc, band_keys);
  stats_.lsh_seconds += Since(t0);
  if (!added.ok()) return added;
  t0 = Clock::now();
  if (source_ == nullptr) {
    articles_[self].fingerprints.assign(fingerprints.begin(), fingerprints.end());
  }
  for (const Verified& v : verified) {
    ++stats_.links;
    articles_[self].links.push_back({v.other, static_cast<float>(v.sim.a_in_b)});
    articles_[v.other].links.push_back({self, static_cast<float>(v.sim.b_in_a)});
    Union(self, v.other);
    if (links != nullptr) {
      links->push_back({article.doc, articles_[v.other].doc, static_cast<float>(v.sim.a_in_b),
                        static_cast<float>(v.sim.b_in_a)});
    }
  }
  if (!verified.empty()) changed_.push_back(self);
  ++stats_.articles;
  stats_.verify_seconds += Since(t0);
  return Status::Ok();
}

void DupGrouper::Reserve(size_t articles) {
  lsh_.Reserve(articles);
  articles_.reserve(articles);
  dense_index_.reserve(articles);
}

Status DupGrouper::Restore(const DupArticle& article, std::span<const uint32_t> band_keys) {
  if (band_keys.size() != static_cast<size_t>(options_.lsh.bands)) {
    return InvalidArgument("dedup: " + std::to_string(band_keys.size()) + " band keys, LSH has " +
                           std::to_string(options_.lsh.bands) + " bands");
  }
  uint32_t self;
  RETURN_IF_ERROR(NewEntry(article, &self));
  RETURN_IF_ERROR(lsh_.AddKeys(article.doc, band_keys));  // cannot fail after the checks
  ++stats_.articles;
  return Status::Ok();
}

Status DupGrouper::RestoreLink(const DupLink& link) {
  const uint32_t a = IndexOf(link.doc);
  const uint32_t b = IndexOf(link.other);
  if (a == kAbsent || b == kAbsent || a == b) {
    return InvalidArgument("dedup: link " + std::to_string(link.doc.value()) + " -> " +
                           std::to_string(link.other.value()) +
                           " names an article that was not restored");
  }
  articles_[a].links.push_back({b, link.doc_in_other});
  articles_[b].links.push_back({a, link.other_in_doc});
  Union(a, b);
  ++stats_.links;
  return Status::Ok();
}

bool DupGrouper::Earlier(uint32_t a, uint32_t b) const {
  const Entry& x = articles_[a];
  const Entry& y = articles_[b];
  if (x.date.has_value() != y.date.has_value()) return x.date.has_value();
  if (x.date && *x.date != *y.date) return *x.date < *y.date;
  if (x.text_length != y.text_length) return x.text_length > y.text_length;
  return x.doc < y.doc;
}

Result<DupGroup> DupGrouper::Describe(std::vector<uint32_t> members) const {
  std::sort(members.begin(), members.end(),
            [this](uint32_t a, uint32_t b) { return Earlier(a, b); });
  DupGroup group;
  group.canonical = articles_[members[0]].doc;
  uint32_t min_doc = articles_[members[0]].doc.value();
  for (size_t p = 0; p < members.size(); ++p) {
    const uint32_t m = members[p];
    const Entry& e = articles_[m];
    min_doc = std::min(min_doc, e.doc.value());
    DupMember member{e.doc, std::nullopt, 1.0};
    if (p > 0) {
      int best = -1;
      float best_share = -1;
      for (const Link& link : e.links) {
        if (!Earlier(link.other, m)) continue;
        if (link.self_in_other > best_share ||
            (link.self_in_other == best_share && Earlier(link.other, static_cast<uint32_t>(best)))) {
          best = static_cast<int>(link.other);
          best_share = link.self_in_other;
        }
      }
      if (best < 0) {  // linked only to later members: measure against the canonical member
        best = static_cast<int>(members[0]);
        std::vector<uint32_t> a, c;
        RETURN_IF_ERROR(FingerprintsOf(m, &a));
        RETURN_IF_ERROR(FingerprintsOf(members[0], &c));
        best_share = a.empty() ? 0.0f
                               : static_cast<float>(IntersectionSize<uint32_t>(a, c)) /
                                     static_cast<float>(a.size());
      }
      member.derives_from = articles_[best].doc;
      member.shared_fraction = best_share;
    }
    group.members.push_back(member);
  }
  group.group_id = DocId(min_doc);
  return group;
}

std::vector<uint32_t> DupGrouper::MembersOf(uint32_t root) const {
  if (articles_[root].members.empty()) return {root};
  return articles_[root].members;
}

Result<DocId> DupGrouper::GroupOf(DocId doc) const {
  const uint32_t i = IndexOf(doc);
  if (i == kAbsent) {
    return NotFound("dedup: doc " + std::to_string(doc.value()) + " is not in the grouper");
  }
  return DocId(articles_[Find(i)].min_doc);
}

Result<DupGroup> DupGrouper::GroupContaining(DocId doc) const {
  const uint32_t i = IndexOf(doc);
  if (i == kAbsent) {
    return NotFound("dedup: doc " + std::to_string(doc.value()) + " is not in the grouper");
  }
  return Describe(MembersOf(Find(i)));
}

Result<std::vector<DupGroup>> DupGrouper::Groups(size_t min_size) const {
  std::vector<DupGroup> groups;
  for (uint32_t i = 0; i < articles_.size(); ++i) {
    if (articles_[i].parent != i || articles_[i].size < min_size) continue;
    ASSIGN_OR_RETURN(DupGroup g, Describe(MembersOf(i)));
    groups.push_back(std::move(g));
  }
  std::sort(groups.begin(), groups.end(),
            [](const DupGroup& a, const DupGroup& b) { return a.group_id < b.group_id; });
  return groups;
}

Result<std::vector<DupGroup>> DupGrouper::TakeChangedGroups() {
  std::vector<uint32_t> roots;
  roots.reserve(changed_.size());
  for (const uint32_t i : changed_) roots.push_back(Find(i));
  std::sort(roots.begin(), roots.end());
  roots.erase(std::unique(roots.begin(), roots.end()), roots.end());
  std::vector<DupGroup> groups;
  groups.reserve(roots.size());
  for (const uint32_t r : roots) {
    ASSIGN_OR_RETURN(DupGroup g, Describe(MembersOf(r)));
    groups.push_back(std::move(g));
  }
  std::sort(groups.begin(), groups.end(),
            [](const DupGroup& a, const DupGroup& b) { return a.group_id < b.group_id; });
  changed_.clear();
  return groups;
}

size_t DupGrouper::verification_memory_bytes() const {
  size_t bytes = articles_.capacity() * sizeof(Entry) + dense_index_.capacity() * sizeof(uint32_t) +
                 sparse_index_.size() * 32;
  for (const Entry& e : articles_) {
    bytes += e.fingerprints.capacity() * sizeof(uint32_t) + e.links.capacity() * sizeof(Link) +
             e.members.capacity() * sizeof(uint32_t);
  }
  return bytes;
}

}  // namespace storyline
