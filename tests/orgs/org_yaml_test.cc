#include "common/orgs/org_yaml.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/orgs/temp_dir.h"

namespace anju::orgs {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class ShippedRegionTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<OrgTree>> loaded =
        LoadOrgTreeFile(DefaultOrgTreePath());
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    tree_ = loaded->release();
  }
  static void TearDownTestSuite() { delete tree_; }

  static std::string CodeOf(absl::string_view text) {
    absl::StatusOr<const Org*> org = tree_->Resolve(text);
    return org.ok() ? (*org)->code : std::string(org.status().message());
  }

  static const OrgTree* tree_;
};

const OrgTree* ShippedRegionTest::tree_ = nullptr;

TEST_F(ShippedRegionTest, HasOneRegionTwelveCitiesAnd103Counties) {
  EXPECT_EQ(tree_->counts(), (LevelCounts{1, 12, 103}));
  EXPECT_EQ(tree_->orgs().size(), 116u);
  const Org* region = tree_->FindByCode("150000");
  ASSERT_NE(region, nullptr);
  EXPECT_EQ(region->name, "内蒙古自治区");
  EXPECT_EQ(region->level, OrgLevel::kRegion);
  EXPECT_EQ(tree_->ChildrenOf("150000").size(), 12u);
}

TEST_F(ShippedRegionTest, EveryCountyHasACityOfTheRegion) {
  int counties = 0;
  for (const Org& org : tree_->orgs()) {
    if (org.level != OrgLevel::kCounty) continue;
    ++counties;
    absl::StatusOr<const Org*> city = tree_->CityOf(org.code);
    ASSERT_TRUE(city.ok()) << org.code << ": " << city.status();
    EXPECT_EQ((*city)->parent, "150000") << org.code;
  }
  EXPECT_EQ(counties, 103);
}

TEST_F(ShippedRegionTest, EverySeedAliasResolves) {
  const std::vector<std::pair<std::string, std::string>> seed = {
      {"阿旗", "150421"}, {"左旗", "150422"}, {"右旗", "150423"},
      {"林西", "150424"}, {"克旗", "150425"}, {"翁旗", "150426"},
      {"喀旗", "150428"}, {"宁城", "150429"}, {"敖汉", "150430"},
      {"赤峰", "150400"}, {"呼市", "150100"}};
  for (const auto& [alias, code] : seed) EXPECT_EQ(CodeOf(alias), code);
}

TEST_F(ShippedRegionTest, ResolvesNamesCodesAndSurroundingSpaces) {
  EXPECT_EQ(CodeOf("克什克腾旗"), "150425");
  EXPECT_EQ(CodeOf("红山区"), "150402");
  EXPECT_EQ(CodeOf("元宝山区"), "150403");
  EXPECT_EQ(CodeOf(" 150425 "), "150425");
  EXPECT_EQ(CodeOf("\t克旗\n"), "150425");
  EXPECT_EQ(CodeOf("锡林郭勒盟"), "152500");
}

