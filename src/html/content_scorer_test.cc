#include "html/content_scorer.h"

#include <gtest/gtest.h>

#include <string>

#include "html/dom_blocks.h"

namespace storyline {
namespace {

DomBlocks Blocks(const std::string& html) {
  Result<DomBlocks> b = ParseDomBlocks(html);
  EXPECT_TRUE(b.ok()) << b.status().ToString();
  return b.ok() ? std::move(b).value() : DomBlocks{};
}

std::string Para(int i) {
  return "<p>Paragraph " + std::to_string(i) +
         " of the story, with enough words, commas, and detail to count as running text in "
         "any reasonable reading of the page.</p>";
}

TEST(DomBlocksTest, CollapsesWhitespaceAndCountsLinks) {
  DomBlocks b = Blocks("<body><p>  Hello \n  <a href=x>big</a>\tworld </p><br>Tail</body>");
  ASSERT_EQ(b.blocks.size(), 2u);
  EXPECT_EQ(b.blocks[0].text, "Hello big world");
  EXPECT_EQ(b.blocks[0].link_chars, 3u);
  EXPECT_EQ(b.blocks[0].kind, TagKind::kParagraph);
  EXPECT_EQ(b.blocks[1].text, "Tail");
}

TEST(DomBlocksTest, SkipsScriptsStylesAndHiddenElements) {
  DomBlocks b = Blocks(
      "<body><script>var x = 1;</script><style>p{}</style><div hidden>secret</div>"
      "<div style=\"display: none\">gone</div><p>seen</p></body>");
  ASSERT_EQ(b.blocks.size(), 1u);
  EXPECT_EQ(b.blocks[0].text, "seen");
}

TEST(DomBlocksTest, CapturesElementTextsForMetadataInDocumentOrder) {
  DomBlocks b = Blocks(
      "<html lang=\"en\"><head><title> The   Title </title>"
      "<script type=\"application/ld+json\">{\"@type\": \"NewsArticle\"}</script></head>"
      "<body><h1>Big <b>news</b></h1><div class=\"author-box\">By <a rel=\"author\">Jane "
      "Doe</a></div><time>May 5, 2016</time><p>Text.</p></body></html>");
  EXPECT_EQ(b.title, "The Title");
  EXPECT_EQ(b.html_lang, "en");
  ASSERT_EQ(b.json_ld.size(), 1u);
  EXPECT_EQ(b.json_ld[0], "{\"@type\": \"NewsArticle\"}");
  ASSERT_EQ(b.headings_h1.size(), 1u);
  EXPECT_EQ(b.headings_h1[0], "Big news");
  ASSERT_EQ(b.byline_texts.size(), 2u);  // the outer element first
  EXPECT_EQ(b.byline_texts[0], "By Jane Doe");
  EXPECT_EQ(b.byline_texts[1], "Jane Doe");
  ASSERT_EQ(b.times.size(), 1u);
  EXPECT_EQ(b.times[0].datetime, "May 5, 2016");
}

TEST(DomBlocksTest, LinkTextSplitByACommentCountsAsTheTreeDid) {
  // Two text nodes inside the link (the comment splits them): the space owed before each is
  // not link text.
  DomBlocks b = Blocks("<body><p>Read <a href=x>one <!-- c --> two</a> now</p></body>");
  ASSERT_EQ(b.blocks.size(), 1u);
  EXPECT_EQ(b.blocks[0].text, "Read one two now");
  EXPECT_EQ(b.blocks[0].link_chars, 6u);
}

TEST(DomBlocksTest, TextAfterTheDocumentEndNestsAsInTheTree) {
  DomBlocks b = Blocks("<html><body><p>First.</p></body></html><p>After the end.</p>");
  ASSERT_EQ(b.blocks.size(), 2u);
  EXPECT_EQ(b.blocks[1].text, "After the end.");
  // libxml2 opens a second <html> (element 4) for it; its tree builder made that the first
  // <html>'s last child (no doctype came first).
  ASSERT_EQ(b.elements.size(), 6u);
  EXPECT_EQ(b.elements[4].parent, 1);
  EXPECT_EQ(b.elements[5].parent, 4);
  EXPECT_EQ(b.elements[1].text_chars, 20u);
}

TEST(DomBlocksTest, TextAfterTheDocumentEndIsASiblingAfterADoctypeOrComment) {
  // As libxml2's tree builder did: the document's first node is not the root element, so the
  // second <html> becomes the root's sibling (a late doctype still goes first).
  for (const char* page :
       {"<!DOCTYPE html><html><body><p>First.</p></body></html><p>After the end.</p>",
        "<!-- x --><html><body><p>First.</p></body></html><p>After the end.</p>",
        "<html><body><p>First.</p></body></html><!DOCTYPE html><p>After the end.</p>"}) {
    DomBlocks b = Blocks(page);
    ASSERT_EQ(b.elements.size(), 6u) << page;
    EXPECT_EQ(b.elements[4].parent, 0) << page;
    EXPECT_EQ(b.elements[1].text_chars, 6u) << page;
    EXPECT_EQ(b.elements[0].text_chars, 20u) << page;
  }
}

TEST(ContentScorerTest, ChoosesTheContainerWithTheProse) {
  std::string body =
      "<body><div class=\"menu\"><a href=1>One</a> <a href=2>Two</a></div>"
      "<div class=\"main\">";
  for (int i = 0; i < 5; ++i) body += Para(i);
  body += "</div><div class=\"footer\">Copyright somebody</div></body>";
  MainText m = ScoreMainText(Blocks(body), false);
  EXPECT_EQ(m.paragraphs, 5u);
  EXPECT_EQ(m.text.find("One"), std::string::npos);
  EXPECT_EQ(m.text.find("Copyright"), std::string::npos);
  EXPECT_EQ(m.kind, PageKind::kArticle) << m.reason;
}

TEST(ContentScorerTest, DropsLinkListsInsideTheArticle) {
  std::string body = "<body><div class=\"story\">" + Para(1) + Para(2) +
                     "<ul><li><a href=a>Another story about something else</a></li>"
                     "<li><a href=b>Yet another story about other things</a></li></ul>" +
                     Para(3) + "</div></body>";
  MainText m = ScoreMainText(Blocks(body), false);
  EXPECT_EQ(m.text.find("Another story"), std::string::npos) << m.text;
  EXPECT_NE(m.text.find("Paragraph 3"), std::string::npos);
}

TEST(ContentScorerTest, SiblingParagraphsJoinTheWinner) {
  std::string body = "<body><div>" + Para(1) + "<div class=\"text\">" + Para(2) + Para(3) +
                     Para(4) + "</div>" + Para(5) + "</div></body>";
  MainText m = ScoreMainText(Blocks(body), false);
  for (int i = 1; i <= 5; ++i) {
    EXPECT_NE(m.text.find("Paragraph " + std::to_string(i)), std::string::npos) << m.text;
  }
}

TEST(ContentScorerTest, UnclosedBoilerplateWrapperDoesNotHideTheArticle) {
  // A masthead div that is never closed holds the whole page.
  std::string body = "<body><div id=\"masthead\"><a href=/>Logo</a><div class=\"story\">";
  for (int i = 0; i < 4; ++i) body += Para(i);
  body += "</div></body>";
  MainText m = ScoreMainText(Blocks(body), false);
  EXPECT_EQ(m.paragraphs, 4u) << m.text;
}

TEST(ContentScorerTest, CommentSectionsStayOutEvenWhenLong) {
  std::string body =
      "<body><div class=\"story\">" + Para(1) + Para(2) + Para(3) + "</div><div id=\"comments\">";
  for (int i = 10; i < 16; ++i) body += Para(i);
  body += "</div></body>";
  MainText m = ScoreMainText(Blocks(body), false);
  EXPECT_EQ(m.text.find("Paragraph 10"), std::string::npos) << m.text;
}

TEST(ContentScorerTest, EmptyDocumentIsOther) {
  MainText m = ScoreMainText(DomBlocks{}, false);
  EXPECT_EQ(m.kind, PageKind::kOther);
  EXPECT_TRUE(m.text.empty());
}

}  // namespace
}  // namespace storyline
