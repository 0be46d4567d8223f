#include "common/metrics/text_format.h"

#include <charconv>
#include <cmath>

#include "absl/strings/str_cat.h"

namespace anju::metrics {
namespace {

std::string Escape(absl::string_view s, bool quote) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && quote) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string EscapeHelp(absl::string_view help) { return Escape(help, false); }

std::string EscapeLabelValue(absl::string_view value) {
  return Escape(value, true);
}

std::string FormatValue(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buffer[32];
  // Shortest round-trip form: 0.1 stays "0.1", 3 stays "3".
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), v);
  if (ec != std::errc()) return absl::StrCat(v);  // cannot happen for 32 B
  return std::string(buffer, end);
}

void AppendSample(absl::string_view name, const std::vector<std::string>& names,
                  const std::vector<std::string>& values, double value,
                  std::string* out) {
  absl::StrAppend(out, name);
  if (!names.empty()) {
    out->push_back('{');
    for (size_t i = 0; i < names.size(); ++i) {
      absl::StrAppend(out, i == 0 ? "" : ",", names[i], "=\"",
                      EscapeLabelValue(values[i]), "\"");
    }
    out->push_back('}');
  }
  absl::StrAppend(out, " ", FormatValue(value), "\n");
}

}  // namespace anju::metrics
