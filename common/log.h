#ifndef ANJU_COMMON_LOG_H_
#define ANJU_COMMON_LOG_H_

// Structured logs: one JSON object per line on stderr, e.g.
//   {"ts":"2024-03-01T08:00:00.123Z","level":"info","service":"scoring",
//    "msg":"listening","listen":"127.0.0.1:0","port":41234}
// Scripts and log shippers parse these lines, so keys and the compact
// `"key":value` form (no spaces) are part of the contract.

#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <string>
#include <type_traits>

#include "absl/strings/string_view.h"

namespace anju::common {

// One key and its value, kept as JSON text.
class LogField {
 public:
  LogField(absl::string_view key, absl::string_view value);
  LogField(absl::string_view key, const char* value)
      : LogField(key, absl::string_view(value)) {}
  LogField(absl::string_view key, const std::string& value)
      : LogField(key, absl::string_view(value)) {}
  LogField(absl::string_view key, bool value);
  LogField(absl::string_view key, double value);  // NaN and ±inf log as null
  // Every integer type but bool (a template, so that int is not ambiguous
  // between the bool and double overloads).
  template <typename T,
            std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>,
                             int> = 0>
  LogField(absl::string_view key, T value)
      : key_(key), json_(std::to_string(value)) {}

  const std::string& key() const { return key_; }
  const std::string& json() const { return json_; }

 private:
  std::string key_;
  std::string json_;
};

enum class LogLevel { kDebug, kInfo, kWarning, kError };

// Appends s to out as a JSON string literal (quotes included). Ill-formed
// UTF-8 becomes U+FFFD so that every line stays valid JSON.
void AppendJsonString(absl::string_view s, std::string* out);

// Thread-safe: each line is written with one call and flushed.
class Logger {
 public:
  explicit Logger(std::string service, std::FILE* out = stderr,
                  LogLevel min_level = LogLevel::kInfo);

  void Log(LogLevel level, absl::string_view msg,
           std::initializer_list<LogField> fields = {}) const;
  void Debug(absl::string_view msg,
             std::initializer_list<LogField> fields = {}) const {
    Log(LogLevel::kDebug, msg, fields);
  }
  void Info(absl::string_view msg,
            std::initializer_list<LogField> fields = {}) const {
    Log(LogLevel::kInfo, msg, fields);
  }
  void Warning(absl::string_view msg,
               std::initializer_list<LogField> fields = {}) const {
    Log(LogLevel::kWarning, msg, fields);
  }
  void Error(absl::string_view msg,
             std::initializer_list<LogField> fields = {}) const {
    Log(LogLevel::kError, msg, fields);
  }

  const std::string& service() const { return service_; }

 private:
  std::string service_;
  std::FILE* out_;
  LogLevel min_level_;
};

}  // namespace anju::common

#endif  // ANJU_COMMON_LOG_H_
