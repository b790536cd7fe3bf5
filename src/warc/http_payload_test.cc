#include "warc/http_payload.h"

#include <gtest/gtest.h>

#ifdef STORYLINE_HAVE_BROTLI
#include <brotli/encode.h>
#endif

#include "warc/warc_test_util.h"

namespace storyline {
namespace {

using testing::Deflate;
using testing::Gzip;

TEST(HttpHeadTest, ParsesStatusHeadersAndContinuationLines) {
  std::string block =
      "HTTP/1.1 404 Not Found\r\nContent-Type: text/html;\r\n charset=latin1\r\nX-A:  b "
      "\r\n\r\nbody";
  HttpHead head;
  std::string error;
  ASSERT_TRUE(ParseHttpHead(block, &head, &error)) << error;
  EXPECT_EQ(head.status, 404);
  ASSERT_EQ(head.headers.size(), 2u);
  EXPECT_EQ(head.headers[0].value, "text/html; charset=latin1");
  EXPECT_EQ(head.headers[1].value, "b");
  EXPECT_EQ(block.substr(head.length), "body");
}

TEST(HttpHeadTest, AcceptsBareLineFeedsAndRejectsNonHttp) {
  HttpHead head;
  std::string error;
  ASSERT_TRUE(ParseHttpHead("HTTP/1.0 200 OK\nA: 1\n\nxyz", &head, &error));
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.length, 22u);
  EXPECT_FALSE(ParseHttpHead("<html>", &head, &error));
  EXPECT_FALSE(ParseHttpHead("HTTP/1.1 OK\r\n\r\n", &head, &error));
  EXPECT_NE(error.find("status line"), std::string::npos);
}

TEST(ChunkedTest, DecodesChunksWithExtensionsAndTrailers) {
  std::string out, error;
  ASSERT_TRUE(
      DecodeChunked("4;ext=1\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nT: x\r\n\r\n",
                    1 << 20, &out, &error))
      << error;
  EXPECT_EQ(out, "Wikipedia in\r\n\r\nchunks.");
}

TEST(ChunkedTest, RejectsChunkSizesThatDoNotFitTheBody) {
  std::string out, error;
  EXPECT_FALSE(DecodeChunked("<html>not chunked</html>", 1 << 20, &out, &error));
  EXPECT_FALSE(DecodeChunked("ff\r\nshort", 1 << 20, &out, &error));
  EXPECT_NE(error.find("past the end"), std::string::npos);
  EXPECT_FALSE(DecodeChunked("10\r\n0123456789abcdef\r\n0\r\n\r\n", 8, &out, &error));
}

TEST(ContentCodingTest, UndoesGzipZlibAndRawDeflate) {
  std::string text(5000, 'a');
  text += "the end";
  std::string out, error;
  ASSERT_TRUE(DecodeContentCoding("gzip", Gzip(text), 1 << 20, &out, &error)) << error;
  EXPECT_EQ(out, text);
  ASSERT_TRUE(DecodeContentCoding("deflate", Deflate(text, 15), 1 << 20, &out, &error)) << error;
  EXPECT_EQ(out, text);
  ASSERT_TRUE(DecodeContentCoding("Deflate", Deflate(text, -15), 1 << 20, &out, &error)) << error;
  EXPECT_EQ(out, text);
}

TEST(ContentCodingTest, FailsOnDamageBombsAndUnknownCodings) {
  std::string out, error;
  std::string gz = Gzip(std::string(100000, 'x'));
  EXPECT_FALSE(DecodeContentCoding("gzip", gz.substr(0, gz.size() / 2), 1 << 20, &out, &error));
  EXPECT_FALSE(DecodeContentCoding("gzip", gz, 1000, &out, &error));  // bigger than the limit
  EXPECT_NE(error.find("limit"), std::string::npos);
  EXPECT_FALSE(DecodeContentCoding("compress", "abc", 1 << 20, &out, &error));
  EXPECT_NE(error.find("compress"), std::string::npos);
}

#ifdef STORYLINE_HAVE_BROTLI
TEST(ContentCodingTest, UndoesBrotli) {
  std::string text = "brotli brotli brotli payload";
  std::string enc(BrotliEncoderMaxCompressedSize(text.size()), '\0');
  size_t n = enc.size();
  ASSERT_TRUE(BrotliEncoderCompress(5, 22, BROTLI_MODE_TEXT, text.size(),
                                    reinterpret_cast<const uint8_t*>(text.data()), &n,
                                    reinterpret_cast<uint8_t*>(enc.data())));
  enc.resize(n);
  std::string out, error;
  ASSERT_TRUE(DecodeContentCoding("br", enc, 1 << 20, &out, &error)) << error;
  EXPECT_EQ(out, text);
  EXPECT_FALSE(DecodeContentCoding("br", enc.substr(0, n / 2), 1 << 20, &out, &error));
}
#endif

TEST(ContentTypeTest, SplitsMimeAndCharset) {
  std::string mime, charset;
  SplitContentType("Text/HTML; Charset=\"UTF-8\"", &mime, &charset);
  EXPECT_EQ(mime, "text/html");
  EXPECT_EQ(charset, "utf-8");
  SplitContentType("text/plain", &mime, &charset);
  EXPECT_EQ(mime, "text/plain");
  EXPECT_EQ(charset, "");
  SplitContentType("text/html; foo=bar; charset=iso-8859-1", &mime, &charset);
  EXPECT_EQ(charset, "iso-8859-1");
}

}  // namespace
}  // namespace storyline
