#include "common/utf8.h"

#include <gtest/gtest.h>

namespace storyline {
namespace {

TEST(Utf8Test, AcceptsWellFormedTextIncludingCurlyQuotesAndPounds) {
  EXPECT_TRUE(
      IsValidUtf8("London\xE2\x80\x99s mayor \xC2\xA3"
                  "2bn"));
  EXPECT_EQ(FirstInvalidUtf8("plain ascii"), std::string::npos);
}

TEST(Utf8Test, FindsTheFirstIllFormedByte) {
  std::string s = "abc\xC3(def";  // truncated 2-byte sequence at offset 3
  EXPECT_FALSE(IsValidUtf8(s));
  EXPECT_EQ(FirstInvalidUtf8(s), 3u);
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));  // a surrogate
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));      // an overlong '/'
}

TEST(Utf8Test, RepairReplacesBadBytesAndDropsNuls) {
  Utf8Repair r;
  std::string s(
      "ab\0c\xFF"
      "d",
      6);
  std::string out = RepairUtf8(s, &r);
  EXPECT_EQ(out,
            "abc\xEF\xBF\xBD"
            "d");
  EXPECT_EQ(r.replaced, 1u);
  EXPECT_EQ(r.nuls_removed, 1u);
  EXPECT_EQ(r.first_bad_offset, 2u);
  EXPECT_TRUE(IsValidUtf8(out));
}

TEST(Utf8Test, DecodeAndAppendRoundTrip) {
  std::string s =
      "\xE2\x80\x9C"
      "A\xF0\x9F\x93\xB0";
  size_t i = 0;
  std::string back;
  while (i < s.size()) AppendUtf8(DecodeUtf8(s, &i), &back);
  EXPECT_EQ(back, s);
}

TEST(Utf8Test, PrefixNeverSplitsASequence) {
  std::string s = "ab\xE2\x80\x9C" "cd";  // a, b, left double quote (3 bytes), c, d
  EXPECT_EQ(Utf8Prefix(s, 4), "ab");
  EXPECT_EQ(Utf8Prefix(s, 5), "ab\xE2\x80\x9C");
  EXPECT_EQ(Utf8Prefix(s, 100), s);
}

}  // namespace
}  // namespace storyline
