#include "ingest/record_reader.h"

#include <algorithm>
#include <cstring>
#include <utility>

// Invariants:
//  - 0 <= begin_ <= scan_ <= end_ <= cap_; buf_[0] is at decompressed offset buf_offset_.
//  - [begin_, scan_) holds no '\n'; the line starting at begin_ is line number line_.
//  - end_ - begin_ <= max_record_bytes_ + one read, so memory is bounded by the limit.
//  - Once eof_ is set no more bytes arrive; stream_error_ says whether the end was an error.

namespace storyline {

namespace {

// Bytes asked of the stream per read. Large enough that syscalls and decoder calls are a small
// fraction of the time, small enough to stay in L2/L3 cache while lines are cut and copied.
constexpr size_t kReadChunk = 1u << 20;
constexpr size_t kInitialCapacity = 2 * kReadChunk;

bool IsBlank(const char* p, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    char c = p[i];
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '\f' && c != '\v') return false;
  }
  return true;
}

constexpr std::string_view kBom = "\xEF\xBB\xBF";

std::string Limit(size_t n) {
  if (n % (1u << 20) == 0)
    return std::to_string(n) + " bytes (" + std::to_string(n >> 20) + " MiB)";
  return std::to_string(n) + " bytes";
}

}  // namespace

RecordReader::RecordReader(std::unique_ptr<ByteStream> stream, InputFormat format,
                           size_t max_record_bytes)
    : stream_(std::move(stream)),
      path_(stream_->path()),
      format_(format),
      max_record_bytes_(std::max<size_t>(max_record_bytes, 1)) {}

RecordReader::~RecordReader() = default;

Result<std::unique_ptr<RecordReader>> RecordReader::Open(const InputFile& file,
                                                         size_t max_record_bytes) {
  ASSIGN_OR_RETURN(std::unique_ptr<ByteStream> stream, ByteStream::Open(file));
  std::unique_ptr<RecordReader> reader(
      new RecordReader(std::move(stream), file.format, max_record_bytes));
  // A text file is read into its record's own string; only line splitting needs the buffer.
  if (file.path == "-" || file.format == InputFormat::kJsonLines) {
    reader->cap_ = kInitialCapacity;
    reader->buf_ = std::make_unique_for_overwrite<char[]>(reader->cap_);
  }
  if (file.path == "-") RETURN_IF_ERROR(reader->SniffStdinFormat());
  return reader;
}

uint64_t RecordReader::bytes_consumed() const { return stream_->compressed_bytes_consumed(); }

Origin RecordReader::MakeOrigin(uint64_t line, uint64_t offset) const {
  Origin o;
  o.path = path_;
  o.line = line;
  o.byte_offset = offset;
  return o;
}

Status RecordReader::SniffStdinFormat() {
  // Read until a byte that is not whitespace shows the format (or the input ends); the bytes stay
  // buffered for the records.
  for (;;) {
    std::string_view head(buf_.get() + begin_, end_ - begin_);
    size_t skip = head.substr(0, 3) == kBom ? 3 : 0;
    bool decided = skip < head.size() && !IsBlank(head.data() + skip, head.size() - skip);
    // A partial BOM at the very start could still become one: wait for three bytes.
    if ((decided && head.size() >= 3) || eof_) {
      format_ = SniffFormat(head);
      return Status::Ok();
    }
    if (end_ - begin_ > max_record_bytes_) {  // an enormous run of whitespace: call it text
      format_ = InputFormat::kText;
      return Status::Ok();
    }
    Fill();
  }
}

void RecordReader::Fill() {
  if (eof_) return;
  if (begin_ > 0 && (begin_ == end_ || cap_ - end_ < kReadChunk)) {
    size_t keep = end_ - begin_;
    std::memmove(buf_.get(), buf_.get() + begin_, keep);
    buf_offset_ += begin_;
    scan_ -= begin_;
    end_ = keep;
    begin_ = 0;
  }
  if (cap_ - end_ < kReadChunk) {
    // The current line fills the buffer but is within the limit: grow, up to limit + one read.
    const size_t max_cap = std::max(max_record_bytes_ + kReadChunk + 1, kInitialCapacity);
    size_t new_cap = std::max(cap_ * 2, end_ + kReadChunk);
    // Jump straight to the maximum rather than hold a large old buffer and a barely larger one.
    if (new_cap > max_cap / 2) new_cap = max_cap;
    new_cap = std::max(new_cap, end_ + 1);
    // Uninitialised: pages are only touched (and resident) as bytes arrive.
    auto bigger = std::make_unique_for_overwrite<char[]>(new_cap);
    std::memcpy(bigger.get(), buf_.get(), end_);
    buf_ = std::move(bigger);
    cap_ = new_cap;
  }
  Result<size_t> got = stream_->Read(buf_.get() + end_, std::min(cap_ - end_, 4 * kReadChunk));
  if (!got.ok()) {
    stream_error_ = got.status();
    eof_ = true;
    return;
  }
  if (*got == 0) eof_ = true;
  end_ += *got;
}

