#include "services/scoring/results/results.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/orgs/city_lookup.h"
#include "services/scoring/results/aggregate.h"

namespace anju::scoring::results {
namespace {

using orgs::Org;

// Runs the cached read of a message: the version first, then the cache.
template <typename Message, typename ComputeMessage>
absl::StatusOr<Message> CachedRead(SubmissionReader& reader,
                                   redis::VersionedCache& cache, int year,
                                   const std::string& key,
                                   ComputeMessage compute) {
  absl::StatusOr<int64_t> version = reader.ResultsVersion(year);
  if (!version.ok()) return version.status();
  absl::StatusOr<std::string> bytes =
      cache.Get(key, *version, [&]() -> absl::StatusOr<std::string> {
        absl::StatusOr<Message> message = compute();
        if (!message.ok()) return message.status();
        return message->SerializeAsString();
      });
  if (!bytes.ok()) return bytes.status();
  Message message;
  if (!message.ParseFromString(*bytes)) {
    return absl::InternalError(
        absl::StrCat("cache entry ", key, " is not readable"));
  }
  return message;
}

}  // namespace

absl::StatusOr<v1::CityTotals> Results::GetCityTotals(
    const v1::GetCityTotalsRequest& request) {
  // The year is checked by the submission service (INVALID_ARGUMENT
  // naming it), the first to see it.
  absl::StatusOr<const Org*> city =
      orgs::ResolveCity(*deps_.orgs, request.city());
  if (!city.ok()) return city.status();
  const std::string key =
      absl::StrCat("city:", (*city)->code, ":", request.year());
  return CachedRead<v1::CityTotals>(
      *deps_.reader, *deps_.cache, request.year(), key,
      [&] { return ComputeCityTotals(**city, request.year()); });
}

absl::StatusOr<v1::RankCitiesResponse> Results::RankCities(
    const v1::RankCitiesRequest& request) {
  if (request.programme().empty()) {
    return absl::InvalidArgumentError(
        "programme: 必填 (required, e.g. rental)");
  }
  const std::string key =
      absl::StrCat("rank:", request.year(), ":", request.programme());
  return CachedRead<v1::RankCitiesResponse>(
      *deps_.reader, *deps_.cache, request.year(), key,
      [&]() -> absl::StatusOr<v1::RankCitiesResponse> {
        v1::ListScoredReportsRequest list;
        list.set_year(request.year());
        list.set_programme(request.programme());
        list.set_cities_only(true);  // the ranking reads no county's report
        auto reports = deps_.reader->ListScoredReports(list);
        if (!reports.ok()) return reports.status();
        return results::RankCities(*deps_.orgs, request.programme(), *reports);
      });
}

absl::StatusOr<v1::CityTotals> Results::ComputeCityTotals(const Org& city,
                                                          int year) {
  v1::ListScoredReportsRequest list;
  list.set_year(year);
  list.set_city(city.code);
  auto reports = deps_.reader->ListScoredReports(list);
  if (!reports.ok()) return reports.status();
  absl::StatusOr<std::vector<std::string>> programmes =
      Programmes(year, *reports);
  if (!programmes.ok()) return programmes.status();
  return AggregateCityTotals(*deps_.orgs, city, year, *programmes, *reports);
}

absl::StatusOr<std::vector<std::string>> Results::Programmes(
    int year, const v1::ListScoredReportsResponse& reports) {
  absl::StatusOr<v1::Campaign> campaign = deps_.reader->GetCampaign(year);
  if (campaign.ok()) {
    return std::vector<std::string>(campaign->programmes().begin(),
                                    campaign->programmes().end());
  }
  if (!absl::IsNotFound(campaign.status())) return campaign.status();
  return ProgrammesOf(reports, RubricProgrammes(year));
}

std::vector<std::string> Results::RubricProgrammes(int year) const {
  std::vector<std::string> programmes;  // the set is sorted by programme
  if (deps_.rubrics == nullptr) return programmes;
  for (const Rubric& rubric : deps_.rubrics->rubrics()) {
    if (rubric.year == year) programmes.push_back(rubric.programme);
  }
  return programmes;
}

}  // namespace anju::scoring::results
