#include "services/registry/tabular/xlsx_sheet.h"

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/registry/tabular/project_table.h"
#include "tests/registry_tabular/org_tree_fixture.h"
#include "tests/registry_tabular/zip_builder.h"

namespace anju::registry::tabular {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kRootRels[] =
    R"(<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>)";

// The first sheet is rId2 and lives at a non-default path; a second sheet
// must be ignored.
constexpr char kWorkbook[] =
    R"(<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="储备库" sheetId="1" r:id="rId2"/><sheet name="其他" sheetId="2" r:id="rId3"/></sheets></workbook>)";

constexpr char kWorkbookRels[] =
    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/data.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/other.xml"/>
</Relationships>)";

// Plain, rich text (two runs), and a phonetic run that is not text.
constexpr char kSharedStrings[] =
    R"(<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">
<si><t>旗县区</t></si>
<si><r><rPr><b/></rPr><t>项目</t></r><r><t>类型</t></r></si>
<si><t>项目名称</t><rPh sb="0" eb="2"><t>xiangmu</t></rPh></si>
</sst>)";

std::string SheetXml(absl::string_view rows) {
  return absl::StrCat(
      R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)",
      rows, "</sheetData></worksheet>");
}

// Shared strings in the header, a gap (D), inline strings, a formula's
// cached string, a number, a boolean, a blank row, cells without r.
const std::string kRows =
    R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>)"
    R"(<c r="C1" t="s"><v>2</v></c><c r="E1" t="inlineStr"><is><t>套数(套)</t></is></c>)"
    R"(<c r="F1" t="inlineStr"><is><t>立项</t></is></c></row>)"
    R"(<row r="3"><c r="A3"/><c r="B3" t="inlineStr"><is><t> </t></is></c></row>)"
    R"(<row r="5"><c r="A5" t="str"><f>"克"&amp;"旗"</f><v>克旗</v></c>)"
    R"(<c r="B5" t="inlineStr"><is><t>棚改</t></is></c>)"
    R"(<c r="C5" t="inlineStr"><is><r><t>项目 &amp; </t></r><r><t>名称</t></r></is></c>)"
    R"(<c r="E5"><v>46</v></c><c r="F5" t="b"><v>1</v></c></row>)"
    R"(<row><c t="inlineStr"><is><t>红山区</t></is></c><c t="inlineStr"><is><t>oldcomm</t></is></c>)"
    R"(<c t="inlineStr"><is><t>b</t></is></c><c/><c><v>1.2E+2</v></c></row>)";

std::map<std::string, std::string> Package(const std::string& rows) {
  return {{"_rels/.rels", kRootRels},
          {"xl/workbook.xml", kWorkbook},
          {"xl/_rels/workbook.xml.rels", kWorkbookRels},
          {"xl/sharedStrings.xml", kSharedStrings},
          {"xl/worksheets/data.xml", SheetXml(rows)},
          {"xl/worksheets/other.xml", SheetXml("")}};
}

TEST(ReadXlsxSheet, HandMadeWorkbook) {
  absl::StatusOr<Sheet> sheet = ReadXlsxSheet(BuildZip(Package(kRows)), 100);
  ASSERT_TRUE(sheet.ok()) << sheet.status();
  ASSERT_EQ(sheet->rows.size(), 3u);
  EXPECT_THAT(
      sheet->rows[0].cells,
      ElementsAre("旗县区", "项目类型", "项目名称", "", "套数(套)", "立项"));
  EXPECT_EQ(sheet->rows[1].number, 5);
  EXPECT_THAT(sheet->rows[1].cells,
              ElementsAre("克旗", "棚改", "项目 & 名称", "", "46", "1"));
  EXPECT_EQ(sheet->rows[2].number, 6);
  EXPECT_EQ(sheet->rows[2].cells[4], "1.2E+2");
}

TEST(ReadXlsxSheet, HandMadeWorkbookAsProjects) {
  absl::StatusOr<ParsedTable> table = ReadProjects(
      v1::TABLE_FORMAT_XLSX, BuildZip(Package(kRows)), InnerMongolia());
  ASSERT_TRUE(table.ok()) << table.status();
  ASSERT_TRUE(table->errors.empty()) << table->errors[0].DebugString();
  ASSERT_EQ(table->projects.size(), 2u);
  EXPECT_EQ(table->projects[0].row, 5);
  EXPECT_EQ(table->projects[0].project.org(), "150425");
  EXPECT_EQ(table->projects[0].project.units(), 46);
  EXPECT_TRUE(table->projects[0].project.readiness().approved());
  EXPECT_EQ(table->projects[1].project.units(), 120);
}

TEST(ReadXlsxSheet, WorkbookWithoutRootRelsUsesTheDefaultPath) {
  std::map<std::string, std::string> files = Package(kRows);
  files.erase("_rels/.rels");
  EXPECT_TRUE(ReadXlsxSheet(BuildZip(files), 100).ok());
}

