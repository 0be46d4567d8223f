// anjuctl itself: the registry commands are wired, usage errors exit 2, an
// unreachable registry exits 1 naming it.

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/cli/subprocess.h"

namespace anju::cli {
namespace {

using ::testing::HasSubstr;
using testing::RunProcess;

TEST(AnjuctlRegistry, HelpListsTheSubcommands) {
  auto result = RunProcess({ANJUCTL_BIN, "project", "--help"});
  EXPECT_EQ(result.exit_code, 0);
  for (const char* s : {"create", "show", "list", "update", "transition",
                        "delete", "rank", "import", "export"}) {
    EXPECT_THAT(result.out, HasSubstr(s));
  }
  EXPECT_EQ(RunProcess({ANJUCTL_BIN, "plan", "--help"}).exit_code, 0);
  EXPECT_EQ(RunProcess({ANJUCTL_BIN, "archive", "--help"}).exit_code, 0);
  EXPECT_THAT(RunProcess({ANJUCTL_BIN, "--help"}).out, HasSubstr("--registry"));
}

TEST(AnjuctlRegistry, UsageErrorsExitTwo) {
  EXPECT_EQ(RunProcess({ANJUCTL_BIN, "project", "import", "/nonexistent.csv",
                        "--org", "150400"})
                .exit_code,
            2);
  EXPECT_EQ(RunProcess({ANJUCTL_BIN, "project", "show"}).exit_code, 2);
  auto bad = RunProcess({ANJUCTL_BIN, "--registry", "127.0.0.1:1", "project",
                         "update", "P-1", "--units", "abc"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("--units: 须为数字 (got abc)"));
}

TEST(AnjuctlRegistry, UnreachableRegistryExitsOneNamingIt) {
  auto result =
      RunProcess({ANJUCTL_BIN, "--timeout", "2", "project", "show", "P-1"},
                 {"ANJU_REGISTRY=127.0.0.1:1"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("registry service"));
  EXPECT_THAT(result.err, HasSubstr("127.0.0.1:1"));
}

}  // namespace
}  // namespace anju::cli
