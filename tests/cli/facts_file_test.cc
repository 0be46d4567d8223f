#include "cli/facts_file.h"

#include <filesystem>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace anju::cli {
namespace {

using ::testing::HasSubstr;

constexpr char kGood[] = R"yaml(
org: "150400"
org_name: 赤峰市
programme: rental
year: 2023
source: 赤财建〔2024〕53号
notes: for the reader only
facts:
  fund_rules_established: true
  severe_violation: false
  subsidy_planned_households: 2308
  satisfaction_pct: 97.5
  budget_execution_rate_pct:
    value: 100
    illustrative: true
    note: 自评预算执行得8分（满分），取100%
self_scores:
  rental.fund_raising:
    score: 5
    reason: 相关旗县区配套安排了资金
    evidence: [赤财建〔2024〕53号附件1, 附件2]
  rental.fund_allocation: {score: 4.5}
  rental.satisfaction:
)yaml";

TEST(FactsFileTest, ParsesEveryPart) {
  absl::StatusOr<FactsFile> file = ParseFactsFile(kGood, "good.yaml");
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ(file->org, "150400");
  EXPECT_EQ(file->org_name, "赤峰市");
  EXPECT_EQ(file->request.programme(), "rental");
  EXPECT_EQ(file->request.year(), 2023);

  const auto& facts = file->request.facts();
  ASSERT_EQ(facts.size(), 5u);
  EXPECT_TRUE(facts.at("fund_rules_established").has_flag());
  EXPECT_TRUE(facts.at("fund_rules_established").flag());
  EXPECT_FALSE(facts.at("severe_violation").flag());
  EXPECT_TRUE(facts.at("severe_violation").has_flag());
  EXPECT_DOUBLE_EQ(facts.at("subsidy_planned_households").number(), 2308);
  EXPECT_DOUBLE_EQ(facts.at("satisfaction_pct").number(), 97.5);
  EXPECT_DOUBLE_EQ(facts.at("budget_execution_rate_pct").number(), 100);
  EXPECT_EQ(file->illustrative,
            std::set<std::string>{"budget_execution_rate_pct"});

  const auto& self = file->request.self_scores();
  ASSERT_EQ(self.size(), 3u);
  EXPECT_DOUBLE_EQ(self.at("rental.fund_raising").score(), 5);
  EXPECT_EQ(self.at("rental.fund_raising").reason(),
            "相关旗县区配套安排了资金");
  ASSERT_EQ(self.at("rental.fund_raising").evidence_size(), 2);
  EXPECT_EQ(self.at("rental.fund_raising").evidence(1), "附件2");
  EXPECT_DOUBLE_EQ(self.at("rental.fund_allocation").score(), 4.5);
  EXPECT_FALSE(self.at("rental.satisfaction").has_score());
}

absl::Status ParseError(const std::string& yaml) {
  return ParseFactsFile(yaml, "f.yaml").status();
}

TEST(FactsFileTest, StringValueNamesFileAndKey) {
  const absl::Status status = ParseError(
      "programme: rental\nyear: 2023\nfacts:\n"
      "  subsidy_planned_households: \"2308\"\n");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("f.yaml:4"));
  EXPECT_THAT(status.message(), HasSubstr("facts.subsidy_planned_households"));
  EXPECT_THAT(status.message(), HasSubstr("a string"));
}

TEST(FactsFileTest, WordIsNotAFlag) {
  const absl::Status status = ParseError(
      "programme: rental\nyear: 2023\nfacts:\n  target_published: 已公布\n");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("facts.target_published"));
}

TEST(FactsFileTest, ListValueNamesKey) {
  const absl::Status status = ParseError(
      "programme: rental\nyear: 2023\nfacts:\n  violations: [1, 2]\n");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("facts.violations"));
  EXPECT_THAT(status.message(), HasSubstr("a list"));
}

TEST(FactsFileTest, ValueInsideMappingIsChecked) {
  const absl::Status status = ParseError(
      "programme: rental\nyear: 2023\nfacts:\n"
      "  satisfaction_pct: {value: high, illustrative: true}\n");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("facts.satisfaction_pct.value"));
}

TEST(FactsFileTest, MappingWithoutValueIsAnError) {
  const absl::Status status = ParseError(
      "programme: rental\nyear: 2023\nfacts:\n"
      "  satisfaction_pct: {illustrative: true}\n");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("facts.satisfaction_pct"));
  EXPECT_THAT(status.message(), HasSubstr("value"));
}

TEST(FactsFileTest, UnknownTopLevelKey) {
  const absl::Status status =
      ParseError("programme: rental\nyear: 2023\nfatcs: {}\n");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("f.yaml:3: fatcs: unknown key"));
}

