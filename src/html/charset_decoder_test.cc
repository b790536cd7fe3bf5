#include "html/charset_decoder.h"

#include <gtest/gtest.h>
#include <unicode/ucnv.h>

#include <string>

namespace storyline {
namespace {

TEST(CharsetDecoderTest, LabelsFromContentTypeAndBareNames) {
  EXPECT_EQ(CharsetLabel("text/html; charset=\"UTF-8\""), "utf-8");
  EXPECT_EQ(CharsetLabel("text/html;charset=ISO-8859-1"), "windows-1252");
  EXPECT_EQ(CharsetLabel("Shift_JIS"), "shift_jis");
  EXPECT_EQ(CharsetLabel("text/html"), "");
  EXPECT_EQ(CharsetLabel(""), "");
}

TEST(CharsetDecoderTest, DeclarationsInMetaAndXml) {
  EXPECT_EQ(FindDeclaredCharset("<html><head><meta charset=\"koi8-r\"></head>"), "koi8-r");
  EXPECT_EQ(FindDeclaredCharset("<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; "
                                "charset=windows-1251\">"),
            "windows-1251");
  EXPECT_EQ(FindDeclaredCharset("<?xml version=\"1.0\" encoding=\"ISO-8859-2\"?><html>"),
            "iso-8859-2");
  EXPECT_EQ(FindDeclaredCharset("<html><body>charset=utf-8 in text</body>"), "");
}

TEST(CharsetDecoderTest, DeclarationAfterFourKilobytesIsIgnored) {
  std::string page = "<html><head>" + std::string(5000, ' ') + "<meta charset=\"koi8-r\">";
  EXPECT_EQ(FindDeclaredCharset(page), "");
}

TEST(CharsetDecoderTest, ValidUtf8WithoutDeclarationIsUtf8) {
  DecodedPage d = DecodeHtmlBytes("<p>na\xC3\xAFve</p>", "");
  EXPECT_EQ(d.charset, "utf-8");
  EXPECT_EQ(d.charset_source, "utf-8-valid");
  EXPECT_EQ(d.utf8(), "<p>na\xC3\xAFve</p>");
}

TEST(CharsetDecoderTest, Utf16WithBom) {
  std::string le("\xFF\xFE<\0p\0>\0\xE9\0", 10);
  DecodedPage d = DecodeHtmlBytes(le, "");
  EXPECT_EQ(d.charset_source, "bom");
  EXPECT_EQ(d.utf8(), "<p>\xC3\xA9");
}

TEST(CharsetDecoderTest, UnknownLabelFallsThroughToDetection) {
  DecodedPage d = DecodeHtmlBytes("<meta charset=\"no-such-charset\"><p>plain</p>", "x-bogus");
  EXPECT_EQ(d.charset, "utf-8");
  EXPECT_EQ(d.charset_source, "utf-8-valid");
}

TEST(CharsetDecoderTest, MislabelledUtf8DeclarationIsOverruled) {
  // Declared UTF-8 but every non-ASCII byte is a lone Latin-1 letter.
  DecodedPage d = DecodeHtmlBytes(
      "<meta charset=\"utf-8\"><p>Der B\xE4r und die M\xF6we gr\xFC\xDF"
      "en den K\xF6nig.</p>",
      "");
  EXPECT_NE(d.charset, "utf-8");
  EXPECT_NE(d.utf8().find("B\xC3\xA4r"), std::string::npos) << d.charset << " " << d.utf8();
  EXPECT_EQ(d.replaced, 0u);
}

TEST(CharsetDecoderTest, ValidUtf8OverrulesASingleByteDeclaration) {
  DecodedPage d = DecodeHtmlBytes("<meta charset=\"iso-8859-1\"><p>Kosovo\xE2\x80\x99s</p>", "");
  EXPECT_EQ(d.charset, "utf-8");
  EXPECT_NE(d.utf8().find("Kosovo\xE2\x80\x99s"), std::string::npos);
}

TEST(CharsetDecoderTest, NulBytesAreDropped) {
  DecodedPage d = DecodeHtmlBytes(std::string("<p>a\0b</p>", 10), "");
  EXPECT_EQ(d.utf8(), "<p>ab</p>");
}

TEST(CharsetDecoderTest, SingleByteCharsetsDecodeAsIcuDoes) {
  // Every byte but NUL, after a declaration: the table path must give ICU's own conversion.
  for (const char* label : {"windows-1252", "iso-8859-2", "iso-8859-7", "windows-1251", "koi8-r",
                            "windows-1255", "iso-8859-15"}) {
    std::string page = std::string("<meta charset=\"") + label + "\"><p>";
    for (int b = 1; b < 256; ++b) page.push_back(static_cast<char>(b));
    DecodedPage d = DecodeHtmlBytes(page, "");
    ASSERT_EQ(d.charset, label);
    std::string expected(page.size() * 4, '\0');
    UErrorCode err = U_ZERO_ERROR;
    int32_t n = ucnv_convert("UTF-8", label, expected.data(), static_cast<int32_t>(expected.size()),
                             page.data(), static_cast<int32_t>(page.size()), &err);
    ASSERT_TRUE(U_SUCCESS(err)) << label;
    expected.resize(static_cast<size_t>(n));
    EXPECT_EQ(d.utf8(), expected) << label;
  }
}

}  // namespace
}  // namespace storyline
