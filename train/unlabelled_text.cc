#include "train/unlabelled_text.h"

#include <simdjson.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "storyline/env.h"

namespace storyline {

bool UnlabelledSources::Parse(std::string_view flag, const std::string& value) {
  if (flag == "--jsonl") jsonl.push_back(value);
  else if (flag == "--text-dir") text_dirs.push_back(value);
  else if (flag == "--ground-truth") ground_truths.push_back(value);
  else return false;
  return true;
}

int ForEachUnlabelledDocument(
    const UnlabelledSources& sources, const char* tool,
    const std::function<void(std::string_view title, std::string_view text)>& document) {
  Env* env = Env::Default();
  auto read = [&](const std::string& path) {
    auto text = ReadFileToString(env, path);
    if (!text.ok()) std::fprintf(stderr, "%s: %s\n", tool, text.status().message().c_str());
    return text;
  };
  for (const std::string& path : sources.jsonl) {
    auto text = read(path);
    if (!text.ok()) return 2;
    simdjson::ondemand::parser parser;
    simdjson::padded_string padded(*text);
    simdjson::ondemand::document_stream stream;
    if (parser.iterate_many(padded).get(stream) != simdjson::SUCCESS) {
      std::fprintf(stderr, "%s: %s: not JSON Lines\n", tool, path.c_str());
      return 1;
    }
    size_t records = 0;
    for (auto doc : stream) {
      ++records;
      std::string title, body;
      std::string_view value;
      if (doc["title"].get_string().get(value) == simdjson::SUCCESS) title = value;
      if (doc["text"].get_string().get(value) == simdjson::SUCCESS) body = value;
      document(title, body);
    }
    std::fprintf(stderr, "%s: %zu records\n", path.c_str(), records);
  }
  for (const std::string& path : sources.ground_truths) {
    auto text = read(path);
    if (!text.ok()) return 2;
    simdjson::ondemand::parser parser;
    simdjson::padded_string padded(*text);
    simdjson::ondemand::document doc;
    simdjson::ondemand::object pages;
    if (parser.iterate(padded).get(doc) != simdjson::SUCCESS ||
        doc.get_object().get(pages) != simdjson::SUCCESS) {
      std::fprintf(stderr, "%s: %s: expected a JSON object of pages\n", tool, path.c_str());
      return 1;
    }
    size_t count = 0;
    for (auto field : pages) {
      simdjson::ondemand::object page;
      std::string_view body;
      if (field.value().get_object().get(page) == simdjson::SUCCESS &&
          page["articleBody"].get_string().get(body) == simdjson::SUCCESS) {
        document("", body);
        ++count;
      }
    }
    std::fprintf(stderr, "%s: %zu pages\n", path.c_str(), count);
  }
  for (const std::string& dir : sources.text_dirs) {
    std::error_code ec;
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      if (entry.path().extension() == ".txt") files.push_back(entry.path().string());
    }
    if (ec) {
      std::fprintf(stderr, "%s: %s: %s\n", tool, dir.c_str(), ec.message().c_str());
      return 2;
    }
    std::sort(files.begin(), files.end());
    for (const std::string& f : files) {
      auto text = ReadFileToString(env, f);
      if (text.ok()) document("", *text);
    }
    std::fprintf(stderr, "%s: %zu files\n", dir.c_str(), files.size());
  }
  return 0;
}

}  // namespace storyline
