#include <algorithm>
#include <cctype>
#include <cstdio>

#include "search/query.h"

namespace storyline {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// A word ends at space, a parenthesis or a quote.
bool EndsWord(char c) { return IsSpace(c) || c == '(' || c == ')' || c == '"'; }

class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {}

  Result<Query> Parse() {
    Query q;
    query_ = &q;
    ASSIGN_OR_RETURN(q.root, ParseClauses(0));
    SkipSpace();
    if (pos_ < s_.size()) return Error("a ')' without a matching '('", "remove it or add a '('");
    if (q.root.must.empty() && q.root.should.empty()) {
      if (!q.root.must_not.empty()) {
        return InvalidArgument(
            "the query only excludes words; add a word to search for (for example "
            "\"trump -clinton\")");
      }
      return InvalidArgument(
          q.date || !q.sources.empty() || !q.languages.empty() || !q.entities.empty()
              ? "the query has filters but nothing to search for; add a word (for example "
                "\"khan date:2016-05\")"
              : "the query is empty; give a word to search for");
    }
    return q;
  }

 private:
  Status Error(const std::string& what, const std::string& fix) const {
    return InvalidArgument("query: " + what + " at character " + std::to_string(pos_ + 1) +
                           " of \"" + std::string(s_) + "\"; " + fix);
  }

  void SkipSpace() {
    while (pos_ < s_.size() && IsSpace(s_[pos_])) ++pos_;
  }

  // The operator word at pos_, if any ("AND", "OR", "NOT", "&&", "||"), as a whole word.
  std::string_view PeekOperator() const {
    for (std::string_view op : {"AND", "OR", "NOT", "&&", "||"}) {
      if (s_.substr(pos_, op.size()) == op &&
          (pos_ + op.size() == s_.size() || EndsWord(s_[pos_ + op.size()]))) {
        return op;
      }
    }
    return {};
  }

  std::string ReadWord() {
    const size_t start = pos_;
    while (pos_ < s_.size() && !EndsWord(s_[pos_])) ++pos_;
    return std::string(s_.substr(start, pos_ - start));
  }

  Result<std::string> ReadQuoted() {
    ++pos_;  // the opening quote
    const size_t start = pos_;
    while (pos_ < s_.size() && s_[pos_] != '"') ++pos_;
    if (pos_ >= s_.size()) {
      pos_ = start - 1;
      return Error("an unclosed '\"'", "close the phrase with a second '\"'");
    }
    std::string text(s_.substr(start, pos_ - start));
    ++pos_;
    return text;
  }

  Status CountLeaf() {
    if (++leaves_ > kMaxQueryClauses) {
      return Error("more than " + std::to_string(kMaxQueryClauses) + " words",
                   "shorten the query");
    }
    return Status::Ok();
  }

