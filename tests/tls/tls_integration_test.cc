// TLS and mutual TLS between real processes: anju-scoring and
// anju-submission started with a `tls:` block (client_auth: require) and
// certificates made at test time by make_certs.sh, anju-submission calling
// anju-scoring over mutual TLS with its own certificate, and anjuctl as the
// client. A client certificate names the caller (anju://role/org/id);
// without one, with one from another CA, with an expired one, or in
// plaintext, the connection is refused.

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/cli/subprocess.h"

namespace anju::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string MakeTempDir() {
  std::string dir = "/tmp/anju-tls-XXXXXX";
  if (mkdtemp(dir.data()) == nullptr) return "";
  return dir;
}

class TlsIntegrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(MakeTempDir());
    certs_ = testing::RunProcess({"/bin/sh", MAKE_CERTS, *dir_});
    scoring_ = new testing::Server(SCORING_BIN,
                                   {"--config", ServiceConfig("scoring")});
    submission_ = new testing::Server(
        SUBMISSION_BIN,
        {"--config", ServiceConfig("submission"), "--data", *dir_, "--scoring",
         absl::StrCat("127.0.0.1:", scoring_->port())});
  }
  static void TearDownTestSuite() {
    delete submission_;
    delete scoring_;
    std::system(absl::StrCat("rm -rf ", *dir_).c_str());
    delete dir_;
  }

  void SetUp() override {
    ASSERT_EQ(certs_.exit_code, 0) << certs_.err;
    ASSERT_GT(scoring_->port(), 0) << scoring_->log();
    ASSERT_GT(submission_->port(), 0) << submission_->log();
  }

  static std::string Path(const std::string& name) {
    return absl::StrCat(*dir_, "/", name);
  }

  // NAME.yaml: the service's certificate, the test CA, mutual TLS.
  static std::string ServiceConfig(const std::string& name) {
    const std::string path = Path(name + ".yaml");
    std::ofstream(path) << "tls:\n  cert_file: " << name
                        << ".pem\n  key_file: " << name
                        << ".key\n  ca_file: ca.pem\n  client_auth: require\n";
    return path;
  }

  // anjuctl with the test CA and, unless `who` is empty, the client
  // certificate WHO.pem; `extra` flags follow the TLS ones.
  static testing::Result Anjuctl(const std::string& who,
                                 std::vector<std::string> args) {
    std::vector<std::string> argv = {
        ANJUCTL_BIN,
        "--scoring",
        absl::StrCat("127.0.0.1:", scoring_->port()),
        "--submission",
        absl::StrCat("127.0.0.1:", submission_->port()),
        "--tls-ca",
        Path("ca.pem")};
    if (!who.empty()) {
      argv.insert(argv.end(), {"--tls-cert", Path(who + ".pem"), "--tls-key",
                               Path(who + ".key")});
    }
    argv.insert(argv.end(), args.begin(), args.end());
    return testing::RunProcess(argv);
  }

  static testing::Result Plaintext(std::vector<std::string> args) {
    args.insert(args.begin(), {ANJUCTL_BIN, "--scoring",
                               absl::StrCat("127.0.0.1:", scoring_->port()),
                               "--timeout", "5"});
    return testing::RunProcess(args);
  }

  static std::string* dir_;
  static testing::Result certs_;
  static testing::Server* scoring_;
  static testing::Server* submission_;
};

std::string* TlsIntegrationTest::dir_ = nullptr;
testing::Result TlsIntegrationTest::certs_;
testing::Server* TlsIntegrationTest::scoring_ = nullptr;
testing::Server* TlsIntegrationTest::submission_ = nullptr;

const std::vector<std::string> kListRubrics = {"rubrics", "list"};

// No connection, so no gRPC status from the server: the client says
// UNAVAILABLE (the handshake failed) and anjuctl exits with 1.
void ExpectRefusedAtHandshake(const testing::Result& r) {
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("UNAVAILABLE"));
}

TEST_F(TlsIntegrationTest, ServersSayTheyServeMutualTls) {
  EXPECT_THAT(scoring_->log(), HasSubstr("client certificates only"));
  // anju-submission checked its rules against the rubrics it fetched from
  // anju-scoring at start: over mutual TLS, with its own certificate.
  EXPECT_THAT(submission_->log(), Not(HasSubstr("first fetched")));
}

TEST_F(TlsIntegrationTest, ClientWithCertificateOfTheCaIsServed) {
  testing::Result r = Anjuctl("hongshan", kListRubrics);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("rental"));
}

