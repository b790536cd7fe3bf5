// Status and Result<T>: how every fallible storyline operation reports failure.
//
// Expected failures (bad input, a corrupt file, an unknown id, a full disk) are values of these
// types; broken invariants are assertions. The set of codes is closed. Translation into exit codes,
// HTTP statuses or Python exceptions happens only at the edges (tools/, server/, python/).
//
// Thread-safety: values; safe to copy and move between threads.
#ifndef STORYLINE_STATUS_H_
#define STORYLINE_STATUS_H_

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace storyline {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,    // the caller's input is wrong: a bad record, a bad flag, a bad query
  kNotFound,           // an id, file or name that does not exist
  kCorruption,         // stored data fails a checksum or a structural check
  kIOError,            // the operating system refused a read, write, sync, rename or lock
  kResourceExhausted,  // a limit was hit: record too large, disk full, store locked by a writer
  kCancelled,          // the operation was interrupted on request
  kInternal,           // a bug: a broken invariant caught at a stage boundary
};

// Returns "InvalidArgument", "NotFound", ... for messages and JSON.
std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  // A sentence for a person: names the input (file, line, offset) and what to do.
  const std::string& message() const { return message_; }
  // "Code: message".
  std::string ToString() const;

  // Returns a copy whose message is "context: message" (used to add the file name, record number).
  Status WithContext(std::string_view context) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status InvalidArgument(std::string m) {
  return {StatusCode::kInvalidArgument, std::move(m)};
}
inline Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
inline Status Corruption(std::string m) { return {StatusCode::kCorruption, std::move(m)}; }
inline Status IOError(std::string m) { return {StatusCode::kIOError, std::move(m)}; }
inline Status ResourceExhausted(std::string m) {
  return {StatusCode::kResourceExhausted, std::move(m)};
}
inline Status Cancelled(std::string m) { return {StatusCode::kCancelled, std::move(m)}; }
inline Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

// Result<T>: either a T or a non-OK Status (GCC 12 has no std::expected).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT: implicit by design, like std::expected
  Result(Status status) : v_(std::move(status)) {  // NOLINT
    assert(!std::get<Status>(v_).ok() && "Result constructed from an OK Status");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  // OK status when a value is held.
  Status status() const { return ok() ? Status() : std::get<Status>(v_); }

  T& value() & {
    assert(ok());
    return std::get<T>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<T>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<T>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace storyline

#define STORYLINE_CONCAT_INNER_(a, b) a##b
#define STORYLINE_CONCAT_(a, b) STORYLINE_CONCAT_INNER_(a, b)

// Returns the Status from the enclosing function when `expr` is not OK.
#define RETURN_IF_ERROR(expr)                              \
  do {                                                     \
    ::storyline::Status storyline_status_ = (expr);        \
    if (!storyline_status_.ok()) return storyline_status_; \
  } while (0)

// `ASSIGN_OR_RETURN(auto x, MakeX());` declares x from a Result or returns its Status.
#define ASSIGN_OR_RETURN(lhs, expr) \
  ASSIGN_OR_RETURN_IMPL_(STORYLINE_CONCAT_(storyline_result_, __LINE__), lhs, expr)
#define ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                           \
  if (!tmp.ok()) return tmp.status();          \
  lhs = std::move(tmp).value()

#endif  // STORYLINE_STATUS_H_
