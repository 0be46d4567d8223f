// ListReportEvents (for the notification service) and ListReports'
// include_city, over a real socket with real credentials.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/submission_hooks/hooks_fixture.h"

namespace anju::submission::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

class ReportEventsTest : public HooksTest {
 protected:
  void SetUp() override {
    HooksTest::SetUp();
    StartSubmission();
  }

  v1::ListReportEventsResponse Events(int64_t after, int limit = 0) {
    v1::ListReportEventsRequest request;
    request.set_after_sequence(after);
    request.set_limit(limit);
    v1::ListReportEventsResponse response;
    grpc::Status s =
        Call(people_->service, &Stub::ListReportEvents, request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return response;
  }

  // County: submit, returned, correction resubmitted. City: submit,
  // returned, resubmitted, reviewed. Drafts in between.
  void RunTheWorkflow() {
    v1::Report county = Save(people_->hongshan, Draft(kHongshan));
    Submit(people_->hongshan, kHongshan);
    Return(people_->chifeng, kHongshan, "开工数据与台账不符");
    v1::Report current;
    ASSERT_TRUE(Call(people_->hongshan, &Stub::GetReport,
                     About<v1::GetReportRequest>(kHongshan), &current)
                    .ok());
    Save(people_->hongshan, Draft(kHongshan, current.etag()));
    Submit(people_->hongshan, kHongshan);
    Save(people_->chifeng, Draft(kChifeng));
    Submit(people_->chifeng, kChifeng);
    Return(people_->reviewer, kChifeng, "请核实开工套数");
    ASSERT_TRUE(Call(people_->chifeng, &Stub::GetReport,
                     About<v1::GetReportRequest>(kChifeng), &current)
                    .ok());
    Save(people_->chifeng, Draft(kChifeng, current.etag()));
    Submit(people_->chifeng, kChifeng);
    Review(kChifeng);
  }
};

struct Expected {
  v1::ReportEvent::Kind kind;
  const char* org;
  int version;
  v1::ReportState state;
  const char* actor;
};

TEST_F(ReportEventsTest, EveryWorkflowStepIsAnEventInOrderAndDraftsAreNot) {
  RunTheWorkflow();
  v1::ListReportEventsResponse events = Events(0);
  const Expected expected[] = {
      {v1::ReportEvent::KIND_SUBMITTED, kHongshan, 1,
       v1::REPORT_STATE_SUBMITTED_TO_CITY, "hongshan-filer"},
      {v1::ReportEvent::KIND_RETURNED, kHongshan, 1, v1::REPORT_STATE_RETURNED,
       "chifeng-coordinator"},
      {v1::ReportEvent::KIND_SUBMITTED, kHongshan, 2,
       v1::REPORT_STATE_SUBMITTED_TO_CITY, "hongshan-filer"},
      {v1::ReportEvent::KIND_SUBMITTED, kChifeng, 1,
       v1::REPORT_STATE_SUBMITTED_TO_REGION, "chifeng-coordinator"},
      {v1::ReportEvent::KIND_RETURNED, kChifeng, 1, v1::REPORT_STATE_RETURNED,
       "region-reviewer"},
      {v1::ReportEvent::KIND_SUBMITTED, kChifeng, 2,
       v1::REPORT_STATE_RESUBMITTED, "chifeng-coordinator"},
      {v1::ReportEvent::KIND_REVIEWED, kChifeng, 2, v1::REPORT_STATE_REVIEWED,
       "region-reviewer"},
  };
  ASSERT_EQ(events.events_size(), 7);
  int64_t previous = 0;
  for (int i = 0; i < 7; ++i) {
    const v1::ReportEvent& e = events.events(i);
    SCOPED_TRACE(i);
    EXPECT_GT(e.sequence(), previous);
    previous = e.sequence();
    EXPECT_EQ(e.kind(), expected[i].kind);
    EXPECT_EQ(e.org(), expected[i].org);
    EXPECT_EQ(e.programme(), "shanty");
    EXPECT_EQ(e.year(), 2023);
    EXPECT_EQ(e.version(), expected[i].version);
    EXPECT_EQ(e.state(), expected[i].state);
    EXPECT_EQ(e.actor(), expected[i].actor);
    EXPECT_EQ(e.time(), "2024-03-01T09:00:00+08:00");
  }
  EXPECT_EQ(events.events(1).reason(), "开工数据与台账不符");
  EXPECT_EQ(events.events(4).reason(), "请核实开工套数");
  EXPECT_EQ(events.events(0).reason(), "");
  EXPECT_EQ(events.last_sequence(), events.events(6).sequence());
  // Reading events changes nothing: the chain still verifies.
  v1::VerifyAuditLogResponse verified;
  ASSERT_TRUE(Call(people_->admin, &Stub::VerifyAuditLog,
                   v1::VerifyAuditLogRequest(), &verified)
                  .ok());
  EXPECT_GT(verified.entries(), 7);
}

TEST_F(ReportEventsTest, TheCursorSkipsWhatWasRead) {
  RunTheWorkflow();
  v1::ListReportEventsResponse first = Events(0, 3);
  ASSERT_EQ(first.events_size(), 3);
  EXPECT_EQ(first.last_sequence(), first.events(2).sequence());
  v1::ListReportEventsResponse rest = Events(first.last_sequence());
  ASSERT_EQ(rest.events_size(), 4);
  EXPECT_GT(rest.events(0).sequence(), first.last_sequence());
  EXPECT_EQ(rest.events(0).kind(), v1::ReportEvent::KIND_SUBMITTED);
  EXPECT_EQ(rest.events(0).org(), kChifeng);
  // Nothing new: no events, and the cursor stays where it was.
  v1::ListReportEventsResponse none = Events(rest.last_sequence());
  EXPECT_EQ(none.events_size(), 0);
  EXPECT_EQ(none.last_sequence(), rest.last_sequence());
  // A new submission after that is the only one returned.
  Save(people_->yuanbaoshan, Draft(kYuanbaoshan));
  Submit(people_->yuanbaoshan, kYuanbaoshan);
  v1::ListReportEventsResponse next = Events(rest.last_sequence());
  ASSERT_EQ(next.events_size(), 1);
  EXPECT_EQ(next.events(0).org(), kYuanbaoshan);
}

TEST_F(ReportEventsTest, DraftsAloneProduceNoEvent) {
  v1::Report saved = Save(people_->hongshan, Draft(kHongshan));
  Save(people_->hongshan, Draft(kHongshan, saved.etag()));
  v1::ListReportEventsResponse events = Events(0);
  EXPECT_EQ(events.events_size(), 0);
  EXPECT_EQ(events.last_sequence(), 0);
}

TEST_F(ReportEventsTest, TheLimitIsBounded) {
  RunTheWorkflow();
  EXPECT_EQ(Events(0, 1).events_size(), 1);
  EXPECT_EQ(Events(0, 1000).events_size(), 7);
  for (int limit : {1001, -1, 1 << 30}) {
    v1::ListReportEventsRequest request;
    request.set_limit(limit);
    v1::ListReportEventsResponse response;
    grpc::Status s =
        Call(people_->service, &Stub::ListReportEvents, request, &response);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << limit;
    EXPECT_THAT(s.error_message(), StartsWith("limit: "));
  }
  v1::ListReportEventsRequest negative;
  negative.set_after_sequence(-5);
  v1::ListReportEventsResponse response;
  grpc::Status s =
      Call(people_->service, &Stub::ListReportEvents, negative, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("after_sequence"));
}

TEST_F(ReportEventsTest, TheDefaultLimitIsAHundred) {
  // 101 events: submissions and returns of one county, back and forth.
  v1::Report report = Save(people_->hongshan, Draft(kHongshan));
  int events = 0;
  while (events < 101) {
    Submit(people_->hongshan, kHongshan);
    if (++events == 101) break;
    report = Return(people_->chifeng, kHongshan, "退回");
    ++events;
    Save(people_->hongshan, Draft(kHongshan, report.etag()));
  }
  EXPECT_EQ(Events(0).events_size(), 100);
  EXPECT_EQ(Events(0, 1000).events_size(), 101);
}

TEST_F(ReportEventsTest, OnlyTheServiceAndTheRegionAdminReadEvents) {
  RunTheWorkflow();
  for (const TestCredential* who : {&people_->hongshan, &people_->chifeng,
                                    &people_->reviewer, &people_->external}) {
    v1::ListReportEventsResponse response;
    grpc::Status s = Call(*who, &Stub::ListReportEvents,
                          v1::ListReportEventsRequest(), &response);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED)
        << who->principal.id;
    EXPECT_EQ(response.events_size(), 0);
  }
  for (const TestCredential* who : {&people_->service, &people_->admin}) {
    v1::ListReportEventsResponse response;
    grpc::Status s = Call(*who, &Stub::ListReportEvents,
                          v1::ListReportEventsRequest(), &response);
    EXPECT_TRUE(s.ok()) << who->principal.id << ": " << s.error_message();
    EXPECT_EQ(response.events_size(), 7);
  }
}

