#include "services/scoring/rubric_lookup.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/text.h"

namespace anju::scoring {
namespace {

std::set<std::string> Programmes(const RubricSet& rubrics) {
  std::set<std::string> out;
  for (const Rubric& r : rubrics.rubrics()) out.insert(r.programme);
  return out;
}

std::set<int> Years(const RubricSet& rubrics, const std::string& programme) {
  std::set<int> out;
  for (const Rubric& r : rubrics.rubrics()) {
    if (r.programme == programme) out.insert(r.year);
  }
  return out;
}

}  // namespace

absl::StatusOr<const Rubric*> FindRubric(const RubricSet& rubrics,
                                         const std::string& programme,
                                         int year) {
  // The usual case costs one scan of the loaded rubrics; the lists of what
  // exists are built only for an error message.
  if (!programme.empty() && year != 0) {
    if (const Rubric* rubric = rubrics.Find(programme, year)) return rubric;
  }
  const std::set<std::string> programmes = Programmes(rubrics);
  const std::string known_programmes = absl::StrJoin(programmes, ", ");
  if (programme.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "programme: 必填 (required); 可选 (known): ", known_programmes));
  }
  if (programmes.count(programme) == 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "programme: 未知的项目类型 (unknown programme) \"",
        common::Preview(programme), "\"; 可选 (known): ", known_programmes));
  }
  const std::string known_years =
      absl::StrJoin(Years(rubrics, programme), ", ");
  if (year == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("year: 必填 (required); ", programme,
                     "的可选年度 (known years): ", known_years));
  }
  const Rubric* rubric = rubrics.Find(programme, year);
  if (rubric == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "year: 没有", programme, "的", year, "年度评价指标体系 (no rubric for ",
        programme, " in ", year, "); 可选年度 (known years): ", known_years));
  }
  return rubric;
}

}  // namespace anju::scoring
