// Pre-filling drafts from the project reserve (项目储备库, issue 4 item 5):
// the real submission service against a fake RegistryService on
// 127.0.0.1:0, reached through the real gRPC client with a service token.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/submission_hooks/hooks_fixture.h"

namespace anju::submission::testing {
namespace {

using ::testing::HasSubstr;

class RegistryPrefillTest : public HooksTest {
 protected:
  void SetUp() override {
    HooksTest::SetUp();
    StartRegistry();
    registry_->Vouch(kHongshan, "shanty_planned_units", Number(391),
                     "2024年度计划 5 个项目，合计 391 套");
    registry_->Vouch(kHongshan, "reserve_established", Flag(true),
                     "储备库已建立，入库项目 12 个");
    StartSubmission();
  }

  // The sample draft without the two facts the registry vouches for.
  static v1::SaveDraftRequest DraftLeavingOut(const std::string& org) {
    v1::SaveDraftRequest request = Draft(org);
    request.mutable_facts()->erase("shanty_planned_units");
    request.mutable_facts()->erase("reserve_established");
    return request;
  }

  grpc::Status TrySave(const v1::SaveDraftRequest& request,
                       v1::Report* report) {
    return Call(people_->hongshan, &Stub::SaveDraft, request, report);
  }

  // Nothing of the report was written: no report, no audit entry about it.
  void ExpectNothingWritten(const std::string& org) {
    v1::Report report;
    grpc::Status s = Call(people_->admin, &Stub::GetReport,
                          About<v1::GetReportRequest>(org), &report);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
    absl::StatusOr<std::vector<AuditEntry>> log = store_->AuditLog();
    ASSERT_TRUE(log.ok()) << log.status();
    for (const AuditEntry& entry : *log) {
      EXPECT_THAT(entry.subject, ::testing::Not(HasSubstr(org)));
    }
  }
};

TEST_F(RegistryPrefillTest, FactsLeftOutAreFilledFromTheRegistry) {
  v1::Report saved;
  grpc::Status s = TrySave(DraftLeavingOut(kHongshan), &saved);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(saved.facts().at("shanty_planned_units").number(), 391);
  EXPECT_TRUE(saved.facts().at("reserve_established").flag());
  ASSERT_EQ(saved.registry_facts_size(), 2);
  const v1::RegistryFact& planned =
      saved.registry_facts().at("shanty_planned_units");
  EXPECT_EQ(planned.value().number(), 391);
  EXPECT_EQ(planned.explanation(), "2024年度计划 5 个项目，合计 391 套");
  EXPECT_FALSE(planned.overridden());
  EXPECT_EQ(planned.override_reason(), "");

  // Stored with the version, and shown on GetReport.
  v1::Report read;
  ASSERT_TRUE(Call(people_->hongshan, &Stub::GetReport,
                   About<v1::GetReportRequest>(kHongshan), &read)
                  .ok());
  EXPECT_EQ(read.registry_facts_size(), 2);
  EXPECT_EQ(read.facts().at("shanty_planned_units").number(), 391);

  // Asked for the org, programme and year, with the service's token.
  ASSERT_EQ(registry_->requests().size(), 1u);
  EXPECT_EQ(registry_->requests()[0].org(), kHongshan);
  EXPECT_EQ(registry_->requests()[0].programme(), "shanty");
  EXPECT_EQ(registry_->requests()[0].year(), 2023);
  EXPECT_EQ(registry_->authorizations()[0], "Bearer registry-token");
}

TEST_F(RegistryPrefillTest, AnEqualValueIsNoOverride) {
  v1::SaveDraftRequest request = DraftLeavingOut(kHongshan);
  (*request.mutable_facts())["shanty_planned_units"] = Number(391);
  v1::Report saved;
  ASSERT_TRUE(TrySave(request, &saved).ok());
  EXPECT_FALSE(saved.registry_facts().at("shanty_planned_units").overridden());
}

TEST_F(RegistryPrefillTest,
       AnOverrideWithoutAReasonIsRefusedAndNothingWritten) {
  v1::SaveDraftRequest request = DraftLeavingOut(kHongshan);
  (*request.mutable_facts())["shanty_planned_units"] = Number(400);
  v1::Report saved;
  grpc::Status s = TrySave(request, &saved);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message(),
            "facts.shanty_planned_units: 与项目储备库数据 391 不一致 (填报 "
            "400)，覆盖须在 override_reasons 中说明原因");
  ExpectNothingWritten(kHongshan);

  (*request.mutable_facts())["reserve_established"] = Flag(false);
  (*request.mutable_override_reasons())["shanty_planned_units"] = "调整";
  s = TrySave(request, &saved);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(),
              HasSubstr("facts.reserve_established: 与项目储备库数据 是 不一致 "
                        "(填报 否)"));
  ExpectNothingWritten(kHongshan);
}

