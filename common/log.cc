#include "common/log.h"

#include <charconv>
#include <cmath>
#include <utility>

#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/text.h"

namespace anju::common {
namespace {

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarning:
      return "warning";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

void AppendEscapedByte(char c, std::string* out) {
  switch (c) {
    case '"':
      *out += "\\\"";
      return;
    case '\\':
      *out += "\\\\";
      return;
    case '\n':
      *out += "\\n";
      return;
    case '\r':
      *out += "\\r";
      return;
    case '\t':
      *out += "\\t";
      return;
    default:
      break;
  }
  if (static_cast<unsigned char>(c) < 0x20) {
    *out += absl::StrFormat("\\u%04x", static_cast<unsigned char>(c));
  } else {
    *out += c;
  }
}

void AppendField(absl::string_view key, absl::string_view json,
                 std::string* line) {
  *line += ',';
  AppendJsonString(key, line);
  *line += ':';
  line->append(json.data(), json.size());
}

}  // namespace

void AppendJsonString(absl::string_view s, std::string* out) {
  *out += '"';
  std::size_t pos = 0;
  while (pos < s.size()) {
    const std::size_t n = Utf8SequenceLength(s, pos);
    if (n == 0) {
      *out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
      pos += 1;
    } else if (n == 1) {
      AppendEscapedByte(s[pos], out);
      pos += 1;
    } else {
      out->append(s.data() + pos, n);  // Chinese text stays readable
      pos += n;
    }
  }
  *out += '"';
}

LogField::LogField(absl::string_view key, absl::string_view value) : key_(key) {
  AppendJsonString(value, &json_);
}

LogField::LogField(absl::string_view key, bool value)
    : key_(key), json_(value ? "true" : "false") {}

LogField::LogField(absl::string_view key, double value) : key_(key) {
  if (!std::isfinite(value)) {
    json_ = "null";
    return;
  }
  char buf[32];
  // Shortest text that reads back as the same double.
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), value);
  json_.assign(buf, ec == std::errc() ? end : buf);
}

Logger::Logger(std::string service, std::FILE* out, LogLevel min_level)
    : service_(std::move(service)), out_(out), min_level_(min_level) {}

void Logger::Log(LogLevel level, absl::string_view msg,
                 std::initializer_list<LogField> fields) const {
  if (level < min_level_) return;
  std::string line = "{\"ts\":";
  AppendJsonString(absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(),
                                    absl::UTCTimeZone()),
                   &line);
  AppendField("level", LogField("", LevelName(level)).json(), &line);
  AppendField("service", LogField("", service_).json(), &line);
  AppendField("msg", LogField("", msg).json(), &line);
  for (const LogField& field : fields) {
    AppendField(field.key(), field.json(), &line);
  }
  line += "}\n";
  // One write per line: stdio locks the stream per call, so concurrent
  // lines never interleave.
  std::fwrite(line.data(), 1, line.size(), out_);
  std::fflush(out_);
}

}  // namespace anju::common
