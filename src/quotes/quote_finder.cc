#include "quotes/quote_finder.h"

#include <algorithm>
#include <limits>
#include <span>
#include <string>

#include "analysis/tokenizer.h"
#include "quotes/quote_lexicon.h"
#include "quotes/quote_marks.h"

// Invariants: every span written into a Quote comes from a token or a quoted stretch of `text`,
// so it lies inside the text; token windows never cross a paragraph break (a newline).

namespace storyline {

std::string_view QuoteKindName(QuoteKind kind) {
  switch (kind) {
    case QuoteKind::kFull:
      return "full";
    case QuoteKind::kPartial:
      return "partial";
    case QuoteKind::kScare:
      return "scare";
    case QuoteKind::kTitle:
      return "title";
  }
  return "full";
}

std::string_view SpeakerKindName(SpeakerKind kind) {
  switch (kind) {
    case SpeakerKind::kNone:
      return "none";
    case SpeakerKind::kName:
      return "name";
    case SpeakerKind::kPronoun:
      return "pronoun";
    case SpeakerKind::kDescription:
      return "description";
  }
  return "none";
}

namespace {

// Tokens given by the caller are used only when they are in order and inside the text.
bool TokensFit(const std::vector<Token>& tokens, size_t text_size) {
  uint32_t prev_end = 0;
  for (const Token& t : tokens) {
    if (t.begin < prev_end || t.end < t.begin || t.end > text_size) return false;
    prev_end = t.end;
  }
  return true;
}

constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();
constexpr uint32_t kMaxPhrase = 10;  // tokens in a speaker phrase
constexpr uint32_t kMaxLeftWindow = 40;
constexpr uint32_t kMaxRightWindow = 30;

// Tokens [first, end) of a speaker phrase.
struct Phrase {
  uint32_t first = kNone;
  uint32_t end = kNone;
  // End of the head part when the phrase runs on with a preposition ("A spokeswoman | for the
  // committee"); kNone when the head ends the phrase.
  uint32_t head_end = kNone;
  uint32_t HeadEnd() const { return head_end == kNone ? end : head_end; }
  bool empty() const { return first == kNone || first >= end; }
};

// The attribution found for one quote.
struct Attribution {
  uint32_t cue_first = kNone, cue_end = kNone;
  Phrase speaker;
  uint32_t end_byte = 0;  // end of the attribution's last token (cue or speaker)
  bool found() const { return cue_first != kNone; }
};

class QuoteScanner {
 public:
  QuoteScanner(std::string_view text, const std::vector<Token>* tokens,
               const std::vector<EntityMention>& mentions,
               const std::vector<ArticleEntity>& entities)
      : text_(text), entities_(entities) {
    if (tokens != nullptr && !TokensFit(*tokens, text_.size())) tokens = nullptr;
    if (tokens == nullptr) {
      Tokenizer().Tokenize(text_, &own_tokens_);
      tokens = &own_tokens_;
    }
    tokens_ = std::span<const Token>(*tokens);
    // Word classes are looked up lazily: only the tokens around quotation marks are ever asked.
    classes_.assign(tokens_.size(), kUnknownClass);
    token_mention_.assign(tokens_.size(), -1);
    for (const EntityMention& m : mentions) {
      if (m.field != ArticleField::kText || m.end > text_.size() || m.begin >= m.end) continue;
      if (m.entity >= entities_.size()) continue;
      mentions_.push_back(m);
    }
    std::sort(mentions_.begin(), mentions_.end(),
              [](const EntityMention& a, const EntityMention& b) { return a.begin < b.begin; });
    for (size_t k = 0; k < mentions_.size(); ++k) {
      for (uint32_t i = TokenAt(mentions_[k].begin);
           i < tokens_.size() && tokens_[i].end <= mentions_[k].end; ++i) {
        token_mention_[i] = static_cast<int32_t>(k);
      }
    }
  }

