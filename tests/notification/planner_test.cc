// The planner over a campaign's whole calendar in simulated time: the
// reminders T−7/T−3/T−1 at 09:00 +08:00, the overdue days, the escalation
// on day N to the parent's coordinators, a county that submits between two
// reminders, a window across the deadline, and the server's own zone not
// mattering.

#include "services/notification/planner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <time.h>

#include "services/notification/clock.h"
#include "services/notification/policy.h"
#include "tests/notification/fake_submission.h"
#include "tests/notification/test_support.h"

namespace anju::notification {
namespace {

using ::testing::ElementsAre;
using testing::kChifeng;
using testing::kHongshan;
using testing::kYuanbaoshan;
using testing::T;
using testing::Tree;

v1::ReminderPolicy DefaultPolicy() {
  auto policy = LoadPolicyFile(DefaultPolicyPath());
  EXPECT_TRUE(policy.ok()) << policy.status();
  return *policy;
}

v1::Contact MakeContact(const std::string& id, const std::string& org,
                        const std::string& role) {
  v1::Contact c;
  c.set_id(id);
  c.set_org(org);
  c.set_name(id);
  c.set_role(role);
  c.set_email(id + "@example.gov.cn");
  return c;
}

// Every report submitted but the ones a test clears.
class PlannerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto calendar = CalendarOf(testing::TestCampaign());
    ASSERT_TRUE(calendar.ok()) << calendar.status();
    calendar_ = *calendar;
    for (const orgs::Org& org : Tree().orgs()) {
      for (const std::string& p : calendar_.programmes) {
        states_[org.code][p] = v1::REPORT_STATE_SUBMITTED_TO_CITY;
      }
    }
    contacts_[kHongshan].push_back(MakeContact("hs", kHongshan, "filer"));
    contacts_[kChifeng].push_back(
        MakeContact("cf-boss", kChifeng, "coordinator"));
    contacts_[kChifeng].push_back(MakeContact("cf-clerk", kChifeng, "filer"));
  }

  std::vector<PlannedItem> Plan(const std::string& from,
                                const std::string& to) {
    PlanInput input{&Tree(),    calendar_, policy_, &states_,
                    &contacts_, T(from),   T(to)};
    return PlanNotices(input);
  }

  static std::vector<std::string> Times(const std::vector<PlannedItem>& items) {
    std::vector<std::string> out;
    for (const PlannedItem& i : items) {
      out.push_back(absl::StrCat(ShortKind(i.kind), "@", FormatShanghai(i.due),
                                 "→", i.org));
    }
    return out;
  }
  static std::string ShortKind(v1::NoticeKind k) {
    return v1::NoticeKind_Name(k).substr(std::string("NOTICE_KIND_").size());
  }

  CampaignCalendar calendar_;
  v1::ReminderPolicy policy_ = DefaultPolicy();
  ReportStates states_;
  ContactBook contacts_;
};

TEST_F(PlannerTest, CountyRemindedSevenThreeOneDaysBeforeAtNine) {
  states_[kHongshan]["shanty"] = v1::REPORT_STATE_DRAFT;
  auto items = Plan("2024-03-01T00:00:00+08:00", "2024-03-20T18:00:00+08:00");
  EXPECT_THAT(Times(items),
              ElementsAre("REMINDER@2024-03-13T09:00:00+08:00→150402",
                          "REMINDER@2024-03-17T09:00:00+08:00→150402",
                          "REMINDER@2024-03-19T09:00:00+08:00→150402"));
  EXPECT_THAT(items[0].programmes, ElementsAre("shanty"));
  ASSERT_EQ(items[0].recipients.size(), 1u);
  EXPECT_EQ(items[0].recipients[0]->id(), "hs");
  EXPECT_EQ(FormatShanghai(items[0].deadline), "2024-03-20T18:00:00+08:00");
}

TEST_F(PlannerTest, OverdueDailyAndEscalationOnDayThreeToCoordinators) {
  states_[kHongshan].clear();  // no report at all
  auto items = Plan("2024-03-20T18:00:00+08:00", "2024-03-24T12:00:00+08:00");
  EXPECT_THAT(Times(items),
              ElementsAre("OVERDUE@2024-03-21T09:00:00+08:00→150402",
                          "OVERDUE@2024-03-22T09:00:00+08:00→150402",
                          "ESCALATION@2024-03-23T09:00:00+08:00→150400",
                          "OVERDUE@2024-03-23T09:00:00+08:00→150402",
                          "OVERDUE@2024-03-24T09:00:00+08:00→150402"));
  const PlannedItem& escalation = items[2];
  EXPECT_EQ(escalation.about_org, kHongshan);
  EXPECT_EQ(escalation.overdue_day, 3);
  EXPECT_THAT(escalation.programmes,
              ElementsAre("rental", "shanty", "oldcomm"));
  ASSERT_EQ(escalation.recipients.size(), 1u);  // not the city's filer
  EXPECT_EQ(escalation.recipients[0]->id(), "cf-boss");
}

TEST_F(PlannerTest, ReturnedAndCorrectionCountAsNotSubmitted) {
  states_[kHongshan]["rental"] = v1::REPORT_STATE_RETURNED;
  states_[kYuanbaoshan]["oldcomm"] = v1::REPORT_STATE_CORRECTION;
  auto items = Plan("2024-03-19T00:00:00+08:00", "2024-03-19T12:00:00+08:00");
  EXPECT_THAT(Times(items),
              ElementsAre("REMINDER@2024-03-19T09:00:00+08:00→150402",
                          "REMINDER@2024-03-19T09:00:00+08:00→150403"));
}

