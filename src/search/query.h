// Query: the parsed form of a search query, and QueryParser, which reads the query language
// people already know from Lucene, Elasticsearch and Google:
//
//   khan trump            either word (ranked by BM25: documents with both come first)
//   khan AND trump        both; "&&" too          khan OR trump     either; "||" too
//   +khan +trump -clinton must, must, must not    NOT clinton, khan NOT clinton, !clinton
//   "sadiq khan"          the words in this order (a phrase)
//   title:khan            in one field: title, body (default: both, the title boosted)
//   url:bbc.co.uk         in the article's URL (its runs of letters and digits: a phrase here)
//   trump*                words starting with "trump" (at least 2 characters before the *)
//   (khan OR mamdani) AND trump                   grouping
//   date:[2016-05-01 TO 2016-05-31]  date:2016-05  source:"Press TV"  lang:en   filters
//   entity:"Sadiq Khan"  story:12                                               filters
//
// Operators are case-sensitive (AND, OR, NOT), as in Lucene; lower-case "and" is a word.
// Filters restrict the results and take no part in ranking; the rest must leave something to
// rank (a query of filters alone, or only negations, is InvalidArgument with a message).
// Malformed input (an unclosed quote or parenthesis, a field without a value, an operator with
// nothing on one side, an unknown field, a bad date) is InvalidArgument naming the position and
// what to do; the parser never crashes and bounds its work (at most kMaxQueryClauses leaves and
// kMaxQueryDepth levels of parentheses).
//
// Thread-safety: Query is a plain value; QueryParser is stateless.
#ifndef STORYLINE_SEARCH_QUERY_H_
#define STORYLINE_SEARCH_QUERY_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storyline/status.h"

namespace storyline {

inline constexpr size_t kMaxQueryClauses = 1024;
inline constexpr int kMaxQueryDepth = 32;

enum class QueryField : uint8_t { kAny, kTitle, kBody, kUrl };

struct QueryNode {
  enum class Kind : uint8_t { kTerm, kPhrase, kPrefix, kBool };
  Kind kind = Kind::kBool;
  QueryField field = QueryField::kAny;
  std::vector<std::string> words;  // kTerm: one word; kPhrase: several; kPrefix: the prefix
  // kBool: documents must match every `must`, none of `must_not`, and at least one `should`
  // when there is no `must` (the shoulds then only add to the score).
  std::vector<QueryNode> must, should, must_not;
};

// A date filter: inclusive days "YYYY-MM-DD" (from/to may be open).
struct DateRange {
  std::string from, to;
};

// Narrows `range` to its intersection with `other` (an empty bound is open).
void Narrow(DateRange* range, const DateRange& other);

struct Query {
  QueryNode root;
  std::optional<DateRange> date;
  // Any of them (source:"Press TV"): a source named so, or whose name holds these words in a
  // row, case aside (the engine's SearchIndex matches them).
  std::vector<std::string> sources;
  std::vector<std::string> languages;  // any of them (lang:en)
  // Every one of them (entity:"Sadiq Khan" entity:trump): a name or alias of an entity.
  std::vector<std::string> entities;
  // Any of them (story:12 story:40): a story's number (`storyline stories`).
  std::vector<uint32_t> stories;
  // "khan trump" -> the words as typed, for highlighting.
  std::vector<std::string> highlight_words;
};

Result<Query> ParseQuery(std::string_view text);

// Normalises a date bound for DateRange: "2016", "2016-05", "2016-05-07" -> inclusive day bound
// ("2016" as a lower bound is "2016-01-01", as an upper bound "2016-12-31"); InvalidArgument
// otherwise.
Result<std::string> DateBound(std::string_view text, bool upper);

}  // namespace storyline

#endif  // STORYLINE_SEARCH_QUERY_H_