  std::vector<Quote> Run() {
    stretches_ = FindQuotedStretches(text_);
    in_quote_.assign(tokens_.size(), 0);
    for (const QuotedStretch& q : stretches_) {
      for (const TextSpan& p : q.parts) {
        for (uint32_t i = TokenAt(p.begin); i < tokens_.size() && tokens_[i].begin < p.end; ++i) {
          in_quote_[i] = 1;
        }
      }
    }
    for (size_t k = 0; k < mentions_.size(); ++k) {
      uint32_t t = TokenAt(mentions_[k].begin);
      if (mentions_[k].type == EntityType::kPer && (t >= tokens_.size() || !in_quote_[t])) {
        persons_outside_.push_back(static_cast<uint32_t>(k));
      }
    }
    std::vector<Quote> out;
    out.reserve(stretches_.size());
    Attribution prev_attr;
    const QuotedStretch* prev_stretch = nullptr;
    bool prev_right = false;  // the previous quote's attribution follows it
    for (const QuotedStretch& q : stretches_) {
      Quote quote;
      quote.parts = q.parts;
      quote.content = {q.parts.front().begin, q.parts.back().end};
      quote.kind = Kind(q);
      const uint32_t open_tok = TokenAt(q.open_begin);
      Attribution right = q.closed ? RightAttribution(q) : Attribution{};
      // A quote split by its attribution: “A,” he said, “B.” -> one quote, two parts.
      if (!out.empty() && prev_right && out.back().kind == QuoteKind::kFull && !right.found() &&
          SplitContinuation(prev_attr, q)) {
        Quote& prev = out.back();
        prev.parts.insert(prev.parts.end(), q.parts.begin(), q.parts.end());
        prev.content.end = q.parts.back().end;
        prev_stretch = &q;
        prev_right = false;
        continue;
      }
      Attribution attr;
      bool from_right = false;
      if (right.found() && (EndsClause(q) || quote.kind == QuoteKind::kFull)) {
        attr = right;
        from_right = true;
      }
      if (!attr.found()) attr = LeftAttribution(q, open_tok, quote.kind != QuoteKind::kFull);
      if (!attr.found() && right.found()) {
        attr = right;
        from_right = true;
      }
      if (attr.found()) {
        quote.cue = {tokens_[attr.cue_first].begin, tokens_[attr.cue_end - 1].end};
        SetSpeaker(attr.speaker, out, &quote);
      } else if (quote.kind == QuoteKind::kFull && !out.empty() && prev_stretch != nullptr &&
                 out.back().speaker_kind != SpeakerKind::kNone &&
                 FollowsClosely(*prev_stretch, q)) {
        // No cue of its own right after an attributed quote: the same speaker goes on.
        const Quote& prev = out.back();
        quote.speaker_kind = prev.speaker_kind;
        quote.speaker = prev.speaker;
        quote.speaker_entity = prev.speaker_entity;
        quote.inherited = true;
      }
      prev_attr = attr;
      prev_right = from_right;
      prev_stretch = &q;
      out.push_back(std::move(quote));
    }
    return out;
  }

 private:
  static constexpr uint32_t kUnknownClass = 0x80000000u;
  static constexpr uint32_t kPossessiveClass = 0x40000000u;  // "'s", "’s"

  // The lexicon classes of token i (0 for non-words), computed on first use.
  uint32_t Cls(uint32_t i) const {
    uint32_t c = classes_[i];
    if (c != kUnknownClass) return c;
    c = 0;
    const Token& t = tokens_[i];
    if (t.kind == TokenKind::kWord) {
      LowerQuoteWord(TokenText(text_, t), &lower_);
      c = QuoteWordClasses(lower_);
      if (lower_ == "'s") c |= kPossessiveClass;
      // A capitalised cue word is mostly a name or a noun ("State spokesman", "Post"): only past
      // forms stay cues ("Tweeted").
      if ((c & (kQwCue | kQwPartialCue | kQwParticiple)) && (t.flags & kCapitalized) &&
          !lower_.ends_with("ed") && lower_ != "said" && lower_ != "told" && lower_ != "wrote" &&
          lower_ != "according") {
        c &= ~(kQwCue | kQwPartialCue | kQwParticiple);
      }
      // A lower-case word in -ly is an adverb ("immediately said"), unless it is a known noun.
      if (c == 0 && !(t.flags & kCapitalized) && lower_.size() >= 5 && lower_.ends_with("ly") &&
          lower_ != "family" && lower_ != "assembly" && lower_ != "supply" && lower_ != "rally" &&
          lower_ != "anomaly" && lower_ != "monopoly") {
        c = kQwAdverb | kQwStop;
      }
    }
    classes_[i] = c;
    return c;
  }
  // A lower-case word in -ed (a verb more often than not inside a would-be speaker phrase).
  bool IsPastVerbLike(uint32_t i) const {
    std::string_view w = Text(i);
    return !IsCapitalized(i) && w.size() > 4 && w.ends_with("ed") &&
           !(tokens_[i].flags & kHyphenated);
  }
  bool Possessive(uint32_t i) const { return (Cls(i) & kPossessiveClass) != 0; }

  uint32_t TokenAt(uint32_t byte) const {
    auto it = std::lower_bound(tokens_.begin(), tokens_.end(), byte,
                               [](const Token& t, uint32_t b) { return t.begin < b; });
    return static_cast<uint32_t>(it - tokens_.begin());
  }

  std::string_view Text(uint32_t i) const { return TokenText(text_, tokens_[i]); }

  bool BreakBetween(uint32_t from_byte, uint32_t to_byte) const {
    if (to_byte <= from_byte) return false;
    return text_.substr(from_byte, to_byte - from_byte).find('\n') != std::string_view::npos;
  }

  bool IsWord(uint32_t i) const {
    return tokens_[i].kind == TokenKind::kWord || tokens_[i].kind == TokenKind::kNumber;
  }
  bool IsCapitalized(uint32_t i) const { return (tokens_[i].flags & kCapitalized) != 0; }

