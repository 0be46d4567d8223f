#include "services/submission/workflow.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <tuple>

#include "absl/strings/str_cat.h"

namespace anju::submission {
namespace {

using orgs::OrgLevel;
using ::testing::HasSubstr;

using Key = std::tuple<OrgLevel, v1::ReportState, Action>;

// The workflow of issue 3, written out again independently of kTable:
// every pair not here must be refused.
const std::map<Key, Transition>& Legal() {
  static const auto* legal = new std::map<Key, Transition>{
      {{OrgLevel::kCounty, v1::REPORT_STATE_UNSPECIFIED, Action::kSaveDraft},
       {v1::REPORT_STATE_DRAFT, false}},
      {{OrgLevel::kCounty, v1::REPORT_STATE_DRAFT, Action::kSaveDraft},
       {v1::REPORT_STATE_DRAFT, false}},
      {{OrgLevel::kCounty, v1::REPORT_STATE_DRAFT, Action::kSubmit},
       {v1::REPORT_STATE_SUBMITTED_TO_CITY, false}},
      {{OrgLevel::kCounty, v1::REPORT_STATE_SUBMITTED_TO_CITY, Action::kReturn},
       {v1::REPORT_STATE_RETURNED, false}},
      {{OrgLevel::kCounty, v1::REPORT_STATE_RETURNED, Action::kSaveDraft},
       {v1::REPORT_STATE_CORRECTION, true}},
      {{OrgLevel::kCounty, v1::REPORT_STATE_CORRECTION, Action::kSaveDraft},
       {v1::REPORT_STATE_CORRECTION, false}},
      {{OrgLevel::kCounty, v1::REPORT_STATE_CORRECTION, Action::kSubmit},
       {v1::REPORT_STATE_SUBMITTED_TO_CITY, false}},
      {{OrgLevel::kCity, v1::REPORT_STATE_UNSPECIFIED, Action::kSaveDraft},
       {v1::REPORT_STATE_DRAFT, false}},
      {{OrgLevel::kCity, v1::REPORT_STATE_DRAFT, Action::kSaveDraft},
       {v1::REPORT_STATE_DRAFT, false}},
      {{OrgLevel::kCity, v1::REPORT_STATE_DRAFT, Action::kSubmit},
       {v1::REPORT_STATE_SUBMITTED_TO_REGION, false}},
      {{OrgLevel::kCity, v1::REPORT_STATE_SUBMITTED_TO_REGION, Action::kReview},
       {v1::REPORT_STATE_REVIEWED, false}},
      {{OrgLevel::kCity, v1::REPORT_STATE_SUBMITTED_TO_REGION, Action::kReturn},
       {v1::REPORT_STATE_RETURNED, false}},
      {{OrgLevel::kCity, v1::REPORT_STATE_RETURNED, Action::kSaveDraft},
       {v1::REPORT_STATE_CORRECTION, true}},
      {{OrgLevel::kCity, v1::REPORT_STATE_CORRECTION, Action::kSaveDraft},
       {v1::REPORT_STATE_CORRECTION, false}},
      {{OrgLevel::kCity, v1::REPORT_STATE_CORRECTION, Action::kSubmit},
       {v1::REPORT_STATE_RESUBMITTED, false}},
      {{OrgLevel::kCity, v1::REPORT_STATE_RESUBMITTED, Action::kReview},
       {v1::REPORT_STATE_REVIEWED, false}},
      {{OrgLevel::kCity, v1::REPORT_STATE_RESUBMITTED, Action::kReturn},
       {v1::REPORT_STATE_RETURNED, false}},
  };
  return *legal;
}

// Every (level, state, action): 3 × 8 × 4 = 96 cases, each checked.
TEST(WorkflowTest, EveryStateAndActionPair) {
  int legal = 0;
  int refused = 0;
  for (OrgLevel level :
       {OrgLevel::kRegion, OrgLevel::kCity, OrgLevel::kCounty}) {
    for (v1::ReportState state : kAllStates) {
      for (Action action : kAllActions) {
        const std::string where =
            absl::StrCat(orgs::OrgLevelName(level), " ", StateName(state), " ",
                         ActionName(action));
        absl::StatusOr<Transition> next = Next(level, state, action);
        auto expected = Legal().find(Key{level, state, action});
        if (expected != Legal().end()) {
          ASSERT_TRUE(next.ok()) << where << ": " << next.status();
          EXPECT_EQ(next->to, expected->second.to) << where;
          EXPECT_EQ(next->new_version, expected->second.new_version) << where;
          ++legal;
          continue;
        }
        ASSERT_FALSE(next.ok()) << where << " should be refused";
        EXPECT_EQ(next.status().code(), absl::StatusCode::kFailedPrecondition)
            << where;
        EXPECT_THAT(next.status().message(), HasSubstr(ActionName(action)))
            << where;
        if (level != OrgLevel::kRegion) {
          EXPECT_THAT(next.status().message(), HasSubstr(StateName(state)))
              << where;
        }
        ++refused;
      }
    }
  }
  EXPECT_EQ(legal, 17);
  EXPECT_EQ(refused, 96 - 17);
}

TEST(WorkflowTest, MessageNamesStateAndAction) {
  absl::StatusOr<Transition> next =
      Next(OrgLevel::kCounty, v1::REPORT_STATE_SUBMITTED_TO_CITY,
           Action::kSaveDraft);
  ASSERT_FALSE(next.ok());
  EXPECT_EQ(next.status().message(),
            "state: cannot save_draft a county report in state "
            "submitted_to_city");
}

TEST(WorkflowTest, RegionFilesNoReport) {
  absl::StatusOr<Transition> next =
      Next(OrgLevel::kRegion, v1::REPORT_STATE_UNSPECIFIED, Action::kSaveDraft);
  ASSERT_FALSE(next.ok());
  EXPECT_THAT(next.status().message(), HasSubstr("region files no report"));
}

TEST(WorkflowTest, EditableAndSubmitted) {
  for (v1::ReportState state : kAllStates) {
    const bool editable =
        state == v1::REPORT_STATE_DRAFT || state == v1::REPORT_STATE_CORRECTION;
    EXPECT_EQ(IsEditable(state), editable) << StateName(state);
    EXPECT_EQ(IsSubmitted(state),
              !editable && state != v1::REPORT_STATE_UNSPECIFIED)
        << StateName(state);
  }
}

}  // namespace
}  // namespace anju::submission
