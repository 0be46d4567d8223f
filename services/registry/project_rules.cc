#include "services/registry/project_rules.h"

#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/text.h"

namespace anju::registry {
namespace {

using Violations = std::vector<FieldViolation>;

std::string Number(double value) {
  if (std::isnan(value)) return "NaN";
  return absl::StrFormat("%.10g", value);
}

void CheckText(Violations& out, absl::string_view field, absl::string_view text,
               int max_bytes, bool required) {
  if (required && text.empty()) {
    out.push_back({std::string(field), "必填 (required)"});
  } else if (text.size() > static_cast<size_t>(max_bytes)) {
    out.push_back({std::string(field),
                   absl::StrCat("不得超过 ", max_bytes, " 字节 (at most ",
                                max_bytes, " bytes, got ", text.size(), ")")});
  } else if (!common::IsValidUtf8(text)) {
    out.push_back({std::string(field), "不是有效的 UTF-8 (not valid UTF-8)"});
  } else if (text.find_first_of(std::string("\0\n\r\t", 4)) !=
             absl::string_view::npos) {
    out.push_back(
        {std::string(field), "不得含有换行或控制字符 (no control characters)"});
  }
}

void CheckCount(Violations& out, absl::string_view field, int64_t value,
                int64_t max) {
  if (value < 0 || value > max) {
    out.push_back({std::string(field),
                   absl::StrCat("须在 0–", max, " 之间 (got ", value, ")")});
  }
}

// Finite, ≥ 0 and at most `max`.
bool CheckAmount(Violations& out, absl::string_view field, double value,
                 double max) {
  if (!std::isfinite(value)) {
    out.push_back(
        {std::string(field),
         absl::StrCat("须为有限数 (must be finite, got ", Number(value), ")")});
    return false;
  }
  if (value < 0 || value > max) {
    out.push_back(
        {std::string(field), absl::StrCat("须在 0–", Number(max), " 之间 (got ",
                                          Number(value), ")")});
    return false;
  }
  return true;
}

void CheckOrg(Violations& out, const v1::ReserveProject& p,
              const orgs::OrgTree& tree) {
  if (p.org().empty()) {
    out.push_back({"org", "必填: 旗县区代码 (required: a county code)"});
    return;
  }
  const orgs::Org* org = tree.FindByCode(p.org());
  if (org == nullptr) {
    out.push_back({"org", absl::StrCat("未知的机构代码 (unknown org code) \"",
                                       common::Preview(p.org()), "\"")});
  } else if (org->level != orgs::OrgLevel::kCounty) {
    out.push_back({"org", absl::StrCat("须为旗县区 (must be a county), ",
                                       org->name, " is not")});
  }
}

void CheckFunding(Violations& out, const v1::ReserveProject& p,
                  bool investment_ok) {
  const v1::FundingSources& f = p.funding();
  const std::pair<const char*, double> sources[] = {
      {"funding.central", f.central()},
      {"funding.region", f.region()},
      {"funding.city", f.city()},
      {"funding.county", f.county()},
      {"funding.social", f.social()},
      {"funding.loans_bonds", f.loans_bonds()}};
  double sum = 0;
  bool all_ok = true;
  for (const auto& [field, value] : sources) {
    all_ok &= CheckAmount(out, field, value, kMaxInvestmentTenThousandYuan);
    sum += value;
  }
  if (!all_ok || !investment_ok) return;
  // Rounding of six amounts in 万元 with two decimals each.
  const double tolerance = std::max(0.01, p.investment_10k_yuan() * 1e-6);
  if (sum > p.investment_10k_yuan() + tolerance) {
    out.push_back(
        {"funding",
         absl::StrCat("各资金来源之和 ", Number(sum), " 万元超过估算总投资 ",
                      Number(p.investment_10k_yuan()),
                      " 万元 (the sources exceed the investment)")});
  }
}

}  // namespace

const std::vector<std::string>& RegistryProgrammeIds() {
  static const std::vector<std::string>* kIds = new std::vector<std::string>{
      "shanty", "affordable_rental", "public_rental", "oldcomm"};
  return *kIds;
}

bool IsRegistryProgramme(absl::string_view programme) {
  for (const std::string& id : RegistryProgrammeIds()) {
    if (id == programme) return true;
  }
  return false;
}

std::vector<FieldViolation> CheckProject(const v1::ReserveProject& p,
                                         const orgs::OrgTree& tree,
                                         int this_year) {
  Violations out;
  CheckOrg(out, p, tree);
  if (!IsRegistryProgramme(p.programme())) {
    out.push_back(
        {"programme",
         absl::StrCat("须为 ", absl::StrJoin(RegistryProgrammeIds(), ", "),
                      " 之一 (got \"", common::Preview(p.programme()), "\")")});
  }
  CheckText(out, "name", p.name(), kMaxNameBytes, /*required=*/true);
  CheckText(out, "address", p.address(), kMaxAddressBytes, /*required=*/false);
  CheckCount(out, "units", p.units(), kMaxUnits);
  CheckCount(out, "households", p.households(), kMaxUnits);
  CheckCount(out, "buildings", p.buildings(), kMaxBuildings);
  CheckCount(out, "communities", p.communities(), kMaxCommunities);
  if (p.communities() != 0 && p.programme() != "oldcomm") {
    out.push_back(
        {"communities",
         "仅老旧小区改造项目填写小区个数 (only for oldcomm projects)"});
  }
  CheckAmount(out, "floor_area_10k_m2", p.floor_area_10k_m2(),
              kMaxAreaTenThousandM2);
  const bool investment_ok =
      CheckAmount(out, "investment_10k_yuan", p.investment_10k_yuan(),
                  kMaxInvestmentTenThousandYuan);
  CheckFunding(out, p, investment_ok);
  CheckAmount(out, "resident_consent_pct", p.resident_consent_pct(), 100);
  if (p.building_year() != 0 && (p.building_year() < kMinBuildingYear ||
                                 p.building_year() > this_year + 1)) {
    out.push_back(
        {"building_year",
         absl::StrCat("须为 0 (未知) 或 ", kMinBuildingYear, "–", this_year + 1,
                      " (got ", p.building_year(), ")")});
  }
  CheckCount(out, "shortfalls.basic", p.shortfalls().basic(), kMaxShortfalls);
  CheckCount(out, "shortfalls.improvement", p.shortfalls().improvement(),
             kMaxShortfalls);
  CheckCount(out, "shortfalls.upgrade", p.shortfalls().upgrade(),
             kMaxShortfalls);
  return out;
}

std::vector<FieldViolation> CheckProject(const v1::ReserveProject& project,
                                         const orgs::OrgTree& tree) {
  const int year =
      absl::ToCivilYear(absl::Now(), absl::FixedTimeZone(8 * 3600)).year();
  return CheckProject(project, tree, year);
}

absl::Status ViolationsStatus(const std::vector<FieldViolation>& violations,
                              absl::string_view prefix) {
  if (violations.empty()) return absl::OkStatus();
  std::vector<std::string> lines;
  for (const FieldViolation& v : violations) {
    lines.push_back(absl::StrCat(prefix, v.field, ": ", v.rule));
  }
  return absl::InvalidArgumentError(absl::StrJoin(lines, "; "));
}

}  // namespace anju::registry
