#include "entities/conll_reader.h"

#include <optional>

namespace storyline {

std::string_view EntityTypeName(EntityType type) {
  switch (type) {
    case EntityType::kPer: return "PER";
    case EntityType::kOrg: return "ORG";
    case EntityType::kLoc: return "LOC";
    case EntityType::kMisc: return "MISC";
  }
  return "MISC";
}

std::optional<EntityType> ParseEntityType(std::string_view name) {
  if (name == "PER") return EntityType::kPer;
  if (name == "ORG") return EntityType::kOrg;
  if (name == "LOC") return EntityType::kLoc;
  if (name == "MISC") return EntityType::kMisc;
  return std::nullopt;
}

namespace {

struct Tag {
  char prefix;  // 'O', 'B', 'I', 'E', 'S' ('L' read as 'E', 'U' as 'S')
  EntityType type;
};

std::optional<Tag> ParseTag(std::string_view tag) {
  if (tag == "O") return Tag{'O', EntityType::kMisc};
  if (tag.size() < 3 || tag[1] != '-') return std::nullopt;
  char p = tag[0];
  if (p == 'L') p = 'E';
  if (p == 'U') p = 'S';
  if (p != 'B' && p != 'I' && p != 'E' && p != 'S') return std::nullopt;
  auto type = ParseEntityType(tag.substr(2));
  if (!type) return std::nullopt;
  return Tag{p, *type};
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return s;
}

}  // namespace

bool DecodeTags(const std::vector<std::string_view>& tags, std::vector<TokenSpan>* spans) {
  spans->clear();
  bool open = false;
  TokenSpan cur{0, 0, EntityType::kMisc};
  auto close = [&](uint32_t end) {
    if (open) {
      cur.end = end;
      spans->push_back(cur);
      open = false;
    }
  };
  for (uint32_t i = 0; i < tags.size(); ++i) {
    auto tag = ParseTag(tags[i]);
    if (!tag) return false;
    switch (tag->prefix) {
      case 'O':
        close(i);
        break;
      case 'B':
      case 'S':
        close(i);
        cur = {i, 0, tag->type};
        open = true;
        if (tag->prefix == 'S') close(i + 1);
        break;
      case 'I':
      case 'E':
        if (!open || cur.type != tag->type) {
          close(i);
          cur = {i, 0, tag->type};
          open = true;
        }
        if (tag->prefix == 'E') close(i + 1);
        break;
    }
  }
  close(static_cast<uint32_t>(tags.size()));
  return true;
}

Result<std::vector<ConllDocument>> ParseConll(std::string_view text, std::string_view name) {
  std::vector<ConllDocument> docs(1);
  ConllSentence sentence;
  std::vector<std::string> tags;
  size_t sentence_line = 0;
  auto flush = [&]() -> Status {
    if (sentence.words.empty()) return Status::Ok();
    std::vector<std::string_view> views(tags.begin(), tags.end());
    if (!DecodeTags(views, &sentence.spans)) {
      return InvalidArgument(std::string(name) + ":" + std::to_string(sentence_line) +
                             ": a sentence has a tag that is not O, B-T, I-T, E-T or S-T with T "
                             "in PER, ORG, LOC, MISC");
    }
    docs.back().sentences.push_back(std::move(sentence));
    sentence = ConllSentence();
    tags.clear();
    return Status::Ok();
  };
  size_t line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = Trim(text.substr(pos, nl - pos));
    pos = nl + 1;
    ++line_no;
    if (line.empty()) {
      RETURN_IF_ERROR(flush());
      continue;
    }
    if (line.starts_with("-DOCSTART-")) {
      RETURN_IF_ERROR(flush());
      if (!docs.back().sentences.empty()) docs.emplace_back();
      continue;
    }
    size_t first_space = line.find_first_of(" \t");
    size_t last_space = line.find_last_of(" \t");
    if (first_space == std::string_view::npos) {
      return InvalidArgument(std::string(name) + ":" + std::to_string(line_no) +
                             ": expected a word and a tag separated by a space");
    }
    if (sentence.words.empty()) sentence_line = line_no;
    sentence.words.emplace_back(line.substr(0, first_space));
    std::string_view tag = line.substr(last_space + 1);
    if (!ParseTag(tag)) {
      return InvalidArgument(std::string(name) + ":" + std::to_string(line_no) + ": unknown tag '" +
                             std::string(tag) + "' (expected O, B-T, I-T, E-T or S-T with T in "
                             "PER, ORG, LOC, MISC)");
    }
    tags.emplace_back(tag);
  }
  RETURN_IF_ERROR(flush());
  if (docs.back().sentences.empty()) docs.pop_back();
  return docs;
}

}  // namespace storyline
