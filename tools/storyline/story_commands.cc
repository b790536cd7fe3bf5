#include "story_commands.h"

#include <algorithm>
#include <cstdio>

namespace storyline::cli {
namespace {

std::string Span(const StorySummary& s) {
  if (s.first_date.empty()) return "undated";
  return s.first_date == s.last_date ? s.first_date : s.first_date + ".." + s.last_date;
}

std::string Join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const std::string& x : v) out += (out.empty() ? "" : sep) + x;
  return out;
}

std::string Names(const std::vector<EntitySummary>& v) {
  std::vector<std::string> names;
  for (const EntitySummary& e : v) names.push_back(e.name);
  return Join(names, ", ");
}

nlohmann::json StoryJson(const StorySummary& s) {
  return {{"story", s.id},
          {"title", s.title},
          {"first_date", s.first_date.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.first_date)},
          {"last_date", s.last_date.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.last_date)},
          {"articles", s.articles},
          {"sources", s.sources},
          {"terms", s.terms}};
}

nlohmann::json EntitiesJson(const std::vector<EntitySummary>& v) {
  nlohmann::json j = nlohmann::json::array();
  for (const EntitySummary& e : v) j.push_back(EntityJson(e));
  return j;
}

void PrintStoryLine(const StorySummary& s, const char* indent) {
  std::printf("%s%6u  %-22s  %4llu articles  %3llu sources  %s\n", indent, s.id, Span(s).c_str(),
              static_cast<unsigned long long>(s.articles),
              static_cast<unsigned long long>(s.sources),
              s.title.empty() ? "(no title)" : s.title.c_str());
}

nlohmann::json StorylineJson(const Storyline& line) {
  nlohmann::json j = {{"storyline", line.id},
                      {"first_date", line.first_date},
                      {"last_date", line.last_date},
                      {"stories", nlohmann::json::array()},
                      {"links", nlohmann::json::array()}};
  for (const StorySummary& s : line.stories) j["stories"].push_back(StoryJson(s));
  for (const Storyline::Link& l : line.links) {
    j["links"].push_back({{"a", l.a}, {"b", l.b}, {"score", l.score},
                          {"shared_entities", EntitiesJson(l.shared_entities)}});
  }
  return j;
}

void PrintStoryline(const Storyline& line) {
  std::printf("storyline %u: %zu stories, %s..%s\n", line.id, line.stories.size(),
              line.first_date.c_str(), line.last_date.c_str());
  for (const StorySummary& s : line.stories) PrintStoryLine(s, "  ");
  std::printf("  linked by:\n");
  for (const Storyline::Link& l : line.links) {
    std::printf("    %u - %u  (%.2f)  %s\n", l.a, l.b, l.score, Names(l.shared_entities).c_str());
  }
}

}  // namespace

