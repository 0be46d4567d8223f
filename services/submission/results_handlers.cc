// The results API of the submission service: the reports that count in
// totals and the version they were read at, for the scoring service's
// cached GetCityTotals and RankCities (common/redis/versioned_cache.h).

#include <string>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/orgs/city_lookup.h"
#include "services/submission/submission_service.h"

namespace anju::submission {
namespace {

using orgs::Org;
using orgs::OrgLevel;

constexpr int kMinYear = 2000;
constexpr int kMaxYear = 2100;

// Both RPCs read the whole region's reports: the year is checked and the
// caller is authorized against the region (role `service` in the policy).
absl::StatusOr<std::string> ResultsScope(const orgs::OrgTree& tree, int year) {
  if (year < kMinYear || year > kMaxYear) {
    return absl::InvalidArgumentError(
        absl::StrCat("year: ", year, " is outside ", kMinYear, "–", kMaxYear));
  }
  for (const Org& org : tree.orgs()) {
    if (org.level == OrgLevel::kRegion) return org.code;
  }
  return absl::FailedPreconditionError("orgs: the org tree has no region");
}

// A city and its counties, or every org when `city` is empty; only the
// cities when `cities_only`.
absl::StatusOr<absl::flat_hash_set<std::string>> OrgsUnder(
    const orgs::OrgTree& tree, const std::string& city, bool cities_only) {
  absl::flat_hash_set<std::string> codes;
  if (city.empty()) {
    for (const Org& org : tree.orgs()) {
      if (!cities_only || org.level == OrgLevel::kCity) {
        codes.insert(org.code);
      }
    }
    return codes;
  }
  absl::StatusOr<const Org*> org = orgs::ResolveCity(tree, city);
  if (!org.ok()) return org.status();
  codes.insert((*org)->code);
  if (cities_only) return codes;
  for (const Org* county : tree.ChildrenOf((*org)->code)) {
    codes.insert(county->code);
  }
  return codes;
}

}  // namespace

absl::Status SubmissionServiceImpl::DoListScoredReports(
    const auth::Caller& caller, const v1::ListScoredReportsRequest& request,
    v1::ListScoredReportsResponse* response) {
  absl::StatusOr<std::string> region =
      ResultsScope(*deps_.orgs, request.year());
  if (!region.ok()) return region.status();
  if (auto s = Authorize(caller, *region); !s.ok()) return s;
  absl::StatusOr<absl::flat_hash_set<std::string>> orgs =
      OrgsUnder(*deps_.orgs, request.city(), request.cities_only());
  if (!orgs.ok()) return orgs.status();
  absl::StatusOr<ScoredReports> scored = deps_.store->ListScoredReports(
      request.year(), *orgs, request.programme());
  if (!scored.ok()) return scored.status();
  response->set_version(scored->version);
  for (v1::Report& report : scored->reports) {
    *response->add_reports() = std::move(report);
  }
  return absl::OkStatus();
}

absl::Status SubmissionServiceImpl::DoGetResultsVersion(
    const auth::Caller& caller, const v1::GetResultsVersionRequest& request,
    v1::ResultsVersion* response) {
  absl::StatusOr<std::string> region =
      ResultsScope(*deps_.orgs, request.year());
  if (!region.ok()) return region.status();
  if (auto s = Authorize(caller, *region); !s.ok()) return s;
  absl::StatusOr<int64_t> version = deps_.store->ResultsVersion(request.year());
  if (!version.ok()) return version.status();
  response->set_version(*version);
  return absl::OkStatus();
}

}  // namespace anju::submission
