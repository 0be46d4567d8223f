#ifndef ANJU_SERVICES_REGISTRY_PRIORITY_PRIORITY_MODEL_H_
#define ANJU_SERVICES_REGISTRY_PRIORITY_PRIORITY_MODEL_H_

// The reserve's priority model (优先级评分模型, 量化计分): which project
// inputs count, per programme, with what weight and scale. Models are data
// (config/registry/priority/<version>.yaml, format in README.md), loaded and
// validated once at start; a new year's model is a new file, no code.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "anju/v1/registry.pb.h"
#include "services/registry/priority/factor.h"

namespace anju::registry {

// One programme's share of the model: the factors that count for it and
// their weights (max points), summing to 100.
struct WeightedFactor {
  std::string id;
  double weight = 0;
  size_t index = 0;  // into the model's factors, resolved at load
};
struct ProgrammeWeights {
  std::vector<WeightedFactor> factor_weights;  // in file order
};

class PriorityModel {
 public:
  const std::string& version() const { return version_; }
  const std::string& title() const { return title_; }
  // Factor ids compared (points, descending) when scores are equal.
  const std::vector<std::string>& tie_breakers() const { return tie_breakers_; }

  // For GetPriorityModel: every factor once, its weight the largest any
  // programme gives it; descriptions name the per-programme weights.
  v1::PriorityModel ToProto() const;

  // 0–100 in hundredths, with one component per factor of the project's
  // programme. A programme the model does not know scores 0 with no
  // components. reference_year is the year building ages are counted to.
  v1::PriorityScore Score(const v1::ReserveProject& project,
                          int reference_year) const;

  bool Covers(absl::string_view programme) const;
  // The inputs the project's programme reads that it lacks, by field name
  // ("building_year", "households"…); empty = scorable. Unknown programme:
  // {"programme"}.
  std::vector<std::string> MissingInputs(
      const v1::ReserveProject& project) const;

 private:
  friend class ModelLoader;

  std::string version_;
  std::string title_;
  std::vector<std::string> tie_breakers_;
  std::vector<Factor> factors_;                         // in file order
  std::map<std::string, size_t> factor_index_;          // id → factors_ index
  std::map<std::string, ProgrammeWeights> programmes_;  // by programme
};

// Every model version of a folder, and which one is in force.
class PriorityModels {
 public:
  // Reads every <version>.yaml of dir. INVALID_ARGUMENT naming the file and
  // the field path on any error; NOT_FOUND when dir holds no model.
  static absl::StatusOr<PriorityModels> LoadDirectory(const std::string& dir);

  // Empty version: the model in force. NOT_FOUND naming the version.
  absl::StatusOr<const PriorityModel*> Find(absl::string_view version) const;

  const PriorityModel& in_force() const { return *in_force_; }
  std::vector<std::string> versions() const;

 private:
  std::map<std::string, std::shared_ptr<const PriorityModel>> models_;
  const PriorityModel* in_force_ = nullptr;
  friend class ModelLoader;
};

// Parses one model file's text; `file` names it in errors and must end in
// "<version>.yaml" matching the file's version.
absl::StatusOr<std::shared_ptr<const PriorityModel>> ParsePriorityModel(
    absl::string_view text, const std::string& file, bool* in_force);

}  // namespace anju::registry

#endif  // ANJU_SERVICES_REGISTRY_PRIORITY_PRIORITY_MODEL_H_
