#ifndef ANJU_TESTS_NOTIFICATION_FAKE_SUBMISSION_H_
#define ANJU_TESTS_NOTIFICATION_FAKE_SUBMISSION_H_

// What the notification service reads from the submission service, faked
// in memory: campaigns, report states, workflow events. FakeView serves it
// in-process (unit tests); FakeSubmissionService serves it as a gRPC
// CallbackService on a real socket (integration tests), until the real
// ListReportEvents and include_city are merged.

#include <grpcpp/grpcpp.h>

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "anju/v1/submission.grpc.pb.h"
#include "common/orgs/org_tree.h"
#include "common/status.h"
#include "services/notification/submission_view.h"

namespace anju::notification::testing {

class FakeReports {
 public:
  explicit FakeReports(const orgs::OrgTree* tree) : tree_(tree) {}

  void AddCampaign(const v1::Campaign& campaign) {
    absl::MutexLock lock(&mu_);
    campaigns_[campaign.year()] = campaign;
  }
  void SetState(const std::string& org, const std::string& programme, int year,
                v1::ReportState state) {
    absl::MutexLock lock(&mu_);
    states_[{org, programme, year}] = state;
  }
  // Every county and city of the tree, every programme: `state`.
  void SetAll(const std::vector<std::string>& programmes, int year,
              v1::ReportState state) {
    for (const orgs::Org& org : tree_->orgs()) {
      if (org.level == orgs::OrgLevel::kRegion) continue;
      for (const std::string& p : programmes)
        SetState(org.code, p, year, state);
    }
  }
  int64_t AddEvent(v1::ReportEvent event) {
    absl::MutexLock lock(&mu_);
    event.set_sequence(static_cast<int64_t>(events_.size()) + 1);
    events_.push_back(event);
    return event.sequence();
  }
  int list_reports_calls() const {
    absl::MutexLock lock(&mu_);
    return list_reports_calls_;
  }

  absl::StatusOr<v1::Campaign> GetCampaign(int year) const {
    absl::MutexLock lock(&mu_);
    auto found = campaigns_.find(year);
    if (found == campaigns_.end()) {
      return absl::NotFoundError(absl::StrCat("no campaign of ", year));
    }
    return found->second;
  }

  absl::StatusOr<v1::ListReportsResponse> ListReports(
      const v1::ListReportsRequest& request) {
    absl::MutexLock lock(&mu_);
    ++list_reports_calls_;
    auto city = tree_->Resolve(request.city());
    if (!city.ok()) return city.status();
    v1::ListReportsResponse response;
    std::vector<const orgs::Org*> orgs;
    if (request.include_city()) orgs.push_back(*city);
    for (const orgs::Org* c : tree_->ChildrenOf((*city)->code))
      orgs.push_back(c);
    for (const orgs::Org* org : orgs) {
      auto* entry = response.add_reports();
      entry->set_org(org->code);
      entry->set_org_name(org->name);
      auto state =
          states_.find({org->code, request.programme(), request.year()});
      if (state != states_.end()) entry->set_state(state->second);
    }
    return response;
  }

  absl::StatusOr<v1::ListReportEventsResponse> ListReportEvents(
      int64_t after, int limit) const {
    absl::MutexLock lock(&mu_);
    v1::ListReportEventsResponse response;
    response.set_last_sequence(after);
    for (const v1::ReportEvent& e : events_) {
      if (e.sequence() <= after) continue;
      if (response.events_size() >= (limit <= 0 ? 100 : limit)) break;
      *response.add_events() = e;
      response.set_last_sequence(e.sequence());
    }
    return response;
  }

 private:
  const orgs::OrgTree* tree_;
  mutable absl::Mutex mu_;
  std::map<int, v1::Campaign> campaigns_;
  std::map<std::tuple<std::string, std::string, int>, v1::ReportState> states_;
  std::vector<v1::ReportEvent> events_;
  int list_reports_calls_ = 0;
};

class FakeView : public SubmissionView {
 public:
  explicit FakeView(FakeReports* reports) : reports_(reports) {}
  absl::StatusOr<v1::Campaign> GetCampaign(int year) override {
    return reports_->GetCampaign(year);
  }
  absl::StatusOr<v1::ListReportsResponse> ListReports(
      const v1::ListReportsRequest& request) override {
    return reports_->ListReports(request);
  }
  absl::StatusOr<v1::ListReportEventsResponse> ListReportEvents(
      int64_t after, int limit) override {
    return reports_->ListReportEvents(after, limit);
  }

 private:
  FakeReports* reports_;
};

// The three RPCs on the callback API; the rest answer UNIMPLEMENTED.
class FakeSubmissionService : public v1::SubmissionService::CallbackService {
 public:
  explicit FakeSubmissionService(FakeReports* reports) : reports_(reports) {}

  grpc::ServerUnaryReactor* GetCampaign(grpc::CallbackServerContext* context,
                                        const v1::GetCampaignRequest* request,
                                        v1::Campaign* response) override {
    return Finish(context, reports_->GetCampaign(request->year()), response);
  }
  grpc::ServerUnaryReactor* ListReports(
      grpc::CallbackServerContext* context,
      const v1::ListReportsRequest* request,
      v1::ListReportsResponse* response) override {
    return Finish(context, reports_->ListReports(*request), response);
  }
  grpc::ServerUnaryReactor* ListReportEvents(
      grpc::CallbackServerContext* context,
      const v1::ListReportEventsRequest* request,
      v1::ListReportEventsResponse* response) override {
    return Finish(
        context,
        reports_->ListReportEvents(request->after_sequence(), request->limit()),
        response);
  }

 private:
  template <typename T>
  grpc::ServerUnaryReactor* Finish(grpc::CallbackServerContext* context,
                                   absl::StatusOr<T> result, T* response) {
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    if (result.ok()) *response = *std::move(result);
    reactor->Finish(common::ToGrpcStatus(result.status()));
    return reactor;
  }

  FakeReports* reports_;
};

// The 2023 campaign of the tests: counties report to their city by
// 2024-03-20 18:00, cities to the region by 2024-03-31 18:00 (+08:00).
inline v1::Campaign TestCampaign() {
  v1::Campaign campaign;
  campaign.set_id("2023");
  campaign.set_year(2023);
  for (const char* p : {"rental", "shanty", "oldcomm"})
    campaign.add_programmes(p);
  campaign.mutable_deadlines()->set_county_to_city("2024-03-20T18:00:00+08:00");
  campaign.mutable_deadlines()->set_city_to_region("2024-03-31T18:00:00+08:00");
  return campaign;
}

}  // namespace anju::notification::testing

#endif  // ANJU_TESTS_NOTIFICATION_FAKE_SUBMISSION_H_
