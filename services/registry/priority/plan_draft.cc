#include "services/registry/priority/plan_draft.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace anju::registry {
namespace {

constexpr double kMaxBudget = 1e9;  // 万元: ten trillion yuan
constexpr int kMaxTarget = 10'000'000;
constexpr int kMaxTargets = 1000;
// Cap notes beyond this are summed up in one: a region-wide draft could
// otherwise carry thousands.
constexpr int kMaxCapNotes = 50;
// Money compared to the hundredth of a 万元, so 0.1 + 0.2 fits in 0.3.
constexpr double kMoneyEpsilon = 0.005;

std::string Money(double v) { return absl::StrFormat("%.2f", v); }

bool Eligible(const v1::ReserveProject& p, int year) {
  if (p.status() == v1::PROJECT_STATUS_RESERVE) return true;
  return p.status() == v1::PROJECT_STATUS_PLANNED &&
         (year == 0 || p.plan_year() == year);
}

// A county's progress towards its task (任务).
struct CountyProgress {
  v1::CountyTarget target;
  int64_t units = 0;
  int64_t households = 0;

  bool Met() const {
    return units >= target.units() && households >= target.households();
  }
};

std::string ShortfallNote(const std::string& county, const CountyProgress& c) {
  std::string note = absl::StrCat(county, " 任务未完成：");
  if (c.target.units() > 0) {
    absl::StrAppend(&note, "计划", c.units, "套，任务", c.target.units(), "套");
    if (c.units < c.target.units()) {
      absl::StrAppend(&note, "，差", c.target.units() - c.units, "套");
    }
  }
  if (c.target.households() > 0) {
    if (c.target.units() > 0) absl::StrAppend(&note, "；");
    absl::StrAppend(&note, "计划", c.households, "户，任务",
                    c.target.households(), "户");
    if (c.households < c.target.households()) {
      absl::StrAppend(&note, "，差", c.target.households() - c.households,
                      "户");
    }
  }
  absl::StrAppend(&note, " (储备库中符合条件的项目不足或受预算上限限制)");
  return note;
}

v1::PlanEntry EntryOf(const v1::RankedProject& r) {
  const v1::ReserveProject& p = r.project();
  v1::PlanEntry e;
  e.set_project_id(p.id());
  e.set_org(p.org());
  e.set_name(p.name());
  e.set_rank(r.rank());
  e.set_score(p.priority().score());
  e.set_units(p.units());
  e.set_households(p.households());
  e.set_investment_10k_yuan(p.investment_10k_yuan());
  return e;
}

int Saturate(int64_t v) {
  return static_cast<int>(std::clamp<int64_t>(v, 0, INT_MAX));
}

double Round(double v, double scale) { return std::round(v * scale) / scale; }

// A NaN or negative figure sums as nothing: totals must stay numbers.
double Usable(double v) { return std::isfinite(v) && v > 0 ? v : 0; }

// One walk down the ranking: what is spent, each county's progress.
class PlanWalk {
 public:
  PlanWalk(const v1::PlanConstraints& constraints, int year,
           const OrgNamer& org_name)
      : year_(year), org_name_(org_name) {
    for (const auto& [county, target] : constraints.county_targets()) {
      if (target.units() > 0 || target.households() > 0) {
        counties_[county].target = target;
      }
    }
    const double cap = constraints.budget_cap_10k_yuan();
    capped_ = std::isfinite(cap) && cap > 0;
    cap_ = cap;
  }

  void Offer(const v1::RankedProject& r) {
    const v1::ReserveProject& p = r.project();
    if (!Eligible(p, year_)) return;
    CountyProgress* county = nullptr;
    if (!counties_.empty()) {
      const auto it = counties_.find(p.org());
      if (it == counties_.end()) {
        ++untasked_[p.org()];
        return;
      }
      county = &it->second;
      if (county->Met()) return;
    }
    const double investment = Usable(p.investment_10k_yuan());
    if (capped_ && spent_ + investment > cap_ + kMoneyEpsilon) {
      if (++cap_skipped_ <= kMaxCapNotes) {
        draft_.notes.push_back(absl::StrCat(
            "项目 ", p.id(), " (", p.name(), ", 第", r.rank(), "名) 估算总投资",
            Money(investment), "万元，超出剩余预算", Money(cap_ - spent_),
            "万元，未纳入"));
      }
      return;
    }
    spent_ += investment;
    if (county != nullptr) {
      county->units += std::max(p.units(), 0);
      county->households += std::max(p.households(), 0);
    }
    draft_.entries.push_back(EntryOf(r));
    chosen_.push_back(p);
  }

