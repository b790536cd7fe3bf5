// The named-entity model shipped with storyline (models/ner-en.slner) and the known-people table
// (models/known-people.tsv), linked into the binary so that it runs anywhere without a models
// directory. scripts/train-ner.sh rebuilds both files; the next build embeds them.
#ifndef STORYLINE_ENTITIES_EMBEDDED_MODEL_H_
#define STORYLINE_ENTITIES_EMBEDDED_MODEL_H_

#include <string_view>

namespace storyline {

// The model file's bytes (static storage; parse with NerModel::Parse).
std::string_view EmbeddedNerModel();
// models/known-people.tsv's bytes (static storage; parse with KnownPeople::Parse).
std::string_view EmbeddedKnownPeople();

}  // namespace storyline

#endif  // STORYLINE_ENTITIES_EMBEDDED_MODEL_H_