TEST_F(ShippedRegionTest, UnknownNamesAndCodesAreNotFound) {
  EXPECT_EQ(tree_->Resolve("克克旗").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(tree_->Resolve("克克旗").status().message()),
              HasSubstr("克克旗"));
  EXPECT_EQ(tree_->Resolve("150499").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(tree_->FindByCode("150499"), nullptr);
}

TEST_F(ShippedRegionTest, ChifengHasItsTwelveInCodeOrder) {
  std::vector<std::string> codes;
  for (const Org* child : tree_->ChildrenOf("150400")) {
    codes.push_back(child->code);
  }
  EXPECT_THAT(codes, ElementsAre("150402", "150403", "150404", "150421",
                                 "150422", "150423", "150424", "150425",
                                 "150426", "150428", "150429", "150430"));
  EXPECT_TRUE(tree_->ChildrenOf("150425").empty());
  EXPECT_TRUE(tree_->ChildrenOf("999900").empty());
}

TEST_F(ShippedRegionTest, CityOfACounty) {
  absl::StatusOr<const Org*> city = tree_->CityOf("150425");
  ASSERT_TRUE(city.ok()) << city.status();
  EXPECT_EQ((*city)->code, "150400");
  EXPECT_EQ(tree_->CityOf("150400").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(tree_->CityOf("150000").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(tree_->CityOf("150499").status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(ShippedRegionTest, AncestorsForAccessChecks) {
  EXPECT_TRUE(tree_->IsAncestor("150400", "150425"));
  EXPECT_TRUE(tree_->IsAncestor("150000", "150425"));
  EXPECT_TRUE(tree_->IsAncestor("150000", "150400"));
  EXPECT_FALSE(tree_->IsAncestor("150425", "150400"));
  EXPECT_FALSE(tree_->IsAncestor("150500", "150425"));  // 通辽 ≠ 赤峰
  EXPECT_FALSE(tree_->IsAncestor("150422", "150425"));  // siblings
  EXPECT_FALSE(tree_->IsAncestor("150400", "150400"));  // strict
  EXPECT_FALSE(tree_->IsAncestor("999900", "150425"));
  EXPECT_FALSE(tree_->IsAncestor("150400", "150499"));
}

// A small valid file; each broken case changes one line of it.
constexpr char kValid[] = R"(counts: {region: 1, city: 1, county: 2}
orgs:
  - {code: "150000", name: 内蒙古自治区, level: region}
  - {code: "150400", name: 赤峰市, level: city, parent: "150000"}
  - {code: "150425", name: 克什克腾旗, level: county, parent: "150400", aliases: [克旗]}
  - {code: "150428", name: 喀喇沁旗, level: county, parent: "150400", aliases: [喀旗]}
)";

absl::Status LoadChanged(absl::string_view from, absl::string_view to) {
  const std::string yaml = absl::StrReplaceAll(kValid, {{from, to}});
  EXPECT_NE(yaml, kValid) << "the test case changes nothing: " << from;
  return LoadOrgTreeYaml(yaml, "bad.yaml").status();
}

TEST(OrgYamlTest, TheSmallFileIsValid) {
  absl::StatusOr<std::unique_ptr<OrgTree>> tree =
      LoadOrgTreeYaml(kValid, "ok.yaml");
  ASSERT_TRUE(tree.ok()) << tree.status();
  EXPECT_EQ((*tree)->counts(), (LevelCounts{1, 1, 2}));
  ASSERT_TRUE((*tree)->Resolve("喀旗").ok());
}

TEST(OrgYamlTest, DuplicateCodeNamesBothItems) {
  absl::Status status = LoadChanged(R"(code: "150428")", R"(code: "150425")");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(std::string(status.message()),
            "bad.yaml: orgs[3] (line 6) 150425 喀喇沁旗: code 150425 is "
            "already used by orgs[2] (line 5); codes must be unique");
}

TEST(OrgYamlTest, UnknownParentNamesTheItem) {
  absl::Status status = LoadChanged(R"(parent: "150400", aliases: [喀旗])",
                                    R"(parent: "150499", aliases: [喀旗])");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(std::string(status.message()),
            "bad.yaml: orgs[3] (line 6) 150428 喀喇沁旗: parent 150499 is "
            "not in the tree");
}

TEST(OrgYamlTest, DuplicateAliasNamesBothOrgs) {
  absl::Status status = LoadChanged("[喀旗]", "[克旗]");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(std::string(status.message()),
            "bad.yaml: orgs[3] (line 6) 150428 喀喇沁旗: alias 克旗 is already "
            "an alias of orgs[2] (line 5) 150425 克什克腾旗; aliases must be "
            "unique");
}

TEST(OrgYamlTest, AnAliasMayNotBeSomeonesName) {
  absl::Status status = LoadChanged("[喀旗]", "[克什克腾旗]");
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("150428 喀喇沁旗: alias 克什克腾旗 is the name of "
                        "orgs[2] (line 5) 150425 克什克腾旗"));
  EXPECT_THAT(std::string(LoadChanged("[喀旗]", "[喀喇沁旗]").message()),
              HasSubstr("an alias must not repeat a name"));
  EXPECT_THAT(std::string(LoadChanged("[喀旗]", R"([""])").message()),
              HasSubstr("an alias is empty"));
  EXPECT_THAT(std::string(LoadChanged("[喀旗]", R"(["150999"])").message()),
              HasSubstr("alias 150999 is a code"));
}

TEST(OrgYamlTest, ParentMustBeOneLevelUp) {
  absl::Status status = LoadChanged(R"(parent: "150400", aliases: [喀旗])",
                                    R"(parent: "150000", aliases: [喀旗])");
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("150428 喀喇沁旗: parent 150000 内蒙古自治区 is a "
                        "region; the parent must be one level up"));
  status = LoadChanged(R"(level: city, parent: "150000")",
                       R"(level: city, parent: "150425")");
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("150400 赤峰市: parent 150425 克什克腾旗 is a county"));
  EXPECT_THAT(std::string(LoadChanged("level: region}",
                                      R"(level: region, parent: "1"})")
                              .message()),
              HasSubstr("a region has no parent"));
  EXPECT_THAT(std::string(LoadChanged(R"(, parent: "150000")", "").message()),
              HasSubstr("150400 赤峰市: a city needs a parent"));
}

TEST(OrgYamlTest, CodesFollowGbT2260) {
  EXPECT_THAT(std::string(LoadChanged(R"("150428")", R"("150528")").message()),
              HasSubstr("150528 喀喇沁旗: code does not begin with the 4 "
                        "digits of its parent 150400 赤峰市"));
  EXPECT_THAT(std::string(LoadChanged(R"("150428")", R"("15042")").message()),
              HasSubstr("15042 喀喇沁旗: code must be six digits"));
  EXPECT_THAT(std::string(LoadChanged(R"("150428")", R"("150400x")").message()),
              HasSubstr("code must be six digits"));
  EXPECT_THAT(
      std::string(
          LoadChanged(R"(code: "150428")", R"(code: "150500")").message()),
      HasSubstr("level county does not fit the code: a county's code does "
                "not end in 00"));
}

TEST(OrgYamlTest, CountsMustMatch) {
  absl::Status status = LoadChanged("county: 2}", "county: 3}");
  EXPECT_EQ(std::string(status.message()),
            "bad.yaml: counts: declared 1 region(s), 1 cities, 3 counties but "
            "found 1, 1, 2");
  EXPECT_THAT(
      std::string(LoadChanged("counts: {region: 1, city: 1, county: 2}\n", "")
                      .message()),
      HasSubstr("field 'counts' is required"));
  EXPECT_THAT(std::string(LoadChanged("county: 2}", "county: two}").message()),
              HasSubstr("field 'county' must be a number of orgs"));
}

TEST(OrgYamlTest, MalformedFieldsNameTheItemAndLine) {
  EXPECT_EQ(
      std::string(
          LoadChanged("level: county, parent: \"150400\", aliases: [喀旗]",
                      "level: town, parent: \"150400\", aliases: [喀旗]")
              .message()),
      "bad.yaml: orgs[3] (line 6): field 'level' must be region, city "
      "or county, found 'town'");
  EXPECT_EQ(
      std::string(LoadChanged("aliases: [喀旗]", "alias: [喀旗]").message()),
      "bad.yaml: orgs[3] (line 6): unknown field 'alias' (allowed: "
      "code, name, level, parent, aliases)");
  EXPECT_THAT(std::string(LoadChanged("name: 赤峰市, ", "").message()),
              HasSubstr("orgs[1] (line 4): field 'name' is required"));
  EXPECT_THAT(
      std::string(LoadChanged("aliases: [喀旗]", "aliases: 喀旗").message()),
      HasSubstr("field 'aliases' must be a list"));
}

TEST(OrgYamlTest, NotYamlNamesTheLine) {
  absl::Status status = LoadChanged("[喀旗]}", "[喀旗}");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("bad.yaml (line 6)"));
}

