#include "html/charset_decoder.h"

#include <uchardet.h>
#include <unicode/ucnv.h>

#include <algorithm>
#include <array>
#include <memory>
#include <unordered_map>

#include "common/utf8.h"

namespace storyline {

namespace {

constexpr size_t kDeclarationScanBytes = 4096;
constexpr size_t kDetectorBytes = 64 * 1024;

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

bool IsLabelChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == ':';
}

std::string LowerCopy(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = Lower(c);
  return out;
}

// Case-insensitive search of an ASCII needle (given in lowercase).
size_t FindNoCase(std::string_view hay, std::string_view needle, size_t from = 0) {
  if (needle.empty() || hay.size() < needle.size()) return std::string_view::npos;
  for (size_t i = from; i + needle.size() <= hay.size(); ++i) {
    size_t k = 0;
    while (k < needle.size() && Lower(hay[i + k]) == needle[k]) ++k;
    if (k == needle.size()) return i;
  }
  return std::string_view::npos;
}

// The label that follows "charset=" or "encoding=" at `pos` (pointing after '=').
std::string LabelAt(std::string_view s, size_t pos) {
  while (pos < s.size() && (s[pos] == ' ' || s[pos] == '"' || s[pos] == '\'')) ++pos;
  size_t end = pos;
  while (end < s.size() && IsLabelChar(s[end])) ++end;
  return LowerCopy(s.substr(pos, end - pos));
}

// WHATWG Encoding maps these labels to windows-1252 (a superset browsers use for them).
std::string CanonicalLabel(std::string label) {
  if (label == "iso-8859-1" || label == "iso8859-1" || label == "latin1" || label == "latin-1" ||
      label == "us-ascii" || label == "ascii" || label == "l1" || label == "cp1252" ||
      label == "iso_8859-1" || label == "x-cp1252") {
    return "windows-1252";
  }
  if (label == "utf8") return "utf-8";
  if (label == "gb2312" || label == "x-gbk") return "gbk";
  return label;
}

bool IsUtf8Label(std::string_view l) { return l == "utf-8"; }

// True when ICU can open a converter for the label.
bool KnownCharset(const std::string& label) {
  UErrorCode err = U_ZERO_ERROR;
  UConverter* c = ucnv_open(label.c_str(), &err);
  if (c != nullptr) ucnv_close(c);
  return U_SUCCESS(err) && c != nullptr;
}

// Share of ill-formed sequences among non-ASCII ones is above 1%.
bool MostlyNotUtf8(std::string_view s) {
  size_t non_ascii = 0, bad = 0, i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    ++non_ascii;
    size_t before = i;
    char32_t cp = DecodeUtf8(s, &i);
    if (cp == 0xFFFD && i == before + 1) ++bad;
  }
  return non_ascii > 0 && bad * 100 > non_ascii;
}

bool HasNonAscii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  }
  return false;
}

std::string Detect(std::string_view bytes) {
  uchardet_t det = uchardet_new();
  if (det == nullptr) return "";
  std::string_view head = bytes.substr(0, std::min(bytes.size(), kDetectorBytes));
  std::string out;
  if (uchardet_handle_data(det, head.data(), head.size()) == 0) {
    uchardet_data_end(det);
    const char* cs = uchardet_get_charset(det);
    if (cs != nullptr) out = CanonicalLabel(LowerCopy(cs));
  }
  uchardet_delete(det);
  return out;
}