  bool IsQuoteMark(uint32_t i) const {
    std::string_view s = Text(i);
    return s == "\"" || s == "\xE2\x80\x9C" || s == "\xE2\x80\x9D" || s == "\xE2\x80\x9E" ||
           s == "\xC2\xAB" || s == "\xC2\xBB" || s == "\xE2\x80\x98" || s == "\xE2\x80\x99";
  }
  bool IsTerminator(uint32_t i) const {
    std::string_view s = Text(i);
    return s == "." || s == "!" || s == "?" || s == "?!" || s == "..." || s == "\xE2\x80\xA6";
  }

  // The first letter of the quote's content (skipping spaces, dots and dashes) is upper case.
  bool StartsUpper(const QuotedStretch& q) const {
    for (uint32_t i = q.parts.front().begin; i < q.parts.front().end; ++i) {
      auto c = static_cast<unsigned char>(text_[i]);
      if (c >= 'A' && c <= 'Z') return true;
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return false;
      if (c >= 0xC3 && c < 0xE0) return false;  // a letter with a diacritic: assume lower case
    }
    return true;  // "… if the" or nothing but marks: treat as a quote of its own
  }

  // The content ends with a comma, a dash or ?/! before the closing mark: an attribution follows.
  bool EndsClause(const QuotedStretch& q) const {
    const TextSpan& last = q.parts.back();
    uint32_t e = last.end;
    while (e > last.begin && text_[e - 1] == ' ') --e;
    if (e == last.begin) return false;
    char c = text_[e - 1];
    if (c == ',' || c == '?' || c == '!' || c == '-') return true;
    return e >= last.begin + 3 && static_cast<unsigned char>(text_[e - 3]) == 0xE2 &&
           static_cast<unsigned char>(text_[e - 2]) == 0x80 &&
           (static_cast<unsigned char>(text_[e - 1]) == 0x94 ||
            static_cast<unsigned char>(text_[e - 1]) == 0x93);
  }

  QuoteKind Kind(const QuotedStretch& q) const {
    uint32_t open_tok = TokenAt(q.open_begin);
    bool full;
    if (open_tok == 0 || BreakBetween(tokens_[open_tok - 1].end, q.open_begin)) {
      full = true;
    } else {
      uint32_t p = open_tok - 1;
      std::string_view s = Text(p);
      if (s == ":" || IsTerminator(p) || IsQuoteMark(p)) {
        full = true;
      } else if (s == ",") {
        full = StartsUpper(q);
      } else if ((Cls(p) & kQwCue) && !(Cls(p) & kQwStop)) {
        full = StartsUpper(q);
      } else {
        full = false;
      }
    }
    if (full) return QuoteKind::kFull;
    uint32_t words = 0;
    bool title_case = true;  // every word capitalised but short function words
    for (const TextSpan& part : q.parts) {
      for (uint32_t i = TokenAt(part.begin); i < tokens_.size() && tokens_[i].end <= part.end;
           ++i) {
        if (!IsWord(i) || Possessive(i)) continue;
        ++words;
        if (!IsCapitalized(i) && tokens_[i].kind == TokenKind::kWord && Text(i).size() > 3) {
          title_case = false;
        }
      }
    }
    if (words <= 2) return QuoteKind::kScare;
    return title_case && words <= 8 ? QuoteKind::kTitle : QuoteKind::kPartial;
  }

  // A speaker phrase that ends just before token `end` (exclusive), looking back no further than
  // `lo`: optional determiner, names, capitalised and content words, possessives; a phrase after
  // "of", "for", "to", "at", "from", "with" or "in" joins a description before it that
  // starts with a determiner ("a longtime adviser to Trump").
  Phrase BackwardPhrase(uint32_t end, uint32_t lo) const {
    Phrase np = BackwardPhraseCore(end, lo);
    if (np.empty() || np.first <= lo + 1) return np;
    uint32_t prep = np.first - 1;
    std::string lower;
    LowerQuoteWord(Text(prep), &lower);
    if (lower != "of" && lower != "for" && lower != "to" && lower != "at" && lower != "from" &&
        lower != "with" && lower != "in") {
      return np;
    }
    Phrase outer = BackwardPhraseCore(prep, lo);
    if (outer.empty() || !(Cls(outer.first) & kQwDeterminer) || end - outer.first > 16 ||
        token_mention_[outer.end - 1] >= 0) {
      return np;
    }
    outer.head_end = outer.end;
    outer.end = np.end;
    return outer;
  }

  Phrase BackwardPhraseCore(uint32_t end, uint32_t lo) const {
    Phrase np;
    if (end == 0 || end <= lo) return np;
    uint32_t k = end;  // phrase is [k, end)
    std::string lower;
    while (k > lo && end - k < kMaxPhrase) {
      uint32_t i = k - 1;
      if (in_quote_[i] || BreakBetween(tokens_[i].end, tokens_[k < tokens_.size() ? k : i].begin)) {
        break;
      }
      if (token_mention_[i] >= 0) {
        const EntityMention& m = mentions_[token_mention_[i]];
        uint32_t first = TokenAt(m.begin);
        if (first < lo) break;
        k = first;
        continue;
      }
      if (Possessive(i)) {
        k = i;
        continue;
      }
      if (!IsWord(i)) break;
      uint32_t cls = Cls(i);
      if (tokens_[i].kind == TokenKind::kNumber && !(tokens_[i].flags & kHyphenated)) break;
      if (cls & kQwDeterminer) {
        k = i;
        break;
      }
      if (cls & kQwSubjectPronoun) {
        if (k == end) k = i;  // a pronoun is a phrase on its own
        break;
      }
      if (cls & (kQwStop | kQwCue | kQwPartialCue)) break;
      if (IsPastVerbLike(i)) break;  // "Band member Flea shared:", "woman rallied supporters"
      k = i;
    }
    if (k < end && Possessive(k)) ++k;
    if (k >= end) return np;
    np.first = k;
    np.end = end;
    return np;
  }

