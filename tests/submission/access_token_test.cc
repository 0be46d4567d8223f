// The submission service's own credentials: the token it sends to the
// scoring service (auth::ReadTokenFile, the scoring_token_file setting), its
// `auth:` section, and deploy/mint-credentials, whose output the credential
// store must accept and whose tokens must match their digests.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "common/auth/credential_store.h"
#include "common/auth/token.h"
#include "common/auth/token_file.h"
#include "services/submission/settings.h"
#include "tests/auth/auth_fixture.h"

namespace anju::submission {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// A token as an operator mints it (64 hex digits).
const std::string& Token() {
  static const std::string token = auth::MintToken().value().token;
  return token;
}

TEST(ReadTokenFileTest, TrimsTheNewlineAnEditorLeaves) {
  auth::testing::TempDir dir;
  const std::string path =
      dir.Write("scoring.token", absl::StrCat("  ", Token(), "\n"));
  absl::StatusOr<std::string> token = auth::ReadTokenFile(path);
  ASSERT_TRUE(token.ok()) << token.status();
  EXPECT_EQ(*token, Token());
}

TEST(ReadTokenFileTest, RefusesMissingEmptyAndMalformedFilesWithoutEchoing) {
  auth::testing::TempDir dir;
  const std::string missing = dir.path() + "/nowhere.token";
  absl::StatusOr<std::string> token = auth::ReadTokenFile(missing);
  EXPECT_TRUE(absl::IsInvalidArgument(token.status()));
  EXPECT_THAT(token.status().message(), HasSubstr(missing));

  token = auth::ReadTokenFile(dir.Write("empty.token", " \n\t\n"));
  EXPECT_TRUE(absl::IsInvalidArgument(token.status()));
  EXPECT_THAT(token.status().message(), HasSubstr("empty"));

  token = auth::ReadTokenFile(
      dir.Write("two.token", absl::StrCat(Token(), "\n", Token(), "\n")));
  EXPECT_TRUE(absl::IsInvalidArgument(token.status()));
  EXPECT_THAT(token.status().message(), Not(HasSubstr(Token())));

  token = auth::ReadTokenFile(
      dir.Write("long.token", std::string(auth::kMaxTokenBytes + 1, 'a')));
  EXPECT_TRUE(absl::IsInvalidArgument(token.status()));
}

SubmissionFlags WithConfig(const std::string& config) {
  SubmissionFlags flags;
  flags.config = config;
  flags.data = "/tmp/anju";
  flags.scoring = "127.0.0.1:50051";
  return flags;
}

TEST(SubmissionIdentitySettingsTest, ReadsTheScoringTokenAndTheAuthSection) {
  auth::testing::TempDir dir;
  dir.Write("scoring.token", absl::StrCat(Token(), "\n"));
  const std::string config =
      dir.Write("submission.yaml",
                "scoring_token_file: scoring.token\n"
                "auth:\n  credentials_file: credentials.yaml\n");
  absl::StatusOr<SubmissionSettings> settings =
      ResolveSettings(WithConfig(config));
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->scoring_token, Token());
  // Relative to the config file, as every path in it.
  EXPECT_EQ(settings->auth.credentials_file, dir.path() + "/credentials.yaml");
}

TEST(SubmissionIdentitySettingsTest, WithoutAuthKeysNoTokenAndAuthIsOff) {
  SubmissionFlags flags = WithConfig("");
  flags.config.reset();
  absl::StatusOr<SubmissionSettings> settings = ResolveSettings(flags);
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_TRUE(settings->scoring_token.empty());
  EXPECT_TRUE(settings->auth.credentials_file.empty());
}

