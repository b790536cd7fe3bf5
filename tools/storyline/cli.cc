#include "cli.h"

#include <cstdio>

namespace storyline::cli {

int Fail(const Status& s) {
  std::fprintf(stderr, "storyline: %s\n", s.message().c_str());
  switch (s.code()) {
    case StatusCode::kOk:
      return kExitOk;
    case StatusCode::kNotFound:
      return kExitNoResults;
    case StatusCode::kInvalidArgument:
      return kExitUsage;
    default:
      return kExitStore;
  }
}

std::string DataDir(const Globals& g) {
  // --data, or STORYLINE_DATA through CLI11's envname(), else the library's default.
  return g.data.empty() ? Options{}.data_dir : g.data;
}

int FailOpen(const Status& s) {
  std::fprintf(stderr, "storyline: %s\n", s.message().c_str());
  return kExitStore;
}

Result<std::unique_ptr<Engine>> OpenStore(const Globals& g, bool write,
                                          std::optional<bool> index_stop_words) {
  Options o;
  o.data_dir = DataDir(g);
  o.read_only = !write;
  o.create_if_missing = write;
  o.index_stop_words = index_stop_words;
  return Engine::Open(o);
}

nlohmann::json ArticleJson(const Article& a, bool with_text) {
  nlohmann::json j;
  j["id"] = FormatArticleId(a.id);
  j["doc"] = a.doc.value();
  j["title"] = a.title;
  j["url"] = a.url;
  j["source"] = a.source;
  j["byline"] = a.byline;
  j["published"] =
      a.published.known() ? nlohmann::json(a.published.ToIso()) : nlohmann::json(nullptr);
  j["published_provenance"] = DateProvenanceName(a.published.provenance);
  j["published_confidence"] = a.published.confidence;
  j["language"] = a.language;
  j["origin"] = {
      {"path", a.origin.path}, {"line", a.origin.line}, {"byte_offset", a.origin.byte_offset}};
  j["tokens"] = a.token_count;
  j["sentences"] = a.sentence_count;
  j["metadata"] = nlohmann::json::parse(a.metadata_json, nullptr, /*allow_exceptions=*/false);
  if (with_text) j["text"] = a.text;
  return j;
}

void PrintJson(const nlohmann::json& j) {
  std::string s = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::fwrite(s.data(), 1, s.size(), stdout);
  std::fputc('\n', stdout);
}

std::string DateText(const PublishedDate& d) {
  if (!d.known()) return "unknown";
  return d.ToIso();
}

nlohmann::json EntityJson(const EntitySummary& e) {
  return {{"entity", e.id.value()}, {"type", e.type},         {"name", e.name},
          {"mentions", e.mentions}, {"articles", e.articles}};
}

}  // namespace storyline::cli