// --- ListReports.include_city ---

v1::ListReportsRequest Status(bool include_city) {
  v1::ListReportsRequest request;
  request.set_city(kChifeng);
  request.set_programme("shanty");
  request.set_year(2023);
  request.set_include_city(include_city);
  return request;
}

TEST_F(ReportEventsTest, IncludeCityPutsTheCitysOwnReportFirst) {
  v1::ListReportsResponse without;
  ASSERT_TRUE(
      Call(people_->chifeng, &Stub::ListReports, Status(false), &without).ok());
  v1::ListReportsResponse with;
  ASSERT_TRUE(
      Call(people_->chifeng, &Stub::ListReports, Status(true), &with).ok());
  ASSERT_EQ(with.reports_size(), without.reports_size() + 1);
  EXPECT_EQ(with.reports(0).org(), kChifeng);
  EXPECT_EQ(with.reports(0).org_name(), "赤峰市");
  EXPECT_EQ(with.reports(0).state(), v1::REPORT_STATE_UNSPECIFIED);
  EXPECT_FALSE(with.reports(0).late());
  EXPECT_EQ(with.reports(1).org(), without.reports(0).org());
  EXPECT_NE(without.reports(0).org(), kChifeng);

  Save(people_->chifeng, Draft(kChifeng));
  v1::Report submitted = Submit(people_->chifeng, kChifeng);
  ASSERT_TRUE(
      Call(people_->chifeng, &Stub::ListReports, Status(true), &with).ok());
  EXPECT_EQ(with.reports(0).state(), v1::REPORT_STATE_SUBMITTED_TO_REGION);
  EXPECT_EQ(with.reports(0).version(), 1);
  EXPECT_EQ(with.reports(0).submit_time(), submitted.submit_time());
  EXPECT_FALSE(with.reports(0).late());
}

// The city is late against city_to_region, not against its counties'
// earlier deadline.
TEST_F(ReportEventsTest, TheCityIsLateAgainstItsOwnDeadline) {
  SetNow("2024-03-20T09:00:00+08:00");  // after the counties', before its own
  v1::ListReportsResponse with;
  ASSERT_TRUE(
      Call(people_->chifeng, &Stub::ListReports, Status(true), &with).ok());
  EXPECT_FALSE(with.reports(0).late());
  EXPECT_TRUE(with.reports(1).late());  // a county not submitted

  SetNow("2024-04-02T09:00:00+08:00");
  ASSERT_TRUE(
      Call(people_->chifeng, &Stub::ListReports, Status(true), &with).ok());
  EXPECT_TRUE(with.reports(0).late());  // not submitted, deadline past
  Save(people_->chifeng, Draft(kChifeng));
  Submit(people_->chifeng, kChifeng);
  ASSERT_TRUE(
      Call(people_->chifeng, &Stub::ListReports, Status(true), &with).ok());
  EXPECT_EQ(with.reports(0).state(), v1::REPORT_STATE_SUBMITTED_TO_REGION);
  EXPECT_TRUE(with.reports(0).late());  // submitted after it
}

}  // namespace
}  // namespace anju::submission::testing