  // A speaker phrase that starts at token `first`, reading no further than `hi`.
  Phrase ForwardPhrase(uint32_t first, uint32_t hi, bool allow_lower = false) const {
    Phrase np;
    if (first >= hi || first >= tokens_.size()) return np;
    uint32_t k = first;
    if (in_quote_[k] || !IsWord(k)) return np;
    uint32_t cls = Cls(k);
    if (cls & kQwSubjectPronoun) {
      np.first = k;
      np.end = k + 1;
      return np;
    }
    bool det = (cls & kQwDeterminer) != 0;
    if (!det && token_mention_[k] < 0 && !IsCapitalized(k) &&
        !(allow_lower && !(Cls(k) & (kQwStop | kQwCue | kQwPartialCue)))) {
      return np;
    }
    if (det) ++k;
    while (k < hi && k - first < kMaxPhrase) {
      if (in_quote_[k] || (k > first && BreakBetween(tokens_[k - 1].end, tokens_[k].begin))) break;
      if (token_mention_[k] >= 0) {
        const EntityMention& m = mentions_[token_mention_[k]];
        while (k < hi && tokens_[k].end <= m.end) ++k;
        continue;
      }
      if (Possessive(k)) {
        ++k;
        continue;
      }
      if (!IsWord(k) || tokens_[k].kind == TokenKind::kNumber) break;
      uint32_t c = Cls(k);
      if (c & (kQwStop | kQwCue | kQwPartialCue | kQwSubjectPronoun | kQwDeterminer)) break;
      if (IsPastVerbLike(k)) break;
      ++k;
    }
    if (k == first || (det && k == first + 1)) return np;
    np.first = first;
    np.end = k;
    return np;
  }

  // Token after a bracket that opens at k and closes within a few tokens ("(D-Va.)"), else k.
  uint32_t SkipBrackets(uint32_t k, uint32_t hi) const {
    if (k >= hi || Text(k) != "(") return k;
    for (uint32_t j = k + 1; j < hi && j - k <= 8; ++j) {
      if (Text(j) == ")") return j + 1;
    }
    return k;
  }

  // "said Sen. Tammy Baldwin of Wisconsin, the only senator to endorse Sanders": a speaker after
  // its cue runs on with brackets, "of Place" and an apposition to the end of the sentence,
  // unless another clause starts there (a cue or a subject pronoun).
  Phrase ExtendInverted(Phrase np, uint32_t hi) const {
    if (np.empty() || np.end >= hi) return np;
    uint32_t e = SkipBrackets(np.end, hi);
    if (e < hi && (Text(e) == "," || Text(e) == "of") && hi - e <= 30) {
      // The apposition ends where a clause starts: a cue, a pronoun, a quote, or ", referring".
      uint32_t stop = hi;
      for (uint32_t i = e; i < hi && stop == hi; ++i) {
        if ((Cls(i) & (kQwCue | kQwSubjectPronoun | kQwParticiple)) != 0 || IsQuoteMark(i) ||
            in_quote_[i]) {
          stop = i;
        } else if (i > e && Text(i - 1) == "," && IsWord(i) && !IsCapitalized(i) &&
                   Text(i).ends_with("ing")) {
          stop = i;
        }
      }
      if (stop == hi) {
        e = hi;
      } else if (stop > e + 1 && Text(stop - 1) == ",") {
        e = stop - 1;
      }
    }
    while (e > np.end && !IsWord(e - 1) && Text(e - 1) != ")") --e;
    if (e > np.end) {
      np.head_end = np.end;
      np.end = e;
    }
    return np;
  }

  uint32_t SkipAdverbsForward(uint32_t k, uint32_t hi) const {
    while (k < hi && (Cls(k) & kQwAdverb) && !(Cls(k) & kQwCue)) ++k;
    return k;
  }
  uint32_t SkipAdverbsBackward(uint32_t k, uint32_t lo) const {  // k exclusive end
    while (k > lo && (Cls(k - 1) & kQwAdverb) && !(Cls(k - 1) & kQwCue)) --k;
    return k;
  }

  bool IsCueAt(uint32_t k, uint32_t hi, bool partial) const {
    if (k >= hi) return false;
    uint32_t c = Cls(k);
    if (!(c & kQwCue) && !(partial && (c & kQwPartialCue))) return false;
    if (Text(k) == "according" || Text(k) == "According") {
      return k + 1 < hi && Text(k + 1) == "to";
    }
    if (Text(k) == "went") return k + 1 < hi && Text(k + 1) == "on";
    if (Text(k) == "shot") return k + 1 < hi && Text(k + 1) == "back";
    return true;
  }