// The dispatcher's way: hour by hour across the calendar, the county
// submitting on 03-18 after two reminders.
TEST_F(PlannerTest, CountySubmittingBetweenRemindersGetsNoMore) {
  states_[kHongshan]["rental"] = v1::REPORT_STATE_DRAFT;
  std::vector<std::string> got;
  for (absl::Time t = T("2024-03-01T00:00:00+08:00");
       t < T("2024-04-10T00:00:00+08:00"); t += absl::Hours(1)) {
    if (t == T("2024-03-18T10:00:00+08:00")) {
      states_[kHongshan]["rental"] = v1::REPORT_STATE_SUBMITTED_TO_CITY;
    }
    PlanInput input{&Tree(),    calendar_, policy_,           &states_,
                    &contacts_, t,         t + absl::Hours(1)};
    for (const std::string& s : Times(PlanNotices(input))) got.push_back(s);
  }
  EXPECT_THAT(got, ElementsAre("REMINDER@2024-03-13T09:00:00+08:00→150402",
                               "REMINDER@2024-03-17T09:00:00+08:00→150402"));
}

TEST_F(PlannerTest, WindowAcrossTheDeadline) {
  states_[kHongshan]["rental"] = v1::REPORT_STATE_DRAFT;
  states_[kChifeng]["rental"] = v1::REPORT_STATE_DRAFT;
  auto items = Plan("2024-03-19T00:00:00+08:00", "2024-03-22T00:00:00+08:00");
  // The city's own deadline is 03-31: its T−7 (03-24) is outside.
  EXPECT_THAT(Times(items),
              ElementsAre("REMINDER@2024-03-19T09:00:00+08:00→150402",
                          "OVERDUE@2024-03-21T09:00:00+08:00→150402"));
}

TEST_F(PlannerTest, CityRemindedAgainstCityToRegionDeadline) {
  states_[kChifeng]["oldcomm"] = v1::REPORT_STATE_UNSPECIFIED;
  auto items = Plan("2024-03-21T00:00:00+08:00", "2024-03-31T18:00:00+08:00");
  EXPECT_THAT(Times(items),
              ElementsAre("REMINDER@2024-03-24T09:00:00+08:00→150400",
                          "REMINDER@2024-03-28T09:00:00+08:00→150400",
                          "REMINDER@2024-03-30T09:00:00+08:00→150400"));
  EXPECT_EQ(items[0].recipients.size(), 2u);
}

TEST_F(PlannerTest, ContactsChooseTheirKinds) {
  states_[kHongshan].clear();
  contacts_[kHongshan][0].add_kinds(v1::NOTICE_KIND_OVERDUE);
  auto reminders =
      Plan("2024-03-19T00:00:00+08:00", "2024-03-19T12:00:00+08:00");
  ASSERT_EQ(reminders.size(), 1u);
  EXPECT_TRUE(reminders[0].recipients.empty());  // still previewed
  auto overdue = Plan("2024-03-21T00:00:00+08:00", "2024-03-21T12:00:00+08:00");
  ASSERT_EQ(overdue.size(), 1u);
  EXPECT_EQ(overdue[0].recipients.size(), 1u);
}

TEST_F(PlannerTest, CustomPolicyAndNoOverdueOrEscalation) {
  states_[kHongshan].clear();
  policy_.clear_remind_days_before();
  policy_.add_remind_days_before(2);
  policy_.set_send_time("16:30");
  policy_.set_overdue_every_days(0);
  policy_.set_escalate_after_days(0);
  auto items = Plan("2024-03-01T00:00:00+08:00", "2024-04-30T00:00:00+08:00");
  EXPECT_THAT(Times(items),
              ElementsAre("REMINDER@2024-03-18T16:30:00+08:00→150402"));
}

TEST_F(PlannerTest, TheServersOwnZoneDoesNotMatter) {
  states_[kHongshan].clear();
  const char* old = getenv("TZ");
  const std::string saved = old == nullptr ? "" : old;
  setenv("TZ", "America/Los_Angeles", 1);
  tzset();
  auto items = Plan("2024-03-19T00:00:00+08:00", "2024-03-19T12:00:00+08:00");
  if (old == nullptr) {
    unsetenv("TZ");
  } else {
    setenv("TZ", saved.c_str(), 1);
  }
  tzset();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(absl::FormatTime("%Y-%m-%dT%H:%M:%S%Ez", items[0].due,
                             absl::FixedTimeZone(8 * 3600)),
            "2024-03-19T09:00:00+08:00");
  EXPECT_EQ(absl::ToUnixSeconds(items[0].due),
            absl::ToUnixSeconds(absl::FromCivil(
                absl::CivilSecond(2024, 3, 19, 1, 0, 0), absl::UTCTimeZone())));
}

TEST_F(PlannerTest, AnyDueInSeesOnlyCalendarTimes) {
  EXPECT_TRUE(AnyDueIn(calendar_, policy_, T("2024-03-13T08:59:00+08:00"),
                       T("2024-03-13T09:00:00+08:00")));
  EXPECT_FALSE(AnyDueIn(calendar_, policy_, T("2024-03-13T09:00:00+08:00"),
                        T("2024-03-13T10:00:00+08:00")));
}

}  // namespace
}  // namespace anju::notification