  PlanDraft Finish() && {
    if (cap_skipped_ > kMaxCapNotes) {
      draft_.notes.push_back(absl::StrCat("另有", cap_skipped_ - kMaxCapNotes,
                                          "个项目因预算上限未纳入"));
    }
    for (const auto& [code, progress] : counties_) {
      if (!progress.Met()) {
        draft_.notes.push_back(ShortfallNote(Name(code), progress));
      }
    }
    for (const auto& [code, count] : untasked_) {
      draft_.notes.push_back(absl::StrCat(Name(code), " 未下达任务，其", count,
                                          "个储备项目未纳入"));
    }
    draft_.totals = SumPlan(chosen_);
    return std::move(draft_);
  }

 private:
  std::string Name(const std::string& code) const {
    return CountyLabel(org_name_, code);
  }

  const int year_;
  const OrgNamer& org_name_;
  std::map<std::string, CountyProgress> counties_;
  bool capped_ = false;
  double cap_ = 0;
  double spent_ = 0;
  int cap_skipped_ = 0;
  std::map<std::string, int> untasked_;  // county → eligible projects left out
  std::vector<v1::ReserveProject> chosen_;
  PlanDraft draft_;
};

}  // namespace

PlanDraft DraftPlan(const std::vector<v1::RankedProject>& ranked,
                    const v1::PlanConstraints& constraints, int year,
                    const OrgNamer& org_name) {
  PlanWalk walk(constraints, year, org_name);
  for (const v1::RankedProject& r : ranked) walk.Offer(r);
  return std::move(walk).Finish();
}

v1::PlanTotals SumPlan(const std::vector<v1::ReserveProject>& projects) {
  int64_t units = 0, households = 0, buildings = 0, communities = 0;
  double area = 0, investment = 0;
  for (const v1::ReserveProject& p : projects) {
    units += std::max(p.units(), 0);
    households += std::max(p.households(), 0);
    buildings += std::max(p.buildings(), 0);
    communities += std::max(p.communities(), 0);
    area += Usable(p.floor_area_10k_m2());
    investment += Usable(p.investment_10k_yuan());
  }
  v1::PlanTotals totals;
  totals.set_projects(Saturate(static_cast<int64_t>(projects.size())));
  totals.set_units(Saturate(units));
  totals.set_households(Saturate(households));
  totals.set_buildings(Saturate(buildings));
  totals.set_communities(Saturate(communities));
  // Rounded so that sums of decimals read as written (198.45, not 198.4499…).
  totals.set_floor_area_10k_m2(Round(area, 1e4));
  totals.set_investment_10k_yuan(Round(investment, 1e4));
  return totals;
}

absl::Status ValidatePlanConstraints(const v1::PlanConstraints& c) {
  const double cap = c.budget_cap_10k_yuan();
  if (!std::isfinite(cap) || cap < 0 || cap > kMaxBudget) {
    return absl::InvalidArgumentError(absl::StrCat(
        "constraints.budget_cap_10k_yuan: 须在 0–1e9 万元之间 (got ", cap,
        ")"));
  }
  if (c.county_targets_size() > kMaxTargets) {
    return absl::InvalidArgumentError(
        absl::StrCat("constraints.county_targets: 至多1000个旗县 (got ",
                     c.county_targets_size(), ")"));
  }
  for (const auto& [county, target] : c.county_targets()) {
    const std::string field =
        absl::StrCat("constraints.county_targets[", county.substr(0, 12), "]");
    if (county.size() != 6 ||
        !std::all_of(county.begin(), county.end(), absl::ascii_isdigit)) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": 须为6位行政区划代码 (a 6-digit county code)"));
    }
    for (const auto& [name, value] :
         {std::pair<const char*, int>{"units", target.units()},
          {"households", target.households()}}) {
      if (value < 0 || value > kMaxTarget) {
        return absl::InvalidArgumentError(absl::StrCat(
            field, ".", name, ": 须在 0–10000000 之间 (got ", value, ")"));
      }
    }
    if (target.units() == 0 && target.households() == 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, ": units 与 households 不能同时为0 (a target needs one)"));
    }
  }
  return absl::OkStatus();
}

}  // namespace anju::registry
