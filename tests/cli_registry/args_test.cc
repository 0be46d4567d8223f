#include "cli/cmd_registry.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace anju::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ApplyProjectFields, SetsNestedFieldsAndReturnsMaskPaths) {
  anju::v1::ReserveProject project;
  absl::StatusOr<std::vector<std::string>> paths =
      ApplyProjectFields({{"units", "1,046"},
                          {"approved", "是"},
                          {"central-funds", "1200.5"},
                          {"name", "经棚镇北街"},
                          {"consent", "92.4"}},
                         &project);
  ASSERT_TRUE(paths.ok()) << paths.status();
  // In the table's order, not the map's.
  EXPECT_THAT(*paths,
              ElementsAre("name", "units", "funding.central",
                          "readiness.approved", "resident_consent_pct"));
  EXPECT_EQ(project.units(), 1046);
  EXPECT_TRUE(project.readiness().approved());
  EXPECT_EQ(project.funding().central(), 1200.5);
  EXPECT_EQ(project.name(), "经棚镇北街");
  EXPECT_EQ(project.resident_consent_pct(), 92.4);
}

TEST(ApplyProjectFields, BadValueIsAUsageErrorNamingTheFlag) {
  anju::v1::ReserveProject project;
  for (const auto& [flag, value, rule] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"units", "abc", "--units: 须为数字 (got abc)"},
           {"households", "-1", "--households: 须为非负数"},
           {"area", "NaN", "--area: 须为数字"},
           {"land", "maybe", "--land: 须为 是/否"},
           {"buildings", "2.5", "--buildings: 须为整数"}}) {
    absl::StatusOr<std::vector<std::string>> paths =
        ApplyProjectFields({{flag, value}}, &project);
    ASSERT_FALSE(paths.ok()) << flag;
    EXPECT_TRUE(IsUsageError(paths.status()));
    EXPECT_THAT(paths.status().message(), HasSubstr(rule));
  }
}

TEST(Labels, StatusesArchiveTypesProgrammes) {
  EXPECT_EQ(*ParseProjectStatus("计划"), anju::v1::PROJECT_STATUS_PLANNED);
  EXPECT_EQ(*ParseProjectStatus("Started"), anju::v1::PROJECT_STATUS_STARTED);
  EXPECT_THAT(ParseProjectStatus("完工").status().message(),
              HasSubstr("储备/reserve"));
  EXPECT_EQ(ProjectStatusLabel(anju::v1::PROJECT_STATUS_DELIVERED), "交付");
  EXPECT_EQ(*ParseArchiveType("改造前后效果"),
            anju::v1::ARCHIVE_TYPE_BEFORE_AFTER);
  EXPECT_EQ(*ParseArchiveType("basic_info"), anju::v1::ARCHIVE_TYPE_BASIC_INFO);
  EXPECT_FALSE(ParseArchiveType("照片").ok());
  EXPECT_EQ(*ParseProgrammeArg("保租房", "--programme"), "affordable_rental");
  EXPECT_THAT(ParseProgrammeArg("x", "--programme").status().message(),
              HasSubstr("--programme: 须为"));
}

TEST(OrgArg, NamesAndAliasesBecomeCodes) {
  EXPECT_EQ(OrgArg("克旗"), "150425");
  EXPECT_EQ(OrgArg("赤峰市"), "150400");
  EXPECT_EQ(OrgArg("150425"), "150425");
  EXPECT_EQ(OrgArg("不存在"), "不存在");  // the service will say so
}

TEST(TableFormatFor, FlagOrExtension) {
  EXPECT_EQ(*TableFormatFor("", "a/储备库.XLSX"), anju::v1::TABLE_FORMAT_XLSX);
  EXPECT_EQ(*TableFormatFor("", "x.csv"), anju::v1::TABLE_FORMAT_CSV);
  EXPECT_EQ(*TableFormatFor("csv", "x.xlsx"), anju::v1::TABLE_FORMAT_CSV);
  EXPECT_TRUE(IsUsageError(TableFormatFor("", "x.txt").status()));
}

TEST(ParseCountyTarget, UnitsAndHouseholds) {
  auto units = ParseCountyTarget("克旗=120");
  ASSERT_TRUE(units.ok());
  EXPECT_EQ(units->first, "150425");
  EXPECT_EQ(units->second.units(), 120);
  auto both = ParseCountyTarget("150402=200/300");
  ASSERT_TRUE(both.ok());
  EXPECT_EQ(both->second.households(), 300);
  for (const char* bad : {"克旗", "=5", "克旗=x", "克旗=-1", "克旗=1/2/3"}) {
    EXPECT_TRUE(IsUsageError(ParseCountyTarget(bad).status())) << bad;
  }
}

TEST(ParseDataPairs, KeyEqualsValue) {
  auto data = ParseDataPairs({"完成投资比例=45%", "备注=a=b"});
  ASSERT_TRUE(data.ok());
  EXPECT_EQ(data->at("完成投资比例"), "45%");
  EXPECT_EQ(data->at("备注"), "a=b");
  EXPECT_FALSE(ParseDataPairs({"=x"}).ok());
  EXPECT_FALSE(ParseDataPairs({"novalue"}).ok());
}

}  // namespace
}  // namespace anju::cli
