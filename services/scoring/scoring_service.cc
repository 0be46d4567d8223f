#include "services/scoring/scoring_service.h"

#include <utility>

#include "common/status.h"
#include "services/scoring/convert.h"
#include "services/scoring/engine/engine.h"
#include "services/scoring/rubric_lookup.h"

namespace anju::scoring {
namespace {

grpc::ServerUnaryReactor* FinishNow(grpc::CallbackServerContext* context,
                                    const absl::Status& status) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(common::ToGrpcStatus(status));
  return reactor;
}

}  // namespace

ScoringServiceImpl::ScoringServiceImpl(std::shared_ptr<const RubricSet> rubrics,
                                       ScoringLimits limits)
    : rubrics_(std::move(rubrics)), limits_(limits) {
  SetMessageAllocatorFor_Evaluate(&evaluate_allocator_);
}

absl::Status ScoringServiceImpl::DoEvaluate(
    const v1::EvaluateRequest& request, v1::EvaluateResponse* response) const {
  // Sizes first: they bound the cost of everything after.
  if (absl::Status s = CheckRequestLimits(request, limits_); !s.ok()) return s;
  absl::StatusOr<const Rubric*> rubric =
      FindRubric(*rubrics_, request.programme(), request.year());
  if (!rubric.ok()) return rubric.status();
  absl::StatusOr<Facts> facts = FactsFromProto(request.facts(), **rubric);
  if (!facts.ok()) return facts.status();
  absl::StatusOr<SelfScores> self_scores =
      SelfScoresFromProto(request.self_scores());
  if (!self_scores.ok()) return self_scores.status();
  absl::StatusOr<Evaluation> evaluation =
      scoring::Evaluate(**rubric, *facts, *self_scores);
  if (!evaluation.ok()) return evaluation.status();
  EvaluationToProto(*std::move(evaluation), *std::move(self_scores), response);
  return absl::OkStatus();
}

absl::Status ScoringServiceImpl::DoEvaluateBatch(
    const v1::EvaluateBatchRequest& request,
    v1::EvaluateBatchResponse* response) const {
  if (absl::Status s = CheckBatchLimits(request, limits_); !s.ok()) return s;
  for (const v1::EvaluateBatchRequest::Item& item : request.items()) {
    v1::EvaluateBatchResponse::Result* result = response->add_results();
    result->set_org(item.org());
    // Each item stands alone: one org's bad facts do not fail the others.
    absl::Status s = DoEvaluate(item.request(), result->mutable_response());
    if (!s.ok()) {
      result->clear_response();
      result->set_error_code(static_cast<int>(s.code()));
      result->set_error_message(std::string(s.message()));
    }
  }
  return absl::OkStatus();
}

absl::Status ScoringServiceImpl::DoListRubrics(
    const v1::ListRubricsRequest& request,
    v1::ListRubricsResponse* response) const {
  for (const Rubric& rubric : rubrics_->rubrics()) {
    if (!request.programme().empty() &&
        rubric.programme != request.programme()) {
      continue;
    }
    if (request.year() != 0 && rubric.year != request.year()) continue;
    RubricToEntry(rubric, response->add_rubrics());
  }
  return absl::OkStatus();
}

absl::Status ScoringServiceImpl::DoGetRubric(
    const v1::GetRubricRequest& request, v1::Rubric* response) const {
  absl::StatusOr<const Rubric*> rubric =
      FindRubric(*rubrics_, request.programme(), request.year());
  if (!rubric.ok()) {
    // Here (programme, year) names a resource that is not there.
    return absl::NotFoundError(rubric.status().message());
  }
  RubricToProto(**rubric, response);
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* ScoringServiceImpl::Evaluate(
    grpc::CallbackServerContext* context, const v1::EvaluateRequest* request,
    v1::EvaluateResponse* response) {
  return FinishNow(context, DoEvaluate(*request, response));
}

grpc::ServerUnaryReactor* ScoringServiceImpl::EvaluateBatch(
    grpc::CallbackServerContext* context,
    const v1::EvaluateBatchRequest* request,
    v1::EvaluateBatchResponse* response) {
  return FinishNow(context, DoEvaluateBatch(*request, response));
}

grpc::ServerUnaryReactor* ScoringServiceImpl::ListRubrics(
    grpc::CallbackServerContext* context, const v1::ListRubricsRequest* request,
    v1::ListRubricsResponse* response) {
  return FinishNow(context, DoListRubrics(*request, response));
}

grpc::ServerUnaryReactor* ScoringServiceImpl::GetRubric(
    grpc::CallbackServerContext* context, const v1::GetRubricRequest* request,
    v1::Rubric* response) {
  return FinishNow(context, DoGetRubric(*request, response));
}

namespace {

// Without a submission service there are no stored reports to read.
constexpr char kResultsOff[] =
    "成绩汇总未启用: anju-scoring 未配置 submission (the results API needs "
    "--submission HOST:PORT, the submission service's address)";

}  // namespace

grpc::ServerUnaryReactor* ScoringServiceImpl::GetCityTotals(
    grpc::CallbackServerContext* context,
    const v1::GetCityTotalsRequest* request, v1::CityTotals* response) {
  if (gate_ != nullptr) {
    if (absl::Status s = AuthorizeCity(context, request->city()); !s.ok()) {
      return FinishNow(context, s);
    }
  }
  if (results_ == nullptr) {
    return FinishNow(context, absl::FailedPreconditionError(kResultsOff));
  }
  return results_->GetCityTotals(context, request, response);
}

absl::Status ScoringServiceImpl::AuthorizeCity(
    const grpc::CallbackServerContext* context, const std::string& city) const {
  absl::StatusOr<auth::Caller> caller = gate_->Authenticate(context);
  if (!caller.ok()) return caller.status();
  // A name ("赤峰市") or an alias is checked as the code it stands for.
  absl::StatusOr<const orgs::Org*> org = gate_->tree().Resolve(city);
  return gate_->Authorize(*caller, org.ok() ? (*org)->code : city);
}

grpc::ServerUnaryReactor* ScoringServiceImpl::RankCities(
    grpc::CallbackServerContext* context, const v1::RankCitiesRequest* request,
    v1::RankCitiesResponse* response) {
  if (results_ == nullptr) {
    return FinishNow(context, absl::FailedPreconditionError(kResultsOff));
  }
  return results_->RankCities(context, request, response);
}

}  // namespace anju::scoring
