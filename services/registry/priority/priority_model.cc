#include "services/registry/priority/priority_model.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/registry/priority/score_math.h"

namespace anju::registry {

v1::PriorityScore PriorityModel::Score(const v1::ReserveProject& project,
                                       int reference_year) const {
  v1::PriorityScore score;
  score.set_model_version(version_);
  const auto programme = programmes_.find(project.programme());
  if (programme == programmes_.end()) return score;
  int64_t total = 0;  // hundredths: the total is the sum of rounded points
  for (const auto& [id, weight, index] : programme->second.factor_weights) {
    const Factor& factor = factors_[index];
    const FactorResult result = factor.Evaluate(project, reference_year);
    const int64_t cents = ToCents(result.share * weight);
    total += cents;
    v1::PriorityComponent* c = score.add_components();
    c->set_factor(id);
    c->set_label(factor.label);
    c->set_input(result.input);
    c->set_points(FromCents(cents));
    c->set_max_points(weight);
    c->set_explanation(result.explanation);
  }
  score.set_score(FromCents(total));
  return score;
}

v1::PriorityModel PriorityModel::ToProto() const {
  v1::PriorityModel proto;
  proto.set_version(version_);
  proto.set_title(title_);
  for (const Factor& factor : factors_) {
    // The proto has one weight per factor; programmes weigh factors
    // differently, so the weight is the largest and the description lists
    // each programme's.
    double largest = 0;
    std::vector<std::string> per_programme;
    for (const auto& [programme, weights] : programmes_) {
      for (const auto& [id, weight, index] : weights.factor_weights) {
        if (id != factor.id) continue;
        largest = std::max(largest, weight);
        per_programme.push_back(absl::StrCat(programme, " ", weight));
      }
    }
    v1::PriorityFactor* f = proto.add_factors();
    f->set_id(factor.id);
    f->set_label(factor.label);
    f->set_weight(largest);
    f->set_kind(std::string(FactorKindName(factor.kind)));
    f->set_field(factor.field);
    std::string description = factor.description;
    if (!description.empty()) description += " ";
    absl::StrAppend(
        &description, "权重: ",
        per_programme.empty() ? "未采用" : absl::StrJoin(per_programme, ", "));
    f->set_description(description);
  }
  for (const std::string& id : tie_breakers_) proto.add_tie_breakers(id);
  proto.add_tie_breakers("id");
  return proto;
}

bool PriorityModel::Covers(absl::string_view programme) const {
  return programmes_.count(std::string(programme)) > 0;
}

std::vector<std::string> PriorityModel::MissingInputs(
    const v1::ReserveProject& project) const {
  const auto programme = programmes_.find(project.programme());
  if (programme == programmes_.end()) return {"programme"};
  std::vector<std::string> missing;
  for (const auto& [id, weight, index] : programme->second.factor_weights) {
    const Factor& factor = factors_[index];
    const FactorResult result = factor.Evaluate(project, /*reference_year=*/
                                                kFarFuture);
    if (!result.present) missing.push_back(factor.field);
  }
  return missing;
}

std::vector<std::string> PriorityModels::versions() const {
  std::vector<std::string> out;
  for (const auto& [version, model] : models_) out.push_back(version);
  return out;
}

absl::StatusOr<const PriorityModel*> PriorityModels::Find(
    absl::string_view version) const {
  if (version.empty()) {
    if (in_force_ == nullptr) {
      return absl::NotFoundError("没有生效的评分模型 (no model loaded)");
    }
    return in_force_;
  }
  const auto it = models_.find(std::string(version));
  if (it == models_.end()) {
    return absl::NotFoundError(absl::StrCat(
        "评分模型版本 \"", version.substr(0, 40),
        "\" 不存在 (have: ", absl::StrJoin(versions(), ", "), ")"));
  }
  return it->second.get();
}

}  // namespace anju::registry
