#include "services/registry/priority/reserve_facts.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace anju::registry {
namespace {

// What one registry programme's plan counts: the rubric's fact names.
struct CountSpec {
  const char* programme;
  const char* label;  // Chinese, for explanations
  const char* planned_fact;
  const char* done_fact;
  bool completed;  // public rental counts 竣工, the others 开工
};

constexpr CountSpec kUnitCounts[] = {
    {"affordable_rental", "保障性租赁住房", "affordable_rental_planned_units",
     "affordable_rental_started_units", false},
    {"public_rental", "公租房", "public_rental_planned_units",
     "public_rental_completed_units", true},
    {"shanty", "棚户区改造", "shanty_planned_units", "shanty_started_units",
     false},
};

// The old-community measures (改造计划完成率): fact stem, unit, value.
struct Measure {
  const char* stem;  // planned_<stem>, started_<stem>
  const char* unit;
  double (*value)(const v1::ReserveProject&);
};

constexpr Measure kOldcommMeasures[] = {
    {"communities", "个小区",
     [](const v1::ReserveProject& p) { return 1.0 * p.communities(); }},
    {"households", "户",
     [](const v1::ReserveProject& p) { return 1.0 * p.households(); }},
    {"area_10k_m2", "万m²",
     [](const v1::ReserveProject& p) { return p.floor_area_10k_m2(); }},
    {"buildings", "栋",
     [](const v1::ReserveProject& p) { return 1.0 * p.buildings(); }},
};

std::string Num(double v) {
  std::string text = absl::StrFormat("%.4f", v);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

double Usable(double v) { return std::isfinite(v) && v > 0 ? v : 0; }

int YearOf(const std::string& date) {
  int year = 0;
  if (date.size() < 4 || !absl::SimpleAtoi(date.substr(0, 4), &year)) return 0;
  return year;
}

void SetFlag(v1::ReserveFacts* out, const std::string& name, bool value,
             std::string explanation) {
  (*out->mutable_facts())[name].set_flag(value);
  (*out->mutable_explanations())[name] = std::move(explanation);
}

void SetNumber(v1::ReserveFacts* out, const std::string& name, double value,
               std::string explanation) {
  (*out->mutable_facts())[name].set_number(std::round(value * 1e4) / 1e4);
  (*out->mutable_explanations())[name] = std::move(explanation);
}

// The snapshot seen through one rubric programme.
struct View {
  std::string org;
  int year = 0;
  std::vector<const v1::ReserveProject*> projects;
  std::map<std::string, const v1::ReserveProject*> by_id;  // every project
  std::vector<const v1::AnnualPlan*> frozen;  // of these programmes
};

View MakeView(absl::string_view org, absl::string_view rubric, int year,
              const ReserveSnapshot& s) {
  View v;
  v.org = std::string(org);
  v.year = year;
  const std::vector<std::string> programmes = RegistryProgrammes(rubric);
  const auto covered = [&](const std::string& programme) {
    return std::find(programmes.begin(), programmes.end(), programme) !=
           programmes.end();
  };
  for (const v1::ReserveProject& p : s.projects) {
    v.by_id[p.id()] = &p;
    if (covered(p.programme())) v.projects.push_back(&p);
  }
  for (const v1::AnnualPlan& plan : s.plans) {
    if (plan.state() == v1::PLAN_STATE_FROZEN && covered(plan.programme())) {
      v.frozen.push_back(&plan);
    }
  }
  return v;
}

// Orgs with a frozen plan of `year` or the year after (the reserve feeds
// next year's plan too).
std::set<std::string> PlannedOrgs(const View& v) {
  std::set<std::string> orgs;
  for (const v1::AnnualPlan* plan : v.frozen) {
    if (plan->year() == v.year || plan->year() == v.year + 1) {
      orgs.insert(plan->org());
    }
  }
  return orgs;
}

// The counties with projects but no plan; empty when the org's own plan
// covers them all.
std::vector<std::string> Unplanned(const View& v) {
  const std::set<std::string> planned = PlannedOrgs(v);
  if (planned.count(v.org) > 0) return {};
  std::set<std::string> missing;
  for (const v1::ReserveProject* p : v.projects) {
    if (planned.count(p->org()) == 0) missing.insert(p->org());
  }
  return {missing.begin(), missing.end()};
}

bool Scored(const v1::ReserveProject& p, const PriorityModel* model) {
  if (model != nullptr) return model->MissingInputs(p).empty();
  return !p.priority().model_version().empty();
}

void ReserveFlags(const View& v, const ReserveSnapshot& s, bool oldcomm,
                  v1::ReserveFacts* out) {
  const size_t n = v.projects.size();
  const bool established = n > 0;
  size_t archived = 0, scored = 0;
  for (const v1::ReserveProject* p : v.projects) {
    archived += s.archive_complete.count(p->id());
    scored += Scored(*p, s.model) ? 1 : 0;
  }
  std::vector<std::string> unplanned = Unplanned(v);
  const bool planned = established && unplanned.empty();
  for (std::string& code : unplanned) code = CountyLabel(s.org_name, code);
  const std::string plan_text =
      planned ? absl::StrCat("已下达", v.year, "或", v.year + 1, "年计划")
              : absl::StrCat(
                    "未下达", v.year, "或", v.year + 1, "年计划",
                    unplanned.empty()
                        ? ""
                        : absl::StrCat(": ", absl::StrJoin(unplanned, "、")));
  const std::string archive_text =
      absl::StrCat("入库项目", n, "个，其中档案完整", archived, "个");
  SetFlag(out, "reserve_established", established,
          established ? absl::StrCat("储备库已建立，入库项目", n, "个")
                      : "储备库中没有该类项目");
  if (!oldcomm) {
    SetFlag(out, "reserve_archived_ranked_planned",
            established && archived == n && planned,
            absl::StrCat(archive_text, "；按成熟度评分排序；", plan_text));
    return;
  }
  SetFlag(out, "archives_complete", established && archived == n, archive_text);
  SetFlag(out, "projects_scored_and_ranked",
          established && scored == n && planned,
          absl::StrCat("入库项目", n, "个，其中可量化计分", scored, "个；",
                       plan_text));
}

// The projects of this year's frozen plans of one registry programme, each
// once; nullopt-like empty `found` when no such plan exists.
bool PlannedProjects(const View& v, absl::string_view programme,
                     std::vector<v1::ReserveProject>* out) {
  bool found = false;
  std::set<std::string> seen;
  for (const v1::AnnualPlan* plan : v.frozen) {
    if (plan->year() != v.year || plan->programme() != programme) continue;
    found = true;
    for (const v1::PlanEntry& e : plan->entries()) {
      if (!seen.insert(e.project_id()).second) continue;
      const auto it = v.by_id.find(e.project_id());
      if (it != v.by_id.end()) {
        out->push_back(*it->second);
        continue;
      }
      // A planned project no longer in the snapshot: the plan's own figures.
      v1::ReserveProject p;
      p.set_id(e.project_id());
      p.set_units(e.units());
      p.set_households(e.households());
      out->push_back(p);
    }
  }
  return found;
}

bool Done(const v1::ReserveProject& p, int year, bool completed) {
  if (completed) return p.status() >= v1::PROJECT_STATUS_COMPLETED;
  return p.status() >= v1::PROJECT_STATUS_STARTED &&
         YearOf(p.start_date()) == year;
}

void UnitCounts(const View& v, const CountSpec& spec, v1::ReserveFacts* out,
                std::vector<std::string>* without_plan) {
  std::vector<v1::ReserveProject> planned;
  if (!PlannedProjects(v, spec.programme, &planned)) {
    without_plan->push_back(spec.label);
    return;
  }
  double units = 0, done_units = 0;
  int done = 0;
  for (const v1::ReserveProject& p : planned) {
    units += std::max(p.units(), 0);
    if (!Done(p, v.year, spec.completed)) continue;
    ++done;
    done_units += std::max(p.units(), 0);
  }
  const char* verb = spec.completed ? "已竣工" : "已开工";
  const std::string text = absl::StrCat(
      "纳入", v.year, "年", spec.label, "计划的", planned.size(), "个项目共",
      Num(units), "套，其中", spec.completed ? "" : absl::StrCat(v.year, "年"),
      verb, done, "个项目共", Num(done_units), "套");
  SetNumber(out, spec.planned_fact, units, text);
  SetNumber(out, spec.done_fact, done_units, text);
}

void OldcommCounts(const View& v, v1::ReserveFacts* out,
                   std::vector<std::string>* without_plan) {
  std::vector<v1::ReserveProject> planned;
  if (!PlannedProjects(v, "oldcomm", &planned)) {
    without_plan->push_back("老旧小区改造");
    return;
  }
  for (const Measure& m : kOldcommMeasures) {
    double total = 0, started = 0;
    int started_projects = 0;
    for (const v1::ReserveProject& p : planned) {
      const double value = Usable(m.value(p));
      total += value;
      if (!Done(p, v.year, false)) continue;
      started += value;
      ++started_projects;
    }
    const std::string text =
        absl::StrCat("纳入", v.year, "年计划的", planned.size(), "个项目共",
                     Num(total), m.unit, "，其中", v.year, "年已开工",
                     started_projects, "个项目共", Num(started), m.unit);
    SetNumber(out, absl::StrCat("planned_", m.stem), total, text);
    SetNumber(out, absl::StrCat("started_", m.stem), started, text);
  }
}

}  // namespace

std::vector<std::string> RegistryProgrammes(absl::string_view rubric) {
  if (rubric == "rental") return {"affordable_rental", "public_rental"};
  if (rubric == "shanty") return {"shanty"};
  if (rubric == "oldcomm") return {"oldcomm"};
  return {};
}

v1::ReserveFacts ComputeReserveFacts(absl::string_view org,
                                     absl::string_view rubric_programme,
                                     int year,
                                     const ReserveSnapshot& snapshot) {
  v1::ReserveFacts out;
  out.set_org(std::string(org));
  out.set_programme(std::string(rubric_programme));
  out.set_year(year);
  if (RegistryProgrammes(rubric_programme).empty()) return out;
  const View view = MakeView(org, rubric_programme, year, snapshot);
  const bool oldcomm = rubric_programme == "oldcomm";
  ReserveFlags(view, snapshot, oldcomm, &out);
  std::vector<std::string> without_plan;
  if (oldcomm) {
    OldcommCounts(view, &out, &without_plan);
  } else {
    const std::vector<std::string> programmes =
        RegistryProgrammes(rubric_programme);
    for (const CountSpec& spec : kUnitCounts) {
      if (std::find(programmes.begin(), programmes.end(), spec.programme) !=
          programmes.end()) {
        UnitCounts(view, spec, &out, &without_plan);
      }
    }
  }
  // The registry does not vouch for counts without a frozen plan: say why
  // where the reader looks first.
  if (!without_plan.empty()) {
    absl::StrAppend(&(*out.mutable_explanations())["reserve_established"], "；",
                    absl::StrJoin(without_plan, "、"), "未下达", year,
                    "年计划，不提供计划与完成数");
  }
  return out;
}

}  // namespace anju::registry
