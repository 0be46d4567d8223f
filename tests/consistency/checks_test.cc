// Every rule of the repository's rules/2023/consistency.yaml on the seed's own
// figures: the twelve Chifeng county lines of the rental subsidy
// (data/samples/chifeng-2023/counties-rental-subsidy.csv) against the city's
// 2465 households, the fund components, self-scores and evidence.

#include "services/submission/consistency/checks.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"

namespace anju::submission::consistency {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kCsv[] =
    ANJU_SOURCE_DIR "/data/samples/chifeng-2023/counties-rental-subsidy.csv";

class ChecksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<RuleBook> book =
        RuleBook::LoadDirectory(DefaultRulesDirectory());
    ASSERT_TRUE(book.ok()) << book.status();
    book_ = *std::move(book);
    rules_ = book_.ForYear(2023);
    ASSERT_NE(rules_, nullptr);
    ReadCounties();
    rubric_.set_programme("rental");
    rubric_.set_year(2023);
    v1::FactSpec* issued = rubric_.add_facts();
    issued->set_name("subsidy_issued_households");
    issued->set_unit("户");
    v1::FactSpec* planned = rubric_.add_facts();
    planned->set_name("subsidy_planned_households");
    planned->set_unit("户");
    v1::IndicatorSpec* completion = rubric_.add_indicators();
    completion->set_id("rental.subsidy_completion");
    completion->set_name("租赁补贴年度计划完成率");
    completion->set_max_score(5);
    v1::IndicatorSpec* raising = rubric_.add_indicators();
    raising->set_id("rental.fund_raising");
    raising->set_name("资金筹集");
    raising->set_max_score(5);
    raising->set_judged(true);
  }

  // One submitted county report per CSV line; an empty cell is no fact.
  void ReadCounties() {
    std::ifstream in(kCsv);
    ASSERT_TRUE(in) << kCsv;
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      std::vector<std::string> cells = absl::StrSplit(line, ',');
      ASSERT_GE(cells.size(), 5u) << line;
      v1::Report report;
      report.set_org(cells[0]);
      report.set_programme("rental");
      report.set_year(2023);
      report.set_state(v1::REPORT_STATE_SUBMITTED_TO_CITY);
      if (!cells[3].empty()) {
        (*report.mutable_facts())["subsidy_planned_households"].set_number(
            std::stod(cells[3]));
      }
      (*report.mutable_facts())["subsidy_issued_households"].set_number(
          std::stod(cells[4]));
      reports_.push_back(report);
      names_.push_back(cells[1]);
    }
    ASSERT_EQ(reports_.size(), 12u);
  }

  // The city's counties by code, as the service passes them.
  std::vector<CountyReport> Counties() const {
    std::vector<CountyReport> counties;
    for (size_t i = 0; i < reports_.size(); ++i) {
      counties.push_back({reports_[i].org(), names_[i], &reports_[i]});
    }
    std::sort(counties.begin(), counties.end(),
              [](const CountyReport& a, const CountyReport& b) {
                return a.code < b.code;
              });
    return counties;
  }

  v1::Report CityReport() const {
    v1::Report city;
    city.set_org("150400");
    city.set_programme("rental");
    city.set_year(2023);
    (*city.mutable_facts())["subsidy_planned_households"].set_number(2308);
    (*city.mutable_facts())["subsidy_issued_households"].set_number(2465);
    return city;
  }

  std::vector<v1::Finding> Check(const v1::Report& report, bool city,
                                 std::set<std::string> evidence = {}) {
    ReportUnderCheck in;
    in.report = &report;
    in.org_name = city ? "赤峰市" : "红山区";
    in.city = city;
    if (city) in.counties = Counties();
    in.rubric = &rubric_;
    in.indicators_with_evidence = std::move(evidence);
    return CheckReport(*rules_, in);
  }

  RuleBook book_;
  const RuleSet* rules_ = nullptr;
  v1::Rubric rubric_;
  std::vector<v1::Report> reports_;
  std::vector<std::string> names_;
};

TEST_F(ChecksTest, CitysIssuedHouseholdsAgainstItsTwelveCounties) {
  std::vector<v1::Finding> findings = Check(CityReport(), /*city=*/true);
  // Planned: 2308 against 2308 (翁牛特旗 gives none): no finding.
  ASSERT_EQ(findings.size(), 1u);
  const v1::Finding& f = findings[0];
  EXPECT_EQ(f.rule(), "rental.subsidy_issued.county_sum");
  EXPECT_EQ(f.severity(), v1::Finding::SEVERITY_WARNING);
  EXPECT_EQ(f.expected(), 2546);
  EXPECT_EQ(f.actual(), 2465);
  EXPECT_THAT(f.facts(), ElementsAre("subsidy_issued_households"));
  EXPECT_EQ(f.orgs_size(), 12);
  EXPECT_THAT(
      f.message(),
      AllOf(HasSubstr("赤峰市填报租赁补贴发放2465户，所辖12个旗县区"
                      "合计2546户，相差81户（红山区423户、元宝山区257户"),
            HasSubstr("翁牛特旗25户"), HasSubstr("敖汉旗235户）")));
}

