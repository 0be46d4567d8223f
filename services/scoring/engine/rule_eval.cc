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

// Exemption facts that were not sent: reported only if the indicator ends
// up not scorable, as the other way to score it.
struct Alternatives {
  std::vector<std::string> names;
  std::vector<std::string> notes;
};

void NotScorable(const Scorer& s, const Alternatives& alt,
                 IndicatorResult* out) {
  out->scorable = false;
  out->score = 0;
  out->missing_facts.clear();
  for (const std::string& name : s.missing()) {
    if (!Contains(out->missing_facts, name)) out->missing_facts.push_back(name);
  }
  std::string& reason = out->reason;
  reason.assign("无法评分");
  // A fact read by a veto and by the rule is asked for once.
  std::vector<std::string> notes;
  for (const std::string& note : s.notes()) {
    if (!Contains(notes, note)) notes.push_back(note);
  }
  if (!notes.empty()) {
    absl::StrAppend(&reason, "，缺少：", absl::StrJoin(notes, "、"));
  }
  for (size_t i = 0; i < alt.names.size(); ++i) {
    if (Contains(out->missing_facts, alt.names[i])) continue;
    out->missing_facts.push_back(alt.names[i]);
    absl::StrAppend(&reason, "；或：", alt.notes[i]);
  }
  if (!s.blockers().empty()) {
    absl::StrAppend(&reason, "；", absl::StrJoin(s.blockers(), "；"));
  }
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
    return NotScorable(s, Alternatives{}, out);
  }
  const Rule& rule = *ind.rule;
  bool veto_unknown = false;
  for (const Gate& gate : rule.vetoes) {
    const Tri t = s.Test(gate.when);
    if (t == Tri::kTrue) return SetGate(out, gate);
    veto_unknown = veto_unknown || t == Tri::kUnknown;
  }
  Alternatives alt;
  for (const Gate& gate : rule.exemptions) {
    const size_t missing_mark = s.missing().size();
    const size_t notes_mark = s.notes().size();
    const Tri t = s.Test(gate.when);
    if (t == Tri::kTrue) {
      if (!veto_unknown || gate.points <= 0) return SetGate(out, gate);
      return NotScorable(s, alt, out);  // 0 if vetoed, else the exemption
    }
    if (t == Tri::kUnknown) {
      for (size_t k = missing_mark; k < s.missing().size(); ++k) {
        alt.names.push_back(s.missing()[k]);
        alt.notes.push_back(
            absl::StrCat(s.notes()[k], "（适用于：", gate.reason, "）"));
      }
      s.Forget(missing_mark, notes_mark);
    }
  }
  Range r = rule.root.kind == RuleNode::Kind::kJudged
                ? ScoreJudged(ind, self, &s, &out->reason)
                : s.Eval(rule.root, 0);
  if (veto_unknown) r.lo = 0;
  if (!r.Determined()) return NotScorable(s, alt, out);
  if (ind.bonus && r.lo > kTolerance && CountEvidence(self) == 0) {
    // 加分项: a claim counts only with evidence (佐证材料).
    const std::string field = SelfField(ind.id, "evidence");
    s.AddMissing(field, absl::StrCat("佐证材料(", field, ")"));
    return NotScorable(s, alt, out);
  }
  SetScore(out, r.lo);
}

}  // namespace anju::scoring
