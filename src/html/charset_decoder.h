// CharsetDecoder: the bytes of a web page into UTF-8, whatever encoding they came in.
//
// The encoding is chosen in this order (the first that names an encoding ICU knows wins):
//   1. a byte order mark (UTF-8, UTF-16LE, UTF-16BE);
//   2. the HTTP Content-Type charset given by the caller;
//   3. a declaration in the first 4 KB: <meta charset=...>, <meta http-equiv="Content-Type"
//      content="...; charset=...">, or <?xml ... encoding="..."?>;
//   4. bytes that are valid UTF-8 are UTF-8;
//   5. uchardet's guess; when it has none, windows-1252.
// A declared single-byte charset is overruled when the non-ASCII bytes are all valid UTF-8
// (charset_source "utf-8-valid"): pages converted to UTF-8 often keep their old declaration, and
// real Latin-1 text is practically never valid UTF-8. A declared UTF-8 that the bytes contradict
// (more than 1 in 100 non-ASCII sequences ill-formed) is ignored and detection runs, since
// mislabelled Latin-1 pages are common. As browsers do (WHATWG Encoding), the labels iso-8859-1,
// latin1 and us-ascii mean windows-1252.
//
// Thread-safety: free functions without shared state; safe from any thread.
// Errors: none; ill-formed bytes become U+FFFD and NUL bytes are dropped, never a crash.
#ifndef STORYLINE_HTML_CHARSET_DECODER_H_
#define STORYLINE_HTML_CHARSET_DECODER_H_

#include <string>
#include <string_view>

namespace storyline {

struct DecodedPage {
  // The page as well-formed UTF-8, without a byte order mark: a view of the input bytes when
  // they needed no change (valid UTF-8 without NUL, the common case: no copy), else of
  // `converted`. Valid while the input and this object live.
  std::string_view utf8() const { return copied ? std::string_view(converted) : view; }

  std::string_view view;       // the input bytes used as they are (when !copied)
  std::string converted;       // the converted or repaired text (when copied)
  bool copied = false;
  std::string charset;         // the encoding used, lowercase ("utf-8", "windows-1252" ...)
  std::string charset_source;  // "bom", "http", "meta", "utf-8-valid", "detected", "default"
  size_t replaced = 0;         // ill-formed sequences replaced by U+FFFD
};

// Decodes `bytes` (see the order above). `http_charset` is the charset parameter of the HTTP
// Content-Type header, or the whole header value, or "" when unknown.
DecodedPage DecodeHtmlBytes(std::string_view bytes, std::string_view http_charset);

// The charset named in a Content-Type value or a bare label, lowercased and trimmed of quotes:
// "text/html; charset=\"ISO-8859-1\"" -> "iso-8859-1"; "UTF-8" -> "utf-8"; "" when none.
std::string CharsetLabel(std::string_view content_type_or_label);

// The charset declared by the page itself in its first 4 KB (meta or XML declaration), "" if none.
std::string FindDeclaredCharset(std::string_view bytes);

}  // namespace storyline

#endif  // STORYLINE_HTML_CHARSET_DECODER_H_
