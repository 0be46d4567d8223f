#include "services/registry/priority/factor.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace anju::registry {
namespace {

// 72.5, 391, 0.35: at most two decimals, trailing zeros dropped.
std::string Num(double v) {
  std::string text = absl::StrFormat("%.2f", v);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

bool ReadinessStep(const v1::Readiness& r, absl::string_view field) {
  if (field == "approved") return r.approved();
  if (field == "land") return r.land();
  if (field == "planning_permit") return r.planning_permit();
  if (field == "construction_permit") return r.construction_permit();
  if (field == "funds_secured") return r.funds_secured();
  return false;
}

int ShortfallCount(const v1::FacilityShortfalls& s, absl::string_view field) {
  int count = 0;
  if (field == "basic") count = s.basic();
  if (field == "improvement") count = s.improvement();
  if (field == "upgrade") count = s.upgrade();
  return std::max(count, 0);  // a negative count is no shortfall
}

std::optional<double> Positive(double v) {
  if (!std::isfinite(v) || v <= 0) return std::nullopt;
  return v;
}

FactorResult Missing(const Factor& f) {
  FactorResult r;
  r.explanation =
      absl::StrCat("未填写", f.label, "所需数据 (", f.field, ")，按0分计");
  return r;
}

FactorResult Steps(const Factor& f, const v1::ReserveProject& p) {
  if (!p.has_readiness()) return Missing(f);
  FactorResult r{true, 0, 0, ""};
  std::vector<std::string> done;
  for (const Step& step : f.steps) {
    if (!ReadinessStep(p.readiness(), step.field)) continue;
    done.push_back(step.label);
    r.share += step.share;
  }
  r.input = done.size();
  r.share = std::min(r.share, 1.0);
  const std::string counted =
      absl::StrCat(" (", done.size(), "/", f.steps.size(), ")");
  r.explanation =
      done.empty() ? absl::StrCat("前期工作均未完成", counted)
                   : absl::StrCat(absl::StrJoin(done, "、"), "已完成", counted);
  return r;
}

FactorResult Bands(const Factor& f, double v) {
  FactorResult r{true, v, 0, ""};
  r.explanation = absl::StrCat(f.label, Num(v), f.unit);
  for (const Band& band : f.bands) {
    if (band.min.has_value() && v < *band.min) continue;
    if (band.below.has_value() && v >= *band.below) continue;
    r.share = band.share;
    if (!band.note.empty()) absl::StrAppend(&r.explanation, "，", band.note);
    return r;
  }
  absl::StrAppend(&r.explanation, "，不在任何档次内，按0分计");
  return r;
}

FactorResult Linear(const Factor& f, double v) {
  FactorResult r{true, v, 0, ""};
  r.share = std::clamp((v - f.from) / (f.to - f.from), 0.0, 1.0);
  r.explanation = absl::StrCat(f.label, Num(v), f.unit);
  if (r.share >= 1) {
    absl::StrAppend(&r.explanation, "，达到满分线", Num(f.to), f.unit);
  } else {
    absl::StrAppend(&r.explanation, "，在", Num(f.from), "–", Num(f.to), f.unit,
                    "之间按比例计");
  }
  return r;
}

FactorResult InverseLinear(const Factor& f, double v) {
  FactorResult r{true, v, 0, ""};
  r.share = std::clamp((f.to - v) / (f.to - f.from), 0.0, 1.0);
  r.explanation = absl::StrCat(f.label, Num(v), f.unit);
  if (v <= f.from) {
    absl::StrAppend(&r.explanation, "，不高于", Num(f.from), f.unit,
                    "，得满分");
  } else if (v >= f.to) {
    absl::StrAppend(&r.explanation, "，不低于", Num(f.to), f.unit, "，不得分");
  } else {
    absl::StrAppend(&r.explanation, "，在", Num(f.from), "–", Num(f.to), f.unit,
                    "之间越低得分越高");
  }
  return r;
}

FactorResult WeightedCount(const Factor& f, const v1::ReserveProject& p) {
  if (!p.has_shortfalls()) return Missing(f);
  FactorResult r{true, 0, 0, ""};
  std::vector<std::string> parts;
  for (const CountClass& c : f.classes) {
    const int count = ShortfallCount(p.shortfalls(), c.field);
    r.input += count * c.points;
    parts.push_back(absl::StrCat(c.label, count, "项"));
  }
  r.share = std::min(1.0, r.input / f.full_at);
  r.explanation =
      absl::StrCat(absl::StrJoin(parts, "、"), "，加权合计", Num(r.input), " (",
                   Num(f.full_at), "及以上满分)");
  return r;
}

}  // namespace

absl::string_view FactorKindName(FactorKind kind) {
  switch (kind) {
    case FactorKind::kSteps:
      return "steps";
    case FactorKind::kBands:
      return "bands";
    case FactorKind::kLinear:
      return "linear";
    case FactorKind::kInverseLinear:
      return "inverse_linear";
    case FactorKind::kWeightedCount:
      return "weighted_count";
  }
  return "unknown";
}

bool IsReadinessStep(absl::string_view field) {
  return field == "approved" || field == "land" || field == "planning_permit" ||
         field == "construction_permit" || field == "funds_secured";
}

bool IsShortfallClass(absl::string_view field) {
  return field == "basic" || field == "improvement" || field == "upgrade";
}

bool IsNumericField(absl::string_view field) {
  for (absl::string_view known :
       {"units", "households", "buildings", "communities", "floor_area_10k_m2",
        "investment_10k_yuan", "resident_consent_pct", "building_year",
        "building_age", "cost_per_household", "cost_per_unit"}) {
    if (field == known) return true;
  }
  return false;
}

std::optional<double> NumericInput(const v1::ReserveProject& p,
                                   absl::string_view field,
                                   int reference_year) {
  if (field == "units") return Positive(p.units());
  if (field == "households") return Positive(p.households());
  if (field == "buildings") return Positive(p.buildings());
  if (field == "communities") return Positive(p.communities());
  if (field == "floor_area_10k_m2") return Positive(p.floor_area_10k_m2());
  if (field == "investment_10k_yuan") return Positive(p.investment_10k_yuan());
  // A consent of exactly 0 % reads as not entered: no reserve project is
  // filed with nobody willing.
  if (field == "resident_consent_pct")
    return Positive(p.resident_consent_pct());
  if (field == "building_year") return Positive(p.building_year());
  if (field == "building_age") {
    if (p.building_year() <= 0 || p.building_year() > reference_year) {
      return std::nullopt;
    }
    return static_cast<double>(reference_year - p.building_year());
  }
  const std::optional<double> investment = Positive(p.investment_10k_yuan());
  if (!investment.has_value()) return std::nullopt;
  if (field == "cost_per_household" && p.households() > 0) {
    return *investment / p.households();
  }
  if (field == "cost_per_unit" && p.units() > 0) return *investment / p.units();
  return std::nullopt;
}

FactorResult Factor::Evaluate(const v1::ReserveProject& project,
                              int reference_year) const {
  if (gate.has_value()) {
    const std::optional<double> g =
        NumericInput(project, gate->field, reference_year);
    if (g.has_value() && *g >= gate->min) {
      const std::optional<double> own =
          NumericInput(project, field, reference_year);
      return {true, own.value_or(*g), 0,
              absl::StrCat(gate->note, " (", Num(*g), ")，不得分")};
    }
  }
  if (kind == FactorKind::kSteps) return Steps(*this, project);
  if (kind == FactorKind::kWeightedCount) return WeightedCount(*this, project);
  const std::optional<double> v = NumericInput(project, field, reference_year);
  if (!v.has_value()) return Missing(*this);
  if (kind == FactorKind::kBands) return Bands(*this, *v);
  if (kind == FactorKind::kLinear) return Linear(*this, *v);
  return InverseLinear(*this, *v);
}

}  // namespace anju::registry