StoryCommands::StoryCommands(CLI::App* app) {
  stories_ = app->add_subcommand("stories", "List stories: the articles about one event");
  stories_->add_option("--from", list_.from, "Stories running on or after (YYYY[-MM[-DD]])");
  stories_->add_option("--to", list_.to, "Stories running on or before (YYYY[-MM[-DD]])");
  stories_->add_option("--entity", list_.entities,
                       "Stories mentioning this entity (repeatable: any of them)");
  stories_->add_option("--min-size", list_.min_size,
                       "Only stories of at least this many articles (default 2; 1 = all)");
  stories_->add_option("--offset", list_.offset, "Skip this many stories");
  stories_->add_option("--limit", list_.limit, "Show at most this many (0 = all; default 20)");
  stories_->footer(
      "Stories are found at ingest: articles in date order join the story they are most similar "
      "to (words and entities, discounted by the days between them) or start a new one.\n"
      "Examples:\n  storyline stories --from 2016-05 --to 2016-05\n"
      "  storyline stories --entity \"Sadiq Khan\" --min-size 1 --json");

  story_ = app->add_subcommand("story", "Show one story: its articles by date, entities, links");
  story_->add_option("ID", story_id_, "A story number (from `storyline stories`)")->required();
  story_->footer("Near-duplicate copies are collapsed into the earliest one (+N copies).\n"
                 "Examples:\n  storyline story 3\n  storyline story 3 --json");

  storylines_ = app->add_subcommand(
      "storylines", "List storylines: stories linked over time by the people and places they share");
  storylines_->add_option("--min-stories", lines_.min_stories,
                          "Only storylines of at least this many stories (default 2)");
  storylines_->add_option("--offset", lines_.offset, "Skip this many storylines");
  storylines_->add_option("--limit", lines_.limit, "Show at most this many (0 = all; default 20)");
  storylines_->footer("Examples:\n  storyline storylines\n  storyline storylines --json");

  storyline_ = app->add_subcommand("storyline", "Show one storyline: its stories and their links");
  storyline_->add_option("ID", storyline_id_, "A storyline number, or any of its stories' numbers")
      ->required();
  storyline_->footer("Examples:\n  storyline storyline 0\n  storyline storyline 0 --json");

  timeline_ = app->add_subcommand(
      "timeline", "Count articles over time: of a search, an entity or a story");
  timeline_->add_option("QUERY", timeline_options_.query, "A search query (see `search --help`)");
  timeline_->add_option("--entity", timeline_options_.entity, "An entity's name, alias or number");
  timeline_->add_option("--story", timeline_options_.story, "A story's number");
  timeline_->add_option("--by", timeline_options_.by, "day (default), week or month")
      ->check(CLI::IsMember({"day", "week", "month"}));
  timeline_->add_option("--from", timeline_options_.from, "From this date (YYYY[-MM[-DD]])");
  timeline_->add_option("--to", timeline_options_.to, "To this date (YYYY[-MM[-DD]])");
  timeline_->footer(
      "Every period from the first to the last dated article is listed, empty ones too; --json "
      "prints one object per period for plotting.\n"
      "Examples:\n  storyline timeline 'mayor AND trump' --by month\n"
      "  storyline timeline --entity \"Sadiq Khan\" --json\n  storyline timeline --story 3");
}

