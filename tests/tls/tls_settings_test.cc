// The `tls:` block: what is read, and every refusal naming its key.

#include "common/tls/tls_settings.h"

#include <filesystem>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/config.h"
#include "common/server.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace anju::common::tls {
namespace {

using ::testing::HasSubstr;

constexpr char kCert[] =
    "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
constexpr char kKey[] =
    "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n";

class TlsSettingsTest : public ::testing::Test {
 protected:
  TlsSettingsTest() {
    dir_ = ::testing::TempDir() + "anju-tls-settings";
    std::filesystem::create_directories(dir_);
    Write("server.pem", kCert);
    Write("server.key", kKey);
    Write("ca.pem", kCert);
  }
  ~TlsSettingsTest() override { std::filesystem::remove_all(dir_); }

  void Write(const std::string& name, const std::string& text) {
    std::ofstream(absl::StrCat(dir_, "/", name)) << text;
  }

  // The config file "server.yaml" beside the PEM files, so that relative
  // paths resolve against it.
  absl::StatusOr<std::optional<ServerTls>> Read(const std::string& yaml,
                                                ClientTls* outbound) {
    const std::string path = absl::StrCat(dir_, "/server.yaml");
    std::ofstream(path) << yaml;
    absl::StatusOr<Config> config = Config::LoadFile(path);
    EXPECT_TRUE(config.ok()) << config.status();
    return ServerTlsFromConfig(*config, outbound);
  }

  std::string dir_;
};

constexpr char kMutual[] =
    "tls:\n  cert_file: server.pem\n  key_file: server.key\n"
    "  ca_file: ca.pem\n";

TEST_F(TlsSettingsTest, NoBlockIsPlaintext) {
  ClientTls outbound;
  outbound.enabled = true;
  auto tls = Read("listen: 127.0.0.1:0\n", &outbound);
  ASSERT_TRUE(tls.ok()) << tls.status();
  EXPECT_FALSE(tls->has_value());
  EXPECT_FALSE(outbound.enabled);
}

TEST_F(TlsSettingsTest, CaFileMeansMutualTlsAndTheSameIdentityOutbound) {
  ClientTls outbound;
  auto tls =
      Read(absl::StrCat(kMutual, "  server_name_override: scoring.anju\n"),
           &outbound);
  ASSERT_TRUE(tls.ok()) << tls.status();
  ASSERT_TRUE(tls->has_value());
  EXPECT_EQ((*tls)->client_auth, ClientAuth::kRequire);
  EXPECT_EQ((*tls)->cert_chain, kCert);
  EXPECT_EQ((*tls)->private_key, kKey);
  EXPECT_EQ((*tls)->root_certs, kCert);
  EXPECT_TRUE(outbound.enabled);
  EXPECT_EQ(outbound.cert_chain, kCert);
  EXPECT_EQ(outbound.server_name_override, "scoring.anju");
}

TEST_F(TlsSettingsTest, ClientAuthAndOutboundAreChosen) {
  ClientTls outbound;
  auto tls =
      Read(absl::StrCat(kMutual, "  client_auth: request\n  outbound: false\n"),
           &outbound);
  ASSERT_TRUE(tls.ok()) << tls.status();
  EXPECT_EQ((*tls)->client_auth, ClientAuth::kRequest);
  EXPECT_FALSE(outbound.enabled);
  tls = Read("tls:\n  cert_file: server.pem\n  key_file: server.key\n",
             &outbound);
  ASSERT_TRUE(tls.ok()) << tls.status();
  EXPECT_EQ((*tls)->client_auth, ClientAuth::kNone);
}

TEST_F(TlsSettingsTest, RefusalsNameTheKeyAndTheRule) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"tls:\n  cert_file: server.pem\n", "cert_file, key_file"},
      {absl::StrCat(kMutual, "  client_auth: maybe\n"), "tls.client_auth"},
      {"tls:\n  cert_file: server.pem\n  key_file: server.key\n"
       "  client_auth: require\n",
       "tls.ca_file"},
      {absl::StrCat(kMutual, "  certfile: x\n"), "certfile"},
      {"tls:\n  cert_file: server.key\n  key_file: server.key\n",
       "tls.cert_file: 须为 PEM"},
      {"tls:\n  cert_file: server.pem\n  key_file: server.pem\n",
       "tls.key_file: 须为 PEM"},
  };
  for (const auto& [yaml, why] : cases) {
    auto tls = Read(yaml, nullptr);
    EXPECT_EQ(tls.status().code(), absl::StatusCode::kInvalidArgument) << yaml;
    EXPECT_THAT(tls.status().message(), HasSubstr(why)) << yaml;
  }
  auto missing =
      Read("tls:\n  cert_file: nowhere.pem\n  key_file: server.key\n", nullptr);
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(missing.status().message(), HasSubstr("nowhere.pem"));
}

TEST_F(TlsSettingsTest, ServerOptionsTakeCredentialsFromTheBlock) {
  const std::string path = absl::StrCat(dir_, "/server.yaml");
  std::ofstream(path) << kMutual;
  absl::StatusOr<Config> config = Config::LoadFile(path);
  ASSERT_TRUE(config.ok()) << config.status();
  auto options = ServerOptionsFromConfig(*config, ServerOptions());
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_NE(options->credentials, nullptr);
  EXPECT_TRUE(options->client_certificates);
  EXPECT_TRUE(options->outbound_tls.enabled);
}

TEST(ClientTlsTest, FlagsGoTogetherAndNoneMeansPlaintext) {
  auto none = ClientTlsFromFiles("", "", "", "");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->enabled);
  auto half = ClientTlsFromFiles("", "client.pem", "", "");
  EXPECT_EQ(half.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(half.status().message(), HasSubstr("--tls-cert, --tls-key"));
  auto missing = ClientTlsFromFiles("/nonexistent/ca.pem", "", "", "");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(missing.status().message(), HasSubstr("--tls-ca"));
}

}  // namespace
}  // namespace anju::common::tls
