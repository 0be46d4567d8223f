// The anjuctl binary's notification commands: parsing, exit codes, and the
// address it calls (nothing listens there: the error must name it).
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/cli/subprocess.h"

namespace anju::cli {
namespace {

using ::testing::HasSubstr;
using testing::Result;
using testing::RunProcess;

Result Anjuctl(std::vector<std::string> args,
               std::vector<std::string> env = {}) {
  args.insert(args.begin(), ANJUCTL_BIN);
  return RunProcess(args, env);
}

TEST(AnjuctlNotify, HelpListsTheCommands) {
  const Result r = Anjuctl({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* command : {"contact", "reminders", "inbox", "deliveries"}) {
    EXPECT_THAT(r.out, HasSubstr(command));
  }
  EXPECT_THAT(r.out, HasSubstr("--notification"));
}

TEST(AnjuctlNotify, UsageErrorsExitWithTwo) {
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{
           {"contact", "put", "--name", "王科长"},  // no --org
           {"contact", "put", "--org", "150402", "--name", "x", "--role",
            "boss"},
           {"reminders", "policy", "set", "--year", "2023", "--overdue-every",
            "-1"},
           {"deliveries", "list", "--page-size", "5000"},
           {"deliveries", "resend"},
           {"inbox"}}) {
    const Result r = Anjuctl(args);
    EXPECT_EQ(r.exit_code, 2) << args[0] << " " << r.err;
  }
  // Found after parsing, before any call: still a usage error.
  const Result r =
      Anjuctl({"reminders", "policy", "set", "--year", "2023", "--send-time",
               "25:00", "--notification", "127.0.0.1:1"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_THAT(r.err, HasSubstr("--send-time"));
}

TEST(AnjuctlNotify, UnreachableServiceIsNamed) {
  const Result r = Anjuctl({"deliveries", "list", "--dead", "--timeout", "2"},
                           {"ANJU_NOTIFICATION=127.0.0.1:1"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("notification service at 127.0.0.1:1"));
}

TEST(AnjuctlNotify, FlagBeatsEnvironment) {
  const Result r = Anjuctl({"inbox", "list", "--org", "150402",
                            "--notification", "127.0.0.1:2", "--timeout", "2"},
                           {"ANJU_NOTIFICATION=127.0.0.1:1"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("127.0.0.1:2"));
}

}  // namespace
}  // namespace anju::cli
