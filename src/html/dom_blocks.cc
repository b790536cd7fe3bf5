// The walk runs on libxml2's SAX events: no document tree is built or freed. The events are the
// ones libxml2's own tree builder consumes (the parser, not the builder, closes and implies
// elements), so the result is the one a walk over the tree would give; what the tree builder
// adds is mirrored here: adjacent character events form one text node, text outside any
// element is dropped, and a root element opened after the first one closed becomes the first
// one's last child unless a doctype, comment or processing instruction came first (then it is
// the first one's sibling).
#include "html/dom_blocks.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <mutex>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "html/class_hints.h"
#include "html/sax_elements.h"

namespace storyline {

namespace {

constexpr size_t kMaxH1 = 4;
constexpr size_t kMaxHintTexts = 16;
constexpr size_t kMaxHintTextChars = 200;

using Atts = const xmlChar**;
using sax_elements::AppendCollapsed;
using sax_elements::Attr;
using sax_elements::AttrView;
using sax_elements::CollapseCaptured;
using sax_elements::ElementAttrs;
using sax_elements::Fnv1a;
using sax_elements::HasAttr;
using sax_elements::HasAttrs;
using sax_elements::IsHidden;
using sax_elements::KindOf;
using sax_elements::Lower;
using sax_elements::ScanAttrs;

// A hint text (byline, date) collected in document order before its text is known: kept when
// its text passes `max_bytes` and is not empty.
struct PendingText {
  std::string text;
  size_t max_bytes = std::string::npos;
};

// Text of an open element wanted for metadata (its xmlNodeGetContent, cut to `limit` bytes).
enum class CaptureUse : uint8_t { kTitle, kJsonLd, kTime, kMeta, kByline, kDate, kH1 };

struct Capture {
  std::string raw;
  size_t limit = 0;
  CaptureUse use = CaptureUse::kTitle;
  size_t slot = 0;  // index in the vector `use` fills
};

class SaxWalker {
 public:
  explicit SaxWalker(DomBlocks* out) : out_(out) {
    out_->elements.push_back(DomElement{});  // element 0 stands for the document
    owner_stack_.push_back(0);
    frames_.reserve(64);
  }

  static void OnStartDocument(void* ctx) { static_cast<SaxWalker*>(ctx)->started_ = true; }
  static void OnStartElement(void* ctx, const xmlChar* name, const xmlChar** atts) {
    static_cast<SaxWalker*>(ctx)->StartElement(reinterpret_cast<const char*>(name), atts);
  }
  static void OnEndElement(void* ctx, const xmlChar*) { static_cast<SaxWalker*>(ctx)->EndElement(); }
  static void OnCharacters(void* ctx, const xmlChar* ch, int len) {
    static_cast<SaxWalker*>(ctx)->Characters(
        std::string_view(reinterpret_cast<const char*>(ch), static_cast<size_t>(len)), false);
  }
  static void OnCdata(void* ctx, const xmlChar* ch, int len) {
    static_cast<SaxWalker*>(ctx)->Characters(
        std::string_view(reinterpret_cast<const char*>(ch), static_cast<size_t>(len)), true);
  }
  static void OnComment(void* ctx, const xmlChar*) {
    static_cast<SaxWalker*>(ctx)->OtherNode(false);
  }
  static void OnPi(void* ctx, const xmlChar*, const xmlChar*) {
    static_cast<SaxWalker*>(ctx)->OtherNode(false);
  }
  static void OnDoctype(void* ctx, const xmlChar*, const xmlChar*, const xmlChar*) {
    static_cast<SaxWalker*>(ctx)->OtherNode(true);
  }

  bool started() const { return started_; }

  // Closes what the parser left open (it stopped early) and moves the hint texts out.
  void Finish() {
    EndTextNode();
    while (!frames_.empty()) EndElement();
    Flush();
    auto keep = [](std::vector<PendingText>& pending, std::vector<std::string>* to) {
      for (PendingText& p : pending) {
        if (to->size() >= kMaxHintTexts) break;
        if (!p.text.empty() && p.text.size() <= p.max_bytes) to->push_back(std::move(p.text));
      }
    };
    keep(bylines_, &out_->byline_texts);
    keep(dates_, &out_->date_texts);
    for (TimeElement& t : times_) {
      if (out_->times.size() >= kMaxHintTexts) break;
      if (!t.datetime.empty()) out_->times.push_back(std::move(t));
    }
  }

