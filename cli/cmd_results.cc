// anjuctl totals | rank: results of stored reports from the scoring
// service (绩效结果: a city's totals; 排名: the cities of the region).

#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "cli/command.h"
#include "cli/org_names.h"
#include "cli/report_args.h"
#include "cli/report_view.h"
#include "cli/scoring_client.h"
#include "cli/text_table.h"

namespace anju::cli {
namespace {

struct ResultsOptions {
  std::string city;
  std::string programme;
  int year = 0;
  std::string format = "text";
};

std::string ProgrammeText(const anju::v1::CityTotals::Programme& p) {
  std::string text =
      absl::StrCat(p.programme(), "：旗县区已报送", p.counties_submitted(), "/",
                   p.counties_total());
  if (!p.counties_missing().empty()) {
    absl::StrAppend(
        &text, "（未报送 ",
        OrgLabels({p.counties_missing().begin(), p.counties_missing().end()}),
        "）");
  }
  if (p.city_submitted()) {
    absl::StrAppend(&text, "；盟市计算得分 ", FormatPoints(p.total()), " 自评 ",
                    FormatPoints(p.self_total()));
    if (p.reviewed()) {
      absl::StrAppend(&text, " 审核 ", FormatPoints(p.review_total()));
    }
    absl::StrAppend(&text, " ", p.grade_label());
  } else {
    absl::StrAppend(&text, "；盟市报告未报送");
  }
  absl::StrAppend(&text, "\n");
  // By name: a protobuf map's order differs from one call to the next.
  const std::map<std::string, double> sums(p.county_fact_sums().begin(),
                                           p.county_fact_sums().end());
  for (const auto& [fact, sum] : sums) {
    absl::StrAppend(&text, "    旗县区合计 ", fact, " = ", sum, "\n");
  }
  return text;
}

absl::Status RunTotals(const ResultsOptions& options,
                       const ScoringClient& client, std::ostream& out) {
  anju::v1::GetCityTotalsRequest request;
  request.set_city(options.city);
  request.set_year(options.year);
  auto totals = client.GetCityTotals(request);
  if (!totals.ok()) return totals.status();
  std::string text = absl::StrCat(totals->city_name(), "（", totals->city(),
                                  "）", totals->year(), "年度绩效结果\n");
  for (const auto& programme : totals->programmes()) {
    absl::StrAppend(&text, "  ", ProgrammeText(programme));
  }
  return PrintMessage(options.format, text, *totals, out);
}

std::string RankTable(const anju::v1::RankCitiesResponse& response) {
  const std::vector<TextColumn> columns = {
      {"名次", 0, true},     {"盟市"}, {"得分", 0, true}, {"计算得分", 0, true},
      {"审核得分", 0, true}, {"评级"}};
  std::vector<TextRow> rows;
  for (const auto& entry : response.entries()) {
    rows.push_back({{absl::StrCat(entry.rank()), entry.city_name(),
                     FormatPoints(entry.score()), FormatPoints(entry.total()),
                     entry.reviewed() ? FormatPoints(entry.review_total()) : "",
                     entry.grade_label()}});
  }
  std::string text = RenderTextTable(columns, rows);
  if (!response.cities_not_submitted().empty()) {
    absl::StrAppend(&text, "未报送：",
                    OrgLabels({response.cities_not_submitted().begin(),
                               response.cities_not_submitted().end()}),
                    "\n");
  }
  return text;
}

absl::Status RunRank(const ResultsOptions& options, const ScoringClient& client,
                     std::ostream& out) {
  anju::v1::RankCitiesRequest request;
  request.set_year(options.year);
  request.set_programme(options.programme);
  auto ranked = client.RankCities(request);
  if (!ranked.ok()) return ranked.status();
  return PrintMessage(options.format, RankTable(*ranked), *ranked, out);
}

}  // namespace

void AddResultsCommands(CLI::App& app, const GlobalOptions& global,
                        absl::Status* outcome) {
  auto totals_options = std::make_shared<ResultsOptions>();
  CLI::App* totals = app.add_subcommand(
      "totals", "A city's totals: its counties' facts summed, its scores");
  totals->add_option("--city", totals_options->city, "city code or name")
      ->required();
  totals->add_option("--year", totals_options->year, "e.g. 2023")->required();
  AddMessageFormat(totals, &totals_options->format);
  totals->final_callback([totals_options, &global, outcome] {
    *outcome = WithScoring(global, [&](const ScoringClient& client) {
      return RunTotals(*totals_options, client, std::cout);
    });
  });

  auto rank_options = std::make_shared<ResultsOptions>();
  CLI::App* rank =
      app.add_subcommand("rank", "The cities ranked on one programme (排名)");
  rank->add_option("--programme", rank_options->programme,
                   "rental, shanty or oldcomm")
      ->required();
  rank->add_option("--year", rank_options->year, "e.g. 2023")->required();
  AddMessageFormat(rank, &rank_options->format);
  rank->final_callback([rank_options, &global, outcome] {
    *outcome = WithScoring(global, [&](const ScoringClient& client) {
      return RunRank(*rank_options, client, std::cout);
    });
  });
}

}  // namespace anju::cli