TEST_F(ChecksTest, CountiesWithoutASubmittedReportAreNamed) {
  reports_[0].set_state(v1::REPORT_STATE_DRAFT);  // 阿鲁科尔沁旗, 165
  std::vector<v1::Finding> findings = Check(CityReport(), /*city=*/true);
  // Planned now sums to 2143, issued to 2381.
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].expected(), 2381);
  EXPECT_THAT(findings[0].message(),
              AllOf(HasSubstr("所辖11个旗县区合计2381户"),
                    HasSubstr("；未报送：阿鲁科尔沁旗")));
  EXPECT_THAT(findings[1].message(),
              HasSubstr("；已报送但未填报该项：翁牛特旗"));
}

TEST_F(ChecksTest, CountySumsCountOnlySubmittedReports) {
  reports_[0].set_state(v1::REPORT_STATE_DRAFT);
  std::map<std::string, double> sums = CountySums(Counties());
  EXPECT_EQ(sums["subsidy_issued_households"], 2546 - 165);
  EXPECT_EQ(sums["subsidy_planned_households"], 2308 - 165);
}

TEST_F(ChecksTest, CountySumIsNoRuleForACounty) {
  EXPECT_THAT(Check(reports_[9], /*city=*/false), IsEmpty());
}

v1::Report WithFunds(double total, double central, double region) {
  v1::Report report;
  report.set_programme("rental");
  report.set_year(2023);
  (*report.mutable_facts())["funds_received_total_10k_yuan"].set_number(total);
  (*report.mutable_facts())["funds_received_central_10k_yuan"].set_number(
      central);
  (*report.mutable_facts())["funds_received_region_10k_yuan"].set_number(
      region);
  return report;
}

TEST_F(ChecksTest, FundTotalIsTheSumOfItsComponents) {
  EXPECT_THAT(Check(WithFunds(4203, 2414, 1789), false), IsEmpty());
  std::vector<v1::Finding> findings = Check(WithFunds(4203, 2414, 1788), false);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule(), "funds_received.components_sum");
  EXPECT_EQ(findings[0].severity(), v1::Finding::SEVERITY_ERROR);
  EXPECT_EQ(findings[0].expected(), 4202);
  EXPECT_EQ(findings[0].actual(), 4203);
  EXPECT_THAT(findings[0].message(),
              HasSubstr("上级下达资金合计4203万元，中央专项下达2414万元、"
                        "自治区专项下达1788万元之和为4202万元，相差1万元"));
  google::protobuf::RepeatedPtrField<v1::Finding> fixed(findings.begin(),
                                                        findings.end());
  absl::Status refused = RefuseOnErrors(fixed);
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.message(),
              AllOf(HasSubstr("funds_received.components_sum"),
                    HasSubstr("相差1万元")));
}

TEST_F(ChecksTest, SelfScoreAboveTheIndicatorsMaximum) {
  v1::Report report = CityReport();
  (*report.mutable_self_scores())["rental.subsidy_completion"].set_score(5);
  EXPECT_THAT(Check(report, false), IsEmpty());
  (*report.mutable_self_scores())["rental.subsidy_completion"].set_score(6);
  std::vector<v1::Finding> findings = Check(report, false);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule(), "self_score.max");
  EXPECT_EQ(findings[0].indicator_id(), "rental.subsidy_completion");
  EXPECT_EQ(findings[0].expected(), 5);
  EXPECT_EQ(findings[0].actual(), 6);
  EXPECT_THAT(findings[0].message(),
              HasSubstr("「租赁补贴年度计划完成率」自评得分6分"));
}

TEST_F(ChecksTest, JudgedIndicatorWithoutEvidence) {
  v1::Report report = CityReport();
  v1::SelfScore& self = (*report.mutable_self_scores())["rental.fund_raising"];
  self.set_score(5);
  self.set_reason("相关旗县区配套安排了资金");
  std::vector<v1::Finding> findings = Check(report, false);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule(), "judged.evidence");
  EXPECT_EQ(findings[0].severity(), v1::Finding::SEVERITY_WARNING);
  EXPECT_EQ(findings[0].indicator_id(), "rental.fund_raising");
  EXPECT_THAT(findings[0].message(), HasSubstr("未提供佐证材料"));
  // Uploaded evidence counts as well as a reference in the self-score.
  EXPECT_THAT(Check(report, false, {"rental.fund_raising"}), IsEmpty());
  self.add_evidence("赤财建〔2024〕53号附件1");
  EXPECT_THAT(Check(report, false), IsEmpty());
}

TEST_F(ChecksTest, NoErrorsNoRefusal) { EXPECT_TRUE(RefuseOnErrors({}).ok()); }

TEST_F(ChecksTest, SupplementaryFactsAreRangeCheckedAndStripped) {
  v1::Report report = WithFunds(4203, 2414, 1789);
  (*report.mutable_facts())["subsidy_issued_households"].set_number(2465);
  EXPECT_TRUE(CheckSupplementaryFacts(*rules_, report.facts()).ok());
  StripSupplementaryFacts(*rules_, report.mutable_facts());
  EXPECT_EQ(report.facts_size(), 1);
  EXPECT_TRUE(report.facts().contains("subsidy_issued_households"));

  v1::Report negative = WithFunds(-1, 0, 0);
  absl::Status s = CheckSupplementaryFacts(*rules_, negative.facts());
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("facts[funds_received_total_10k_yuan]"));
}

}  // namespace
}  // namespace anju::submission::consistency