 private:
  enum class FrameKind : uint8_t { kInline, kBlock, kSkipped };
  struct Frame {
    FrameKind kind = FrameKind::kInline;
    bool h1 = false;  // a block h1 outside boilerplate: its text may be a headline
    int elem = -1;    // kBlock: the element's index
    size_t captures = 0;  // captures_.size() before this element's own
    // The context of the children.
    int parent_elem = 0;
    bool in_link = false, in_caption = false, in_boiler = false;
  };

  // Context of the next child: the innermost open frame's (the document's at the top).
  const Frame& Context() const { return frames_.empty() ? root_ : frames_.back(); }

  // A comment or processing instruction (`doctype` false), or a doctype.
  void OtherNode(bool doctype) {
    EndTextNode();
    // A doctype goes first among the document's nodes wherever it appears; other nodes go
    // there only outside every element.
    if (doctype) {
      doc_has_children_ = true;
      first_is_element_ = false;
    } else if (frames_.empty() && !doc_has_children_) {
      doc_has_children_ = true;
      first_is_element_ = false;
    }
  }

  void Characters(std::string_view text, bool cdata) {
    if (frames_.empty()) return;  // the tree builder drops text outside any element
    for (size_t i = 0; i < captures_.size(); ++i) {
      Capture& c = captures_[i];
      if (c.raw.size() < c.limit) c.raw.append(text.substr(0, c.limit - c.raw.size()));
    }
    if (skip_depth_ > 0) return;
    // Adjacent events of one type make one node of the tree (text and CDATA do not merge).
    if (in_text_node_ && text_node_cdata_ != cdata) EndTextNode();
    if (!in_text_node_) {
      in_text_node_ = true;
      text_node_cdata_ = cdata;
      // A space owed from before the node is not link text.
      node_owes_space_ = pending_space_ && !current_.empty();
      node_chars_ = 0;
      if (Context().in_caption) current_caption_ = true;
    }
    uint32_t cps = AppendCollapsed(text, &current_, &pending_space_);
    node_chars_ += cps;
    current_chars_ += cps;
    if (Context().in_link) current_links_ += cps;
  }

  void EndTextNode() {
    if (!in_text_node_) return;
    in_text_node_ = false;
    if (Context().in_link && node_owes_space_ && node_chars_ > 0) --current_links_;
  }

  Capture* AddCapture(CaptureUse use, size_t max_chars, size_t slot) {
    Capture& c = captures_.emplace_back();
    c.use = use;
    c.limit = max_chars == std::string::npos ? std::string::npos : max_chars * 4;
    c.slot = slot;
    return &c;
  }

