#ifndef ANJU_COMMON_METRICS_TEXT_FORMAT_H_
#define ANJU_COMMON_METRICS_TEXT_FORMAT_H_

// The pieces of the Prometheus text exposition format 0.0.4
// (https://prometheus.io/docs/instrumenting/exposition_formats/) that the
// registry renders with.

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace anju::metrics {

inline constexpr char kTextContentType[] =
    "text/plain; version=0.0.4; charset=utf-8";

// A HELP text: `\` → `\\`, newline → `\n`.
std::string EscapeHelp(absl::string_view help);
// A label value: `\` → `\\`, `"` → `\"`, newline → `\n`.
std::string EscapeLabelValue(absl::string_view value);
// The shortest text that reads back as `v`; +Inf, -Inf, NaN as Prometheus
// spells them.
std::string FormatValue(double v);

// One sample line: name{l1="v1",…} value\n; no braces without labels.
// `names` and `values` have the same length.
void AppendSample(absl::string_view name, const std::vector<std::string>& names,
                  const std::vector<std::string>& values, double value,
                  std::string* out);

}  // namespace anju::metrics

#endif  // ANJU_COMMON_METRICS_TEXT_FORMAT_H_
