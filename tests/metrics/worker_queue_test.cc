// anju_worker_queue_depth{service="submission"}: the calls waiting for a
// worker of the submission service's pool. One worker is held inside a
// call to scoring; the calls after it wait, and the gauge says how many.

#include <grpcpp/grpcpp.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "common/metrics/registry.h"
#include "common/orgs/org_yaml.h"
#include "gtest/gtest.h"
#include "services/submission/scoring_client.h"
#include "tests/submission/submission_harness.h"

namespace anju::submission {
namespace {

// Every call waits until released, then fails: enough to hold a worker.
class HeldScoring final : public ScoringClient {
 public:
  absl::StatusOr<v1::EvaluateResponse> Evaluate(
      const v1::EvaluateRequest&) override {
    return Hold();
  }
  absl::StatusOr<v1::ListRubricsResponse> ListRubrics(
      const v1::ListRubricsRequest&) override {
    return Hold();
  }
  absl::StatusOr<v1::Rubric> GetRubric(const v1::GetRubricRequest&) override {
    return Hold();
  }
  absl::Notification entered, release;

 private:
  absl::Status Hold() {
    if (!entered.HasBeenNotified()) entered.Notify();
    release.WaitForNotificationWithTimeout(absl::Seconds(30));
    return absl::UnavailableError("held");
  }
};

metrics::Gauge& Depth() {
  return metrics::DefaultRegistry()
      .MustAddGauge("anju_worker_queue_depth", "", {"service"})
      .WithLabels({"submission"});
}

TEST(WorkerQueueDepth, CountsTheCallsWaitingForAWorker) {
  auto tree = orgs::LoadOrgTreeFile(orgs::DefaultOrgTreePath());
  ASSERT_TRUE(tree.ok()) << tree.status();
  HeldScoring scoring;
  SubmissionDeps deps;
  deps.orgs = tree->get();
  deps.scoring = &scoring;
  deps.workers = 1;
  auto harness = testing::SubmissionHarness::Start("queue_depth", deps);
  ASSERT_TRUE(harness.ok()) << harness.status();
  const double before = Depth().Value();

  constexpr int kCalls = 4;  // one held by the worker, three waiting
  v1::CreateCampaignRequest request;
  request.mutable_campaign()->set_year(2023);
  request.mutable_campaign()->add_programmes("rental");
  request.mutable_campaign()->mutable_deadlines()->set_county_to_city(
      "2024-03-15T23:59:59+08:00");
  request.mutable_campaign()->mutable_deadlines()->set_city_to_region(
      "2024-03-31T23:59:59+08:00");
  std::vector<std::unique_ptr<grpc::ClientContext>> contexts;
  std::vector<v1::Campaign> responses(kCalls);
  std::mutex mu;
  std::condition_variable cv;
  int done = 0;
  for (int i = 0; i < kCalls; ++i) {
    contexts.push_back(std::make_unique<grpc::ClientContext>());
    (*harness)->stub().async()->CreateCampaign(
        contexts.back().get(), &request, &responses[i], [&](grpc::Status) {
          std::lock_guard<std::mutex> lock(mu);
          ++done;
          cv.notify_all();
        });
    if (i == 0) {
      ASSERT_TRUE(
          scoring.entered.WaitForNotificationWithTimeout(absl::Seconds(10)));
    }
  }
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (Depth().Value() < before + kCalls - 1 && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(5));
  }
  EXPECT_EQ(Depth().Value(), before + kCalls - 1);

  scoring.release.Notify();
  std::unique_lock<std::mutex> lock(mu);
  ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(30),
                          [&] { return done == kCalls; }));
  EXPECT_EQ(Depth().Value(), before);
}

}  // namespace
}  // namespace anju::submission
