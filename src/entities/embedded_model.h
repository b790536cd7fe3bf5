// The named-entity model shipped with storyline (models/ner-en.slner), linked into the binary so
// that it runs anywhere without a models directory. scripts/train-ner.sh rebuilds the file; the
// next build embeds it.
#ifndef STORYLINE_ENTITIES_EMBEDDED_MODEL_H_
#define STORYLINE_ENTITIES_EMBEDDED_MODEL_H_

#include <string_view>

namespace storyline {

// The model file's bytes (static storage; parse with NerModel::Parse).
std::string_view EmbeddedNerModel();

}  // namespace storyline

#endif  // STORYLINE_ENTITIES_EMBEDDED_MODEL_H_