  void SetCue(uint32_t k, Attribution* a) const {
    a->cue_first = k;
    a->cue_end = k + 1;
    std::string_view w = Text(k);
    if ((w == "according" || w == "According") && k + 1 < tokens_.size()) a->cue_end = k + 2;
    if ((w == "pointed" || w == "went" || w == "shot" || w == "summed" || w == "chimed") &&
        k + 1 < tokens_.size() && IsWord(k + 1)) {
      std::string_view p = Text(k + 1);
      if (p == "out" || p == "on" || p == "back" || p == "up" || p == "in") a->cue_end = k + 2;
    }
  }

  void FinishEnd(Attribution* a) const {
    a->end_byte = tokens_[a->cue_end - 1].end;
    if (!a->speaker.empty()) a->end_byte = std::max(a->end_byte, tokens_[a->speaker.end - 1].end);
  }

  // The attribution right after the closing mark: “...,” he said / said Khan / Khan added.
  Attribution RightAttribution(const QuotedStretch& q) const {
    Attribution a;
    uint32_t t = TokenAt(q.close_end);
    if (t >= tokens_.size() || BreakBetween(q.close_end, tokens_[t].begin)) return a;
    std::string_view s = Text(t);
    if (s == "," || s == "\xE2\x80\x94" || s == "\xE2\x80\x93") ++t;
    uint32_t hi = t;
    while (hi < tokens_.size() && hi - t < kMaxRightWindow && !IsTerminator(hi) &&
           !IsQuoteMark(hi) && !in_quote_[hi] &&
           !(hi > t && BreakBetween(tokens_[hi - 1].end, tokens_[hi].begin))) {
      ++hi;
    }
    if (t >= hi) return a;
    if (IsCueAt(t, hi, false)) {
      SetCue(t, &a);
      a.speaker = ExtendInverted(ForwardPhrase(a.cue_end, hi, /*allow_lower=*/true), hi);
      FinishEnd(&a);
      return a;
    }
    Phrase np = ForwardPhrase(t, hi);
    if (np.empty()) return LaterCue(t, hi);
    uint32_t k = SkipBrackets(np.end, hi);
    if (k < hi && Text(k) == ",") {
      // “...,” Ramos, 58, told AFP / Murphy, the head of Right to Rise USA, tweeted.
      uint32_t j = k + 1;
      while (j < hi && Text(j) != ",") ++j;
      if (j < hi && j - k <= 16) k = j + 1;
    }
    if (k > np.end) {
      np.head_end = np.end;
      np.end = Text(k - 1) == "," ? k - 1 : k;
    }
    k = SkipAdverbsForward(k, hi);
    if (!IsCueAt(k, hi, false)) return LaterCue(t, hi);
    SetCue(k, &a);
    a.speaker = np;
    FinishEnd(&a);
    return a;
  }

  // “...,” election law expert Rick Hasen tweeted / “...” at the convention, he said: the first
  // cue in [t, hi) with a speaker phrase right before it that starts the window or follows a
  // comma.
  Attribution LaterCue(uint32_t t, uint32_t hi) const {
    Attribution a;
    for (uint32_t c = t + 1; c < hi && c - t <= 16; ++c) {
      if (!IsCueAt(c, hi, false)) continue;
      uint32_t end = SkipAdverbsBackward(c, t);
      Phrase np = BackwardPhrase(end, t);
      if (np.empty() && c > t && Text(c - 1) == ",") {
        // “...” about fixing inequality, said Mary Smith.
        Phrase inverted = ExtendInverted(ForwardPhrase(c + 1, hi, /*allow_lower=*/true), hi);
        if (inverted.empty()) return a;
        SetCue(c, &a);
        a.speaker = inverted;
        FinishEnd(&a);
        return a;
      }
      if (np.empty()) return a;
      if (np.first != t && Text(np.first - 1) != ",") return a;
      SetCue(c, &a);
      a.speaker = np;
      FinishEnd(&a);
      return a;
    }
    return a;
  }

