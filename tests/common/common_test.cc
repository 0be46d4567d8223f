// common/: text checks, JSON-line logs, config values, status conversion.

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>

#include "common/config.h"
#include "common/log.h"
#include "common/status.h"
#include "common/text.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace anju::common {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;

TEST(TextTest, Utf8Validity) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("计划开工2198套"));
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x8F\xA0"));  // U+1F3E0, 4 bytes
  EXPECT_FALSE(IsValidUtf8("\xFF"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // a surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // beyond U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xE8\xAE"));          // truncated 计
  EXPECT_EQ(FirstInvalidUtf8("ab\x80"), 2u);
}

TEST(TextTest, PreviewCutsAtACharacterBoundary) {
  EXPECT_EQ(Preview("short"), "short");
  EXPECT_EQ(Preview("计划开工", 7), "计划…");  // 6 bytes fit, 9 would not
  EXPECT_EQ(Preview("a\xFF", 10), "a\\xFF");
}

std::string Logged(const std::function<void(const Logger&)>& write) {
  char* buf = nullptr;
  std::size_t size = 0;
  std::FILE* out = open_memstream(&buf, &size);
  write(Logger("scoring", out));
  std::fclose(out);
  std::string text(buf, size);
  std::free(buf);
  return text;
}

TEST(LoggerTest, OneCompactJsonObjectPerLine) {
  std::string line = Logged([](const Logger& log) {
    log.Info("listening", {{"port", 41234}, {"listen", "127.0.0.1:0"}});
  });
  ASSERT_FALSE(line.empty());
  EXPECT_EQ(line.back(), '\n');
  line.pop_back();
  EXPECT_THAT(line, MatchesRegex(R"(\{"ts":"[0-9]{4}-[0-9]{2}-[0-9]{2}T)"
                                 R"([0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z",)"
                                 R"("level":"info","service":"scoring",)"
                                 R"("msg":"listening","port":41234,)"
                                 R"("listen":"127.0.0.1:0"\})"));
}

TEST(LoggerTest, EscapesAndKeepsChineseReadable) {
  const std::string line = Logged([](const Logger& log) {
    log.Error("bad \"x\"\n", {{"error", "须为\\非空\t\x01"},
                              {"ok", true},
                              {"rate", 0.5},
                              {"nan", std::nan("")},
                              {"bad_utf8", "a\xFF"}});
  });
  EXPECT_THAT(line, HasSubstr(R"("level":"error")"));
  EXPECT_THAT(line, HasSubstr(R"("msg":"bad \"x\"\n")"));
  EXPECT_THAT(line, HasSubstr(R"("error":"须为\\非空\t\u0001")"));
  EXPECT_THAT(line, HasSubstr(R"("ok":true,"rate":0.5,"nan":null)"));
  EXPECT_THAT(line, HasSubstr("\"bad_utf8\":\"a\xEF\xBF\xBD\""));
  EXPECT_EQ(line.find('\n'), line.size() - 1);  // one line
}

TEST(LoggerTest, LevelsBelowTheMinimumAreDropped) {
  char* buf = nullptr;
  std::size_t size = 0;
  std::FILE* out = open_memstream(&buf, &size);
  Logger log("x", out, LogLevel::kWarning);
  log.Info("hidden");
  log.Warning("shown");
  std::fclose(out);
  const std::string text(buf, size);
  std::free(buf);
  EXPECT_THAT(text, Not(HasSubstr("hidden")));
  EXPECT_THAT(text, HasSubstr("shown"));
}

TEST(ConfigTest, TypedValuesAndFallbacks) {
  auto config = Config::Parse(
      "name: anju\ncount: 7\nflag: true\nnested: {deep: {value: 3}}\n",
      "c.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->GetString("name", "x").value(), "anju");
  EXPECT_EQ(config->GetString("absent", "x").value(), "x");
  EXPECT_EQ(config->GetInt("count", 0, 0, 10).value(), 7);
  EXPECT_EQ(config->GetInt("nested.deep.value", 0, 0, 10).value(), 3);
  EXPECT_EQ(config->GetInt("nested.deep.absent", 5, 0, 10).value(), 5);
  EXPECT_EQ(config->GetBool("flag", false).value(), true);
  EXPECT_TRUE(config->Has("nested.deep"));
  EXPECT_FALSE(config->Has("nested.shallow"));
  // Looking up must not add keys.
  EXPECT_TRUE(config->CheckKeys("", {"name", "count", "flag", "nested"}).ok());
}

TEST(ConfigTest, WrongValuesNameFileLineKeyAndRule) {
  auto config = Config::Parse("a: 1\ncount: 70\nflag: yes please\n", "c.yaml");
  ASSERT_TRUE(config.ok());
  auto count = config->GetInt("count", 0, 0, 10);
  EXPECT_EQ(count.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(count.status().message(), HasSubstr("c.yaml:2: count: "));
  EXPECT_THAT(count.status().message(), HasSubstr("0–10"));
  EXPECT_THAT(config->GetBool("flag", false).status().message(),
              HasSubstr("c.yaml:3: flag: "));
  EXPECT_THAT(config->GetInt("a.b", 0, 0, 1).status().message(),
              HasSubstr("mapping"));
  EXPECT_THAT(config->CheckKeys("", {"a", "count"}).message(),
              HasSubstr("c.yaml:3: flag: "));
}

TEST(ConfigTest, SyntaxErrorsAndEmptyFiles) {
  auto broken = Config::Parse("a: [1, 2\n", "c.yaml");
  EXPECT_EQ(broken.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(broken.status().message(), HasSubstr("c.yaml:"));
  auto empty = Config::Parse("", "c.yaml");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->GetInt("x", 4, 0, 9).value(), 4);
  EXPECT_EQ(Config().GetString("listen", "d").value(), "d");
}

TEST(StatusTest, CodesAndMessagesCrossTheEdgeUnchanged) {
  grpc::Status g = ToGrpcStatus(absl::InvalidArgumentError("year: 必填"));
  EXPECT_EQ(g.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(g.error_message(), "year: 必填");
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
  EXPECT_EQ(ToGrpcStatus(absl::NotFoundError("x")).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(FromGrpcStatus(grpc::Status(grpc::StatusCode::UNAVAILABLE, "r")),
            absl::UnavailableError("r"));
}

}  // namespace
}  // namespace anju::common
