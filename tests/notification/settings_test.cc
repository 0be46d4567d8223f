// anju-notification's settings: defaults, the file, flags over the file,
// and refusals that name the key.

#include "services/notification/settings.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "tests/notification/test_support.h"

namespace anju::notification {
namespace {

using ::testing::HasSubstr;

class SettingsTest : public ::testing::Test {
 protected:
  NotificationFlags Flags(const std::string& yaml) {
    std::ofstream(dir_.File("c.yaml"), std::ios::trunc) << yaml;
    NotificationFlags flags;
    flags.config = dir_.File("c.yaml");
    return flags;
  }
  testing::TempFolder dir_{"settings"};
};

TEST_F(SettingsTest, DefaultsAndFlagsOverTheFile) {
  NotificationFlags flags = Flags(
      "data_dir: d\nsubmission_address: 127.0.0.1:1\ntick_ms: 250\n"
      "smtp:\n  url: smtp://127.0.0.1:25\n  from: a@b.cn\n"
      "retry:\n  initial_backoff_ms: 100\n  max_attempts: 3\n");
  flags.submission = "127.0.0.1:2";
  flags.clock_file = "/tmp/clock";
  auto s = ResolveSettings(flags);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->server.listen, "127.0.0.1:50054");
  EXPECT_EQ(s->submission_address, "127.0.0.1:2");
  EXPECT_EQ(s->tick, absl::Milliseconds(250));
  EXPECT_EQ(s->smtp.url, "smtp://127.0.0.1:25");
  EXPECT_EQ(s->retry.initial_backoff, absl::Milliseconds(100));
  EXPECT_EQ(s->retry.max_attempts, 3);
  EXPECT_EQ(s->clock_file, "/tmp/clock");
  EXPECT_EQ(s->database.backend, storage::Backend::kSqlite);
  EXPECT_THAT(s->database.path, HasSubstr("/d/notification.db"));
  EXPECT_THAT(s->replica_id, HasSubstr("-"));  // hostname-pid
  EXPECT_EQ(s->claim_lease, absl::Minutes(5));
  EXPECT_EQ(s->default_policy.send_time(), "09:00");
}

TEST_F(SettingsTest, PostgresNeedsNoDataFolder) {
  auto s = ResolveSettings(
      Flags("submission_address: 127.0.0.1:1\nreplica_id: notification-0\n"
            "claim_lease_ms: 3000\nsmtp:\n  timeout_ms: 1000\n"
            "webhook:\n  timeout_ms: 1500\n"
            "database:\n  backend: postgres\n  dsn: \"host=pg dbname=n\"\n"));
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->database.backend, storage::Backend::kPostgres);
  EXPECT_EQ(s->database.dsn, "host=pg dbname=n");
  EXPECT_EQ(s->replica_id, "notification-0");
  EXPECT_EQ(s->claim_lease, absl::Seconds(3));
}

TEST_F(SettingsTest, RefusalsNameTheKey) {
  const std::string base = "data_dir: d\nsubmission_address: 127.0.0.1:1\n";
  struct Case {
    std::string yaml;
    std::string key;
  };
  for (const Case& c : std::vector<Case>{
           {base + "tick_ms: 5\n", "tick_ms"},
           {base + "tik_ms: 500\n", "tik_ms"},
           {base + "smtp:\n  url: smtp://x:25\n", "smtp.from"},
           {base + "smtp:\n  passwrd_file: x\n", "passwrd_file"},
           {base + "retry:\n  max_attempts: 0\n", "retry.max_attempts"},
           {base + "smtp:\n  url: smtp://x:25\n  from: a@b\n"
                   "  password_file: /nonexistent\n",
            "smtp.password_file"},
           {"data_dir: d\n", "--submission"},
           {"submission_address: 127.0.0.1:1\n", "--data"},
           {base + "database:\n  backend: mysql\n", "mysql"},
           {base + "database:\n  dns: x\n", "dns"},
           {base + "claim_lease_ms: 500\n", "claim_lease_ms"},
           {base + "claim_lease_ms: 30000\n", "claim_lease_ms"},  // < 2×20 s
       }) {
    auto s = ResolveSettings(Flags(c.yaml));
    EXPECT_TRUE(absl::IsInvalidArgument(s.status()) ||
                absl::IsNotFound(s.status()))
        << c.yaml << s.status();
    EXPECT_THAT(s.status().message(), HasSubstr(c.key)) << c.yaml;
  }
}

}  // namespace
}  // namespace anju::notification