  // The attribution in the sentence before the opening mark: Khan told reporters: “...”.
  Attribution LeftAttribution(const QuotedStretch& q, uint32_t open_tok, bool partial) const {
    Attribution a;
    if (open_tok == 0) return a;
    uint32_t lo = open_tok;
    bool crossed = false;  // the quote opens a paragraph after one that ends with a colon
    while (lo > 0 && open_tok - lo < kMaxLeftWindow) {
      uint32_t i = lo - 1;
      uint32_t next_begin = lo < tokens_.size() ? tokens_[lo].begin : q.open_begin;
      if (BreakBetween(tokens_[i].end, next_begin)) {
        if (lo != open_tok || crossed || Text(i) != ":") break;
        crossed = true;
      }
      if (!in_quote_[i] && IsTerminator(i)) break;
      lo = i;
    }
    for (uint32_t k = open_tok; k > lo; --k) {
      uint32_t c = k - 1;
      if (in_quote_[c] || !IsCueAt(c, open_tok, partial)) continue;
      SetCue(c, &a);
      uint32_t end = SkipAdverbsBackward(c, lo);
      // "Khan, however, said": step over a parenthetical word between commas.
      if (end >= lo + 3 && Text(end - 1) == "," && Text(end - 3) == "," && IsWord(end - 2) &&
          !IsCapitalized(end - 2)) {
        end -= 3;
      }
      a.speaker = BackwardPhrase(end, lo);
      if (a.speaker.empty() && end > lo + 2 && Text(end - 1) == ")") {
        for (uint32_t j = end - 1; j > lo && end - j <= 8; --j) {
          if (Text(j - 1) != "(") continue;
          Phrase name = BackwardPhrase(j - 1, lo);
          if (!name.empty()) {
            name.head_end = name.HeadEnd();
            name.end = end;
            a.speaker = name;
          }
          break;
        }
      }
      if (a.speaker.empty() && end > lo + 1 && Text(end - 1) == ",") {
        // "Huma Abedin, vice chairwoman for Clinton’s campaign, said": the name before the
        // apposition.
        for (uint32_t j = end - 1; j > lo && end - j < 20; --j) {
          uint32_t i = j - 1;
          if (IsTerminator(i) || IsQuoteMark(i) || in_quote_[i]) break;
          if (Text(i) != ",") continue;
          Phrase name = BackwardPhrase(i, lo);
          if (!name.empty() && (token_mention_[name.end - 1] >= 0 || IsCapitalized(name.end - 1))) {
            name.head_end = name.HeadEnd();
            name.end = end - 1;  // the apposition, without its closing comma
            a.speaker = name;
          }
          break;
        }
      }
      std::string_view w = Text(c);
      if (a.speaker.empty() && (w == "according" || w == "According")) {
        a.speaker = ForwardPhrase(a.cue_end, open_tok);
      } else if (a.speaker.empty() && (Cls(c) & kQwParticiple)) {
        // "..., saying the candidate is “ignorant”": the subject of the clause speaks.
        a.speaker = ClauseSubject(lo, c);
      } else if (a.speaker.empty()) {
        Phrase inverted = ForwardPhrase(a.cue_end, open_tok);  // "said Khan: “...”"
        if (!inverted.empty() &&
            (inverted.end == open_tok || Text(inverted.end) == ":" || Text(inverted.end) == ",")) {
          a.speaker = inverted;
        }
      }
      FinishEnd(&a);
      return a;
    }
    // A colon: "Kerry: “...”", "She then addressed the supporters again: “...”", or a paragraph
    // ending with a colon before a block quote.
    if (open_tok >= 1 && Text(open_tok - 1) == ":") {
      Phrase np = BackwardPhrase(open_tok - 1, lo);
      if (np.empty() || !HasNameOrPronoun(np)) np = ClauseSubject(lo, open_tok - 1);
      a.cue_first = open_tok - 1;
      a.cue_end = open_tok;
      a.speaker = np;
      FinishEnd(&a);
    }
    return a;
  }

  // The subject of the clause in tokens [lo, end): the phrase that opens it when it names
  // someone and a lower-case word follows ("Democratic Party front-runner Hillary Clinton also
  // extended ..."), else the first subject pronoun or person named before a verb-like word.
  Phrase ClauseSubject(uint32_t lo, uint32_t end) const {
    auto verb_like = [&](uint32_t j) {
      return j < end && IsWord(j) && !IsCapitalized(j) && !Possessive(j) &&
             (!(Cls(j) & kQwStop) || (Cls(j) & kQwAdverb));
    };
    Phrase opening = ForwardPhrase(lo, end);
    if (!opening.empty() && HasNameOrPronoun(opening)) {
      if (verb_like(opening.end)) return opening;
      if (opening.end < end &&
          Text(opening.end) == ",") {  // "Huma Abedin, vice chairwoman, emailed"
        uint32_t j = opening.end + 1;
        while (j < end && j - opening.end <= 16 && Text(j) != ",") ++j;
        if (j < end && Text(j) == "," && verb_like(j + 1)) return opening;
      }
    }
    for (uint32_t i = lo; i < end; ++i) {
      if (in_quote_[i]) continue;
      if ((Cls(i) & kQwSubjectPronoun) && IsWord(i)) return Phrase{i, i + 1};
      if (token_mention_[i] < 0) continue;
      int32_t m = token_mention_[i];
      uint32_t j = i;
      while (j < end && token_mention_[j] == m) ++j;
      if (mentions_[m].type == EntityType::kPer && verb_like(j)) {
        Phrase np = BackwardPhraseCore(j, lo);
        if (!np.empty()) return np;
        return Phrase{i, j};
      }
      i = j - 1;
    }
    return Phrase{};
  }

  bool HasNameOrPronoun(const Phrase& np) const {
    for (uint32_t i = np.first; i < np.end; ++i) {
      if (token_mention_[i] >= 0 || (Cls(i) & kQwSubjectPronoun)) return true;
    }
    return false;
  }