TEST(OrgYamlTest, ListsSeveralProblemsAtOnce) {
  const std::string yaml =
      absl::StrReplaceAll(kValid, {{R"(parent: "150400", aliases: [喀旗])",
                                    R"(parent: "150499", aliases: [克旗])"}});
  absl::Status status = LoadOrgTreeYaml(yaml, "bad.yaml").status();
  EXPECT_EQ(
      std::string(status.message()),
      "bad.yaml: 2 problems: orgs[3] (line 6) 150428 喀喇沁旗: parent "
      "150499 is not in the tree; orgs[3] (line 6) 150428 喀喇沁旗: alias "
      "克旗 is already an alias of orgs[2] (line 5) 150425 克什克腾旗; "
      "aliases must be unique");
}

TEST(OrgYamlTest, MissingFileIsNotFound) {
  TempDir dir;
  absl::Status status = LoadOrgTreeFile(dir.path() + "/none.yaml").status();
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(status.message()), HasSubstr("none.yaml"));
}

TEST(OrgYamlTest, LoadsFromAFile) {
  TempDir dir;
  const std::string path = dir.Write("ok.yaml", kValid);
  absl::StatusOr<std::unique_ptr<OrgTree>> tree = LoadOrgTreeFile(path);
  ASSERT_TRUE(tree.ok()) << tree.status();
  EXPECT_EQ((*tree)->orgs().size(), 4u);
}

}  // namespace
}  // namespace anju::orgs
