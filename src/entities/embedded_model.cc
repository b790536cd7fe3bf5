#include "entities/embedded_model.h"

extern "C" const char storyline_ner_model_begin[];
extern "C" const char storyline_ner_model_end[];
extern "C" const char storyline_known_people_begin[];
extern "C" const char storyline_known_people_end[];

namespace storyline {

std::string_view EmbeddedNerModel() {
  return std::string_view(storyline_ner_model_begin,
                          static_cast<size_t>(storyline_ner_model_end - storyline_ner_model_begin));
}

std::string_view EmbeddedKnownPeople() {
  return std::string_view(
      storyline_known_people_begin,
      static_cast<size_t>(storyline_known_people_end - storyline_known_people_begin));
}

}  // namespace storyline