  void StartElement(const char* name_c, Atts atts) {
    EndTextNode();
    if (skip_depth_ > 0) {
      ++skip_depth_;
      return;
    }
    Frame f;
    const Frame* ctx = &Context();
    bool first_root = false;
    if (frames_.empty()) {
      // A root element: the tree builder makes a later one the first one's last child when the
      // document's first node is that element.
      if (!doc_has_children_) {
        doc_has_children_ = first_is_element_ = first_root = true;
      } else if (first_is_element_ && first_root_elem_ >= 0) {
        ctx = &first_root_context_;
      }
    }
    f.parent_elem = ctx->parent_elem;
    f.in_link = ctx->in_link;
    f.in_caption = ctx->in_caption;
    f.in_boiler = ctx->in_boiler;
    f.captures = captures_.size();
    const bool top = frames_.empty();
    const bool nested_root = top && ctx == &first_root_context_;
    if (nested_root) owner_stack_.push_back(first_root_elem_);

    // libxml2's HTML parser lowercases element names.
    const std::string_view name(name_c);
    const TagKind kind = CachedKindOf(name_c);
    const ElementAttrs attrs = ScanAttrs(atts);
    if (kind == TagKind::kSkip || kind == TagKind::kBoilerplate || kind == TagKind::kInline) {
      Collect(atts, attrs, name, kind, ctx->in_boiler);
    }
    if (kind == TagKind::kSkip || name == "br" || name == "hr" || IsHidden(attrs)) {
      if (kind != TagKind::kSkip && (name == "br" || name == "hr")) Flush();
      f.kind = FrameKind::kSkipped;
      skip_depth_ = 1;
      Push(f, nested_root);
      return;
    }
    if (kind == TagKind::kInline) {
      f.kind = FrameKind::kInline;
      f.in_link = ctx->in_link || name == "a";
      Push(f, nested_root);
      return;
    }
    // A block-level element: it ends the current block and owns the text inside it.
    Flush();
    const int e = static_cast<int>(out_->elements.size());
    DomElement el;
    el.parent = ctx->parent_elem;
    el.kind = kind;
    el.is_body = name == "body";
    if (kind == TagKind::kHeading) el.heading_level = static_cast<uint8_t>(name[1] - '0');
    bool hint_boiler = kind == TagKind::kBoilerplate;
    if (!el.is_body && name != "html" && HasAttrs(atts)) {
      std::string cls = Lower(attrs.cls);
      std::string id = Lower(attrs.id);
      std::string role = Lower(attrs.role);
      // An id holding a URL (CleanEval's <text id="http://...">) is a name, not a hint.
      if (id.find("://") != std::string::npos) id.clear();
      std::string both = cls + " " + id;
      // "commentary" is an article genre, not a comment section.
      for (size_t p = both.find("commentary"); p != std::string::npos;
           p = both.find("commentary", p)) {
        both.replace(p, 10, "opinion-ry");
      }
      const ClassHints& h = Hints(both);
      bool negative = h.negative, positive = h.positive;
      if (role == "navigation" || role == "complementary" || role == "contentinfo" ||
          role == "banner" || role == "menu" || role == "search" || role == "dialog") {
        negative = true;
        positive = false;
      }
      if (negative && !positive) hint_boiler = true;
      el.comment_hint = h.comment;
      if (!cls.empty()) {
        std::string sig(name);
        sig.push_back('.');
        sig += cls;
        el.signature = Fnv1a(sig);
      }
      el.class_weight = static_cast<int8_t>((positive ? 25 : 0) - (negative ? 25 : 0));
      CollectHints(atts, attrs, h, ctx->in_boiler || hint_boiler);
    }
    if (kind == TagKind::kArticle && !hint_boiler) el.class_weight = 25;
    if (name == "html") {
      out_->html_lang = Attr(atts, "lang");
      if (out_->html_lang.empty()) out_->html_lang = Attr(atts, "xml:lang");
    }
    el.boilerplate_hint = hint_boiler;
    out_->elements.push_back(el);
    owner_stack_.push_back(e);
    f.kind = FrameKind::kBlock;
    f.elem = e;
    f.h1 = kind == TagKind::kHeading && el.heading_level == 1 && !ctx->in_boiler;
    if (f.h1) AddCapture(CaptureUse::kH1, kMaxHintTextChars * 2, 0);
    f.parent_elem = e;
    f.in_link = false;
    f.in_caption = ctx->in_caption || kind == TagKind::kCaption;
    f.in_boiler = ctx->in_boiler || hint_boiler;
    if (first_root) {
      first_root_elem_ = e;
      first_root_context_ = f;
    }
    Push(f, nested_root);
  }

  // KindOf through a small cache by name pointer (libxml2 interns names in its dictionary),
  // checked by a compare.
  TagKind CachedKindOf(const char* name) {
    auto& slot = kind_cache_[(reinterpret_cast<uintptr_t>(name) >> 3) % kind_cache_.size()];
    if (slot.first == nullptr || std::strcmp(slot.first, name) != 0) {
      slot = {name, KindOf(name)};
    }
    return slot.second;
  }

  void Push(const Frame& f, bool nested_root) {
    frames_.push_back(f);
    nested_root_.push_back(nested_root);
  }

  void EndElement() {
    EndTextNode();
    if (skip_depth_ > 1) {
      --skip_depth_;
      return;
    }
    if (frames_.empty()) return;
    skip_depth_ = 0;
    const Frame f = frames_.back();
    const bool nested_root = nested_root_.back();
    frames_.pop_back();
    nested_root_.pop_back();
    if (f.kind == FrameKind::kBlock) {
      Flush();
      owner_stack_.pop_back();
    }
    if (nested_root) owner_stack_.pop_back();
    // This element's captures are the last ones: fill what they stand for.
    for (size_t i = f.captures; i < captures_.size(); ++i) {
      Capture& c = captures_[i];
      switch (c.use) {
        case CaptureUse::kTitle:
          out_->title = CollapseCaptured(c.raw);
          break;
        case CaptureUse::kJsonLd:
          out_->json_ld[c.slot] = std::move(c.raw);
          break;
        case CaptureUse::kTime:
          times_[c.slot].datetime = CollapseCaptured(c.raw);
          break;
        case CaptureUse::kMeta:
          out_->metas[c.slot].value = CollapseCaptured(c.raw);
          break;
        case CaptureUse::kByline:
          bylines_[c.slot].text = CollapseCaptured(c.raw);
          break;
        case CaptureUse::kDate:
          dates_[c.slot].text = CollapseCaptured(c.raw);
          break;
        case CaptureUse::kH1:
          if (out_->headings_h1.size() < kMaxH1) {
            std::string t = CollapseCaptured(c.raw);
            if (!t.empty()) out_->headings_h1.push_back(std::move(t));
          }
          break;
      }
    }
    captures_.resize(f.captures);
  }