  // A leaf or a group, with the field given before it (if any).
  Result<QueryNode> ParsePrimary(QueryField field, int depth) {
    SkipSpace();
    if (pos_ >= s_.size()) return Error("a missing word", "finish the query");
    const char c = s_[pos_];
    if (c == '(') {
      ++pos_;
      ASSIGN_OR_RETURN(QueryNode group, ParseClauses(depth + 1, field));
      SkipSpace();
      if (pos_ >= s_.size() || s_[pos_] != ')') {
        return Error("an unclosed '('", "close the group with ')'");
      }
      ++pos_;
      return group;
    }
    if (c == ')') return Error("a ')' where a word was expected", "put a word before it");
    QueryNode leaf;
    leaf.field = field;
    if (c == '"') {
      ASSIGN_OR_RETURN(std::string phrase, ReadQuoted());
      size_t p = 0;
      while (p < phrase.size()) {
        while (p < phrase.size() && IsSpace(phrase[p])) ++p;
        const size_t start = p;
        while (p < phrase.size() && !IsSpace(phrase[p])) ++p;
        if (p > start) leaf.words.emplace_back(phrase.substr(start, p - start));
      }
      if (leaf.words.empty()) return Error("an empty phrase", "put words between the quotes");
      leaf.kind = leaf.words.size() == 1 ? QueryNode::Kind::kTerm : QueryNode::Kind::kPhrase;
      RETURN_IF_ERROR(CountLeaf());
      if (field != QueryField::kUrl) {  // an address's words are not the text's
        for (const auto& w : leaf.words) query_->highlight_words.push_back(w);
      }
      return leaf;
    }
    std::string word = ReadWord();
    if (word.empty()) return Error("a missing word", "finish the query");
    if (word.back() == '*') {
      word.pop_back();
      if (word.size() < 2 || word.find('*') != std::string::npos) {
        return Error("a prefix shorter than two characters (or a '*' inside a word)",
                     "give at least two characters before the '*', as in trump*");
      }
      if (field == QueryField::kUrl && !std::all_of(word.begin(), word.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || (c & 0x80) != 0;
          })) {
        return Error("a url: prefix of several parts",
                     "give one part of the address before the '*', as in url:guardian*");
      }
      leaf.kind = QueryNode::Kind::kPrefix;
    } else {
      leaf.kind = QueryNode::Kind::kTerm;
    }
    RETURN_IF_ERROR(CountLeaf());
    if (field != QueryField::kUrl) query_->highlight_words.push_back(word);
    leaf.words.push_back(std::move(word));
    return leaf;
  }

  // field:value for a filter. Returns true when it consumed a filter.
  Result<bool> ParseFilter(std::string_view name) {
    if (name == "date") {
      SkipSpace();
      DateRange range;
      if (pos_ < s_.size() && (s_[pos_] == '[' || s_[pos_] == '{')) {
        const size_t close = s_.find_first_of("]}", pos_);
        if (close == std::string_view::npos) {
          return Error("an unclosed date range", "write date:[2016-05-01 TO 2016-05-31]");
        }
        std::string_view inside = s_.substr(pos_ + 1, close - pos_ - 1);
        const size_t to = inside.find(" TO ");
        if (to == std::string_view::npos) {
          return Error("a date range without \" TO \"", "write date:[2016-05-01 TO 2016-05-31]");
        }
        auto trim = [](std::string_view v) {
          while (!v.empty() && IsSpace(v.front())) v.remove_prefix(1);
          while (!v.empty() && IsSpace(v.back())) v.remove_suffix(1);
          return v;
        };
        const std::string_view from = trim(inside.substr(0, to)), until = trim(inside.substr(to + 4));
        if (from != "*") {
          auto b = DateBound(from, false);
          if (!b.ok()) return Error(b.status().message(), "use YYYY, YYYY-MM or YYYY-MM-DD");
          range.from = *b;
        }
        if (until != "*") {
          auto b = DateBound(until, true);
          if (!b.ok()) return Error(b.status().message(), "use YYYY, YYYY-MM or YYYY-MM-DD");
          range.to = *b;
        }
        pos_ = close + 1;
      } else {
        const std::string v = ReadWord();
        auto lo = DateBound(v, false);
        auto hi = DateBound(v, true);
        if (!lo.ok() || !hi.ok()) {
          return Error("a date filter \"" + v + "\" that is not a date",
                       "use date:2016, date:2016-05, date:2016-05-07 or date:[A TO B]");
        }
        range.from = *lo;
        range.to = *hi;
      }
      if (query_->date) Narrow(&range, *query_->date);  // two date filters: both apply
      query_->date = range;
      return true;
    }
    if (name == "story") {
      SkipSpace();
      const std::string v = ReadWord();
      const bool number = !v.empty() && v.size() <= 9 &&
                          v.find_first_not_of("0123456789") == std::string::npos;
      if (!number) {
        return Error("a story filter \"" + v + "\" that is not a story number",
                     "write story:12 (`storyline stories` lists the numbers)");
      }
      query_->stories.push_back(static_cast<uint32_t>(std::stoul(v)));
      return true;
    }
    if (name == "source" || name == "lang" || name == "language" || name == "entity") {
      SkipSpace();
      std::string v;
      if (pos_ < s_.size() && s_[pos_] == '"') {
        ASSIGN_OR_RETURN(v, ReadQuoted());
      } else {
        v = ReadWord();
      }
      if (v.empty()) return Error("a " + std::string(name) + " filter without a value",
                                  "write " + std::string(name) + ":VALUE");
      (name == "source"   ? query_->sources
       : name == "entity" ? query_->entities
                          : query_->languages)
          .push_back(v);
      return true;
    }
    return false;
  }

  Result<QueryNode> ParseClauses(int depth, QueryField field = QueryField::kAny) {
    if (depth > kMaxQueryDepth) {
      return Error("parentheses nested more than " + std::to_string(kMaxQueryDepth) + " deep",
                   "simplify the query");
    }
    struct Clause {
      enum Occur { kShould, kMust, kMustNot } occur;
      QueryNode node;
    };
    std::vector<Clause> clauses;
    bool pending_and = false, pending_or = false;
    while (true) {
      SkipSpace();
      if (pos_ >= s_.size() || s_[pos_] == ')') break;
      const std::string_view op = PeekOperator();
      if (op == "AND" || op == "&&" || op == "OR" || op == "||") {
        if (clauses.empty() || pending_and || pending_or) {
          return Error("\"" + std::string(op) + "\" with nothing before it",
                       "put a word on both sides of it");
        }
        (op == "AND" || op == "&&" ? pending_and : pending_or) = true;
        pos_ += op.size();
        continue;
      }
      Clause::Occur occur = Clause::kShould;
      bool modified = false;
      if (op == "NOT") {
        pos_ += 3;
        occur = Clause::kMustNot;
        modified = true;
      } else if (s_[pos_] == '+' || s_[pos_] == '-' || s_[pos_] == '!') {
        occur = s_[pos_] == '+' ? Clause::kMust : Clause::kMustNot;
        modified = true;
        ++pos_;
        if (pos_ >= s_.size() || IsSpace(s_[pos_])) {
          --pos_;
          return Error("a lone '" + std::string(1, s_[pos_]) + "'",
                       "attach it to a word, as in +khan or -clinton");
        }
      }
      // field:value
      QueryField leaf_field = field;
      const size_t colon = s_.find(':', pos_);
      if (colon != std::string_view::npos && colon > pos_) {
        const std::string_view name = s_.substr(pos_, colon - pos_);
        bool is_name = true;
        for (char ch : name) {
          if (!std::isalpha(static_cast<unsigned char>(ch))) is_name = false;
        }
        if (is_name) {
          const size_t saved = pos_;
          pos_ = colon + 1;
          if (name == "title" || name == "body" || name == "text" || name == "url") {
            leaf_field = name == "title" ? QueryField::kTitle
                         : name == "url" ? QueryField::kUrl
                                         : QueryField::kBody;
          } else {
            ASSIGN_OR_RETURN(bool filter, ParseFilter(name));
            if (!filter) {
              pos_ = saved;
              return Error("an unknown field \"" + std::string(name) + "\"",
                           "use title:, body:, url:, date:, source:, lang:, entity: or story: (or "
                           "quote the word)");
            }
            if (modified && occur != Clause::kMust) {
              return Error("a negated filter", "filters only include; remove the '-' or NOT");
            }
            pending_and = pending_or = false;
            continue;
          }
        }
      }
      ASSIGN_OR_RETURN(QueryNode node, ParsePrimary(leaf_field, depth));
      if (!modified && pending_and) occur = Clause::kMust;
      if (pending_and && !clauses.empty() && clauses.back().occur == Clause::kShould) {
        clauses.back().occur = Clause::kMust;  // "a AND b": both required
      }
      pending_and = pending_or = false;
      clauses.push_back({occur, std::move(node)});
    }
    if (pending_and || pending_or) {
      return Error("an operator with nothing after it", "put a word after AND / OR");
    }
    QueryNode b;
    b.kind = QueryNode::Kind::kBool;
    for (Clause& c : clauses) {
      (c.occur == Clause::kMust ? b.must : c.occur == Clause::kMustNot ? b.must_not : b.should)
          .push_back(std::move(c.node));
    }
    if (depth > 0 && b.must.empty() && b.should.empty()) {
      return Error("a group with nothing to search for", "put a word in the parentheses");
    }
    return b;
  }

  std::string_view s_;
  size_t pos_ = 0;
  size_t leaves_ = 0;
  Query* query_ = nullptr;
};

}  // namespace