  // Quote q opens right after the previous quote's attribution, with at most a few words
  // ("in a statement") and no cue between.
  bool SplitContinuation(const Attribution& prev, const QuotedStretch& q) const {
    if (!prev.found() || q.open_begin < prev.end_byte) return false;
    if (BreakBetween(prev.end_byte, q.open_begin)) return false;
    uint32_t from = TokenAt(prev.end_byte), to = TokenAt(q.open_begin);
    if (to - from > 8) return false;
    for (uint32_t i = from; i < to; ++i) {
      if (IsQuoteMark(i) || (Cls(i) & (kQwCue | kQwPartialCue | kQwParticiple))) return false;
    }
    return true;
  }

  // q starts soon after the previous quote: in the same paragraph with a few words between, or
  // as the first thing in the next paragraph.
  bool FollowsClosely(const QuotedStretch& prev, const QuotedStretch& q) const {
    uint32_t from = TokenAt(prev.close_end), to = TokenAt(q.open_begin);
    if (to < from) return false;
    uint32_t breaks = 0;
    for (uint32_t i = prev.close_end; i < q.open_begin; ++i) breaks += text_[i] == '\n';
    if (breaks == 0) return to - from <= 12;
    // The next paragraph: q must open it, and the previous paragraph must end soon after prev.
    if (to > 0 && to - 1 >= from && !BreakBetween(tokens_[to - 1].end, q.open_begin)) return false;
    uint32_t words_after = 0;
    for (uint32_t i = from; i < to; ++i) words_after += IsWord(i);
    return words_after <= 10 && breaks <= 2;
  }

  void SetSpeaker(const Phrase& np, const std::vector<Quote>& before, Quote* quote) const {
    if (np.empty()) return;
    quote->speaker = {tokens_[np.first].begin, tokens_[np.end - 1].end};
    if (np.end == np.first + 1 && (Cls(np.first) & kQwSubjectPronoun)) {
      quote->speaker_kind = SpeakerKind::kPronoun;
      if (Cls(np.first) & kQwPersonPronoun) {
        quote->speaker_entity = ResolvePersonPronoun(np.first, before);
      }
      return;
    }
    // The head mention: the last one not followed by a possessive ("London’s mayor Sadiq Khan").
    int32_t head = -1;
    uint32_t head_end_tok = 0;
    const uint32_t head_part_end = np.HeadEnd();
    for (uint32_t i = np.first; i < head_part_end;) {
      if (token_mention_[i] < 0) {
        ++i;
        continue;
      }
      int32_t m = token_mention_[i];
      uint32_t j = i;
      while (j < head_part_end && token_mention_[j] == m) ++j;
      if (!(j < tokens_.size() && Possessive(j))) {
        head = m;
        head_end_tok = j;
      }
      i = j;
    }
    if (head >= 0 && head_end_tok == head_part_end && mentions_[head].type != EntityType::kMisc) {
      quote->speaker_kind = SpeakerKind::kName;
      quote->speaker_entity = static_cast<int32_t>(mentions_[head].entity);
      return;
    }
    uint32_t last = head_part_end - 1;
    if (token_mention_[last] < 0 && IsCapitalized(last) && !(Cls(np.first) & kQwDeterminer)) {
      quote->speaker_kind = SpeakerKind::kName;  // a name the recogniser missed
      quote->speaker_entity = EntityByAlias(Text(last));
      return;
    }
    quote->speaker_kind = SpeakerKind::kDescription;
    std::string head_word;
    LowerQuoteWord(Text(last), &head_word);
    if (!(Cls(last) & kQwUnnamedHead)) quote->speaker_entity = EntityWithTitle(head_word);
  }

  // A person mention in subject position: after a clause boundary (or a title, or a
  // conjunction) and before a lower-case word or a comma ("Khan, however, said", "Trump even
  // suggested"); not possessive.
  bool IsSubjectMention(const EntityMention& m) const {
    uint32_t i = TokenAt(m.begin), j = i;
    while (j < tokens_.size() && tokens_[j].end <= m.end) ++j;
    if (j >= tokens_.size() || j == i) return false;
    if (BreakBetween(tokens_[j - 1].end, tokens_[j].begin)) return false;
    bool next_ok = Text(j) == "," || (IsWord(j) && !IsCapitalized(j) && !Possessive(j) &&
                                      !(Cls(j) & kQwStop && !(Cls(j) & kQwAdverb)));
    if (!next_ok) return false;
    if (i == 0 || BreakBetween(tokens_[i - 1].end, tokens_[i].begin)) return true;
    uint32_t p = i - 1;
    if (!IsWord(p)) return !Possessive(p);
    if (IsCapitalized(p)) return true;
    std::string lower;
    LowerQuoteWord(Text(p), &lower);
    for (std::string_view w : {"and", "but", "while", "as", "when", "because", "that", "after",
                               "before", "if", "though", "although", "yet", "so", "where"}) {
      if (lower == w) return true;
    }
    return false;
  }

