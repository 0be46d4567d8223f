#ifndef ANJU_SERVICES_SCORING_ENGINE_RULE_H_
#define ANJU_SERVICES_SCORING_ENGINE_RULE_H_

// The engine's internal form of an indicator's rule (评分标准), parsed once
// from YAML at load. Nodes carry copies of the labels and units they print,
// so a Rule never points into the Rubric that owns it (rubrics are moved and
// copied freely). Facts are read by index into a per-evaluation table: no
// string lookups while scoring.

#include <limits>
#include <string>
#include <vector>

#include "services/scoring/engine/rubric.h"

namespace anju::scoring {

inline constexpr double kNoCap = std::numeric_limits<double>::infinity();

// A fact as a rule reads it.
struct FactRef {
  int index = -1;  // FactSpec::index
  std::string name;
  std::string label;
  std::string unit;
  FactSpec::Type type = FactSpec::Type::kFlag;
};

// Where a percentage comes from: actual / planned × 100 from counts, or a
// *_pct fact sent directly. Counts win when both are given.
struct RateSource {
  bool has_counts = false;
  FactRef actual;
  FactRef planned;
  bool has_pct = false;
  FactRef pct;
  std::string label;  // 完成率, used when computed from counts
  // What a planned count of 0 scores (nothing planned, nothing to rate):
  // a property of the count form, so it applies only when `planned` is sent
  // and is 0. A percentage sent instead never needs the counts.
  bool has_zero_planned = false;
  double zero_planned_points = 0;
  std::string zero_planned_reason;  // 该项无改造计划
};

// A condition of a veto or an exemption. Three-valued: a fact that was not
// sent makes a leaf unknown.
struct Condition {
  enum class Kind { kIs, kEquals, kMissing, kAll, kAny };
  Kind kind = Kind::kIs;
  FactRef fact;
  bool is = true;     // kIs
  double equals = 0;  // kEquals
  std::vector<Condition> children;
};

// One node of a rule tree. Points are in points (not hundredths) here:
// the indicator's score is rounded once, at the end.
struct RuleNode {
  enum class Kind {
    kCheck,  // flag → points (清单项)
    kFullSteps,  // points − steps below target × per_step (每低N个百分点扣M分)
    kBands,         // value bands (≥30 → 7, [20,30) → 5 …)
    kProportional,  // points × min(1, v/target) or min(1, target/v) (按比例)
    kDeductCount,  // − count × per_item, capped (每发现1项扣N分，最多扣M分)
    kDeductFlag,  // − points when a flag holds (一次性扣N分)
    kBestOf,      // the better of alternatives (取较高者)
    kSum,         // a group: base + parts, deductions capped, clamped
    kJudged,      // the filer's score (定性)
    kFixed,       // pinned for the year (均按N分计算)
  };
  struct Band {
    double min = 0;
    double points = 0;
  };

  Kind kind = Kind::kCheck;
  double points = 0;    // check, deduct_flag, full_steps, proportional, fixed
  bool expect = true;   // check, deduct_flag: the flag value that counts
  FactRef fact;         // check, deduct_flag, deduct_count
  RateSource rate;      // full_steps, bands, proportional
  double target = 0;    // full_steps, proportional (a percentage)
  double step = 1;      // full_steps
  double per_step = 1;  // full_steps
  bool proportional_steps = false;  // full_steps mode: proportional
  bool upper_bound = false;         // proportional bound: upper
  double per_item = 0;              // deduct_count
  double max_deduction = kNoCap;    // full_steps, deduct_count, sum
  std::vector<Band> bands;          // highest first
  std::vector<RuleNode> parts;      // sum parts, best_of options
  double base = 0;                  // sum
  std::string label;                // sum: heading of a nested group
  std::string reason;               // fixed

  // Derived at load: the most this node can add, and whether it only
  // deducts (its value is ≤ 0).
  double max_points = 0;
  bool deduction = false;
};

// A veto (→ 0) or an exemption (→ points) checked before the rule.
struct Gate {
  Condition when;
  double points = 0;
  std::string reason;  // the situation, in words; the engine adds the score
};

// An indicator's whole rule.
struct Rule {
  std::vector<Gate> vetoes;
  std::vector<Gate> exemptions;
  RuleNode root;
};

}  // namespace anju::scoring

#endif  // ANJU_SERVICES_SCORING_ENGINE_RULE_H_
