// anjuctl as a user runs it: exit codes and the error line, with no
// service listening.

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/cli/subprocess.h"

namespace anju::cli {
namespace {

using ::testing::HasSubstr;
using testing::RunProcess;
using ::testing::StartsWith;

const std::string kAnjuctl = ANJUCTL_BIN;
const std::string kShanty =
    std::string(ANJU_SOURCE_DIR) + "/data/samples/chifeng-2023/shanty.yaml";

// A local port with nothing listening: bound, then released.
std::string DeadAddress() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), len);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return absl::StrCat("127.0.0.1:", ntohs(addr.sin_port));
}

TEST(AnjuctlTest, NoSubcommandIsAUsageError) {
  EXPECT_EQ(RunProcess({kAnjuctl}).exit_code, 2);
}

TEST(AnjuctlTest, BadFormatIsAUsageError) {
  const auto result =
      RunProcess({kAnjuctl, "score", "--file", kShanty, "--format", "pdf"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("pdf"));
}

TEST(AnjuctlTest, XlsxWithoutOutputIsAUsageError) {
  const auto result =
      RunProcess({kAnjuctl, "score", "--file", kShanty, "--format", "xlsx"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, StartsWith("anjuctl: --format xlsx needs --output"));
  EXPECT_EQ(result.out, "");
}

TEST(AnjuctlTest, HelpExitsZero) {
  const auto result = RunProcess({kAnjuctl, "--help"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_THAT(result.out, HasSubstr("ANJU_SCORING"));
}

TEST(AnjuctlTest, UnreachableServiceIsCodeAndMessage) {
  const std::string address = DeadAddress();
  const auto result = RunProcess(
      {kAnjuctl, "--scoring", address, "--timeout", "5", "rubrics", "list"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(
      result.err,
      StartsWith("anjuctl: UNAVAILABLE: scoring service at " + address + ": "));
}

TEST(AnjuctlTest, AddressFromEnvironment) {
  const std::string address = DeadAddress();
  const auto result =
      RunProcess({kAnjuctl, "rubrics", "show", "shanty", "2023"},
                 {"ANJU_SCORING=" + address});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr(address));
}

TEST(AnjuctlTest, GlobalOptionAfterSubcommand) {
  const std::string address = DeadAddress();
  const auto result =
      RunProcess({kAnjuctl, "rubrics", "list", "--scoring", address});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr(address));
}

}  // namespace
}  // namespace anju::cli