  // "he"/"she" at token t: the person last named as a subject, unless an earlier quote's speaker
  // (a person) was named after that; else the last person named; within about two paragraphs.
  int32_t ResolvePersonPronoun(uint32_t t, const std::vector<Quote>& before) const {
    constexpr uint32_t kReach = 2000;  // bytes back
    const uint32_t byte = tokens_[t].begin;
    const uint32_t floor = byte > kReach ? byte - kReach : 0;
    int32_t speaker = kNoEntity;
    uint32_t speaker_pos = 0;
    for (auto it = before.rbegin(); it != before.rend(); ++it) {
      if (it->speaker.end > byte || it->speaker.begin < floor) continue;
      if (it->speaker_entity >= 0 && entities_[it->speaker_entity].type == EntityType::kPer) {
        speaker = it->speaker_entity;
        speaker_pos = it->speaker.begin;
        break;
      }
    }
    auto it = std::lower_bound(persons_outside_.begin(), persons_outside_.end(), byte,
                               [&](uint32_t k, uint32_t b) { return mentions_[k].end <= b; });
    int32_t subject = kNoEntity, last = kNoEntity;
    uint32_t subject_pos = 0;
    while (it != persons_outside_.begin()) {
      --it;
      const EntityMention& m = mentions_[*it];
      if (m.end < floor) break;
      if (last == kNoEntity) last = static_cast<int32_t>(m.entity);
      if (IsSubjectMention(m)) {
        subject = static_cast<int32_t>(m.entity);
        subject_pos = m.begin;
        break;
      }
    }
    if (subject != kNoEntity && (speaker == kNoEntity || subject_pos > speaker_pos)) return subject;
    if (speaker != kNoEntity) return speaker;
    return last;
  }

  int32_t EntityByAlias(std::string_view word) const {
    for (size_t e = 0; e < entities_.size(); ++e) {
      if (entities_[e].type != EntityType::kPer && entities_[e].type != EntityType::kOrg) continue;
      for (const std::string& alias : entities_[e].aliases) {
        if (alias == word) return static_cast<int32_t>(e);
      }
    }
    return kNoEntity;
  }

  // The person the article names with this title: "London Mayor Sadiq Khan" or "Sadiq Khan, the
  // London mayor" for "mayor"; the most frequent such person.
  int32_t EntityWithTitle(std::string_view head) const {
    std::vector<std::pair<int32_t, int>> votes;
    std::string lower;
    auto vote = [&](int32_t e) {
      for (auto& v : votes) {
        if (v.first == e) {
          ++v.second;
          return;
        }
      }
      votes.push_back({e, 1});
    };
    for (const EntityMention& m : mentions_) {
      if (m.type != EntityType::kPer) continue;
      uint32_t first = TokenAt(m.begin);
      bool found = false;
      // The title right before the name, or before capitalised words that lead to it.
      for (uint32_t i = first; i > 0 && first - i < 3 && !found; --i) {
        if (!IsWord(i - 1)) break;
        LowerQuoteWord(Text(i - 1), &lower);
        found = lower == head;
        if (!IsCapitalized(i - 1)) break;
      }
      uint32_t j = first;
      while (j < tokens_.size() && tokens_[j].end <= m.end) ++j;
      if (!found && j < tokens_.size() && Text(j) == ",") {
        for (uint32_t i = j + 1; i < tokens_.size() && i - j <= 5 && !found; ++i) {
          if (!IsWord(i) || (Cls(i) & (kQwStop | kQwCue))) break;
          LowerQuoteWord(Text(i), &lower);
          found = lower == head;
        }
      }
      if (found) vote(static_cast<int32_t>(m.entity));
    }
    int32_t best = kNoEntity;
    int best_votes = 0;
    for (const auto& v : votes) {
      if (v.second > best_votes) {
        best = v.first;
        best_votes = v.second;
      }
    }
    return best;
  }

  std::string_view text_;
  const std::vector<ArticleEntity>& entities_;
  std::vector<Token> own_tokens_;
  std::span<const Token> tokens_;
  mutable std::vector<uint32_t> classes_;
  mutable std::string lower_;
  std::vector<int32_t> token_mention_;
  std::vector<uint8_t> in_quote_;
  std::vector<EntityMention> mentions_;
  std::vector<uint32_t> persons_outside_;  // indices into mentions_, in text order
  std::vector<QuotedStretch> stretches_;
};

}  // namespace

std::vector<Quote> FindQuotes(std::string_view text, const std::vector<EntityMention>& mentions,
                              const std::vector<ArticleEntity>& entities) {
  if (text.size() >= std::numeric_limits<uint32_t>::max()) {
    text = text.substr(0, std::numeric_limits<uint32_t>::max() - 1);
  }
  return QuoteScanner(text, nullptr, mentions, entities).Run();
}

std::vector<Quote> FindQuotes(std::string_view text, const std::vector<Token>& tokens,
                              const std::vector<EntityMention>& mentions,
                              const std::vector<ArticleEntity>& entities) {
  if (text.size() >= std::numeric_limits<uint32_t>::max()) {
    text = text.substr(0, std::numeric_limits<uint32_t>::max() - 1);
  }
  return QuoteScanner(text, &tokens, mentions, entities).Run();
}

}  // namespace storyline
