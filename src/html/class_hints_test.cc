#include "html/class_hints.h"

#include <gtest/gtest.h>

namespace storyline {
namespace {

TEST(ClassHintsTest, BoilerplateWordsAndTokens) {
  EXPECT_TRUE(FindClassHints("comment-list ").negative);
  EXPECT_TRUE(FindClassHints("comment-list ").comment);
  EXPECT_TRUE(FindClassHints("top-ad ").negative);       // the token "ad"
  EXPECT_FALSE(FindClassHints("headline ").negative);    // "ad" only inside a word
  EXPECT_TRUE(FindClassHints("site-header main").negative);
  EXPECT_TRUE(FindClassHints("site-header main").positive);
}

TEST(ClassHintsTest, ContentBylineAndDateWords) {
  ClassHints h = FindClassHints("article-body ");
  EXPECT_TRUE(h.positive);
  EXPECT_FALSE(h.negative);
  EXPECT_TRUE(FindClassHints("post-author ").author);
  EXPECT_FALSE(FindClassHints("authority ").author);
  EXPECT_TRUE(FindClassHints(" author-name").author);
  EXPECT_TRUE(FindClassHints("byline ").byline);
  EXPECT_TRUE(FindClassHints("byline ").date);
  EXPECT_TRUE(FindClassHints("entry-date ").date);
  EXPECT_FALSE(FindClassHints(" ").date);
}

}  // namespace
}  // namespace storyline