  void Flush() {
    if (!current_.empty() && !owner_stack_.empty()) {
      TextBlock b;
      b.owner = owner_stack_.back();
      const DomElement& el = out_->elements[b.owner];
      b.kind = el.kind;
      b.heading_level = el.heading_level;
      b.chars = current_chars_;
      b.link_chars = current_links_ > current_chars_ ? current_chars_ : current_links_;
      b.in_caption = current_caption_;
      b.text = std::move(current_);
      out_->blocks.push_back(std::move(b));
    }
    current_.clear();
    current_chars_ = current_links_ = 0;
    current_caption_ = false;
    pending_space_ = false;
  }

  // Metadata sources carried by skipped, boilerplate and inline elements.
  void Collect(Atts atts, const ElementAttrs& attrs, std::string_view name, TagKind kind,
               bool in_boiler) {
    if (name == "meta") {
      std::string key = Attr(atts, "property");
      if (key.empty()) key = Attr(atts, "name");
      if (key.empty()) key = Attr(atts, "itemprop");
      if (key.empty()) key = Attr(atts, "http-equiv");
      if (!key.empty()) out_->metas.push_back(MetaTag{Lower(key), Attr(atts, "content")});
    } else if (name == "link") {
      std::string rel = Lower(attrs.rel);
      if (rel == "canonical" && out_->canonical.empty()) out_->canonical = Attr(atts, "href");
    } else if (name == "title") {
      if (out_->title.empty()) AddCapture(CaptureUse::kTitle, 1000, 0);
    } else if (name == "script") {
      std::string type = Lower(AttrView(atts, "type"));
      if (type.find("ld+json") != std::string::npos) {
        AddCapture(CaptureUse::kJsonLd, std::string::npos, out_->json_ld.size());
        out_->json_ld.emplace_back();
      }
    } else if (name == "time") {
      TimeElement t;
      t.datetime = Attr(atts, "datetime");
      std::string hints = Lower(Attr(atts, "class") + " " + Attr(atts, "itemprop") + " " +
                                Attr(atts, "id"));
      t.publish_hint = HasAttr(atts, "pubdate") || hints.find("publish") != std::string::npos ||
                       hints.find("created") != std::string::npos;
      t.update_hint =
          hints.find("update") != std::string::npos || hints.find("modif") != std::string::npos;
      if (t.datetime.empty()) AddCapture(CaptureUse::kTime, 100, times_.size());
      times_.push_back(std::move(t));
    } else if (kind == TagKind::kInline && HasAttrs(atts)) {
      std::string cls = Lower(attrs.cls);
      cls.push_back(' ');
      cls += Lower(attrs.id);
      // hAtom: <abbr class="published" title="2013-04-04T18:52:11+02:00">.
      if (name == "abbr" && cls.find("published") != std::string::npos) {
        times_.push_back(TimeElement{Attr(atts, "title"), true, false});
      }
      CollectHints(atts, attrs, Hints(cls), in_boiler);
    }
    if (name == "a" && HasAttrs(atts) &&
        Lower(attrs.rel).find("author") != std::string::npos && !in_boiler) {
      AddCapture(CaptureUse::kByline, kMaxHintTextChars, bylines_.size());
      bylines_.emplace_back();
    }
  }

  // itemprop, byline- and date-classed elements.
  void CollectHints(Atts atts, const ElementAttrs& attrs, const ClassHints& h,
                    bool in_boiler) {
    std::string itemprop = Lower(attrs.itemprop);
    if (itemprop == "datepublished" || itemprop == "datecreated") {
      std::string v = Attr(atts, "content");
      if (v.empty()) v = Attr(atts, "datetime");
      if (v.empty()) AddCapture(CaptureUse::kMeta, 100, out_->metas.size());
      out_->metas.push_back(MetaTag{"itemprop:" + itemprop, v});
    }
    if (in_boiler && !h.byline) return;
    if (itemprop == "author" || h.byline || h.author) {
      AddCapture(CaptureUse::kByline, kMaxHintTextChars, bylines_.size());
      bylines_.push_back(PendingText{"", kMaxHintTextChars});
    }
    if (h.date) {
      AddCapture(CaptureUse::kDate, kMaxHintTextChars, dates_.size());
      dates_.push_back(PendingText{"", kMaxHintTextChars});
    }
  }

