#ifndef ANJU_CLI_FACTS_FILE_H_
#define ANJU_CLI_FACTS_FILE_H_

// The facts file (事实文件) that `anjuctl score --file F` sends to the
// scoring service: one organisation's facts and self-scores (自评) for one
// programme and year, in YAML. The format is documented in cli/README.md;
// the Chifeng samples (data/samples/chifeng-2023/) are written in it.

#include <map>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "anju/v1/scoring.pb.h"

namespace anju::cli {

struct FactsFile {
  std::string org;       // GB/T 2260 code, e.g. "150400"; may be empty
  std::string org_name;  // e.g. 赤峰市; may be empty
  anju::v1::EvaluateRequest request;
  // Facts written as {value, illustrative: true}: figures the source does
  // not give, chosen by whoever wrote the file. Reports mark them.
  std::set<std::string> illustrative;
  // 补充数据 (`supplementary:`): figures kept apart from `facts:` for the
  // submission service's consistency rules (rules/<year>/consistency.yaml),
  // never sent to Evaluate. Written like facts.
  std::map<std::string, anju::v1::Fact> supplementary;
};

// Parses the YAML text of a facts file. `name` (usually the path) prefixes
// every error: INVALID_ARGUMENT "F: facts.x: …" naming the key at fault.
absl::StatusOr<FactsFile> ParseFactsFile(absl::string_view yaml,
                                         absl::string_view name);

// Reads and parses the file at `path` (NOT_FOUND if it cannot be read).
absl::StatusOr<FactsFile> ReadFactsFile(const std::string& path);

}  // namespace anju::cli

#endif  // ANJU_CLI_FACTS_FILE_H_