// Converts with ICU; ill-formed input becomes U+FFFD (ICU's substitution callback).
bool IcuConvertToUtf8(std::string_view bytes, const std::string& from, std::string* out) {
  UErrorCode err = U_ZERO_ERROR;
  UConverter* conv = ucnv_open(from.c_str(), &err);
  if (U_FAILURE(err) || conv == nullptr) return false;
  std::unique_ptr<UConverter, void (*)(UConverter*)> guard(conv, ucnv_close);
  UConverter* utf8 = ucnv_open("UTF-8", &err);
  if (U_FAILURE(err) || utf8 == nullptr) return false;
  std::unique_ptr<UConverter, void (*)(UConverter*)> guard8(utf8, ucnv_close);
  // In steps through a fixed buffer, not into an output sized (and zero-filled) for the worst
  // case of 3 bytes per byte.
  out->clear();
  out->reserve(bytes.size() + bytes.size() / 4 + 16);
  char buffer[16384];
  UChar pivot[1024];
  UChar* pivot_source = pivot;
  UChar* pivot_target = pivot;
  const char* source = bytes.data();
  bool reset = true;
  do {
    err = U_ZERO_ERROR;
    char* target = buffer;
    ucnv_convertEx(utf8, conv, &target, buffer + sizeof buffer, &source,
                   bytes.data() + bytes.size(), pivot, &pivot_source, &pivot_target,
                   pivot + 1024, reset, true, &err);
    reset = false;
    out->append(buffer, static_cast<size_t>(target - buffer));
  } while (err == U_BUFFER_OVERFLOW_ERROR);
  if (U_FAILURE(err)) return false;
  return true;
}

// ICU's UTF-8 output for each byte of a single-byte charset (windows-1252, iso-8859-x, koi8-r
// ...), where a byte converts alone, the same in any context: a table lookup per byte instead
// of ICU's two conversions through UTF-16, with the same result.
struct ByteTable {
  std::array<std::array<char, 4>, 256> utf8{};
  std::array<uint8_t, 256> length{};
};

// The table of a single-byte charset, null for other charsets (or when ICU cannot open it).
const ByteTable* SingleByteTable(const std::string& label) {
  thread_local std::unordered_map<std::string, std::unique_ptr<ByteTable>> tables;
  auto it = tables.find(label);
  if (it != tables.end()) return it->second.get();
  std::unique_ptr<ByteTable> table;
  UErrorCode err = U_ZERO_ERROR;
  UConverter* conv = ucnv_open(label.c_str(), &err);
  if (U_SUCCESS(err) && conv != nullptr) {
    const UConverterType type = ucnv_getType(conv);
    ucnv_close(conv);
    if (type == UCNV_SBCS || type == UCNV_LATIN_1) {
      table = std::make_unique<ByteTable>();
      for (int b = 0; b < 256; ++b) {
        const char byte = static_cast<char>(b);
        std::string one;
        if (!IcuConvertToUtf8(std::string_view(&byte, 1), label, &one) || one.size() > 4) {
          table.reset();
          break;
        }
        std::copy(one.begin(), one.end(), table->utf8[b].begin());
        table->length[b] = static_cast<uint8_t>(one.size());
      }
    }
  }
  return tables.emplace(label, std::move(table)).first->second.get();
}

bool ConvertToUtf8(std::string_view bytes, const std::string& from, std::string* out) {
  const ByteTable* table = SingleByteTable(from);
  if (table == nullptr) return IcuConvertToUtf8(bytes, from, out);
  size_t size = 0;
  for (char c : bytes) size += table->length[static_cast<unsigned char>(c)];
  out->resize(size);
  char* target = out->data();
  for (char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x80 && table->length[b] == 1) {
      *target++ = table->utf8[b][0];
    } else {
      target = std::copy_n(table->utf8[b].begin(), table->length[b], target);
    }
  }
  return true;
}

}  // namespace

std::string CharsetLabel(std::string_view v) {
  size_t p = FindNoCase(v, "charset=");
  if (p != std::string_view::npos) return CanonicalLabel(LabelAt(v, p + 8));
  if (v.find('/') != std::string_view::npos || v.find(';') != std::string_view::npos) return "";
  return CanonicalLabel(LabelAt(v, 0));
}

std::string FindDeclaredCharset(std::string_view bytes) {
  std::string_view head = bytes.substr(0, std::min(bytes.size(), kDeclarationScanBytes));
  if (head.substr(0, 5) == "<?xml") {
    size_t end = head.find("?>");
    size_t p = FindNoCase(head.substr(0, end), "encoding=");
    if (p != std::string_view::npos) return CanonicalLabel(LabelAt(head, p + 9));
  }
  for (size_t m = FindNoCase(head, "<meta"); m != std::string_view::npos;
       m = FindNoCase(head, "<meta", m + 5)) {
    size_t end = head.find('>', m);
    if (end == std::string_view::npos) break;
    std::string_view tag = head.substr(m, end - m);
    size_t p = FindNoCase(tag, "charset=");
    if (p != std::string_view::npos) {
      std::string label = CanonicalLabel(LabelAt(tag, p + 8));
      if (!label.empty()) return label;
    }
  }
  return "";
}