int StoryCommands::Run(const Globals& g) const {
  if (!*stories_ && !*story_ && !*storylines_ && !*storyline_ && !*timeline_) return -1;
  auto engine = OpenStore(g, false);
  if (!engine.ok()) return FailOpen(engine.status());
  if (*timeline_) {
    auto t = (*engine)->GetTimeline(timeline_options_);
    if (!t.ok()) return Fail(t.status());
    if (g.json) {
      for (const auto& [period, n] : t->periods) {
        PrintJson({{"period", period}, {"articles", n}});
      }
      if (t->undated) PrintJson({{"period", nullptr}, {"articles", t->undated}});
    } else {
      uint64_t most = 1;
      for (const auto& [period, n] : t->periods) most = std::max(most, n);
      for (const auto& [period, n] : t->periods) {
        std::printf("%-10s %6llu  %s\n", period.c_str(), static_cast<unsigned long long>(n),
                    std::string(n ? static_cast<size_t>(1 + 49 * n / most) : 0, '#').c_str());
      }
      if (t->undated) {
        std::printf("%-10s %6llu\n", "undated", static_cast<unsigned long long>(t->undated));
      }
    }
    if (t->articles == 0) {
      if (!g.json && !g.quiet) std::fprintf(stderr, "storyline: no articles match\n");
      return kExitNoResults;
    }
    return kExitOk;
  }
  if (*stories_) {
    auto list = (*engine)->ListStories(list_);
    if (!list.ok()) return Fail(list.status());
    if (!g.json && !list->empty()) {
      std::printf("%6s  %-22s  %13s  %11s  %s\n", "story", "dates", "", "", "title");
    }
    for (const StorySummary& s : *list) {
      if (g.json) {
        PrintJson(StoryJson(s));
      } else {
        PrintStoryLine(s, "");
      }
    }
    if (list->empty()) {
      if (!g.json && !g.quiet) std::fprintf(stderr, "storyline: no stories match\n");
      return kExitNoResults;
    }
    return kExitOk;
  }
  if (*story_) {
    auto d = (*engine)->GetStory(story_id_);
    if (!d.ok()) return Fail(d.status());
    if (g.json) {
      nlohmann::json j = StoryJson(d->story);
      j["storyline"] = d->storyline;
      j["timeline"] = nlohmann::json::array();
      for (const StoryTimelineEntry& e : d->timeline) {
        nlohmann::json a = ArticleJson(e.article, false);
        a["copies"] = e.copies;
        j["timeline"].push_back(a);
      }
      j["entities"] = nlohmann::json::array();
      for (const auto& [e, n] : d->entities) {
        nlohmann::json x = EntityJson(e);
        x["story_articles"] = n;
        j["entities"].push_back(x);
      }
      j["languages"] = nlohmann::json::object();
      for (const auto& [l, n] : d->languages) j["languages"][l] = n;
      j["links"] = nlohmann::json::array();
      for (const StoryLinkInfo& l : d->links) {
        j["links"].push_back({{"story", StoryJson(l.story)}, {"score", l.score},
                              {"shared_entities", EntitiesJson(l.shared_entities)}});
      }
      PrintJson(j);
      return kExitOk;
    }
    const StorySummary& s = d->story;
    std::printf("story %u: %s\n", s.id, s.title.empty() ? "(no title)" : s.title.c_str());
    std::printf("  %s, %llu articles from %llu sources", Span(s).c_str(),
                static_cast<unsigned long long>(s.articles),
                static_cast<unsigned long long>(s.sources));
    std::string langs;
    for (const auto& [l, n] : d->languages) langs += (langs.empty() ? "" : ", ") + l;
    std::printf(" (%s)\n", langs.c_str());
    if (!s.terms.empty()) std::printf("  key terms: %s\n", Join(s.terms, ", ").c_str());
    if (!d->entities.empty()) {
      std::string names;
      for (size_t i = 0; i < d->entities.size() && i < 10; ++i) {
        names += (i ? ", " : "") + d->entities[i].first.name;
      }
      std::printf("  entities: %s\n", names.c_str());
    }
    std::printf("\ntimeline:\n");
    for (const StoryTimelineEntry& e : d->timeline) {
      std::string copies = e.copies ? " (+" + std::to_string(e.copies) + " copies)" : "";
      std::printf("  %-10s  %s  %-16s  %s%s\n", DateText(e.article.published).substr(0, 10).c_str(),
                  FormatArticleId(e.article.id).substr(0, 8).c_str(),
                  e.article.source.substr(0, 16).c_str(),
                  e.article.title.empty() ? "(no title)" : e.article.title.c_str(), copies.c_str());
    }
    if (!d->links.empty()) {
      std::printf("\nstoryline %u; linked stories (shared entities):\n", d->storyline);
      for (const StoryLinkInfo& l : d->links) {
        std::printf("  %6u  %-22s  %.2f  %s: %s\n", l.story.id, Span(l.story).c_str(), l.score,
                    Names(l.shared_entities).c_str(), l.story.title.c_str());
      }
    }
    return kExitOk;
  }
  if (*storylines_) {
    auto list = (*engine)->ListStorylines(lines_);
    if (!list.ok()) return Fail(list.status());
    for (const Storyline& line : *list) {
      if (g.json) {
        PrintJson(StorylineJson(line));
      } else {
        PrintStoryline(line);
        std::printf("\n");
      }
    }
    if (list->empty()) {
      if (!g.json && !g.quiet) std::fprintf(stderr, "storyline: no storylines yet\n");
      return kExitNoResults;
    }
    return kExitOk;
  }
  auto line = (*engine)->GetStoryline(storyline_id_);
  if (!line.ok()) return Fail(line.status());
  if (g.json) {
    PrintJson(StorylineJson(*line));
  } else {
    PrintStoryline(*line);
  }
  return kExitOk;
}

}  // namespace storyline::cli
