#ifndef ANJU_SERVICES_REGISTRY_PRIORITY_FACTOR_H_
#define ANJU_SERVICES_REGISTRY_PRIORITY_FACTOR_H_

// One factor of the priority model: the project value it reads and the
// scale that maps the value to a share (0–1) of the factor's weight. The
// kinds (README.md):
//   steps           readiness steps done, each its share (立项, 用地…)
//   bands           value in [min, below) → share, e.g. consent < 2/3 → 0
//   linear          0 at `from`, full at `to`, straight between (capped)
//   inverse_linear  full at ≤ `from`, 0 at ≥ `to`, straight between
//   weighted_count  Σ count × points per class, full at `full_at`
// Any factor may carry a gate: when the gate's field reaches its bound the
// factor scores 0 whatever the value (built after 2000: not eligible).

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "anju/v1/registry.pb.h"

namespace anju::registry {

enum class FactorKind {
  kSteps,
  kBands,
  kLinear,
  kInverseLinear,
  kWeightedCount
};

absl::string_view FactorKindName(FactorKind kind);

struct Step {
  std::string field;  // approved, land, planning_permit…
  std::string label;  // 立项
  double share = 0;   // of the factor's weight; steps sum to 1
};

struct Band {
  std::optional<double> min;    // inclusive; none: unbounded below
  std::optional<double> below;  // exclusive; none: unbounded above
  double share = 0;
  std::string note;  // Chinese, e.g. 不足三分之二
};

struct CountClass {
  std::string field;  // basic, improvement, upgrade
  std::string label;  // 基础类
  double points = 0;  // per missing facility
};

struct Gate {
  std::string field;  // building_year
  double min = 0;     // value ≥ min → the factor scores 0
  std::string note;   // 2000年后建成，不属于改造范围
};

// What a factor made of one project.
struct FactorResult {
  bool present = false;  // the input was there (else 0 points)
  double input = 0;      // the value read (steps: how many done)
  double share = 0;      // 0–1 of the weight
  std::string explanation;
};

struct Factor {
  std::string id;
  std::string label;  // 前期工作成熟度
  FactorKind kind = FactorKind::kBands;
  std::string field;  // readiness, resident_consent_pct, building_age…
  std::string unit;   // for explanations: %, 年, 户, 万元/户
  std::string description;
  std::vector<Step> steps;
  std::vector<Band> bands;
  double from = 0, to = 0;  // linear, inverse_linear
  std::vector<CountClass> classes;
  double full_at = 0;  // weighted_count
  std::optional<Gate> gate;

  FactorResult Evaluate(const v1::ReserveProject& project,
                        int reference_year) const;
};

// The project's value of a numeric field, derived ones included
// (building_age = reference_year − building_year, cost_per_household =
// investment ÷ households, cost_per_unit); nullopt when it is absent (zero,
// negative or not finite: proto3 has no presence for numbers, and a real
// project has none of those). Unknown field: nullopt.
std::optional<double> NumericInput(const v1::ReserveProject& project,
                                   absl::string_view field, int reference_year);
// The numeric fields NumericInput knows, for validating model files.
bool IsNumericField(absl::string_view field);
// The readiness step fields and the shortfall classes.
bool IsReadinessStep(absl::string_view field);
bool IsShortfallClass(absl::string_view field);

}  // namespace anju::registry

#endif  // ANJU_SERVICES_REGISTRY_PRIORITY_FACTOR_H_
