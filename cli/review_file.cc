#include "cli/review_file.h"

#include <yaml-cpp/yaml.h>

#include "absl/strings/str_cat.h"

namespace anju::cli {
namespace {

absl::Status Invalid(const std::string& path, const std::string& key,
                     const std::string& rule) {
  return absl::InvalidArgumentError(absl::StrCat(path, ": ", key, ": ", rule));
}

absl::Status ReadScore(const std::string& path, const std::string& id,
                       const YAML::Node& node, anju::v1::ReviewScore* score) {
  const std::string key = absl::StrCat("review_scores.", id);
  if (!node.IsMap() || !node["score"] || !node["reason"]) {
    return Invalid(path, key, "needs {score: N, reason: TEXT}");
  }
  for (const auto& field : node) {
    const std::string name = field.first.as<std::string>();
    if (name != "score" && name != "reason") {
      return Invalid(path, absl::StrCat(key, ".", name), "unknown key");
    }
  }
  try {
    score->set_score(node["score"].as<double>());
    score->set_reason(node["reason"].as<std::string>());
  } catch (const YAML::Exception&) {
    return Invalid(path, key, "score must be a number, reason a text");
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ReadReviewFile(const std::string& path,
                            anju::v1::ReviewReportRequest* request) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    return absl::NotFoundError(absl::StrCat(path, ": cannot be read"));
  } catch (const YAML::Exception& e) {
    return Invalid(path, "line " + std::to_string(e.mark.line + 1), e.msg);
  }
  const YAML::Node scores = root["review_scores"];
  if (!root.IsMap() || root.size() != 1 || !scores || !scores.IsMap()) {
    return Invalid(path, "review_scores",
                   "the file holds one map review_scores: {ID: {score, "
                   "reason}}");
  }
  for (const auto& entry : scores) {
    const std::string id = entry.first.as<std::string>();
    anju::v1::ReviewScore score;
    absl::Status status = ReadScore(path, id, entry.second, &score);
    if (!status.ok()) return status;
    (*request->mutable_review_scores())[id] = score;
  }
  return absl::OkStatus();
}

void AcceptComputedScores(const anju::v1::Report& report,
                          const std::string& reason,
                          anju::v1::ReviewReportRequest* request) {
  for (const anju::v1::IndicatorScore& indicator :
       report.scored().indicators()) {
    anju::v1::ReviewScore& score =
        (*request->mutable_review_scores())[indicator.id()];
    score.set_score(indicator.scorable() ? indicator.score() : 0);
    score.set_reason(reason);
  }
}

}  // namespace anju::cli
