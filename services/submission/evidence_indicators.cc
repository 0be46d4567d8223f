#include "services/submission/evidence_indicators.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace anju::submission {

absl::StatusOr<std::shared_ptr<const IndicatorIds>> RubricIndicatorCache::Get(
    ScoringClient& scoring, const std::string& programme, int year,
    const std::string& version) {
  const Key key{programme, year, version};
  {
    absl::MutexLock lock(&mu_);
    auto found = ids_.find(key);
    if (found != ids_.end()) return found->second;
  }
  // Outside the lock: two first uploads may both ask, and both get the
  // same answer; no upload waits on another's call to the scoring service.
  v1::GetRubricRequest request;
  request.set_programme(programme);
  request.set_year(year);
  absl::StatusOr<v1::Rubric> rubric = scoring.GetRubric(request);
  if (!rubric.ok()) return rubric.status();
  if (rubric->version() != version) {
    return absl::FailedPreconditionError(absl::StrCat(
        "rubric_version: the campaign of ", year, " pins \"", version,
        "\" for ", programme, " but the scoring service serves \"",
        rubric->version(), "\""));
  }
  auto ids = std::make_shared<IndicatorIds>();
  for (const v1::IndicatorSpec& indicator : rubric->indicators()) {
    ids->insert(indicator.id());
  }
  absl::MutexLock lock(&mu_);
  return ids_.try_emplace(key, std::move(ids)).first->second;
}

}  // namespace anju::submission
