#include "services/registry/tabular/project_table.h"

#include <google/protobuf/util/message_differencer.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/registry_tabular/org_tree_fixture.h"

namespace anju::registry::tabular {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr absl::string_view kHeader =
    "项目编号,旗县区,项目类型,项目名称,套数(套),估算总投资(万元),"
    "中央补助(万元),立项,居民同意率(%),建成年份\n";

absl::StatusOr<ParsedTable> ReadCsv(absl::string_view csv,
                                    int max_rows = 200000) {
  return ReadProjects(v1::TABLE_FORMAT_CSV, csv, InnerMongolia(), max_rows);
}

// "row column: message" for every error, to compare in one go.
std::vector<std::string> Errors(const ParsedTable& table) {
  std::vector<std::string> out;
  for (const v1::RowError& e : table.errors) {
    out.push_back(absl::StrCat(e.row(), " ", e.column(), ": ", e.message()));
  }
  return out;
}

TEST(ReadProjects, GoodRowFillsEveryField) {
  absl::StatusOr<ParsedTable> table = ReadCsv(absl::StrCat(
      kHeader,
      "P-1,克旗,棚改,经棚镇北街,\"1,046\",3220.5,1200,√,92.4%,1976年\n"));
  ASSERT_TRUE(table.ok()) << table.status();
  ASSERT_TRUE(table->errors.empty()) << Errors(*table)[0];
  ASSERT_EQ(table->projects.size(), 1u);
  const ParsedProject& p = table->projects[0];
  EXPECT_EQ(p.row, 2);
  EXPECT_EQ(p.project.id(), "P-1");
  EXPECT_EQ(p.project.org(), "150425");
  EXPECT_EQ(p.project.programme(), "shanty");
  EXPECT_EQ(p.project.units(), 1046);
  EXPECT_EQ(p.project.investment_10k_yuan(), 3220.5);
  EXPECT_EQ(p.project.funding().central(), 1200);
  EXPECT_TRUE(p.project.readiness().approved());
  EXPECT_EQ(p.project.resident_consent_pct(), 92.4);
  EXPECT_EQ(p.project.building_year(), 1976);
}

TEST(ReadProjects, EveryKindOfCellErrorNamesRowAndColumn) {
  const std::string long_name(201 * 3, 'x');
  absl::StatusOr<ParsedTable> table = ReadCsv(absl::StrCat(
      kHeader,                                              // row 1
      ",红山区,棚改,好的项目,10,100,50,是,90,1990\n",       // 2: fine
      ",不存在县,棚改,a,10,100,50,是,90,1990\n",            // 3
      ",赤峰市,棚改,a,10,100,50,是,90,1990\n",              // 4
      ",红山区,廉租房,a,10,100,50,是,90,1990\n",            // 5
      ",红山区,棚改,,10,100,50,是,90,1990\n",               // 6
      ",红山区,棚改,a,abc,100,50,是,90,1990\n",             // 7
      ",红山区,棚改,a,-3,NaN,50,是,90,1990\n",              // 8
      ",红山区,棚改,a,12.5,100,50,也许,120,1800\n",         // 9
      ",红山区,棚改,\"two\nlines\",1,100,50,是,90,\n",      // 10 (one row)
      "bad id!,红山区,棚改,a,1,100,50,是,90,\n",            // 11
      ",红山区,棚改,", std::string(600, 'x'), ",1,,,,,\n",  // 12
      ",红山区,棚改,a,1,100,500,是,90,\n",                  // 13
      "P-7,红山区,棚改,a,1,,,,,\n",                         // 14: fine
      "P-7,红山区,棚改,b,1,,,,,\n"));                       // 15
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_THAT(
      Errors(*table),
      ::testing::ElementsAre(
          "3 旗县区: 不是已知的旗县区代码、名称或简称 (got 不存在县)",
          "4 旗县区: 须为旗县区, 赤峰市 不是旗县区 (got 赤峰市)",
          "5 项目类型: 须为 棚户区改造、保障性租赁住房、公租房、老旧小区改造 "
          "之一 (got 廉租房)",
          "6 项目名称: 不能为空", "7 套数(套): 须为数字 (got abc)",
          "8 套数(套): 须为非负数 (got -3)",
          "8 估算总投资(万元): 须为数字 (got NaN)",
          "9 套数(套): 须为整数 (got 12.5)",
          "9 立项: 须为 是/否 (也可写 √/×、true/false、1/0) (got 也许)",
          "9 居民同意率(%): 须在 0–100 之间 (got 120)",
          "9 建成年份: 须为 1900–2100 之间的年份 (got 1800)",
          "10 项目名称: 不能含换行、制表符等控制字符 (got two\nlines)",
          "11 项目编号: 须为不超过 64 个字符的字母、数字、- 或 _ (got bad id!)",
          "12 项目名称: 不能超过 200 个字 (got 600 个字)",
          "13 估算总投资(万元): 资金来源合计 500 不能超过估算总投资 (got 100)",
          "15 项目编号: 与第14行重复 (got P-7)"));
  ASSERT_EQ(table->projects.size(), 2u);
  EXPECT_EQ(table->projects[0].row, 2);
  EXPECT_EQ(table->projects[1].row, 14);
  EXPECT_EQ(table->data_rows, 14);
}

TEST(ReadProjects, HugeCellIsARowErrorNotACrash) {
  absl::StatusOr<ParsedTable> table = ReadCsv(absl::StrCat(
      kHeader, ",红山区,棚改,a,", std::string(40000, '9'), ",,,,,\n"));
  ASSERT_TRUE(table.ok());
  ASSERT_EQ(table->errors.size(), 1u);
  EXPECT_EQ(table->errors[0].column(), "套数(套)");
  EXPECT_THAT(table->errors[0].message(), HasSubstr("32767 字节"));
}

TEST(ReadProjects, HeaderVariantsAndExtraColumnsAreAccepted) {
  absl::StatusOr<ParsedTable> table = ReadCsv(
      "备注, 旗县区 ,项目类型,项目名称,套数（套）,居民同意率\n"
      "随便写,150402,shanty,a,7,88\n\n\n");
  ASSERT_TRUE(table.ok()) << table.status();
  ASSERT_EQ(table->projects.size(), 1u);
  EXPECT_EQ(table->projects[0].project.units(), 7);
  EXPECT_EQ(table->projects[0].project.resident_consent_pct(), 88);
  EXPECT_EQ(table->data_rows, 1);  // the blank trailing rows are skipped
}

TEST(ReadProjects, TitleRowsAboveTheHeaderAreSkipped) {
  absl::StatusOr<ParsedTable> table = ReadCsv(
      "赤峰市2024年保障性安居工程项目储备库,,\n"
      "填报单位：赤峰市住房和城乡建设局,,\n"
      "\n"
      "旗县区,项目类型,项目名称\n"
      "宁城,棚改,a\n");
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_EQ(table->data_rows, 1);
  ASSERT_EQ(table->projects.size(), 1u);
  EXPECT_EQ(table->projects[0].row, 5);
  EXPECT_EQ(table->projects[0].project.org(), "150429");
}

TEST(ReadProjects, GuardedIdReadsBack) {
  absl::StatusOr<ParsedTable> table =
      ReadCsv("项目编号,旗县区,项目类型,项目名称\n'-17,宁城,棚改,a\n");
  ASSERT_TRUE(table.ok());
  ASSERT_EQ(table->projects.size(), 1u);
  EXPECT_EQ(table->projects[0].project.id(), "-17");
}

TEST(ReadProjects, HeaderProblemsFailTheWholeFile) {
  const auto message = [](absl::string_view csv) {
    absl::StatusOr<ParsedTable> table = ReadCsv(csv);
    EXPECT_EQ(table.status().code(), absl::StatusCode::kInvalidArgument);
    return std::string(table.status().message());
  };
  EXPECT_THAT(message(""), HasSubstr("没有表头"));
  EXPECT_THAT(message("\xEF\xBB\xBF\r\n\r\n"), HasSubstr("没有表头"));
  EXPECT_THAT(message("甲,乙\n1,2\n"),
              HasSubstr("第1行应为表头, 至少要有 旗县区、项目类型、项目名称"));
  EXPECT_THAT(message("旗县区,套数(套)\n红山区,1\n"),
              HasSubstr("缺少必需的列: 项目类型、项目名称"));
  EXPECT_THAT(message("旗县区,项目类型,项目名称,套数,套数(套)\n"),
              HasSubstr("列 套数(套) 重复 (D列和E列)"));
}

TEST(ReadProjects, RowLimitAndFormat) {
  const std::string csv = absl::StrCat(kHeader, ",红山区,棚改,a\n",
                                       ",红山区,棚改,b\n", ",红山区,棚改,c\n");
  EXPECT_TRUE(ReadCsv(csv, 3).ok());
  EXPECT_THAT(ReadCsv(csv, 2).status().message(),
              HasSubstr("数据行数 3 超过上限 2"));
  EXPECT_EQ(ReadProjects(v1::TABLE_FORMAT_UNSPECIFIED, csv, InnerMongolia())
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

v1::ReserveProject FullProject(absl::string_view id, absl::string_view name) {
  v1::ReserveProject p;
  p.set_id(std::string(id));
  p.set_org("150425");
  p.set_programme("oldcomm");
  p.set_name(std::string(name));
  p.set_address("经棚镇, \"北街\" 12号");
  p.set_status(v1::PROJECT_STATUS_RESERVE);
  p.set_units(0);
  p.set_households(1320);
  p.set_buildings(28);
  p.set_floor_area_10k_m2(9.63);
  p.set_communities(4);
  p.set_investment_10k_yuan(3960.25);
  v1::FundingSources* f = p.mutable_funding();
  f->set_central(2400.1);
  f->set_region(500);
  f->set_city(300);
  f->set_county(460.15);
  f->set_social(0.33);
  f->set_loans_bonds(0);
  p.mutable_readiness()->set_approved(true);
  p.mutable_readiness()->set_planning_permit(true);
  p.mutable_readiness()->set_funds_secured(true);
  p.set_resident_consent_pct(95.1);
  p.set_building_year(1996);
  p.mutable_shortfalls()->set_basic(4);
  p.mutable_shortfalls()->set_improvement(3);
  p.mutable_shortfalls()->set_upgrade(2);
  return p;
}

// What an import can carry: the export's output-only fields cleared.
v1::ReserveProject Importable(v1::ReserveProject p) {
  for (int tag : {17, 18, 19, 20, 21, 22, 23, 24, 25, 26}) {
    p.GetReflection()->ClearField(&p,
                                  p.GetDescriptor()->FindFieldByNumber(tag));
  }
  return p;
}

std::vector<v1::ReserveProject> ExportSample() {
  v1::ReserveProject planned = FullProject("P-2", "=cmd|' /C calc'!A0");
  planned.set_org("150402");
  planned.set_programme("affordable_rental");
  planned.set_status(v1::PROJECT_STATUS_STARTED);
  planned.set_plan_year(2024);
  planned.set_start_date("2024-05-01");
  planned.mutable_priority()->set_score(87.25);
  planned.mutable_priority()->set_model_version("2024.1");
  planned.set_etag("e1");
  return {FullProject("P-1", "克旗经棚镇北街老旧小区改造项目"), planned,
          FullProject("", "-前导减号的名称")};
}

void ExpectRoundTrip(v1::TableFormat format) {
  const std::vector<v1::ReserveProject> projects = ExportSample();
  absl::StatusOr<std::string> written =
      WriteProjects(format, projects, InnerMongolia());
  ASSERT_TRUE(written.ok()) << written.status();
  absl::StatusOr<ParsedTable> read =
      ReadProjects(format, *written, InnerMongolia());
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_TRUE(read->errors.empty()) << Errors(*read)[0];
  ASSERT_EQ(read->projects.size(), projects.size());
  for (std::size_t i = 0; i < projects.size(); ++i) {
    EXPECT_EQ(read->projects[i].row, static_cast<int>(i) + 2);
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(
        read->projects[i].project, Importable(projects[i])))
        << read->projects[i].project.DebugString() << "\nvs\n"
        << Importable(projects[i]).DebugString();
  }
}

TEST(WriteProjects, CsvRoundTrip) { ExpectRoundTrip(v1::TABLE_FORMAT_CSV); }
TEST(WriteProjects, XlsxRoundTrip) { ExpectRoundTrip(v1::TABLE_FORMAT_XLSX); }

TEST(WriteProjects, CsvIsExcelFriendlyAndInjectionSafe) {
  absl::StatusOr<std::string> csv =
      WriteProjects(v1::TABLE_FORMAT_CSV, ExportSample(), InnerMongolia());
  ASSERT_TRUE(csv.ok());
  EXPECT_THAT(*csv,
              StartsWith("\xEF\xBB\xBF项目编号,旗县区,项目类型,项目名称"));
  EXPECT_THAT(*csv, HasSubstr("优先得分\r\n"));
  EXPECT_THAT(*csv, HasSubstr(",'=cmd|' /C calc'!A0,"));
  EXPECT_THAT(*csv, HasSubstr(",'-前导减号的名称,"));
  // The county by name, the programme in Chinese, the read-only columns.
  EXPECT_THAT(*csv, HasSubstr("P-2,红山区,保障性租赁住房,"));
  EXPECT_THAT(*csv, HasSubstr(",开工,2024,2024-05-01,,,87.25\r\n"));
  EXPECT_THAT(*csv, HasSubstr(",95.1,1996,4,3,2,储备,,,,,\r\n"));
}

}  // namespace
}  // namespace anju::registry::tabular
