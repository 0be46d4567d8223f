#include "services/scoring/engine/rule_eval.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/scoring/engine/rule.h"
#include "services/scoring/engine/scorer.h"

namespace anju::scoring {
namespace {

// Most reasons fit: one allocation per indicator, not a series of regrowths.
constexpr size_t kReasonCapacity = 480;

bool IsBlank(const std::string& s) {
  return absl::StripAsciiWhitespace(s).empty();
}

int CountEvidence(const SelfScore* self) {
  if (self == nullptr) return 0;
  return static_cast<int>(
      std::count_if(self->evidence.begin(), self->evidence.end(),
                    [](const std::string& e) { return !IsBlank(e); }));
}

std::string SelfField(const std::string& id, const char* field) {
  return absl::StrCat("self_scores[\"", id, "\"].", field);
}

Range ScoreJudged(const Indicator& ind, const SelfScore* self, Scorer* s,
                  std::string* out) {
  const double max = static_cast<double>(ind.max_points) / 100.0;
  const bool has_score = self != nullptr && self->score.has_value();
  const bool has_reason = self != nullptr && !IsBlank(self->reason);
  const int evidence = CountEvidence(self);
  if (has_score && has_reason && evidence > 0) {
    const double v = static_cast<double>(*self->score) / 100.0;
    AppendScorePhrase(out, "定性指标，采用自评得分", v);
    absl::StrAppend(out, "；自评理由：", self->reason, "；佐证材料", evidence,
                    "份");
    return {v, v};
  }
  if (!has_score) {
    s->AddMissing(SelfField(ind.id, "score"),
                  absl::StrCat("自评得分(", SelfField(ind.id, "score"), ")"));
  }
  if (!has_reason) {
    s->AddMissing(SelfField(ind.id, "reason"),
                  absl::StrCat("评分理由(", SelfField(ind.id, "reason"), ")"));
  }
  if (evidence == 0) {
    s->AddMissing(
        SelfField(ind.id, "evidence"),
        absl::StrCat("佐证材料(", SelfField(ind.id, "evidence"), ")"));
  }
  return {0, max};
}

void SetScore(IndicatorResult* out, double value) {
  out->scorable = true;
  out->score = RoundHalfUp(value);
}

void SetGate(IndicatorResult* out, const Gate& gate) {
  out->reason.assign(gate.reason);
  AppendScorePhrase(&out->reason, "，得", gate.points);
  SetScore(out, gate.points);
}

bool Contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// What the vetoes and exemptions could not decide: one fact (and its words)
// per unknown condition leaf.
struct GateMissing {
  std::vector<std::string> names;
  std::vector<std::string> notes;
};

// Every score the indicator can still take, as a range.
struct Outcomes {
  bool any = false;
  Range range;
  void Add(Range r) {
    range = any ? Range{std::min(range.lo, r.lo), std::max(range.hi, r.hi)} : r;
    any = true;
  }
  void Add(double v) { Add(Range{v, v}); }
};

// Said when nothing else explains a result that is not scorable. The rule
// tree records a missing fact or a blocker wherever it widens a range, so
// this is a guard: a not-scorable indicator always says why.
constexpr char kUncovered[] = "评分规则未覆盖此情形";

void NotScorable(const Scorer& s, const GateMissing& gates,
                 IndicatorResult* out) {
  out->scorable = false;
  out->score = 0;
  out->missing_facts.clear();
  for (const std::string& name : gates.names) {
    if (!Contains(out->missing_facts, name)) out->missing_facts.push_back(name);
  }
  for (const std::string& name : s.missing()) {
    if (!Contains(out->missing_facts, name)) out->missing_facts.push_back(name);
  }
  std::string& reason = out->reason;
  reason.assign("无法评分");
  // A fact read by a condition and by the rule is asked for once, in the
  // rule's words.
  std::vector<std::string> notes;
  for (size_t i = 0; i < gates.names.size(); ++i) {
    if (Contains(s.missing(), gates.names[i])) continue;
    if (!Contains(notes, gates.notes[i])) notes.push_back(gates.notes[i]);
  }
  for (const std::string& note : s.notes()) {
    if (!Contains(notes, note)) notes.push_back(note);
  }
  if (!notes.empty()) {
    absl::StrAppend(&reason, "，缺少：", absl::StrJoin(notes, "、"));
  }
  if (!s.blockers().empty()) {
    absl::StrAppend(&reason, "；", absl::StrJoin(s.blockers(), "；"));
  }
  if (out->missing_facts.empty() && s.blockers().empty()) {
    absl::StrAppend(&reason, "；", kUncovered);
  }
}

// 加分项 without 佐证材料: a claim does not count (0), and the evaluation
// stays complete; an unclaimed item reads as usual.
void NoEvidenceNoBonus(const Indicator& ind, const Gate* decided,
                       bool determined, IndicatorResult* out) {
  if (!determined) {
    out->reason.clear();
  } else {
    if (decided != nullptr) {
      out->reason.assign(decided->reason);
      AppendScorePhrase(&out->reason, "，得", decided->points);
    }
    out->reason.append("；");
  }
  absl::StrAppend(&out->reason, "未提供佐证材料，不予加分，计0分（佐证材料：",
                  SelfField(ind.id, "evidence"), "）");
  SetScore(out, 0);
}

}  // namespace

void ScoreIndicator(const Indicator& ind, const FactSlot* facts,
                    const SelfScore* self, IndicatorResult* out) {
  out->indicator = &ind;
  out->reason.clear();
  out->reason.reserve(kReasonCapacity);
  out->missing_facts.clear();
  Scorer s(facts, &out->reason);
  if (ind.rule == nullptr) {  // only a hand-built Indicator lacks one
    s.AddBlocker("指标未定义评分规则");
    return NotScorable(s, GateMissing{}, out);
  }
  const Rule& rule = *ind.rule;
  // A condition whose fact was not sent is not guessed: what it would
  // score joins the outcomes, and its fact is named if they differ.
  Outcomes outcomes;
  for (const Gate& gate : rule.vetoes) {
    const Tri t = s.Test(gate.when);
    if (t == Tri::kTrue) return SetGate(out, gate);  // 0 whatever else holds
    if (t == Tri::kUnknown) outcomes.Add(0);
  }
  const Gate* decided = nullptr;  // an exemption that holds
  for (const Gate& gate : rule.exemptions) {
    const Tri t = s.Test(gate.when);
    if (t == Tri::kFalse) continue;
    outcomes.Add(gate.points);
    if (t == Tri::kTrue) {
      decided = &gate;
      break;
    }
  }
  GateMissing gates{s.missing(), s.notes()};
  s.Forget(0, 0);
  if (decided == nullptr) {
    outcomes.Add(rule.root.kind == RuleNode::Kind::kJudged
                     ? ScoreJudged(ind, self, &s, &out->reason)
                     : s.Eval(rule.root, 0));
  }
  const bool determined = outcomes.range.Determined();
  if (ind.bonus && outcomes.range.hi > kTolerance && CountEvidence(self) == 0) {
    return NoEvidenceNoBonus(ind, decided, determined, out);
  }
  if (!determined) return NotScorable(s, gates, out);
  if (decided != nullptr) return SetGate(out, *decided);
  SetScore(out, outcomes.range.lo);
}

}  // namespace anju::scoring