  // The hints of a "class id" string, computed once per page for each distinct string.
  const ClassHints& Hints(const std::string& class_and_id) {
    static const ClassHints kNone;
    if (class_and_id == " ") return kNone;  // no class, no id
    auto [it, added] = hints_.try_emplace(class_and_id);
    if (added) it->second = FindClassHints(class_and_id);
    return it->second;
  }


  DomBlocks* out_;
  bool started_ = false;
  std::vector<Frame> frames_;
  std::vector<uint8_t> nested_root_;  // per frame: a root element nested in the first root
  Frame root_;                        // the document's context
  // The document's nodes so far: any, and whether the first is the root element.
  bool doc_has_children_ = false;
  bool first_is_element_ = false;
  int first_root_elem_ = -1;
  Frame first_root_context_;
  int skip_depth_ = 0;  // > 0 inside a skipped subtree (script, hidden ...)
  std::vector<Capture> captures_;
  std::unordered_map<std::string, ClassHints> hints_;
  std::array<std::pair<const char*, TagKind>, 64> kind_cache_{};
  std::vector<PendingText> bylines_, dates_;
  std::vector<TimeElement> times_;
  std::vector<int> owner_stack_;
  std::string current_;
  uint32_t current_chars_ = 0;
  uint32_t current_links_ = 0;
  bool current_caption_ = false;
  bool pending_space_ = false;
  bool in_text_node_ = false;
  bool text_node_cdata_ = false;
  bool node_owes_space_ = false;
  uint32_t node_chars_ = 0;
};

void SilentError(void*, const char*, ...) {}

// libxml2 must be initialised once before threads use it; its error callbacks are per thread.
void EnsureLibxml() {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
  thread_local bool silenced = false;
  if (!silenced) {
    xmlSetGenericErrorFunc(nullptr, SilentError);
    silenced = true;
  }
}

htmlSAXHandler MakeHandler() {
  htmlSAXHandler h;
  std::memset(&h, 0, sizeof h);
  h.startDocument = SaxWalker::OnStartDocument;
  h.startElement = SaxWalker::OnStartElement;
  h.endElement = SaxWalker::OnEndElement;
  h.characters = SaxWalker::OnCharacters;
  h.cdataBlock = SaxWalker::OnCdata;
  h.comment = SaxWalker::OnComment;
  h.processingInstruction = SaxWalker::OnPi;
  h.internalSubset = SaxWalker::OnDoctype;
  // ignorableWhitespace stays null: libxml2's tree builder drops it too (it is only called
  // with HTML_PARSE_NOBLANKS, which is not set).
  return h;
}

}  // namespace

Result<DomBlocks> ParseDomBlocks(std::string_view utf8_html) {
  if (utf8_html.size() > static_cast<size_t>(std::numeric_limits<int>::max())) {
    return InvalidArgument("the page is too large for the HTML parser");
  }
  EnsureLibxml();
  DomBlocks out;
  htmlParserCtxtPtr ctxt =
      htmlCreateMemoryParserCtxt(utf8_html.data(), static_cast<int>(utf8_html.size()));
  if (ctxt == nullptr || ctxt->sax == nullptr) {
    if (ctxt != nullptr) htmlFreeParserCtxt(ctxt);
    return InvalidArgument("the HTML parser could not read the page (libxml2 gave no document)");
  }
  static const htmlSAXHandler kHandler = MakeHandler();
  std::memcpy(ctxt->sax, &kHandler, sizeof kHandler);
  SaxWalker walker(&out);
  ctxt->userData = &walker;
  // The bytes are UTF-8 already (charset_decoder): no converter, and <meta charset> ignored.
  htmlCtxtUseOptions(ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                               HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC);
  xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
  htmlParseDocument(ctxt);
  htmlFreeParserCtxt(ctxt);
  if (!walker.started()) {
    return InvalidArgument("the HTML parser could not read the page (libxml2 gave no document)");
  }
  walker.Finish();
  // Totals per subtree: blocks add to their owner, then each element (in reverse preorder, so
  // after all its descendants) to its parent.
  for (const TextBlock& b : out.blocks) {
    DomElement& el = out.elements[b.owner];
    el.text_chars += b.chars;
    el.link_chars += b.link_chars;
    if (b.chars >= 25) ++el.paragraph_blocks;
  }
  for (size_t e = out.elements.size(); e-- > 1;) {
    const DomElement& el = out.elements[e];
    DomElement& parent = out.elements[el.parent];
    parent.text_chars += el.text_chars;
    parent.link_chars += el.link_chars;
    parent.paragraph_blocks += el.paragraph_blocks;
  }
  return out;
}

}  // namespace storyline