TEST(SubmissionIdentitySettingsTest,
     AnUnreadableOrEmptyTokenFileStopsTheStart) {
  auth::testing::TempDir dir;
  const std::string missing =
      dir.Write("missing.yaml", "scoring_token_file: nowhere.token\n");
  absl::StatusOr<SubmissionSettings> settings =
      ResolveSettings(WithConfig(missing));
  ASSERT_FALSE(settings.ok());
  EXPECT_THAT(settings.status().message(), HasSubstr("scoring_token_file"));
  EXPECT_THAT(settings.status().message(), HasSubstr("nowhere.token"));

  dir.Write("empty.token", "\n");
  const std::string empty =
      dir.Write("empty.yaml", "scoring_token_file: empty.token\n");
  settings = ResolveSettings(WithConfig(empty));
  ASSERT_FALSE(settings.ok());
  EXPECT_THAT(settings.status().message(), HasSubstr("empty"));

  const std::string unknown = dir.Write("unknown.yaml", "auth:\n  token: x\n");
  settings = ResolveSettings(WithConfig(unknown));
  EXPECT_TRUE(absl::IsInvalidArgument(settings.status()));
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

int RunMint(const std::string& args) {
  const std::string command = absl::StrCat(
      ANJU_SOURCE_DIR "/deploy/mint-credentials ", args, " >/dev/null 2>&1");
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(MintCredentialsTest, WritesAFileTheStoreLoadsAndPrivateTokens) {
  auth::testing::TempDir dir;
  const std::string out = dir.path() + "/creds";
  ASSERT_EQ(RunMint(out + " hongshan-filer:county_filer:150402 "
                          "chifeng:city_coordinator:150400 "
                          "submission:service:150000"),
            0);
  absl::StatusOr<std::unique_ptr<auth::CredentialStore>> store =
      auth::CredentialStore::LoadFile(out + "/credentials.yaml",
                                      auth::testing::ShippedTree());
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ((*store)->size(), 3u);

  for (const char* id : {"hongshan-filer", "chifeng", "submission"}) {
    const std::string path = absl::StrCat(out, "/tokens/", id, ".token");
    struct stat info;
    ASSERT_EQ(stat(path.c_str(), &info), 0) << path;
    EXPECT_EQ(info.st_mode & 0777, 0600) << path;
    absl::StatusOr<std::string> token = auth::ReadTokenFile(path);
    ASSERT_TRUE(token.ok()) << token.status();
    EXPECT_EQ(token->size(), 64u);
    std::optional<auth::Principal> who =
        (*store)->LookupDigest(auth::Sha256(*token));
    ASSERT_TRUE(who.has_value()) << id;
    EXPECT_EQ(who->id, id);
  }
  std::optional<auth::Principal> chifeng = (*store)->LookupDigest(
      auth::Sha256(*auth::ReadTokenFile(out + "/tokens/chifeng.token")));
  EXPECT_EQ(chifeng->org, "150400");
  EXPECT_EQ(chifeng->role, auth::Role::kCityCoordinator);
  // Only digests in the credentials file.
  EXPECT_THAT(ReadAll(out + "/credentials.yaml"),
              Not(HasSubstr(ReadAll(out + "/tokens/chifeng.token"))));
}

TEST(MintCredentialsTest, RefusesBadSpecsAndNeverOverwrites) {
  auth::testing::TempDir dir;
  const std::string out = dir.path() + "/creds";
  EXPECT_NE(RunMint(out), 0);  // nothing to mint
  EXPECT_NE(RunMint(out + " hongshan-filer:county_filer"), 0);  // no org
  EXPECT_NE(RunMint(out + " 'a b:county_filer:150402'"), 0);    // bad id
  EXPECT_NE(RunMint(out + " x:mayor:150402"), 0);               // bad role
  EXPECT_NE(RunMint(out + " x:service:150000 x:service:150000"), 0);
  EXPECT_FALSE(std::ifstream(out + "/credentials.yaml").good());

  ASSERT_EQ(RunMint(out + " x:service:150000"), 0);
  const std::string first = ReadAll(out + "/credentials.yaml");
  EXPECT_NE(RunMint(out + " y:service:150000"), 0);
  EXPECT_EQ(ReadAll(out + "/credentials.yaml"), first);
}

}  // namespace
}  // namespace anju::submission