size_t RecordReader::EmitLine(size_t begin, size_t len, std::vector<RawRecord>* out) {
  const char* p = buf_.get() + begin;
  if (len > 0 && p[len - 1] == '\r') --len;
  // Records almost always start with '{'; only other lines need the full blank check.
  if (len == 0 || (p[0] != '{' && IsBlank(p, len))) return 0;
  RawRecord& rec = out->emplace_back();
  rec.origin.path = path_;
  rec.origin.line = line_;
  rec.origin.byte_offset = buf_offset_ + begin;
  rec.format = InputFormat::kJsonLines;
  rec.bytes.assign(p, len);
  ++records_;
  return len;
}

void RecordReader::SkipLongLine(std::vector<RecordProblem>* problems) {
  const uint64_t line = line_;
  const uint64_t start = buf_offset_ + begin_;
  uint64_t skipped = end_ - begin_;
  buf_offset_ = start + skipped;
  begin_ = scan_ = end_ = 0;
  bool found = false;
  while (!eof_) {
    Result<size_t> got = stream_->Read(buf_.get(), std::min(cap_, 4 * kReadChunk));
    if (!got.ok()) {
      stream_error_ = got.status();
      eof_ = true;
      break;
    }
    if (*got == 0) {
      eof_ = true;
      break;
    }
    const char* nl = static_cast<const char*>(std::memchr(buf_.get(), '\n', *got));
    if (nl != nullptr) {
      size_t pos = static_cast<size_t>(nl - buf_.get());
      skipped += pos;
      begin_ = scan_ = pos + 1;
      end_ = *got;
      found = true;
      break;
    }
    skipped += *got;
    buf_offset_ += *got;
  }
  problems->push_back(RecordProblem{
      MakeOrigin(line, start),
      "Line " + std::to_string(line) + " at byte " + std::to_string(start) + " is " +
          (found || stream_error_.ok() ? "" : "at least ") + std::to_string(skipped) +
          " bytes long, more than the record size limit of " + Limit(max_record_bytes_) +
          "; it was skipped. Raise --max-record-size to ingest it."});
  ++problems_;
  if (found) ++line_;
}

void RecordReader::ReportEndOfInput(std::vector<RecordProblem>* problems) {
  if (!stream_error_.ok()) {
    problems->push_back(RecordProblem{
        MakeOrigin(format_ == InputFormat::kJsonLines ? line_ : 0, stream_->bytes_returned()),
        stream_error_.message()});
  } else if (stream_->bytes_returned() == 0) {
    problems->push_back(
        RecordProblem{MakeOrigin(0, 0), "empty file: nothing to ingest. Check that " + path_ +
                                            " was written completely, or leave it out."});
  } else if (records_ == 0 && problems_ == 0) {
    problems->push_back(RecordProblem{
        MakeOrigin(0, 0), "empty file: nothing to ingest (" + path_ +
                              " holds only blank lines). Check that it was written completely, "
                              "or leave it out."});
  } else {
    return;
  }
  ++problems_;
}

