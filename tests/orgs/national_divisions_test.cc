#include "common/orgs/national_divisions.h"

#include <cstdlib>
#include <filesystem>
#include <string>

#include "common/orgs/org_yaml.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/orgs/temp_dir.h"

namespace anju::orgs {
namespace {

using ::testing::HasSubstr;

// One of each case the loader must handle, in the published format.
class SmallCountryTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_.Write("provinces.csv",
               "code,name\n11,\"北京市\"\n15,\"内蒙古自治区\"\n"
               "41,\"河南省\"\n44,\"广东省\"\n");
    dir_.Write("cities.csv",
               "code,name,provinceCode\n1101,\"市辖区\",11\n"
               "1504,\"赤峰市\",15\n4190,\"省直辖县级行政区划\",41\n"
               "4419,\"东莞市\",44\n");
    WriteAreas("");
  }

  void WriteAreas(const std::string& extra) {
    dir_.Write("areas.csv",
               "code,name,cityCode,provinceCode\n"
               "110101,\"东城区\",1101,11\n"
               "150402,\"红山区\",1504,15\n"
               "150471,\"赤峰高新技术产业开发区\",1504,15\n"
               "419001,\"济源市\",4190,41\n"
               "441900,\"东莞市\",4419,44\n" +
                   extra);
  }

  TempDir dir_;
};

TEST_F(SmallCountryTest, SkipsPlaceholdersZonesAndCitiesListedAsAreas) {
  absl::StatusOr<std::unique_ptr<OrgTree>> tree =
      LoadNationalDivisions(dir_.path());
  ASSERT_TRUE(tree.ok()) << tree.status();
  EXPECT_EQ((*tree)->counts(), (LevelCounts{4, 2, 3}));
  EXPECT_EQ((*tree)->FindByCode("110100"), nullptr);  // 市辖区
  EXPECT_EQ((*tree)->FindByCode("419000"), nullptr);  // 省直辖…
  EXPECT_EQ((*tree)->FindByCode("150471"), nullptr);  // development zone
  const Org* dongguan = (*tree)->FindByCode("441900");
  ASSERT_NE(dongguan, nullptr);
  EXPECT_EQ(dongguan->level, OrgLevel::kCity);
  EXPECT_TRUE((*tree)->ChildrenOf("441900").empty());
}

TEST_F(SmallCountryTest, AreasOfPlaceholdersHangUnderTheProvince) {
  absl::StatusOr<std::unique_ptr<OrgTree>> tree =
      LoadNationalDivisions(dir_.path());
  ASSERT_TRUE(tree.ok()) << tree.status();
  EXPECT_EQ((*tree)->FindByCode("110101")->parent, "110000");
  EXPECT_EQ((*tree)->FindByCode("419001")->parent, "410000");
  EXPECT_EQ((*tree)->FindByCode("150402")->parent, "150400");
  EXPECT_TRUE((*tree)->IsAncestor("150000", "150402"));
}

TEST_F(SmallCountryTest, AnAreaOfAnUnknownCityNamesTheLine) {
  WriteAreas("150502,\"科尔沁区\",1505,15\n");
  absl::Status status = LoadNationalDivisions(dir_.path()).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(std::string(status.message()),
            dir_.path() +
                "/areas.csv:7: city 1505 is not in "
                "cities.csv");
}

TEST_F(SmallCountryTest, ABadCodeNamesTheLine) {
  WriteAreas("15042,\"短\",1504,15\n");
  EXPECT_THAT(
      std::string(LoadNationalDivisions(dir_.path()).status().message()),
      HasSubstr("areas.csv:7: '15042' is not a code of 6 digits"));
}

TEST_F(SmallCountryTest, ATreeRuleBrokenInTheFilesNamesTheLine) {
  WriteAreas("150402,\"红山区\",1504,15\n");
  absl::Status status = LoadNationalDivisions(dir_.path()).status();
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("areas.csv:7 150402 红山区: code 150402 is already "
                        "used by " +
                        dir_.path() + "/areas.csv:3"));
}

TEST_F(SmallCountryTest, AMissingFileIsNotFound) {
  std::filesystem::remove(dir_.path() + "/cities.csv");
  absl::Status status = LoadNationalDivisions(dir_.path()).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(status.message()), HasSubstr("cities.csv"));
}

std::string PublishedDivisionsDir() {
  const char* dir = std::getenv("ANJU_CHINA_DIVISIONS_DIR");
  return dir != nullptr ? dir
                        : ANJU_SOURCE_DIR "/../shared/data/china-divisions";
}

class WholeCountryTest : public testing::Test {
 protected:
  void SetUp() override {
    const std::string dir = PublishedDivisionsDir();
    if (!std::filesystem::exists(dir + "/areas.csv")) {
      GTEST_SKIP() << "no published division lists in " << dir
                   << " (set ANJU_CHINA_DIVISIONS_DIR)";
    }
    absl::StatusOr<std::unique_ptr<OrgTree>> tree = LoadNationalDivisions(dir);
    ASSERT_TRUE(tree.ok()) << tree.status();
    tree_ = *std::move(tree);
  }

  std::unique_ptr<OrgTree> tree_;
};

TEST_F(WholeCountryTest, CountsAreThoseOfTheCountry) {
  const LevelCounts counts = tree_->counts();
  EXPECT_EQ(counts.regions, 31);
  EXPECT_GE(counts.cities, 320);
  EXPECT_LE(counts.cities, 345);
  EXPECT_GE(counts.counties, 2800);
  EXPECT_LE(counts.counties, 2900);
}

TEST_F(WholeCountryTest, SharedNamesNeedTheCode) {
  absl::StatusOr<const Org*> org = tree_->Resolve("朝阳区");
  EXPECT_EQ(org.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(org.status().message()),
              HasSubstr("110105 北京市朝阳区"));
  EXPECT_EQ((*tree_->Resolve("克什克腾旗"))->code, "150425");
}

// The shipped region file and the national lists come from the same codes:
// every org of the region must appear nationally, same name and parent.
TEST_F(WholeCountryTest, AgreesWithTheShippedRegionFile) {
  absl::StatusOr<std::unique_ptr<OrgTree>> region =
      LoadOrgTreeFile(DefaultOrgTreePath());
  ASSERT_TRUE(region.ok()) << region.status();
  for (const Org& org : (*region)->orgs()) {
    const Org* national = tree_->FindByCode(org.code);
    ASSERT_NE(national, nullptr) << org.code << " " << org.name;
    EXPECT_EQ(national->name, org.name) << org.code;
    EXPECT_EQ(national->level, org.level) << org.code;
    EXPECT_EQ(national->parent, org.parent) << org.code;
  }
  EXPECT_EQ(tree_->ChildrenOf("150000").size(), 12u);
  EXPECT_EQ(tree_->ChildrenOf("150400").size(), 12u);
}

}  // namespace
}  // namespace anju::orgs