void Narrow(DateRange* range, const DateRange& other) {
  if (other.from > range->from) range->from = other.from;
  if (!other.to.empty() && (range->to.empty() || other.to < range->to)) range->to = other.to;
}

Result<std::string> DateBound(std::string_view text, bool upper) {
  int y = 0, m = 0, d = 0;
  auto digits = [&](size_t from, size_t n, int* out) {
    if (from + n > text.size()) return false;
    int v = 0;
    for (size_t i = from; i < from + n; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
      v = v * 10 + (text[i] - '0');
    }
    *out = v;
    return true;
  };
  const bool ok = (text.size() == 4 && digits(0, 4, &y)) ||
                  (text.size() == 7 && digits(0, 4, &y) && text[4] == '-' && digits(5, 2, &m)) ||
                  (text.size() == 10 && digits(0, 4, &y) && text[4] == '-' && digits(5, 2, &m) &&
                   text[7] == '-' && digits(8, 2, &d));
  if (!ok || (text.size() >= 7 && (m < 1 || m > 12)) || (text.size() == 10 && (d < 1 || d > 31))) {
    return InvalidArgument("\"" + std::string(text) + "\" is not a date");
  }
  if (text.size() == 4) {
    m = upper ? 12 : 1;
  }
  if (text.size() <= 7) {
    static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    d = upper ? kDays[m - 1] : 1;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return std::string(buf);
}

Result<Query> ParseQuery(std::string_view text) { return Parser(text).Parse(); }

}  // namespace storyline
