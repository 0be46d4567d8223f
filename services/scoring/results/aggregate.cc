#include "services/scoring/results/aggregate.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "common/reports/county_sums.h"

namespace anju::scoring::results {
namespace {

using orgs::Org;
using orgs::OrgLevel;

double FromHundredths(int64_t hundredths) {
  return static_cast<double>(hundredths) / 100.0;
}

// The counting report of each org for `programme`, by org code.
absl::flat_hash_map<std::string, const v1::Report*> ByOrg(
    const v1::ListScoredReportsResponse& reports,
    const std::string& programme) {
  absl::flat_hash_map<std::string, const v1::Report*> by_org;
  for (const v1::Report& report : reports.reports()) {
    if (report.programme() == programme && reports::CountsInTotals(report)) {
      by_org[report.org()] = &report;
    }
  }
  return by_org;
}

const v1::Report* Find(
    const absl::flat_hash_map<std::string, const v1::Report*>& by_org,
    const std::string& code) {
  auto it = by_org.find(code);
  return it == by_org.end() ? nullptr : it->second;
}

void SetCityScores(const v1::Report& report,
                   v1::CityTotals::Programme* programme) {
  const v1::EvaluateResponse& scored = report.scored();
  programme->set_city_submitted(true);
  programme->set_total(scored.total());
  programme->set_bonus(scored.bonus());
  programme->set_grade(scored.grade());
  programme->set_grade_label(scored.grade_label());
  programme->set_self_total(scored.self_total());
  programme->set_rubric_version(report.rubric_version());
  programme->set_reviewed(report.state() == v1::REPORT_STATE_REVIEWED);
  programme->set_review_total(ReviewTotal(report));
}

v1::CityTotals::Programme ProgrammeTotals(
    const orgs::OrgTree& tree, const Org& city, const std::string& programme,
    const v1::ListScoredReportsResponse& reports) {
  const auto by_org = ByOrg(reports, programme);
  v1::CityTotals::Programme totals;
  totals.set_programme(programme);
  std::vector<const v1::Report*> county_reports;  // in code order
  for (const Org* county : tree.ChildrenOf(city.code)) {
    const v1::Report* report = Find(by_org, county->code);
    if (report == nullptr) {
      totals.add_counties_missing(county->code);
    } else {
      county_reports.push_back(report);
    }
    totals.set_counties_total(totals.counties_total() + 1);
  }
  totals.set_counties_submitted(static_cast<int>(county_reports.size()));
  for (const auto& [fact, sum] : reports::SumNumberFacts(county_reports)) {
    (*totals.mutable_county_fact_sums())[fact] = sum;
  }
  if (const v1::Report* own = Find(by_org, city.code)) {
    SetCityScores(*own, &totals);
  }
  return totals;
}

// The rank order: higher score first, then city code.
bool RanksBefore(
    const std::pair<int64_t, const v1::RankCitiesResponse::Entry*>& a,
    const std::pair<int64_t, const v1::RankCitiesResponse::Entry*>& b) {
  if (a.first != b.first) return a.first > b.first;
  return a.second->city() < b.second->city();
}

v1::RankCitiesResponse::Entry CityEntry(const Org& city,
                                        const v1::Report& report) {
  v1::RankCitiesResponse::Entry entry;
  entry.set_city(city.code);
  entry.set_city_name(city.name);
  entry.set_reviewed(report.state() == v1::REPORT_STATE_REVIEWED);
  entry.set_total(report.scored().total());
  entry.set_review_total(ReviewTotal(report));
  entry.set_score(entry.reviewed() ? entry.review_total() : entry.total());
  entry.set_grade(report.scored().grade());
  entry.set_grade_label(report.scored().grade_label());
  return entry;
}

}  // namespace

int64_t Hundredths(double score) {
  return static_cast<int64_t>(std::llround(score * 100.0));
}

double ReviewTotal(const v1::Report& report) {
  if (report.state() != v1::REPORT_STATE_REVIEWED) return 0;
  int64_t sum = 0;
  for (const auto& [id, review] : report.review_scores()) {
    sum += Hundredths(review.score());
  }
  return FromHundredths(sum);
}

v1::CityTotals AggregateCityTotals(
    const orgs::OrgTree& tree, const Org& city, int year,
    const std::vector<std::string>& programmes,
    const v1::ListScoredReportsResponse& reports) {
  v1::CityTotals totals;
  totals.set_city(city.code);
  totals.set_city_name(city.name);
  totals.set_year(year);
  totals.set_version(reports.version());
  for (const std::string& programme : programmes) {
    *totals.add_programmes() = ProgrammeTotals(tree, city, programme, reports);
  }
  return totals;
}

v1::RankCitiesResponse RankCities(
    const orgs::OrgTree& tree, const std::string& programme,
    const v1::ListScoredReportsResponse& reports) {
  const auto by_org = ByOrg(reports, programme);
  v1::RankCitiesResponse response;
  response.set_version(reports.version());
  std::vector<v1::RankCitiesResponse::Entry> entries;
  for (const Org& org : tree.orgs()) {  // in code order
    if (org.level != OrgLevel::kCity) continue;
    const v1::Report* report = Find(by_org, org.code);
    if (report == nullptr) {
      response.add_cities_not_submitted(org.code);
    } else {
      entries.push_back(CityEntry(org, *report));
    }
  }
  std::vector<std::pair<int64_t, const v1::RankCitiesResponse::Entry*>> order;
  for (const auto& entry : entries) {
    order.emplace_back(Hundredths(entry.score()), &entry);
  }
  std::sort(order.begin(), order.end(), RanksBefore);
  for (size_t i = 0; i < order.size(); ++i) {
    v1::RankCitiesResponse::Entry* out = response.add_entries();
    *out = *order[i].second;
    const bool tied = i > 0 && order[i].first == order[i - 1].first;
    out->set_rank(tied ? response.entries(i - 1).rank()
                       : static_cast<int>(i) + 1);
  }
  return response;
}

std::vector<std::string> ProgrammesOf(
    const v1::ListScoredReportsResponse& reports,
    const std::vector<std::string>& fallback) {
  std::set<std::string> names;
  for (const v1::Report& report : reports.reports()) {
    names.insert(report.programme());
  }
  if (names.empty()) return fallback;
  return std::vector<std::string>(names.begin(), names.end());
}

}  // namespace anju::scoring::results