TEST_F(TlsIntegrationTest, CertificateNamesThePrincipalAndItsOrg) {
  // Only the region's admin may open a campaign; anju-submission asks
  // anju-scoring for the rubric versions over mutual TLS.
  testing::Result r =
      Anjuctl("hongshan", {"campaign", "create", "--year", "2023",
                           "--county-deadline", "2099-03-31T23:59:59+08:00",
                           "--city-deadline", "2099-04-30T23:59:59+08:00"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("PERMISSION_DENIED"));
  r = Anjuctl("admin", {"campaign", "create", "--year", "2023",
                        "--county-deadline", "2099-03-31T23:59:59+08:00",
                        "--city-deadline", "2099-04-30T23:59:59+08:00"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("rental 指标体系版本 2023.1"));

  // The 红山区 filer's certificate: its own county, not its neighbour.
  const std::string facts = Path("hongshan-facts.yaml");
  std::ofstream(facts) << "org: \"150402\"\nprogramme: rental\nyear: 2023\n"
                          "facts:\n  subsidy_planned_households: 400\n"
                          "  subsidy_issued_households: 423\n";
  r = Anjuctl("hongshan", {"report", "edit", "--file", facts});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("草稿（etag r1）"));
  r = Anjuctl("hongshan", {"report", "show", "--org", "150403", "--programme",
                           "rental", "--year", "2023"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("PERMISSION_DENIED"));
  // Submitting scores the report: anju-submission → anju-scoring, mTLS.
  r = Anjuctl("hongshan", {"report", "submit", "--org", "150402", "--programme",
                           "rental", "--year", "2023"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("已报送盟市"));
  EXPECT_THAT(r.out, HasSubstr("计算得分"));

  // The other hop: a scoring instance's results API reads the stored
  // reports from anju-submission over mutual TLS, as anju-scoring.
  testing::Server results(SCORING_BIN,
                          {"--config", ServiceConfig("scoring"), "--submission",
                           absl::StrCat("127.0.0.1:", submission_->port())});
  ASSERT_GT(results.port(), 0) << results.log();
  r = testing::RunProcess(
      {ANJUCTL_BIN, "--scoring", absl::StrCat("127.0.0.1:", results.port()),
       "--tls-ca", Path("ca.pem"), "--tls-cert", Path("admin.pem"), "--tls-key",
       Path("admin.key"), "totals", "--city", "赤峰市", "--year", "2023"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("rental：旗县区已报送1/12"));
}

TEST_F(TlsIntegrationTest,
       VerifiedCertificateWithoutPrincipalIsUnauthenticated) {
  testing::Result r = Anjuctl("nobody", kListRubrics);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("UNAUTHENTICATED"));
  EXPECT_THAT(r.err, HasSubstr("anju://"));
}

TEST_F(TlsIntegrationTest, ClientWithoutCertificateIsRefused) {
  ExpectRefusedAtHandshake(Anjuctl("", kListRubrics));
}

TEST_F(TlsIntegrationTest, CertificateOfAnotherCaIsRefused) {
  ExpectRefusedAtHandshake(Anjuctl("stranger", kListRubrics));
}

TEST_F(TlsIntegrationTest, ExpiredCertificateIsRefused) {
  ExpectRefusedAtHandshake(Anjuctl("expired", kListRubrics));
}

TEST_F(TlsIntegrationTest, PlaintextClientIsRefused) {
  ExpectRefusedAtHandshake(Plaintext(kListRubrics));
}

TEST_F(TlsIntegrationTest, ServerCertificateFromAnotherCaIsNotTrusted) {
  // The client checks the server too: trusting only the other CA, it
  // refuses anju-scoring's certificate.
  ExpectRefusedAtHandshake(testing::RunProcess(
      {ANJUCTL_BIN, "--scoring", absl::StrCat("127.0.0.1:", scoring_->port()),
       "--tls-ca", Path("other-ca.pem"), "--tls-cert", Path("stranger.pem"),
       "--tls-key", Path("stranger.key"), "rubrics", "list"}));
}

// client_auth: request with a credentials file: a client without a
// certificate still gets TLS and is named by its bearer token.
TEST_F(TlsIntegrationTest, BearerTokenStillWorksWhereConfigured) {
  const std::string token = "tls-test-token-5e0d2c1f9a7b4e38";
  testing::Result digest = testing::RunProcess(
      {"/bin/sh", "-c", absl::StrCat("printf %s ", token, " | sha256sum")});
  ASSERT_EQ(digest.exit_code, 0) << digest.err;
  std::ofstream(Path("credentials.yaml"))
      << "credentials:\n  - id: fund-system\n    role: external_system\n"
      << "    org: \"150000\"\n    token_sha256: " << digest.out.substr(0, 64)
      << "\n";
  std::ofstream(Path("token")) << token;
  std::ofstream(Path("request.yaml"))
      << "tls:\n  cert_file: scoring.pem\n  key_file: scoring.key\n"
      << "  ca_file: ca.pem\n  client_auth: request\n"
      << "auth:\n  credentials_file: credentials.yaml\n";
  testing::Server scoring(SCORING_BIN, {"--config", Path("request.yaml")});
  ASSERT_GT(scoring.port(), 0) << scoring.log();
  const std::string address = absl::StrCat("127.0.0.1:", scoring.port());
  const std::vector<std::string> tls_only = {ANJUCTL_BIN, "--scoring", address,
                                             "--tls-ca", Path("ca.pem")};

  std::vector<std::string> argv = tls_only;
  argv.insert(argv.end(), {"--token-file", Path("token"), "rubrics", "list"});
  testing::Result r = testing::RunProcess(argv);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("rental"));
  // Neither token nor certificate: connected, but nobody.
  argv = tls_only;
  argv.insert(argv.end(), {"rubrics", "list"});
  r = testing::RunProcess(argv);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("UNAUTHENTICATED"));
  // A certificate is optional here, and names its holder when sent.
  argv = tls_only;
  argv.insert(argv.end(), {"--tls-cert", Path("hongshan.pem"), "--tls-key",
                           Path("hongshan.key"), "rubrics", "list"});
  r = testing::RunProcess(argv);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  // …but one from another CA is still refused at the handshake.
  argv = tls_only;
  argv.insert(argv.end(), {"--tls-cert", Path("stranger.pem"), "--tls-key",
                           Path("stranger.key"), "rubrics", "list"});
  ExpectRefusedAtHandshake(testing::RunProcess(argv));
}

}  // namespace
}  // namespace anju::cli
