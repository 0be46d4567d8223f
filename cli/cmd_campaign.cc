// anjuctl campaign create|show: the year's campaign (绩效评价工作).

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cli/command.h"
#include "cli/report_args.h"
#include "cli/submission_client.h"

namespace anju::cli {
namespace {

using Stub = SubmissionClient::Stub;

struct CampaignOptions {
  int year = 0;
  std::vector<std::string> programmes = {"rental", "shanty", "oldcomm"};
  std::string county_deadline;  // 旗县区报送盟市
  std::string city_deadline;    // 盟市报送自治区
  std::string format = "text";
};

std::string CampaignText(const anju::v1::Campaign& campaign) {
  std::string text =
      absl::StrCat(campaign.year(), "年度绩效评价：",
                   absl::StrJoin(campaign.programmes(), "、"), "\n");
  for (const std::string& programme : campaign.programmes()) {
    auto version = campaign.rubric_versions().find(programme);
    if (version == campaign.rubric_versions().end()) continue;
    absl::StrAppend(&text, "  ", programme, " 指标体系版本 ", version->second,
                    "\n");
  }
  absl::StrAppend(&text, "  旗县区报送盟市截止 ",
                  campaign.deadlines().county_to_city(), "\n",
                  "  盟市报送自治区截止 ",
                  campaign.deadlines().city_to_region(), "\n");
  return text;
}

absl::Status RunCreate(const CampaignOptions& options,
                       const SubmissionClient& client, std::ostream& out) {
  anju::v1::CreateCampaignRequest request;
  anju::v1::Campaign* campaign = request.mutable_campaign();
  campaign->set_year(options.year);
  for (const std::string& programme : options.programmes) {
    campaign->add_programmes(programme);
  }
  campaign->mutable_deadlines()->set_county_to_city(options.county_deadline);
  campaign->mutable_deadlines()->set_city_to_region(options.city_deadline);
  auto created = client.Call(&Stub::CreateCampaign, request);
  if (!created.ok()) return created.status();
  return PrintMessage(options.format, CampaignText(*created), *created, out);
}

absl::Status RunShow(const CampaignOptions& options,
                     const SubmissionClient& client, std::ostream& out) {
  anju::v1::GetCampaignRequest request;
  request.set_year(options.year);
  auto campaign = client.Call(&Stub::GetCampaign, request);
  if (!campaign.ok()) return campaign.status();
  return PrintMessage(options.format, CampaignText(*campaign), *campaign, out);
}

}  // namespace

void AddCampaignCommand(CLI::App& app, const GlobalOptions& global,
                        absl::Status* outcome) {
  CLI::App* campaign =
      app.add_subcommand("campaign", "The year's campaign (绩效评价工作)");
  campaign->require_subcommand(1);

  auto create_options = std::make_shared<CampaignOptions>();
  CLI::App* create = campaign->add_subcommand(
      "create", "Open a year's campaign: programmes and deadlines");
  create->add_option("--year", create_options->year, "e.g. 2023")->required();
  create
      ->add_option("--programmes", create_options->programmes,
                   "programmes, comma-separated")
      ->delimiter(',')
      ->capture_default_str();
  create
      ->add_option("--county-deadline", create_options->county_deadline,
                   "旗县区报送盟市, RFC 3339, e.g. 2024-03-31T23:59:59+08:00")
      ->required();
  create
      ->add_option("--city-deadline", create_options->city_deadline,
                   "盟市报送自治区, RFC 3339")
      ->required();
  AddMessageFormat(create, &create_options->format);
  create->final_callback([create_options, &global, outcome] {
    *outcome = WithSubmission(global, [&](const SubmissionClient& client) {
      return RunCreate(*create_options, client, std::cout);
    });
  });

  auto show_options = std::make_shared<CampaignOptions>();
  CLI::App* show = campaign->add_subcommand("show", "Show a year's campaign");
  show->add_option("--year", show_options->year, "e.g. 2023")->required();
  AddMessageFormat(show, &show_options->format);
  show->final_callback([show_options, &global, outcome] {
    *outcome = WithSubmission(global, [&](const SubmissionClient& client) {
      return RunShow(*show_options, client, std::cout);
    });
  });
}

}  // namespace anju::cli
