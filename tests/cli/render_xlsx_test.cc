#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "cli/render.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/cli/sample_response.h"

namespace anju::cli {
namespace {

using ::testing::HasSubstr;

// One member of the zip, through Debian's unzip.
std::string Unzip(const std::string& path, const std::string& member) {
  const std::string command =
      absl::StrCat("unzip -p '", path, "' '", member, "'");
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return "";
  std::string out;
  char buffer[4096];
  for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) {
    out.append(buffer, n);
  }
  const int status = pclose(pipe);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? out : "";
}

class RenderXlsxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char path[] = "/tmp/anju-render-xlsx-XXXXXX.xlsx";
    const int fd = mkstemps(path, 5);
    ASSERT_GE(fd, 0);
    close(fd);
    path_ = path;
  }
  void TearDown() override { unlink(path_.c_str()); }

  std::string path_;
};

TEST_F(RenderXlsxTest, WritesAZipWithMergedLevel1Cells) {
  ASSERT_TRUE(WriteXlsx(testing::SampleView(), path_).ok());
  FILE* file = fopen(path_.c_str(), "rb");
  ASSERT_NE(file, nullptr);
  char magic[4] = {};
  ASSERT_EQ(fread(magic, 1, 4, file), 4u);
  fclose(file);
  EXPECT_EQ(std::string(magic, 4), std::string("PK\x03\x04", 4));

  const std::string sheet = Unzip(path_, "xl/worksheets/sheet1.xml");
  ASSERT_FALSE(sheet.empty());
  // Title, subtitle and header take rows 1–3; 资金管理 has two indicators
  // and its 小计, then 项目管理 and 产出效益 one each, then two 加分项.
  EXPECT_THAT(sheet, HasSubstr("<mergeCell ref=\"A4:A6\"/>"));
  EXPECT_THAT(sheet, HasSubstr("<mergeCell ref=\"A7:A8\"/>"));
  EXPECT_THAT(sheet, HasSubstr("<mergeCell ref=\"A9:A10\"/>"));
  EXPECT_THAT(sheet, HasSubstr("<mergeCell ref=\"A11:A13\"/>"));
  EXPECT_THAT(sheet, HasSubstr("<mergeCell ref=\"A1:G1\"/>"));
  EXPECT_THAT(sheet, HasSubstr("<pane ySplit=\"3\""));  // header frozen
  EXPECT_THAT(sheet, HasSubstr("<col min=\"7\" max=\"7\" width=\"60"));

  const std::string strings = Unzip(path_, "xl/sharedStrings.xml");
  for (const char* text :
       {"资金管理", "加分项", "合计", "评级", "评分理由", "无法评分", "28+4"}) {
    EXPECT_THAT(strings, HasSubstr(text));
  }
  // Scores are numbers, not text: the 合计 score 22.5 is a cell value.
  EXPECT_THAT(sheet, HasSubstr("<v>22.5</v>"));
}

TEST_F(RenderXlsxTest, HeaderIsBoldAndReasonsWrap) {
  ASSERT_TRUE(WriteXlsx(testing::SampleView(), path_).ok());
  const std::string styles = Unzip(path_, "xl/styles.xml");
  EXPECT_THAT(styles, HasSubstr("<b/>"));
  EXPECT_THAT(styles, HasSubstr("wrapText=\"1\""));
}

TEST(RenderXlsxErrorTest, UnwritablePathFails) {
  const absl::Status status =
      WriteXlsx(testing::SampleView(), "/nonexistent/dir/report.xlsx");
  EXPECT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("/nonexistent/dir/report.xlsx"));
}

}  // namespace
}  // namespace anju::cli