TEST(FactsFileTest, UnknownSelfScoreField) {
  const absl::Status status = ParseError(
      "programme: rental\nyear: 2023\nself_scores:\n"
      "  rental.fund_raising: {score: 5, comment: x}\n");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(),
              HasSubstr("self_scores.rental.fund_raising.comment"));
}

TEST(FactsFileTest, MissingProgramme) {
  const absl::Status status = ParseError("year: 2023\nfacts: {}\n");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("f.yaml: programme: is required"));
}

TEST(FactsFileTest, MissingYear) {
  const absl::Status status = ParseError("programme: shanty\n");
  EXPECT_THAT(status.message(), HasSubstr("year: is required"));
}

TEST(FactsFileTest, YearMustBeWhole) {
  const absl::Status status = ParseError("programme: shanty\nyear: 2023.5\n");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("year"));
}

TEST(FactsFileTest, DuplicateFactIsAnError) {
  const absl::Status status = ParseError(
      "programme: rental\nyear: 2023\nfacts:\n  violations: 0\n"
      "  violations: 1\n");
  EXPECT_THAT(status.message(), HasSubstr("facts.violations: duplicate key"));
}

TEST(FactsFileTest, SyntaxErrorGivesLine) {
  const absl::Status status =
      ParseError("programme: rental\nyear: 2023\nfacts: [unclosed\n");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("f.yaml:"));
}

TEST(FactsFileTest, UnreadableFileIsNotFound) {
  EXPECT_EQ(ReadFactsFile("/nonexistent/facts.yaml").status().code(),
            absl::StatusCode::kNotFound);
}

// 补充数据 stay apart from the facts: scoring a file never sends them.
TEST(FactsFileTest, SupplementaryFactsAreKeptApart) {
  absl::StatusOr<FactsFile> file = ParseFactsFile(R"yaml(
programme: rental
year: 2023
facts:
  subsidy_issued_households: 2465
supplementary:
  funds_received_total_10k_yuan: 4203
  funds_received_region_10k_yuan: {value: 1789, note: 自治区专项}
)yaml",
                                                  "s.yaml");
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ(file->request.facts_size(), 1);
  ASSERT_EQ(file->supplementary.size(), 2u);
  EXPECT_DOUBLE_EQ(
      file->supplementary.at("funds_received_total_10k_yuan").number(), 4203);
  EXPECT_DOUBLE_EQ(
      file->supplementary.at("funds_received_region_10k_yuan").number(), 1789);
}

TEST(FactsFileTest, SupplementaryFactMayNotRepeatAFact) {
  absl::StatusOr<FactsFile> file = ParseFactsFile(R"yaml(
programme: rental
year: 2023
supplementary:
  subsidy_issued_households: 1
facts:
  subsidy_issued_households: 2465
)yaml",
                                                  "s.yaml");
  EXPECT_EQ(file.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(file.status().message(),
              HasSubstr("facts.subsidy_issued_households: duplicate key"));
  file = ParseFactsFile("programme: rental\nyear: 2023\nsupplementary: [1]\n",
                        "s.yaml");
  EXPECT_THAT(file.status().message(),
              HasSubstr("supplementary: must be a mapping, not a list"));
}

// The county lines of the rental subsidy parse; 翁牛特旗 has no planned
// figure.
TEST(FactsFileTest, ChifengCountySamplesParse) {
  int counties = 0;
  for (const auto& entry : std::filesystem::directory_iterator(
           std::string(ANJU_SOURCE_DIR) +
           "/data/samples/chifeng-2023/counties")) {
    absl::StatusOr<FactsFile> file = ReadFactsFile(entry.path().string());
    ASSERT_TRUE(file.ok()) << file.status();
    EXPECT_EQ(file->request.programme(), "rental");
    EXPECT_TRUE(file->request.facts().contains("subsidy_issued_households"));
    EXPECT_EQ(file->request.facts().contains("subsidy_planned_households"),
              file->org != "150426")
        << file->org;
    ++counties;
  }
  EXPECT_EQ(counties, 12);
}

// The lead's Chifeng samples are written in this format: they must parse.
TEST(FactsFileTest, ChifengSamplesParse) {
  for (const char* programme : {"rental", "shanty", "oldcomm"}) {
    const std::string path = std::string(ANJU_SOURCE_DIR) +
                             "/data/samples/chifeng-2023/" + programme +
                             ".yaml";
    absl::StatusOr<FactsFile> file = ReadFactsFile(path);
    ASSERT_TRUE(file.ok()) << file.status();
    EXPECT_EQ(file->request.programme(), programme);
    EXPECT_EQ(file->request.year(), 2023);
    EXPECT_EQ(file->org_name, "赤峰市");
    EXPECT_GT(file->request.facts_size(), 10);
    EXPECT_GT(file->request.self_scores_size(), 5);
  }
}

}  // namespace
}  // namespace anju::cli