TEST_F(RegistryPrefillTest, AnOverrideWithAReasonIsStoredShownAndAudited) {
  v1::SaveDraftRequest request = DraftLeavingOut(kHongshan);
  (*request.mutable_facts())["shanty_planned_units"] = Number(400);
  (*request.mutable_override_reasons())["shanty_planned_units"] =
      "年中追加 9 套，储备库尚未更新";
  v1::Report saved;
  grpc::Status s = TrySave(request, &saved);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(saved.facts().at("shanty_planned_units").number(), 400);
  const v1::RegistryFact& planned =
      saved.registry_facts().at("shanty_planned_units");
  EXPECT_TRUE(planned.overridden());
  EXPECT_EQ(planned.value().number(), 391);
  EXPECT_EQ(planned.override_reason(), "年中追加 9 套，储备库尚未更新");

  v1::Report read;
  ASSERT_TRUE(Call(people_->chifeng, &Stub::GetReport,
                   About<v1::GetReportRequest>(kHongshan), &read)
                  .ok());
  EXPECT_TRUE(read.registry_facts().at("shanty_planned_units").overridden());
  EXPECT_EQ(read.registry_facts().at("shanty_planned_units").override_reason(),
            "年中追加 9 套，储备库尚未更新");

  absl::StatusOr<std::vector<AuditEntry>> log = store_->AuditLog();
  ASSERT_TRUE(log.ok());
  EXPECT_EQ(log->back().action, "save_draft");
  EXPECT_THAT(log->back().after, HasSubstr("年中追加 9 套，储备库尚未更新"));
  EXPECT_THAT(log->back().after, HasSubstr("\"overridden\":true"));
}

TEST_F(RegistryPrefillTest, ReasonsOnlyWhereTheyOverrideSomething) {
  v1::Report saved;
  // A fact the registry does not vouch for.
  v1::SaveDraftRequest request = DraftLeavingOut(kHongshan);
  (*request.mutable_override_reasons())["violations"] = "无";
  grpc::Status s = TrySave(request, &saved);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("override_reasons[violations]"));
  // A value equal to the registry's.
  request = DraftLeavingOut(kHongshan);
  (*request.mutable_facts())["shanty_planned_units"] = Number(391);
  (*request.mutable_override_reasons())["shanty_planned_units"] = "一致";
  s = TrySave(request, &saved);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("一致，无需覆盖原因"));
  // A fact left out (pre-filled).
  request = DraftLeavingOut(kHongshan);
  (*request.mutable_override_reasons())["shanty_planned_units"] = "预填";
  s = TrySave(request, &saved);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  // An empty or a huge reason.
  request = DraftLeavingOut(kHongshan);
  (*request.mutable_facts())["shanty_planned_units"] = Number(400);
  (*request.mutable_override_reasons())["shanty_planned_units"] = "";
  s = TrySave(request, &saved);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("覆盖原因不能为空"));
  (*request.mutable_override_reasons())["shanty_planned_units"] =
      std::string(100000, 'x');
  s = TrySave(request, &saved);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("不能超过 1000 字节"));
  ExpectNothingWritten(kHongshan);
}

TEST_F(RegistryPrefillTest, RegistryDownIsUnavailableAndNothingWritten) {
  registry_->set_down(true);
  v1::Report saved;
  grpc::Status s = TrySave(DraftLeavingOut(kHongshan), &saved);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(s.error_message(),
              HasSubstr("项目储备库服务暂不可用，请稍后重试"));
  ExpectNothingWritten(kHongshan);

  // Gone altogether: the same.
  registry_runner_.reset();
  s = TrySave(DraftLeavingOut(kHongshan), &saved);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(s.error_message(),
              HasSubstr("项目储备库服务暂不可用，请稍后重试"));
  ExpectNothingWritten(kHongshan);
}

// A registry that answers too late: UNAVAILABLE at the client's deadline,
// not a worker blocked for as long as the registry likes.
class SlowRegistryTest : public RegistryPrefillTest {
 protected:
  void SetUp() override {
    HooksTest::SetUp();
    StartRegistry(absl::Milliseconds(200));
    registry_->Vouch(kHongshan, "shanty_planned_units", Number(391), "");
    registry_->set_slow(true);
    StartSubmission();
  }
};

