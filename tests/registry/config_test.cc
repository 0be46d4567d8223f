// The registry's data and configuration: the required archive types file
// (the shipped one, and broken ones refused naming file, line and key),
// page tokens bound to their filters, and the settings resolution.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/storage/open_database.h"
#include "services/registry/archive_rules.h"
#include "services/registry/page_token.h"
#include "services/registry/settings.h"

namespace anju::registry {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class RegistryConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           absl::StrCat("anju_registry_config_", ::getpid());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path) << text;
    return path;
  }

  std::filesystem::path dir_;
};

TEST_F(RegistryConfigTest, ShippedArchiveRules) {
  auto rules = ArchiveRules::LoadFile(
      absl::StrCat(ANJU_SOURCE_DIR, "/config/registry/archives.yaml"));
  ASSERT_TRUE(rules.ok()) << rules.status();
  EXPECT_EQ(rules->Required("oldcomm").size(), 5u);
  EXPECT_THAT(
      rules->Required("affordable_rental"),
      ElementsAre(v1::ARCHIVE_TYPE_BASIC_INFO, v1::ARCHIVE_TYPE_RENOVATION_PLAN,
                  v1::ARCHIVE_TYPE_PROGRESS));
  EXPECT_THAT(rules->Missing("public_rental", {v1::ARCHIVE_TYPE_BASIC_INFO,
                                               v1::ARCHIVE_TYPE_PROGRESS}),
              ElementsAre(v1::ARCHIVE_TYPE_RENOVATION_PLAN));
  EXPECT_TRUE(rules->Required("casino").empty());
}

TEST_F(RegistryConfigTest, BrokenArchiveRulesNameTheLine) {
  auto unknown = ArchiveRules::LoadFile(Write(
      "a.yaml",
      "programmes:\n  oldcomm: [basic_info, photos]\n  shanty: [progress]\n"
      "  affordable_rental: [progress]\n  public_rental: [progress]\n"));
  EXPECT_TRUE(absl::IsInvalidArgument(unknown.status()));
  EXPECT_THAT(unknown.status().message(), HasSubstr("a.yaml:2"));
  EXPECT_THAT(unknown.status().message(), HasSubstr("photos"));
  auto missing = ArchiveRules::LoadFile(
      Write("b.yaml", "programmes:\n  oldcomm: [basic_info]\n"));
  EXPECT_THAT(missing.status().message(), HasSubstr("programmes.shanty"));
  EXPECT_TRUE(absl::IsNotFound(
      ArchiveRules::LoadFile((dir_ / "none.yaml").string()).status()));
}

TEST_F(RegistryConfigTest, PageTokensAreBoundToTheirFilters) {
  const std::string mine = FilterFingerprint({"150400", "shanty"});
  const std::string other = FilterFingerprint({"150400", "oldcomm"});
  EXPECT_NE(mine, other);
  // Length-prefixed: ("ab","c") and ("a","bc") differ.
  EXPECT_NE(FilterFingerprint({"ab", "c"}), FilterFingerprint({"a", "bc"}));
  const std::string token = EncodePageToken({"150402", "shanty", "P-1"}, mine);
  auto position = DecodePageToken(token, mine, 3);
  ASSERT_TRUE(position.ok());
  EXPECT_THAT(*position, ElementsAre("150402", "shanty", "P-1"));
  EXPECT_TRUE(
      absl::IsInvalidArgument(DecodePageToken(token, other, 3).status()));
  EXPECT_TRUE(
      absl::IsInvalidArgument(DecodePageToken(token, mine, 1).status()));
  EXPECT_TRUE(
      absl::IsInvalidArgument(DecodePageToken("%%%", mine, 3).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(
      DecodePageToken(std::string(5000, 'A'), mine, 3).status()));
}

TEST_F(RegistryConfigTest, SettingsFromFileAndFlags) {
  RegistryFlags flags;
  EXPECT_THAT(ResolveSettings(flags).status().message(),
              HasSubstr("--data: required"));
  flags.config = Write("registry.yaml",
                       "data_dir: data\nworkers: 3\nmax_import_bytes: 2048\n"
                       "archives:\n  max_bytes: 1000\n"
                       "  allowed_types: image/png, application/pdf\n");
  auto settings = ResolveSettings(flags);
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->data_dir, (dir_ / "data").string());
  EXPECT_EQ(settings->database.backend, storage::Backend::kSqlite);
  EXPECT_EQ(settings->database.path, (dir_ / "data" / "registry.db").string());
  EXPECT_EQ(settings->workers, 3);
  EXPECT_EQ(settings->archive_limits.max_bytes, 1000);
  EXPECT_THAT(settings->archive_limits.allowed_types,
              ElementsAre("image/png", "application/pdf"));
  EXPECT_EQ(settings->server.listen, kDefaultListen);
  flags.listen = "127.0.0.1:0";
  flags.data = "/elsewhere";
  settings = ResolveSettings(flags);
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->server.listen, "127.0.0.1:0");
  EXPECT_EQ(settings->data_dir, "/elsewhere");

  flags.config = Write("bad.yaml", "data_dir: d\nmax_import_bytes: 1\n");
  EXPECT_THAT(ResolveSettings(flags).status().message(),
              HasSubstr("max_import_bytes"));
  flags.config = Write("typo.yaml", "data_dir: d\narchive:\n  max_bytes: 1\n");
  EXPECT_THAT(ResolveSettings(flags).status().message(), HasSubstr("archive"));
}

TEST_F(RegistryConfigTest, DatabaseBlockChoosesPostgresAndKeepsArchivesInData) {
  RegistryFlags flags;
  flags.config = Write("pg.yaml",
                       "data_dir: data\ndatabase:\n  backend: postgres\n"
                       "  dsn_file: secrets/dsn\n  lock_timeout_ms: 900\n");
  auto settings = ResolveSettings(flags);
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->database.backend, storage::Backend::kPostgres);
  EXPECT_EQ(settings->database.dsn_file, (dir_ / "secrets" / "dsn").string());
  EXPECT_EQ(settings->database.postgres.lock_timeout_ms, 900);
  EXPECT_EQ(settings->archive_dir, (dir_ / "data" / "archives").string());

  flags.config = Write("typo.yaml", "data_dir: d\ndatabase:\n  pth: x\n");
  EXPECT_THAT(ResolveSettings(flags).status().message(), HasSubstr("pth"));
  flags.config =
      Write("mysql.yaml", "data_dir: d\ndatabase:\n  backend: mysql\n");
  EXPECT_TRUE(absl::IsInvalidArgument(ResolveSettings(flags).status()));
}

TEST_F(RegistryConfigTest, TheExampleConfigIsValid) {
  RegistryFlags flags;
  flags.config =
      absl::StrCat(ANJU_SOURCE_DIR, "/services/registry/config.example.yaml");
  auto settings = ResolveSettings(flags);
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->server.listen, "127.0.0.1:50053");
  EXPECT_GE(settings->server.max_receive_message_bytes,
            settings->max_import_bytes);
  EXPECT_EQ(settings->archive_limits.allowed_types.size(), 3u);
  EXPECT_TRUE(ArchiveRules::LoadFile(settings->archives_file).ok());
}

}  // namespace
}  // namespace anju::registry