TEST(ReadXlsxSheet, WriterOutputIsBoldFrozenAndReadsBack) {
  v1::ReserveProject p;
  p.set_org("150402");
  p.set_programme("shanty");
  p.set_name("项目");
  p.set_units(120);
  absl::StatusOr<std::string> xlsx =
      WriteProjects(v1::TABLE_FORMAT_XLSX, {p}, InnerMongolia());
  ASSERT_TRUE(xlsx.ok()) << xlsx.status();
  EXPECT_THAT(ZipEntry(*xlsx, "xl/styles.xml"), HasSubstr("<b/>"));
  const std::string sheet_xml = ZipEntry(*xlsx, "xl/worksheets/sheet1.xml");
  EXPECT_THAT(sheet_xml, HasSubstr("state=\"frozen\""));
  EXPECT_THAT(sheet_xml, HasSubstr("<col "));
  EXPECT_THAT(ZipEntry(*xlsx, "xl/workbook.xml"), HasSubstr("项目储备库"));
  absl::StatusOr<Sheet> sheet = ReadXlsxSheet(*xlsx, 100);
  ASSERT_TRUE(sheet.ok()) << sheet.status();
  ASSERT_EQ(sheet->rows.size(), 2u);
  EXPECT_EQ(sheet->rows[0].cells[0], "项目编号");
  EXPECT_EQ(sheet->rows[1].cells[1], "红山区");
  EXPECT_EQ(sheet->rows[1].cells[5], "120");
}

TEST(ReadXlsxSheet, MalformedZipIsInvalidArgument) {
  for (const std::string& bad : {std::string(), std::string("not a zip at all"),
                                 std::string("PK\x03\x04\x14\x00garbage", 14),
                                 BuildZip(Package(kRows)).substr(0, 200)}) {
    absl::StatusOr<Sheet> sheet = ReadXlsxSheet(bad, 100);
    ASSERT_FALSE(sheet.ok());
    EXPECT_EQ(sheet.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(sheet.status().message(), HasSubstr("xlsx"));
  }
}

TEST(ReadXlsxSheet, MissingPartsAndBadXmlNameThePart) {
  std::map<std::string, std::string> files = Package(kRows);
  files.erase("xl/worksheets/data.xml");
  EXPECT_THAT(ReadXlsxSheet(BuildZip(files), 100).status().message(),
              HasSubstr("缺少 xl/worksheets/data.xml"));
  files = Package("<row r=\"1\"><c r=\"A1\"><v>1</v></row>");
  EXPECT_THAT(ReadXlsxSheet(BuildZip(files), 100).status().message(),
              HasSubstr("xl/worksheets/data.xml: XML 格式错误"));
  files = Package(R"(<row r="1"><c r="A1" t="s"><v>99</v></c></row>)");
  EXPECT_THAT(ReadXlsxSheet(BuildZip(files), 100).status().message(),
              HasSubstr("共享字符串序号无效"));
  files = Package(R"(<row r="1"><c r="1A"><v>1</v></c></row>)");
  EXPECT_THAT(ReadXlsxSheet(BuildZip(files), 100).status().message(),
              HasSubstr("单元格引用无效"));
}

TEST(ReadXlsxSheet, DoctypeIsRefused) {
  std::map<std::string, std::string> files = Package(kRows);
  files["xl/sharedStrings.xml"] =
      R"(<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>)"
      R"(<sst><si><t>&b;</t></si></sst>)";
  EXPECT_THAT(ReadXlsxSheet(BuildZip(files), 100).status().message(),
              HasSubstr("DOCTYPE"));
}

TEST(ReadXlsxSheet, ZipBombStopsAtTheLimit) {
  // 32 MiB of spaces inside the sheet deflate to ~32 KiB; the limit is set
  // below that so the test stays light (the defaults are 256/512 MiB).
  std::map<std::string, std::string> files = Package(kRows);
  files["xl/worksheets/data.xml"] =
      SheetXml(kRows) + std::string(32 << 20, ' ');
  const std::string bomb = BuildZip(files);
  EXPECT_LT(bomb.size(), 1u << 20);
  ReadLimits limits;
  limits.max_unzipped_part_bytes = 8 << 20;
  absl::StatusOr<ParsedTable> table =
      ReadProjects(v1::TABLE_FORMAT_XLSX, bomb, InnerMongolia(), limits);
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(table.status().message(), HasSubstr("解压后超过上限"));
}

TEST(ReadXlsxSheet, TotalLimitAcrossParts) {
  const std::string zip = BuildZip(Package(kRows));
  XlsxLimits tight;
  tight.max_part_bytes = 4096;
  tight.max_total_bytes = 1500;  // each part fits, all of them do not
  EXPECT_THAT(ReadXlsxSheet(zip, 100, tight).status().message(),
              HasSubstr("解压后超过上限"));
  EXPECT_TRUE(ReadXlsxSheet(zip, 100).ok());
}

TEST(ReadXlsxSheet, RowLimit) {
  EXPECT_THAT(ReadXlsxSheet(BuildZip(Package(kRows)), 2).status().message(),
              HasSubstr("超过上限 2"));
}

}  // namespace
}  // namespace anju::registry::tabular
