#include "analysis/language_identifier.h"

// clang-format off
#include <cstdio>  // compact_lang_det.h uses FILE without including <cstdio>
#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>
// clang-format on

#include <algorithm>
#include <cstdint>

#include "common/utf8.h"

namespace storyline {
namespace {

// CLD2 rejects text holding characters that are not "interchange valid" (C0 controls other than
// tab, line feed and carriage return, DEL, C1 controls, noncharacters) and answers UNKNOWN. Real
// articles carry stray controls, so they are turned into spaces first.
size_t NonInterchangeLength(std::string_view s, size_t i) {
  const auto c = static_cast<uint8_t>(s[i]);
  if (c < 0x80) return ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) ? 1 : 0;
  size_t j = i;
  const char32_t cp = DecodeUtf8(s, &j);
  const bool bad =
      (cp >= 0x80 && cp <= 0x9F) || (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
  return bad ? j - i : 0;
}

bool HasNonInterchangeCharacters(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<uint8_t>(s[i]);
    if (c < 0x20 || c == 0x7F || c == 0xC2 || c == 0xEF || c >= 0xF0) {
      if (NonInterchangeLength(s, i) != 0) return true;
    }
  }
  return false;
}

std::string ReplaceNonInterchangeCharacters(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const size_t bad = NonInterchangeLength(s, i);
    if (bad != 0) {
      out.append(bad, ' ');
      i += bad;
      continue;
    }
    size_t j = i;
    DecodeUtf8(s, &j);
    out.append(s.substr(i, j - i));
    i = j;
  }
  return out;
}

}  // namespace

LanguageGuess IdentifyLanguage(std::string_view utf8_text) {
  LanguageGuess guess{"und", false, 0};
  std::string_view text = Utf8Prefix(utf8_text, kLanguageIdPrefixBytes);
  if (text.empty()) return guess;
  std::string repaired;
  if (!IsValidUtf8(text)) {
    repaired = RepairUtf8(text, nullptr);
    text = repaired;
  }
  std::string sanitized;
  if (HasNonInterchangeCharacters(text)) {
    sanitized = ReplaceNonInterchangeCharacters(text);
    text = sanitized;
  }

  CLD2::CLDHints hints{nullptr, nullptr, CLD2::UNKNOWN_ENCODING, CLD2::UNKNOWN_LANGUAGE};
  CLD2::Language language3[3];
  int percent3[3] = {0, 0, 0};
  double normalized_score3[3];
  int text_bytes = 0;
  bool is_reliable = false;
  int valid_prefix_bytes = 0;
  // The CheckUTF8 entry point re-validates: CLD2 stops at the first byte it does not accept
  // (interchange-invalid code points such as C1 controls), where the plain entry point would not.
  const CLD2::Language lang = CLD2::ExtDetectLanguageSummaryCheckUTF8(
      text.data(), static_cast<int>(text.size()), /*is_plain_text=*/true, &hints, /*flags=*/0,
      language3, percent3, normalized_score3, /*resultchunkvector=*/nullptr, &text_bytes,
      &is_reliable, &valid_prefix_bytes);
  (void)valid_prefix_bytes;  // the text was made interchange valid above
  if (lang == CLD2::UNKNOWN_LANGUAGE || lang == CLD2::TG_UNKNOWN_LANGUAGE) return guess;
  std::string code = CLD2::LanguageCode(lang);
  // Regional and script variants ("zh-Hant", "pt-PT") keep only the language.
  if (size_t dash = code.find('-'); dash != std::string::npos) code.resize(dash);
  if (code.empty() || code == "un" || code == "xxx") return guess;
  guess.code = std::move(code);
  guess.reliable = is_reliable;
  guess.percent = percent3[0];
  return guess;
}

namespace {

// Frequent English function words that are not common words of other languages written in the
// Latin script ("a", "in", "is", "die", "de" ... are left out on purpose), packed into integers
// (at most 5 ASCII bytes) so the test costs a few integer compares per word.
constexpr uint64_t Pack(std::string_view w) {
  uint64_t v = 0;
  for (char c : w) v = (v << 8) | static_cast<unsigned char>(c);
  return v;
}
constexpr uint64_t kThe = Pack("the");
constexpr uint64_t kEnglishFunctionWords[] = {
    Pack("the"),  Pack("of"),    Pack("and"),   Pack("to"),    Pack("that"),  Pack("with"),
    Pack("for"),  Pack("was"),   Pack("were"),  Pack("which"), Pack("said"),  Pack("from"),
    Pack("this"), Pack("have"),  Pack("has"),   Pack("would"), Pack("will"),  Pack("been"),
    Pack("their"), Pack("they"), Pack("it"),    Pack("by"),    Pack("are"),   Pack("he"),
    Pack("his"),  Pack("she"),   Pack("her"),   Pack("not"),   Pack("but"),   Pack("or"),
    Pack("an"),   Pack("at"),    Pack("as"),    Pack("who"),   Pack("had"),   Pack("after"),
    Pack("about"), Pack("there"), Pack("could"), Pack("its")};

// An open-addressing table of the words above: one multiply and usually one compare per word.
class FunctionWordTable {
 public:
  FunctionWordTable() {
    for (uint64_t w : kEnglishFunctionWords) {
      size_t i = Slot(w);
      while (slots_[i] != 0) i = (i + 1) % kSlots;
      slots_[i] = w;
    }
  }
  bool Contains(uint64_t packed) const {
    for (size_t i = Slot(packed);; i = (i + 1) % kSlots) {
      if (slots_[i] == packed) return true;
      if (slots_[i] == 0) return false;
    }
  }

 private:
  static constexpr size_t kSlots = 128;  // a power of two, over three times the words
  static size_t Slot(uint64_t w) { return (w * 0x9E3779B97F4A7C15ULL) >> 57; }
  uint64_t slots_[kSlots] = {};
};

bool IsEnglishFunctionWord(uint64_t packed) {
  static const FunctionWordTable table;
  return packed != 0 && table.Contains(packed);
}

}  // namespace

LanguageGuess IdentifyLanguage(std::string_view text, const std::vector<Token>& tokens,
                               size_t cld2_bytes) {
  int words = 0, function_words = 0, the = 0;
  for (const Token& t : tokens) {
    if (t.kind != TokenKind::kWord) continue;
    if (++words > 200) {
      words = 200;
      break;
    }
    size_t n = t.end - t.begin;
    if (n > 5) continue;
    uint64_t packed = 0;
    bool ascii = true;
    for (size_t i = 0; i < n; ++i) {
      unsigned char c = static_cast<unsigned char>(text[t.begin + i]);
      ascii &= c < 0x80;
      packed = (packed << 8) | (c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    if (ascii && IsEnglishFunctionWord(packed)) {
      ++function_words;
      the += packed == kThe;
    }
  }
  if (words >= 40 && function_words * 5 >= words && the * 33 >= words) {
    LanguageGuess g;
    g.code = "en";
    g.reliable = true;
    g.percent = function_words * 100 / words;
    return g;
  }
  return IdentifyLanguage(Utf8Prefix(text, cld2_bytes));
}

}  // namespace storyline
