#ifndef ANJU_SERVICES_SCORING_ENGINE_ENGINE_H_
#define ANJU_SERVICES_SCORING_ENGINE_ENGINE_H_

// The rubric engine: facts + self-scores in, scored 指标表 out. Pure and
// thread-safe; no I/O. The gRPC edge converts to and from anju.v1 messages.

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/scoring/engine/points.h"
#include "services/scoring/engine/rubric.h"

namespace anju::scoring {

// A fact as sent: a flag (是/否) or a number.
using FactValue = std::variant<bool, double>;
using Facts = std::map<std::string, FactValue>;

// 自评: the filer's score, reason and evidence for one indicator.
struct SelfScore {
  std::optional<Points> score;
  std::string reason;
  std::vector<std::string> evidence;
};
using SelfScores = std::map<std::string, SelfScore>;  // by indicator id

struct IndicatorResult {
  const Indicator* indicator = nullptr;
  bool scorable = false;
  Points score = 0;  // 0 when not scorable
  std::string reason;  // 计划开工2198套，实际开工2198套，完成率100.0%，得30分
  // Fact names (or self_scores["id"].score/.reason/.evidence) that would
  // make it scorable; alternatives are all listed and the reason says "或".
  // A not-scorable result always says why: facts here, or (when no fact
  // can settle it) the reason after 无法评分 — never neither.
  std::vector<std::string> missing_facts;
  std::optional<Points> self_score;
  std::optional<Points> difference;  // self_score − score, when both exist
};

struct SubtotalResult {
  std::string level1;
  Points max_points = 0;
  Points score = 0;
  std::optional<Points> self_score;  // when each of its indicators has one
};

enum class Grade { kUnspecified, kExcellent, kGood, kFair, kPoor };

struct Evaluation {
  const Rubric* rubric = nullptr;
  std::vector<IndicatorResult> indicators;  // rubric order
  std::vector<SubtotalResult> subtotals;    // rubric level order, no bonus
  Points bonus = 0;
  Points total = 0;  // subtotals + bonus
  bool complete = false;
  Grade grade = Grade::kUnspecified;
  // When every scored (non-bonus) indicator has a self-score; bonus
  // self-scores add when given (an unclaimed bonus needs none).
  std::optional<Points> self_total;
  int differences = 0;  // indicators whose self-score ≠ computed score
};

// 优 良 中 差 (empty for kUnspecified).
const char* GradeLabel(Grade grade);
Grade GradeFor(Points total);

// Checks facts and self-scores against the rubric's declarations:
// unknown names, wrong types, NaN/inf, negative or fractional counts,
// percentages outside 0–100, numbers outside their declared range, unknown
// indicator ids, self-scores outside [0, max]. INVALID_ARGUMENT names the
// field (facts["x"], self_scores["id"].score) and the rule broken. (Self-
// scores arrive as Points: the edge has checked their 2 decimals.)
absl::Status ValidateInput(const Rubric& rubric, const Facts& facts,
                           const SelfScores& self_scores);

// Validates, then scores every indicator. Missing facts do not fail the
// call and are never guessed: that indicator is not scorable and lists what
// it needs, unless its score is the same whatever they are (a veto's or an
// exemption's fact included). A bonus claim without evidence scores 0.
absl::StatusOr<Evaluation> Evaluate(const Rubric& rubric, const Facts& facts,
                                    const SelfScores& self_scores);

}  // namespace anju::scoring

#endif  // ANJU_SERVICES_SCORING_ENGINE_ENGINE_H_
