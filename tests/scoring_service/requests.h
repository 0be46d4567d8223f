#ifndef ANJU_TESTS_SCORING_SERVICE_REQUESTS_H_
#define ANJU_TESTS_SCORING_SERVICE_REQUESTS_H_

// Complete, valid fact sets under the spec's fact names (rubrics-2023.md),
// with the scores the spec gives for them worked out by hand.

#include <string>
#include <vector>

#include "anju/v1/scoring.pb.h"

namespace anju::testing {

inline void SetFlag(v1::EvaluateRequest* r, const std::string& name, bool v) {
  (*r->mutable_facts())[name].set_flag(v);
}

inline void SetNumber(v1::EvaluateRequest* r, const std::string& name,
                      double v) {
  (*r->mutable_facts())[name].set_number(v);
}

inline void SetSelfScore(v1::EvaluateRequest* r, const std::string& id,
                         double score, const std::string& reason,
                         const std::vector<std::string>& evidence) {
  v1::SelfScore& s = (*r->mutable_self_scores())[id];
  s.set_score(score);
  s.set_reason(reason);
  for (const std::string& e : evidence) s.add_evidence(e);
}

// 城市棚户区改造 2023. By the spec: 资金管理 5+5+9+5 = 24 (budget execution
// 93 %: one full 5-point step short, 8 − 1 + 2 = 9); 项目管理 10+5 = 15;
// 产出效益 30+15+5+5 = 55 (allocation 55 % of 60 %: 5 steps, 20 − 5 = 15).
// Total 94, 优.
inline constexpr double kShantyTotal = 94;

inline v1::EvaluateRequest ShantyRequest() {
  v1::EvaluateRequest r;
  r.set_programme("shanty");
  r.set_year(2023);
  SetSelfScore(&r, "shanty.fund_raising", 5, "中央和自治区资金足额到位",
               {"资金文件.pdf"});
  SetFlag(&r, "fund_rules_established", true);
  SetFlag(&r, "funds_allocated_on_time", true);
  SetFlag(&r, "monitoring_mechanism", true);
  SetNumber(&r, "budget_execution_rate_pct", 93);
  SetNumber(&r, "violations", 0);
  SetFlag(&r, "severe_violation", false);
  SetFlag(&r, "reserve_established", true);
  SetFlag(&r, "reserve_archived_ranked_planned", true);
  SetFlag(&r, "submitted_on_time", true);
  SetFlag(&r, "report_complete", true);
  SetNumber(&r, "shanty_planned_units", 2198);
  SetNumber(&r, "shanty_started_units", 2198);
  SetFlag(&r, "project_list_provided", true);
  SetNumber(&r, "deliverable_units", 100);
  SetNumber(&r, "allocated_units", 55);
  SetNumber(&r, "quality_issues", 0);
  SetFlag(&r, "casualty_accident", false);
  SetNumber(&r, "satisfaction_pct", 92);
  SetNumber(&r, "unhandled_petitions", 0);
  return r;
}

// 城镇老旧小区改造 2023, with shares chosen so that proportional rules give
// fractions (25 % of a 30 % target → 0.8333… → 0.83): every score on the
// wire must still be an exact 2-decimal value.
inline v1::EvaluateRequest OldcommRequest() {
  v1::EvaluateRequest r;
  r.set_programme("oldcomm");
  r.set_year(2023);
  SetNumber(&r, "market_operator_share_pct", 25);
  SetNumber(&r, "social_funding_share_pct", 15);
  SetNumber(&r, "central_subsidy_share_pct", 50);
  SetFlag(&r, "loan_or_bond_financing", true);
  SetFlag(&r, "city_budget_funding", true);
  SetNumber(&r, "resident_funded_share_pct", 70);
  SetFlag(&r, "fund_rules_established", true);
  SetFlag(&r, "funds_allocated_on_time", true);
  SetFlag(&r, "monitoring_mechanism", true);
  SetNumber(&r, "budget_execution_rate_pct", 91);
  SetNumber(&r, "violations", 1);
  SetFlag(&r, "severe_violation", false);
  SetFlag(&r, "reserve_established", true);
  SetFlag(&r, "archives_complete", true);
  SetFlag(&r, "projects_scored_and_ranked", true);
  SetFlag(&r, "coordination_mechanism", true);
  SetNumber(&r, "utility_plan_share_pct", 90);
  SetFlag(&r, "submitted_on_time", true);
  SetFlag(&r, "report_complete", true);
  SetFlag(&r, "falsified", false);
  for (const char* m :
       {"communities", "households", "area_10k_m2", "buildings"}) {
    SetNumber(&r, std::string("planned_") + m, 100);
    SetNumber(&r, std::string("started_") + m, 97);
  }
  SetNumber(&r, "party_org_share_pct", 50);
  SetNumber(&r, "owners_committee_share_pct", 60);
  SetNumber(&r, "plan_approved_share_pct", 100);
  SetFlag(&r, "online_voting", true);
  SetNumber(&r, "basic_items_share_pct", 85);
  SetNumber(&r, "improvement_items_share_pct", 70);
  SetNumber(&r, "upgrade_items_share_pct", 40);
  SetNumber(&r, "district_level_share_pct", 30);
  SetNumber(&r, "contiguous_share_pct", 50);
  SetFlag(&r, "quality_supervision_mechanism", true);
  SetFlag(&r, "casualty_accident", false);
  SetFlag(&r, "utility_assets_transferred", true);
  SetFlag(&r, "maintenance_fund_mechanism", true);
  SetSelfScore(&r, "oldcomm.supporting_policies", 1.5, "配套政策基本完善",
               {"政策汇编.pdf"});
  SetNumber(&r, "satisfaction_pct", 95);
  SetNumber(&r, "unhandled_petitions", 0);
  SetFlag(&r, "bond_financing", true);
  SetFlag(&r, "all_started_by_may_end", true);
  SetSelfScore(&r, "oldcomm.bonus.bond_financing", 1, "喀喇沁旗一般债券900万元",
               {"债券批复.pdf"});
  SetSelfScore(&r, "oldcomm.bonus.early_start", 3, "5月底前全部开工",
               {"开工报告.pdf"});
  return r;
}

}  // namespace anju::testing

#endif  // ANJU_TESTS_SCORING_SERVICE_REQUESTS_H_
