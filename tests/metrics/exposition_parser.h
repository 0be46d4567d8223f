#ifndef ANJU_TESTS_METRICS_EXPOSITION_PARSER_H_
#define ANJU_TESTS_METRICS_EXPOSITION_PARSER_H_

// A strict reader of the Prometheus text format 0.0.4, written apart from
// the renderer so that the tests check the output against the spec, not
// against itself: every line is a HELP, a TYPE or a sample; names and
// label names match the grammar; label values are escaped; each family's
// TYPE comes once, before its samples; histogram buckets are cumulative
// and end in +Inf, which equals _count.

#include <map>
#include <string>

#include "absl/status/statusor.h"

namespace anju::metrics::testing {

struct Exposition {
  // "name{a=\"x\",b=\"y\"}" (labels as written) → value
  std::map<std::string, double> samples;
  std::map<std::string, std::string> types;  // family → counter, gauge, …
  std::map<std::string, std::string> help;   // family → unescaped text
};

absl::StatusOr<Exposition> ParseExposition(const std::string& text);

// A GET over a fresh TCP connection to 127.0.0.1:port (HTTP/1.0, so the
// server closes when done); `extra` is added before the blank line.
struct HttpReply {
  int status = 0;
  std::string headers;  // lower-cased
  std::string body;
};
absl::StatusOr<HttpReply> HttpRequest(int port, const std::string& request);
absl::StatusOr<HttpReply> HttpGet(int port, const std::string& path);

}  // namespace anju::metrics::testing

#endif  // ANJU_TESTS_METRICS_EXPOSITION_PARSER_H_
