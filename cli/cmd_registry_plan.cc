// anjuctl plan draft|show|adjust|freeze: the year-N plan (年度计划) drawn
// from the ranked reserve.

#include <iostream>
#include <memory>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "cli/cmd_registry.h"
#include "cli/report_args.h"

namespace anju::cli {
namespace {

using Stub = RegistryClient::Stub;

template <typename Request>
absl::StatusOr<Request> PlanRequest(const PlanOptions& options) {
  Request request;
  request.set_org(OrgArg(options.org));
  absl::StatusOr<std::string> programme =
      ParseProgrammeArg(options.programme, "--programme");
  if (!programme.ok()) return programme.status();
  request.set_programme(*programme);
  request.set_year(options.year);
  return request;
}

// --etag, else the plan's current one (read first).
absl::StatusOr<std::string> PlanEtag(const PlanOptions& options,
                                     const RegistryClient& client) {
  if (!options.etag.empty()) return options.etag;
  absl::StatusOr<anju::v1::GetPlanRequest> get =
      PlanRequest<anju::v1::GetPlanRequest>(options);
  if (!get.ok()) return get.status();
  absl::StatusOr<anju::v1::AnnualPlan> plan = client.Call(&Stub::GetPlan, *get);
  if (!plan.ok()) return plan.status();
  return plan->etag();
}

absl::Status PrintPlan(const PlanOptions& options,
                       const absl::StatusOr<anju::v1::AnnualPlan>& plan,
                       std::ostream& out) {
  if (!plan.ok()) return plan.status();
  return PrintMessage(options.format, PlanText(*plan), *plan, out);
}

}  // namespace

absl::Status RunPlanDraft(const PlanOptions& options,
                          const RegistryClient& client, std::ostream& out) {
  absl::StatusOr<anju::v1::DraftPlanRequest> request =
      PlanRequest<anju::v1::DraftPlanRequest>(options);
  if (!request.ok()) return request.status();
  anju::v1::PlanConstraints* constraints = request->mutable_constraints();
  constraints->set_budget_cap_10k_yuan(options.budget_cap);
  for (const std::string& text : options.targets) {
    auto target = ParseCountyTarget(text);
    if (!target.ok()) return target.status();
    (*constraints->mutable_county_targets())[target->first] = target->second;
  }
  // A draft replaces the previous one: its etag, when there is one.
  if (options.etag.empty()) {
    absl::StatusOr<std::string> etag = PlanEtag(options, client);
    if (etag.ok()) {
      request->set_etag(*etag);
    } else if (!absl::IsNotFound(etag.status())) {
      return etag.status();
    }
  } else {
    request->set_etag(options.etag);
  }
  return PrintPlan(options, client.Call(&Stub::DraftPlan, *request), out);
}

absl::Status RunPlanShow(const PlanOptions& options,
                         const RegistryClient& client, std::ostream& out) {
  absl::StatusOr<anju::v1::GetPlanRequest> request =
      PlanRequest<anju::v1::GetPlanRequest>(options);
  if (!request.ok()) return request.status();
  return PrintPlan(options, client.Call(&Stub::GetPlan, *request), out);
}

absl::Status RunPlanAdjust(const PlanOptions& options,
                           const RegistryClient& client, std::ostream& out) {
  if (options.add.empty() && options.remove.empty()) {
    return UsageError("plan adjust: 须给出 --add 或 --remove");
  }
  absl::StatusOr<anju::v1::AdjustPlanRequest> request =
      PlanRequest<anju::v1::AdjustPlanRequest>(options);
  if (!request.ok()) return request.status();
  for (const std::string& id : options.add) request->add_add_project_ids(id);
  for (const std::string& id : options.remove) {
    request->add_remove_project_ids(id);
  }
  request->set_reason(options.reason);
  absl::StatusOr<std::string> etag = PlanEtag(options, client);
  if (!etag.ok()) return etag.status();
  request->set_etag(*etag);
  return PrintPlan(options, client.Call(&Stub::AdjustPlan, *request), out);
}

absl::Status RunPlanFreeze(const PlanOptions& options,
                           const RegistryClient& client, std::ostream& out) {
  absl::StatusOr<anju::v1::FreezePlanRequest> request =
      PlanRequest<anju::v1::FreezePlanRequest>(options);
  if (!request.ok()) return request.status();
  absl::StatusOr<std::string> etag = PlanEtag(options, client);
  if (!etag.ok()) return etag.status();
  request->set_etag(*etag);
  return PrintPlan(options, client.Call(&Stub::FreezePlan, *request), out);
}

namespace {

CLI::App* AddStep(CLI::App* parent, const GlobalOptions& global,
                  absl::Status* outcome, const char* name,
                  const char* description,
                  const std::shared_ptr<PlanOptions>& options,
                  absl::Status (*run)(const PlanOptions&, const RegistryClient&,
                                      std::ostream&)) {
  CLI::App* step = parent->add_subcommand(name, description);
  step->add_option("--org", options->org, "旗县区或盟市")->required();
  step->add_option("--programme", options->programme, "the programme")
      ->required();
  step->add_option("--year", options->year, "the plan year, e.g. 2024")
      ->required();
  AddMessageFormat(step, &options->format);
  step->final_callback([options, &global, outcome, run] {
    *outcome = WithRegistry(global, [&](const RegistryClient& client) {
      return run(*options, client, std::cout);
    });
  });
  return step;
}

}  // namespace

void AddPlanCommand(CLI::App& app, const GlobalOptions& global,
                    absl::Status* outcome) {
  CLI::App* plan =
      app.add_subcommand("plan", "年度计划: draft, show, adjust, freeze");
  plan->require_subcommand(1);

  auto draft = std::make_shared<PlanOptions>();
  CLI::App* d = AddStep(plan, global, outcome, "draft",
                        "Draft the plan from the ranking (replaces a draft)",
                        draft, RunPlanDraft);
  d->add_option("--budget-cap", draft->budget_cap, "投资上限, 万元")
      ->check(CLI::NonNegativeNumber);
  d->add_option("--target", draft->targets,
                "旗县区=套数[/户数], repeatable, e.g. 克旗=120");
  d->add_option("--etag", draft->etag, "the draft's; default: current");

  auto show = std::make_shared<PlanOptions>();
  AddStep(plan, global, outcome, "show", "A plan with its entries", show,
          RunPlanShow);

  auto adjust = std::make_shared<PlanOptions>();
  CLI::App* a =
      AddStep(plan, global, outcome, "adjust",
              "Add or remove projects, with a reason", adjust, RunPlanAdjust);
  a->add_option("--add", adjust->add, "项目编号, repeatable");
  a->add_option("--remove", adjust->remove, "项目编号, repeatable");
  a->add_option("--reason", adjust->reason, "调整原因")->required();
  a->add_option("--etag", adjust->etag, "the plan's; default: current");

  auto freeze = std::make_shared<PlanOptions>();
  AddStep(plan, global, outcome, "freeze",
          "Freeze the plan (下达): its projects become 计划", freeze,
          RunPlanFreeze)
      ->add_option("--etag", freeze->etag, "the plan's; default: current");
}

}  // namespace anju::cli
