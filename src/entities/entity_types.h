// Entity types and token-span mentions shared by the recogniser, its trainer and the resolver.
#ifndef STORYLINE_ENTITIES_ENTITY_TYPES_H_
#define STORYLINE_ENTITIES_ENTITY_TYPES_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace storyline {

// The CoNLL-2003 types: people, organisations, places, and everything else named (nationalities,
// events, products: "Pakistani", "Muslim", "World Cup").
enum class EntityType : uint8_t { kPer = 0, kOrg = 1, kLoc = 2, kMisc = 3 };
inline constexpr int kEntityTypeCount = 4;

// "PER", "ORG", "LOC", "MISC".
std::string_view EntityTypeName(EntityType type);
// Accepts the names above (case-sensitive); nullopt otherwise.
std::optional<EntityType> ParseEntityType(std::string_view name);

// Tokens [begin, end) of one sentence (or document) form a mention of `type`.
struct TokenSpan {
  uint32_t begin;
  uint32_t end;
  EntityType type;
  friend bool operator==(const TokenSpan&, const TokenSpan&) = default;
};

}  // namespace storyline

#endif  // STORYLINE_ENTITIES_ENTITY_TYPES_H_
