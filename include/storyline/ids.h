// Strong id types. Each id is a distinct type so that a DocId cannot be passed where an
// ArticleId is expected.
//
//   ArticleId: the stable, user-visible id of an article (64 bits, printed as 16 hex digits). It is
//              a hash of the article's identity (its URL, else its record id, else its content), so
//              re-ingesting the same input yields the same ids.
//   DocId:     the dense internal number (0, 1, 2 ...) given to an article when its batch commits;
//              the index addresses documents by DocId.
//   SegmentId: the number of an immutable segment file.
//   BatchId:   the number of a committed ingest batch.
#ifndef STORYLINE_IDS_H_
#define STORYLINE_IDS_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace storyline {

template <typename Tag, typename Rep>
class StrongId {
 public:
  using rep_type = Rep;
  constexpr StrongId() = default;
  constexpr explicit StrongId(Rep v) : v_(v) {}
  constexpr Rep value() const { return v_; }
  friend constexpr bool operator==(StrongId a, StrongId b) { return a.v_ == b.v_; }
  friend constexpr bool operator!=(StrongId a, StrongId b) { return a.v_ != b.v_; }
  friend constexpr bool operator<(StrongId a, StrongId b) { return a.v_ < b.v_; }

 private:
  Rep v_{};
};

struct ArticleIdTag {};
struct DocIdTag {};
struct SegmentIdTag {};
struct BatchIdTag {};
struct EntityIdTag {};

using ArticleId = StrongId<ArticleIdTag, uint64_t>;
using DocId = StrongId<DocIdTag, uint32_t>;
using SegmentId = StrongId<SegmentIdTag, uint32_t>;
using BatchId = StrongId<BatchIdTag, uint64_t>;
// An entity (person, organisation, place, other name) of the store: dense from 1, stable.
using EntityId = StrongId<EntityIdTag, uint64_t>;

// "959d2f4e196e2067": 16 lowercase hex digits.
std::string FormatArticleId(ArticleId id);
// Parses 16 hex digits; nullopt otherwise. (Prefixes are resolved by Engine::FindArticle.)
std::optional<ArticleId> ParseArticleId(std::string_view hex);

}  // namespace storyline

template <typename Tag, typename Rep>
struct std::hash<storyline::StrongId<Tag, Rep>> {
  size_t operator()(storyline::StrongId<Tag, Rep> id) const noexcept {
    return std::hash<Rep>()(id.value());
  }
};

#endif  // STORYLINE_IDS_H_
