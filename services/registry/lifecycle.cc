#include "services/registry/lifecycle.h"

#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "common/text.h"

namespace anju::registry {
namespace {

constexpr int kMinPlanYear = 2000;
constexpr int kMaxPlanYear = 2100;

// The date of the step that led to `status`, to compare the next one with.
std::string DateOf(const v1::ReserveProject& p) {
  switch (p.status()) {
    case v1::PROJECT_STATUS_STARTED:
      return p.start_date();
    case v1::PROJECT_STATUS_COMPLETED:
      return p.completion_date();
    case v1::PROJECT_STATUS_DELIVERED:
      return p.delivery_date();
    default:
      return "";
  }
}

absl::Status Illegal(v1::ProjectStatus from, v1::ProjectStatus to) {
  return absl::FailedPreconditionError(absl::StrCat(
      "to: 不能从 ", StatusLabel(from), " 变更为 ", StatusLabel(to),
      " (no step from ", v1::ProjectStatus_Name(from), " to ",
      v1::ProjectStatus_Name(to),
      "; the lifecycle is 储备 → 计划 → 开工 → 竣工 → 交付, one step at a "
      "time)"));
}

}  // namespace

std::string StatusLabel(v1::ProjectStatus status) {
  switch (status) {
    case v1::PROJECT_STATUS_RESERVE:
      return "储备";
    case v1::PROJECT_STATUS_PLANNED:
      return "计划";
    case v1::PROJECT_STATUS_STARTED:
      return "开工";
    case v1::PROJECT_STATUS_COMPLETED:
      return "竣工";
    case v1::PROJECT_STATUS_DELIVERED:
      return "交付";
    default:
      return "未指定";
  }
}

absl::Status CheckDate(absl::string_view text, absl::string_view field) {
  absl::CivilDay day;
  int y = 0, m = 0, d = 0;
  const bool shaped = text.size() == 10 && text[4] == '-' && text[7] == '-' &&
                      absl::SimpleAtoi(text.substr(0, 4), &y) &&
                      absl::SimpleAtoi(text.substr(5, 2), &m) &&
                      absl::SimpleAtoi(text.substr(8, 2), &d);
  if (shaped) day = absl::CivilDay(y, m, d);
  // CivilDay normalises 2024-02-30 to 03-01: a real day reads back the same.
  if (!shaped || day.year() != y || day.month() != m || day.day() != d ||
      y < kMinPlanYear || y > kMaxPlanYear) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": 须为有效日期 YYYY-MM-DD (a real day, got \"",
                     common::Preview(text), "\")"));
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::ReserveProject> ApplyTransition(
    const v1::ReserveProject& project,
    const v1::TransitionProjectRequest& request) {
  const v1::ProjectStatus from = project.status();
  const v1::ProjectStatus to = request.to();
  if (to == v1::PROJECT_STATUS_UNSPECIFIED || !v1::ProjectStatus_IsValid(to)) {
    return absl::InvalidArgumentError(
        "to: 须为 PLANNED, STARTED, COMPLETED 或 DELIVERED (required)");
  }
  if (static_cast<int>(to) != static_cast<int>(from) + 1) {
    return Illegal(from, to);
  }
  v1::ReserveProject next = project;
  next.set_status(to);
  if (to == v1::PROJECT_STATUS_PLANNED) {
    if (request.plan_year() < kMinPlanYear ||
        request.plan_year() > kMaxPlanYear) {
      return absl::InvalidArgumentError(
          absl::StrCat("plan_year: 须在 ", kMinPlanYear, "–", kMaxPlanYear,
                       " 之间 (got ", request.plan_year(), ")"));
    }
    next.set_plan_year(request.plan_year());
    return next;
  }
  if (auto s = CheckDate(request.date(), "date"); !s.ok()) return s;
  const std::string previous = DateOf(project);
  // YYYY-MM-DD compares as text in date order.
  if (!previous.empty() && request.date() < previous) {
    return absl::InvalidArgumentError(absl::StrCat(
        "date: ", StatusLabel(to), "日期 ", request.date(), " 早于",
        StatusLabel(from), "日期 ", previous, " (before the previous step)"));
  }
  if (to == v1::PROJECT_STATUS_STARTED) next.set_start_date(request.date());
  if (to == v1::PROJECT_STATUS_COMPLETED) {
    next.set_completion_date(request.date());
  }
  if (to == v1::PROJECT_STATUS_DELIVERED)
    next.set_delivery_date(request.date());
  return next;
}

}  // namespace anju::registry
