#include "quote_commands.h"

#include <cstdio>

namespace storyline::cli {

QuoteCommands::QuoteCommands(CLI::App* app) {
  quotes_ = app->add_subcommand("quotes", "Quotations with their speakers, newest first");
  quotes_->add_option("--speaker", options_.speaker, "Said by this entity (name, alias or number)");
  quotes_->add_option("--about", options_.about,
                      "In articles naming this entity, else matching this search query");
  quotes_->add_option("--from", options_.from, "From this date (YYYY[-MM[-DD]])");
  quotes_->add_option("--to", options_.to, "To this date (YYYY[-MM[-DD]])");
  quotes_->add_flag("--partial", options_.partial,
                    "Also partial quotes (a few quoted words inside a sentence)");
  quotes_->add_option("--offset", options_.offset, "Skip this many quotes");
  quotes_->add_option("--limit", options_.limit, "Show at most this many (0 = all; default 20)");
  quotes_->footer(
      "Quotes are found at ingest in every common form (“...”, \"...\", «...», split by the "
      "attribution, over several paragraphs) with their cue and speaker; \"he said\" is resolved "
      "to the person last named.\n"
      "Examples:\n  storyline quotes --speaker \"Sadiq Khan\"\n"
      "  storyline quotes --about trump --from 2016-05 --json");
}

int QuoteCommands::Run(const Globals& g) const {
  if (!*quotes_) return -1;
  auto engine = OpenStore(g, false);
  if (!engine.ok()) return FailOpen(engine.status());
  auto list = (*engine)->ListQuotes(options_);
  if (!list.ok()) return Fail(list.status());
  for (const QuoteInfo& q : *list) {
    if (g.json) {
      nlohmann::json j = {{"id", FormatArticleId(q.article.id)},
                          {"published", q.article.published.known()
                                            ? nlohmann::json(q.article.published.ToIso())
                                            : nlohmann::json(nullptr)},
                          {"source", q.article.source},
                          {"title", q.article.title},
                          {"quote", q.text},
                          {"kind", q.kind},
                          {"cue", q.cue},
                          {"speaker", q.speaker},
                          {"speaker_kind", q.speaker_kind},
                          {"begin", q.begin},
                          {"end", q.end}};
      j["speaker_entity"] = q.speaker_entity ? EntityJson(*q.speaker_entity) : nlohmann::json(nullptr);
      j["reports"] = nlohmann::json::array();
      for (const Article& r : q.reports) {
        j["reports"].push_back({{"id", FormatArticleId(r.id)},
                                {"source", r.source},
                                {"published", r.published.known()
                                                  ? nlohmann::json(r.published.ToIso())
                                                  : nlohmann::json(nullptr)}});
      }
      PrintJson(j);
      continue;
    }
    std::string who = q.speaker_entity ? q.speaker_entity->name : q.speaker;
    if (q.speaker_entity && q.speaker != q.speaker_entity->name && !q.speaker.empty()) {
      who += " (\"" + q.speaker + "\")";
    }
    if (who.empty()) who = "(no speaker found)";
    std::printf("%-10s  %s  %s%s%s\n  \u201c%s\u201d\n",
                DateText(q.article.published).substr(0, 10).c_str(),
                FormatArticleId(q.article.id).substr(0, 8).c_str(), who.c_str(),
                q.cue.empty() ? "" : ", ", q.cue.c_str(), q.text.c_str());
    if (!q.reports.empty()) {
      const Article& first = q.reports.front();
      std::printf("  reported by %zu articles; first: %s %s (%s)\n", q.reports.size(),
                  DateText(first.published).substr(0, 10).c_str(),
                  first.source.empty() ? "(no source)" : first.source.c_str(),
                  FormatArticleId(first.id).substr(0, 8).c_str());
    }
    std::printf("\n");
  }
  if (list->empty()) {
    if (!g.json && !g.quiet) std::fprintf(stderr, "storyline: no quotes match\n");
    return kExitNoResults;
  }
  return kExitOk;
}

}  // namespace storyline::cli