DecodedPage DecodeHtmlBytes(std::string_view bytes, std::string_view http_charset) {
  DecodedPage page;
  std::string label;
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    bytes.remove_prefix(3);
    label = "utf-8";
    page.charset_source = "bom";
  } else if (bytes.size() >= 2 && bytes.substr(0, 2) == "\xFF\xFE") {
    bytes.remove_prefix(2);
    label = "utf-16le";
    page.charset_source = "bom";
  } else if (bytes.size() >= 2 && bytes.substr(0, 2) == "\xFE\xFF") {
    bytes.remove_prefix(2);
    label = "utf-16be";
    page.charset_source = "bom";
  }
  auto consider = [&](std::string candidate, const char* source) {
    if (!label.empty() || candidate.empty()) return;
    if (IsUtf8Label(candidate)) {
      if (!IsValidUtf8(bytes) && MostlyNotUtf8(bytes)) return;  // mislabelled: detection decides
    } else if (candidate == "utf-16" || candidate == "utf-16le" || candidate == "utf-16be") {
      // A page whose markup we could read as ASCII is not UTF-16, whatever it says.
      return;
    } else if (!KnownCharset(candidate)) {
      return;
    }
    label = std::move(candidate);
    page.charset_source = source;
  };
  consider(CharsetLabel(http_charset), "http");
  consider(FindDeclaredCharset(bytes), "meta");
  // Non-ASCII bytes that form valid UTF-8 are UTF-8 whatever the label says: real single-byte
  // text almost never does (a Latin-1 letter is followed by another non-ASCII byte only in
  // mojibake), and pages converted to UTF-8 often keep their old declaration.
  if (!label.empty() && page.charset_source != "bom" && !IsUtf8Label(label) &&
      label.rfind("utf-16", 0) != 0 && HasNonAscii(bytes) && IsValidUtf8(bytes)) {
    label = "utf-8";
    page.charset_source = "utf-8-valid";
  }
  if (label.empty() && IsValidUtf8(bytes)) {
    label = "utf-8";
    page.charset_source = "utf-8-valid";
  }
  if (label.empty()) {
    std::string guess = Detect(bytes);
    if (!guess.empty() && guess != "ascii" && KnownCharset(guess)) {
      label = guess;
      page.charset_source = "detected";
    } else {
      label = "windows-1252";
      page.charset_source = "default";
    }
  }
  page.charset = label;
  Utf8Repair repair;
  if (IsUtf8Label(label) && IsValidUtf8(bytes) && bytes.find('\0') == std::string_view::npos) {
    page.view = bytes;  // the common case: no copy, no repair pass
  } else if (IsUtf8Label(label)) {
    page.converted = RepairUtf8(bytes, &repair);
    page.copied = true;
  } else {
    std::string converted;
    if (!ConvertToUtf8(bytes, label, &converted)) {
      page.charset = "windows-1252";
      page.charset_source = "default";
      if (!ConvertToUtf8(bytes, page.charset, &converted)) converted.assign(bytes);
    }
    // ICU's output is well-formed: only NULs would need the repair pass.
    if (converted.find('\0') == std::string::npos && IsValidUtf8(converted)) {
      page.converted = std::move(converted);
    } else {
      page.converted = RepairUtf8(converted, &repair);
    }
    page.copied = true;
  }
  page.replaced = repair.replaced;
  if (page.copied) {
    if (page.converted.size() >= 3 && page.converted.compare(0, 3, "\xEF\xBB\xBF") == 0) {
      page.converted.erase(0, 3);
    }
  } else if (page.view.size() >= 3 && page.view.substr(0, 3) == "\xEF\xBB\xBF") {
    page.view.remove_prefix(3);
  }
  return page;
}

}  // namespace storyline
