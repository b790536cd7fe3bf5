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

// 32-bit fingerprints halve the memory kept for verification; two distinct shingles of a pair
// collide with probability ~|A||B| / 2^32 (< 1e-4 for 600-shingle articles), far below the
// resolution of the 0.5 threshold. The high 32 bits of sorted, well-mixed shingle hashes are
// already in order, so no second sort is needed; equal neighbours are merged.
void Fingerprints(const std::vector<uint64_t>& shingles, std::vector<uint32_t>* out) {
  out->clear();
  out->reserve(shingles.size());
  for (const uint64_t s : shingles) {
    const auto f = static_cast<uint32_t>(s >> 32);
    if (out->empty() || out->back() != f) out->push_back(f);
  }
}

}  // namespace

DupGrouper::DupGrouper(const DupGrouperOptions& options)
    : options_(options), lsh_(options.lsh) {
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
  articles_[b].parent = a;
  articles_[a].size += articles_[b].size;
  articles_[a].min_doc = std::min(articles_[a].min_doc, articles_[b].min_doc);
}

Status DupGrouper::Add(const DupArticle& article, const Signature& signature) {
  if (index_of_.count(article.doc.value()) != 0) {
    return InvalidArgument("dedup: doc " + std::to_string(article.doc.value()) +
                           " was added before");
  }
  const size_t need = static_cast<size_t>(options_.lsh.bands) * options_.lsh.rows;
  if (signature.values.size() < need) {
    return InvalidArgument("dedup: signature has " + std::to_string(signature.values.size()) +
                           " values, LSH needs " + std::to_string(need));
  }
  auto t0 = Clock::now();
  thread_local std::vector<DocId> candidates;
  lsh_.Query(signature, &candidates);
  RETURN_IF_ERROR(lsh_.Add(article.doc, signature));
  stats_.lsh_seconds += Since(t0);

  t0 = Clock::now();
  const uint32_t self = static_cast<uint32_t>(articles_.size());
  Entry entry;
  entry.doc = article.doc;
  entry.date = article.date;
  entry.text_length = article.text_length;
  entry.parent = self;
  entry.min_doc = article.doc.value();
  entry.size = 1;
  Fingerprints(article.shingles, &entry.fingerprints);
  articles_.push_back(std::move(entry));
  index_of_.emplace(article.doc.value(), self);

  const std::span<const uint32_t> mine(articles_[self].fingerprints);
  for (const DocId c : candidates) {
    const auto it = index_of_.find(c.value());
    if (it == index_of_.end() || it->second == self) continue;
    const uint32_t other = it->second;
    ++stats_.candidates;
    const PairSimilarity sim = ComparePair<uint32_t>(
        mine, std::span<const uint32_t>(articles_[other].fingerprints),
        options_.copy.min_shingles);
    if (sim.copy_score < options_.copy.min_score) continue;
    if (sim.jaccard < options_.copy.min_jaccard) continue;
    ++stats_.links;
    articles_[self].links.push_back({other, static_cast<float>(sim.a_in_b)});
    articles_[other].links.push_back({self, static_cast<float>(sim.b_in_a)});
    Union(self, other);
  }
  ++stats_.articles;
  stats_.verify_seconds += Since(t0);
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

DupGroup DupGrouper::Describe(std::vector<uint32_t> members) const {
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
      if (best < 0) {
        best = static_cast<int>(members[0]);
        const auto& a = e.fingerprints;
        const auto& c = articles_[members[0]].fingerprints;
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

Result<DocId> DupGrouper::GroupOf(DocId doc) const {
  const auto it = index_of_.find(doc.value());
  if (it == index_of_.end()) {
    return NotFound("dedup: doc " + std::to_string(doc.value()) + " is not in the grouper");
  }
  return DocId(articles_[Find(it->second)].min_doc);
}

Result<DupGroup> DupGrouper::GroupContaining(DocId doc) const {
  const auto it = index_of_.find(doc.value());
  if (it == index_of_.end()) {
    return NotFound("dedup: doc " + std::to_string(doc.value()) + " is not in the grouper");
  }
  const uint32_t root = Find(it->second);
  std::vector<uint32_t> members;
  for (uint32_t i = 0; i < articles_.size(); ++i) {
    if (Find(i) == root) members.push_back(i);
  }
  return Describe(std::move(members));
}

std::vector<DupGroup> DupGrouper::Groups(size_t min_size) const {
  std::unordered_map<uint32_t, std::vector<uint32_t>> by_root;
  for (uint32_t i = 0; i < articles_.size(); ++i) {
    const uint32_t root = Find(i);
    if (articles_[root].size >= min_size) by_root[root].push_back(i);
  }
  std::vector<DupGroup> groups;
  groups.reserve(by_root.size());
  for (auto& [root, members] : by_root) groups.push_back(Describe(std::move(members)));
  std::sort(groups.begin(), groups.end(),
            [](const DupGroup& a, const DupGroup& b) { return a.group_id < b.group_id; });
  return groups;
}

size_t DupGrouper::verification_memory_bytes() const {
  size_t bytes = articles_.capacity() * sizeof(Entry) + index_of_.size() * 32;
  for (const Entry& e : articles_) {
    bytes += e.fingerprints.capacity() * sizeof(uint32_t) + e.links.capacity() * sizeof(Link);
  }
  return bytes;
}

}  // namespace storyline