TEST_F(SlowRegistryTest, ATooSlowRegistryIsUnavailableAtTheDeadline) {
  v1::Report saved;
  // The answer comes after a second: UNAVAILABLE means the deadline cut
  // the wait (no wall-clock assertion on a shared machine).
  grpc::Status s = TrySave(DraftLeavingOut(kHongshan), &saved);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(s.error_message(),
              HasSubstr("项目储备库服务暂不可用，请稍后重试"));
  EXPECT_THAT(s.error_message(), HasSubstr("registry service"));
  ExpectNothingWritten(kHongshan);
}

// A registry that breaks its contract is the service's problem, not the
// filer's: INTERNAL, and nothing written.
TEST_F(RegistryPrefillTest, ABrokenRegistryAnswerIsRefused) {
  registry_->Vouch(kHongshan, "submitted_on_time", Flag(true), "");
  v1::Report saved;
  grpc::Status s = TrySave(DraftLeavingOut(kHongshan), &saved);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_THAT(s.error_message(), HasSubstr("submitted_on_time"));
  ExpectNothingWritten(kHongshan);
}

TEST_F(RegistryPrefillTest, ACityIsPrefilledWithItsCountiesSum) {
  registry_->Vouch(kChifeng, "shanty_planned_units", Number(2198),
                   "旗县区合计: 红山区 391 套, …");
  v1::SaveDraftRequest request = Draft(kChifeng);
  request.mutable_facts()->erase("shanty_planned_units");
  v1::Report saved;
  grpc::Status s = Call(people_->chifeng, &Stub::SaveDraft, request, &saved);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(saved.facts().at("shanty_planned_units").number(), 2198);
  EXPECT_EQ(saved.registry_facts().at("shanty_planned_units").explanation(),
            "旗县区合计: 红山区 391 套, …");
  EXPECT_EQ(registry_->requests().back().org(), kChifeng);
}

// The scored snapshot at submission is of the pre-filled facts: 元宝山区
// files everything but its started units, which the registry says are half
// the planned ones; 红山区 files the sample in full (all started).
TEST_F(RegistryPrefillTest, TheScoredSnapshotUsesThePrefilledFacts) {
  registry_->Vouch(kYuanbaoshan, "shanty_started_units", Number(1099),
                   "已开工项目合计 1099 套");
  v1::SaveDraftRequest partial = Draft(kYuanbaoshan);
  partial.mutable_facts()->erase("shanty_started_units");
  Save(people_->yuanbaoshan, partial);
  v1::Report prefilled = Submit(people_->yuanbaoshan, kYuanbaoshan);

  v1::SaveDraftRequest full = Draft(kHongshan);
  (*full.mutable_facts())["shanty_planned_units"] = Number(391);
  (*full.mutable_facts())["shanty_started_units"] = Number(391);
  Save(people_->hongshan, full);
  v1::Report filed = Submit(people_->hongshan, kHongshan);

  EXPECT_EQ(prefilled.facts().at("shanty_started_units").number(), 1099);
  auto plan_score = [](const v1::Report& report) {
    for (const v1::IndicatorScore& i : report.scored().indicators()) {
      if (i.id() == "shanty.plan_completion") return i.score();
    }
    return -1.0;
  };
  ASSERT_GE(plan_score(filed), 0);
  EXPECT_LT(plan_score(prefilled), plan_score(filed));
}

// A correction after a return asks the registry again.
TEST_F(RegistryPrefillTest, EverySaveAsksAgain) {
  v1::Report saved = Save(people_->hongshan, DraftLeavingOut(kHongshan));
  registry_->Vouch(kHongshan, "shanty_planned_units", Number(395), "更新");
  v1::SaveDraftRequest again = DraftLeavingOut(kHongshan);
  again.set_etag(saved.etag());
  saved = Save(people_->hongshan, again);
  EXPECT_EQ(saved.facts().at("shanty_planned_units").number(), 395);
  EXPECT_EQ(registry_->requests().size(), 2u);
}

// Without a registry: drafts are saved as filed, and a reason has nothing
// to override.
class NoRegistryTest : public HooksTest {
 protected:
  void SetUp() override {
    HooksTest::SetUp();
    StartSubmission();
  }
};

TEST_F(NoRegistryTest, NoPrefillAndNoReasons) {
  v1::SaveDraftRequest request = Draft(kHongshan);
  request.mutable_facts()->erase("shanty_planned_units");
  v1::Report saved = Save(people_->hongshan, request);
  EXPECT_FALSE(saved.facts().contains("shanty_planned_units"));
  EXPECT_EQ(saved.registry_facts_size(), 0);

  request.set_etag(saved.etag());
  (*request.mutable_override_reasons())["shanty_planned_units"] = "理由";
  grpc::Status s = Call(people_->hongshan, &Stub::SaveDraft, request, &saved);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("未接入项目储备库"));
}

}  // namespace
}  // namespace anju::submission::testing
