#include "services/submission/report_checker.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/submission/consistency/checks.h"

namespace anju::submission {

ReportChecker::ReportChecker(const consistency::RuleBook* rules, Store* store,
                             const orgs::OrgTree* orgs, ScoringClient* scoring)
    : rules_(rules), store_(store), orgs_(orgs), scoring_(scoring) {}

absl::Status ReportChecker::CheckSupplementary(
    const v1::SaveDraftRequest& request) const {
  const consistency::RuleSet* rules =
      rules_ == nullptr ? nullptr : rules_->ForYear(request.year());
  if (rules == nullptr) return absl::OkStatus();
  return consistency::CheckSupplementaryFacts(*rules, request.facts());
}

void ReportChecker::StripSupplementary(
    int year, google::protobuf::Map<std::string, v1::Fact>* facts) const {
  const consistency::RuleSet* rules =
      rules_ == nullptr ? nullptr : rules_->ForYear(year);
  if (rules != nullptr) consistency::StripSupplementaryFacts(*rules, facts);
}

absl::StatusOr<std::shared_ptr<const v1::Rubric>> ReportChecker::RubricFor(
    const consistency::RuleSet& rules, const v1::Campaign& campaign,
    const std::string& programme) {
  auto pinned = campaign.rubric_versions().find(programme);
  const std::string version =
      pinned == campaign.rubric_versions().end() ? "" : pinned->second;
  const auto key = std::make_tuple(programme, campaign.year(), version);
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = rubrics_.find(key);
    if (it != rubrics_.end()) return it->second;
  }
  v1::GetRubricRequest request;
  request.set_programme(programme);
  request.set_year(campaign.year());
  absl::StatusOr<v1::Rubric> rubric = scoring_->GetRubric(request);
  if (!rubric.ok()) return rubric.status();
  if (!version.empty() && rubric->version() != version) {
    return absl::FailedPreconditionError(absl::StrCat(
        "rubric_version: the campaign of ", campaign.year(), " pins \"",
        version, "\" for ", programme, " but the scoring service serves \"",
        rubric->version(), "\""));
  }
  // A rules file that names a fact the rubric lacks is the deployment's
  // fault, not the filer's: FAILED_PRECONDITION, naming file, rule, field.
  if (auto s = consistency::CheckAgainstRubric(rules, *rubric); !s.ok()) {
    return absl::FailedPreconditionError(s.message());
  }
  auto shared = std::make_shared<const v1::Rubric>(*std::move(rubric));
  std::lock_guard<std::mutex> lock(mu_);
  rubrics_.emplace(key, shared);
  return shared;
}

absl::Status ReportChecker::Apply(const orgs::Org& org,
                                  const v1::Campaign& campaign,
                                  const std::set<std::string>& evidence,
                                  v1::Report* report) {
  report->clear_findings();
  report->clear_county_sums();
  std::vector<v1::Report> latest;
  consistency::ReportUnderCheck in;
  in.report = report;
  in.org_name = org.name;
  in.city = org.level == orgs::OrgLevel::kCity;
  in.indicators_with_evidence = evidence;
  if (in.city) {
    std::vector<std::string> codes;
    for (const orgs::Org* county : orgs_->ChildrenOf(org.code)) {
      codes.push_back(county->code);
      in.counties.push_back({county->code, county->name, nullptr});
    }
    absl::StatusOr<std::vector<v1::Report>> reports =
        store_->LatestReports(codes, report->programme(), report->year());
    if (!reports.ok()) return reports.status();
    latest = *std::move(reports);
    for (const v1::Report& county_report : latest) {
      for (consistency::CountyReport& county : in.counties) {
        if (county.code == county_report.org()) county.report = &county_report;
      }
    }
    for (const auto& [name, sum] : consistency::CountySums(in.counties)) {
      (*report->mutable_county_sums())[name] = sum;
    }
  }
  const consistency::RuleSet* rules =
      rules_ == nullptr ? nullptr : rules_->ForYear(report->year());
  if (rules == nullptr || rules->For(report->programme()).empty()) {
    return absl::OkStatus();
  }
  absl::StatusOr<std::shared_ptr<const v1::Rubric>> rubric =
      RubricFor(*rules, campaign, report->programme());
  if (!rubric.ok()) return rubric.status();
  in.rubric = rubric->get();
  for (v1::Finding& finding : consistency::CheckReport(*rules, in)) {
    *report->add_findings() = std::move(finding);
  }
  return absl::OkStatus();
}

absl::Status CheckRulesAgainstServedRubrics(const consistency::RuleBook& rules,
                                            ScoringClient& scoring) {
  for (int year : rules.Years()) {
    v1::ListRubricsRequest list;
    list.set_year(year);
    absl::StatusOr<v1::ListRubricsResponse> served = scoring.ListRubrics(list);
    if (!served.ok()) return served.status();
    for (const auto& entry : served->rubrics()) {
      v1::GetRubricRequest get;
      get.set_programme(entry.programme());
      get.set_year(year);
      absl::StatusOr<v1::Rubric> rubric = scoring.GetRubric(get);
      if (!rubric.ok()) return rubric.status();
      if (auto s =
              consistency::CheckAgainstRubric(*rules.ForYear(year), *rubric);
          !s.ok()) {
        return s;
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace anju::submission