void RecordReader::ReadJsonLines(size_t max_bytes, std::vector<RawRecord>* out,
                                 std::vector<RecordProblem>* problems) {
  size_t added = 0;
  while (!done_) {
    if (!bom_checked_) {
      if (end_ - begin_ < kBom.size() && !eof_) {
        Fill();
        continue;
      }
      if (std::string_view(buf_.get() + begin_, end_ - begin_).substr(0, 3) == kBom) {
        begin_ += kBom.size();
        scan_ = std::max(scan_, begin_);
      }
      bom_checked_ = true;
    }
    const void* nl = std::memchr(buf_.get() + scan_, '\n', end_ - scan_);
    if (nl != nullptr) {
      size_t pos = static_cast<size_t>(static_cast<const char*>(nl) - buf_.get());
      size_t len = pos - begin_;
      if (len > max_record_bytes_) {
        // Complete in the buffer but over the limit: report it like a line too long to buffer.
        const uint64_t start = buf_offset_ + begin_;
        problems->push_back(RecordProblem{
            MakeOrigin(line_, start),
            "Line " + std::to_string(line_) + " at byte " + std::to_string(start) + " is " +
                std::to_string(len) + " bytes long, more than the record size limit of " +
                Limit(max_record_bytes_) +
                "; it was skipped. Raise --max-record-size to ingest it."});
        ++problems_;
      } else {
        added += EmitLine(begin_, len, out);
      }
      begin_ = scan_ = pos + 1;
      ++line_;
      if (added >= max_bytes) return;
      continue;
    }
    scan_ = end_;
    if (end_ - begin_ > max_record_bytes_) {
      SkipLongLine(problems);
      continue;
    }
    if (eof_) {
      if (begin_ < end_) {
        if (stream_error_.ok()) {
          EmitLine(begin_, end_ - begin_, out);  // a last line without '\n'
        } else {
          const uint64_t start = buf_offset_ + begin_;
          problems->push_back(RecordProblem{
              MakeOrigin(line_, start),
              stream_error_.message() + " The incomplete line " + std::to_string(line_) +
                  " at byte " + std::to_string(start) + " (" + std::to_string(end_ - begin_) +
                  " bytes before the damage) was not ingested."});
          ++problems_;
          stream_error_ = Status::Ok();  // reported together with the line
        }
        begin_ = scan_ = end_;
      }
      ReportEndOfInput(problems);
      done_ = true;
      return;
    }
    // A pipe that has nothing more right now: hand over the records read so far instead of
    // waiting for a full batch, so a slow stream is ingested as it arrives.
    if (added > 0 && stream_->NothingReady()) return;
    Fill();
  }
}

void RecordReader::ReadText(std::vector<RawRecord>* out, std::vector<RecordProblem>* problems) {
  done_ = true;
  // Bytes already buffered by stdin sniffing come first.
  std::string data;
  if (buf_ != nullptr) data.assign(buf_.get() + begin_, end_ - begin_);
  uint64_t base = buf_offset_ + begin_;
  begin_ = scan_ = end_ = 0;
  buf_.reset();  // a text record is read into its own string
  cap_ = 0;
  while (!eof_ && data.size() <= max_record_bytes_) {
    size_t old = data.size();
    // Start small (most text files are a few KiB) and double, up to one chunk per read.
    size_t want =
        std::min({std::max<size_t>(old, 64 << 10), kReadChunk, max_record_bytes_ + 1 - old});
    if (data.capacity() < old + want) data.reserve(std::max(old + want, data.capacity() * 2));
    data.resize(old + want);
    Result<size_t> got = stream_->Read(data.data() + old, want);
    if (!got.ok()) {
      data.resize(old);
      stream_error_ = got.status();
      eof_ = true;
      break;
    }
    data.resize(old + *got);
    if (*got == 0) eof_ = true;
  }
  if (data.size() > max_record_bytes_) {
    problems->push_back(RecordProblem{
        MakeOrigin(0, base), path_ + " is more than the record size limit of " +
                                 Limit(max_record_bytes_) +
                                 "; it was skipped. Raise --max-record-size to ingest it."});
    ++problems_;
    return;
  }
  if (!stream_error_.ok()) {
    problems->push_back(RecordProblem{
        MakeOrigin(0, base), stream_error_.message() + " The text before the damage (" +
                                 std::to_string(data.size()) + " bytes) was not ingested."});
    ++problems_;
    return;
  }
  if (std::string_view(data).substr(0, 3) == kBom) {
    data.erase(0, kBom.size());
    base += kBom.size();
  }
  if (data.empty() || IsBlank(data.data(), data.size())) {
    problems->push_back(RecordProblem{
        MakeOrigin(0, 0), std::string("empty file: nothing to ingest") +
                              (data.empty() ? "" : " (only whitespace)") + ". Check that " + path_ +
                              " was written completely, or leave it out."});
    ++problems_;
    return;
  }
  RawRecord& rec = out->emplace_back();
  rec.origin = MakeOrigin(0, base);
  rec.format = format_;  // kText or kHtml: a whole file is one record
  rec.bytes = std::move(data);
  ++records_;
}

Result<bool> RecordReader::ReadBatch(size_t max_bytes, std::vector<RawRecord>* out,
                                     std::vector<RecordProblem>* problems) {
  if (out == nullptr || problems == nullptr) {
    return Internal("RecordReader::ReadBatch needs output vectors");
  }
  if (done_) return false;
  const size_t out_before = out->size();
  const size_t problems_before = problems->size();
  if (format_ == InputFormat::kText || format_ == InputFormat::kHtml) {
    ReadText(out, problems);
  } else {
    ReadJsonLines(std::max<size_t>(max_bytes, 1), out, problems);
  }
  return out->size() > out_before || problems->size() > problems_before;
}

}  // namespace storyline
