#include "bench/national_load/suite.h"

#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "tests/support/postgres_server.h"

namespace anju::bench {
namespace {

constexpr char kRedisBinary[] = "/usr/bin/redis-server";
constexpr auto kStartTimeout = std::chrono::seconds(60);

absl::Status WriteText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) return absl::InternalError(absl::StrCat("cannot write ", path));
  return absl::OkStatus();
}

// The `auth:` block and the token a service sends to the other one.
std::string AuthBlock(const SuiteOptions& o, const char* token_key) {
  if (o.credentials_file.empty()) return "";
  return absl::StrCat("auth:\n  credentials_file: ", o.credentials_file, "\n",
                      token_key, ": ", o.service_token_file, "\n");
}

std::string Local(int port) { return absl::StrCat("127.0.0.1:", port); }

}  // namespace

Suite::~Suite() { Stop(); }

std::unique_ptr<Suite> Suite::Attach(std::string scoring,
                                     std::string submission) {
  std::unique_ptr<Suite> suite(new Suite());
  suite->scoring_address_ = std::move(scoring);
  suite->submission_address_ = std::move(submission);
  return suite;
}

absl::StatusOr<std::unique_ptr<Suite>> Suite::Start(
    const SuiteOptions& options) {
  std::unique_ptr<Suite> suite(new Suite());
  if (auto s = suite->StartRedis(options); !s.ok()) return s;
  // Each service needs the other's address: the submission service gets a
  // port picked now, the scoring service reports the one it was given.
  auto submission_port = FreePort();
  if (!submission_port.ok()) return submission_port.status();
  if (auto s = suite->StartScoring(options, *submission_port); !s.ok()) {
    return s;
  }
  if (auto s = suite->StartSubmission(options, *submission_port); !s.ok()) {
    return s;
  }
  return suite;
}

absl::Status Suite::StartRedis(const SuiteOptions& o) {
  auto port = FreePort();
  if (!port.ok()) return port.status();
  const std::string dir = absl::StrCat(o.work_dir, "/redis");
  std::filesystem::create_directories(dir);
  auto child = Child::Start(
      {kRedisBinary, "--port", absl::StrCat(*port), "--bind", "127.0.0.1",
       "--save", "", "--appendonly", "no", "--dir", dir},
      absl::StrCat(o.work_dir, "/redis.log"));
  if (!child.ok()) return child.status();
  redis_.emplace(*std::move(child));
  redis_port_ = *port;
  return redis_->WaitForLine("Ready to accept connections", kStartTimeout)
      .status();
}

absl::Status Suite::StartScoring(const SuiteOptions& o, int submission_port) {
  const std::string config = absl::StrCat(o.work_dir, "/scoring.yaml");
  auto s = WriteText(
      config, absl::StrCat("listen: 127.0.0.1:0\nsubmission: ",
                           Local(submission_port), "\norgs_file: ", o.orgs_file,
                           "\nredis:\n  address: ", Local(redis_port_), "\n",
                           AuthBlock(o, "submission_token_file")));
  if (!s.ok()) return s;
  return StartService(o, "scoring", config, scoring_, scoring_address_);
}

absl::Status Suite::StartService(const SuiteOptions& o, const std::string& name,
                                 const std::string& config,
                                 std::optional<Child>& slot,
                                 std::string& address) {
  auto child = Child::Start(
      {absl::StrCat(o.bin_dir, "/anju-", name), "--config", config},
      absl::StrCat(o.work_dir, "/", name, ".log"));
  if (!child.ok()) return child.status();
  slot.emplace(*std::move(child));
  auto port = slot->WaitForListeningPort();
  if (!port.ok()) return port.status();
  address = Local(*port);
  return absl::OkStatus();
}

absl::StatusOr<std::string> Suite::DatabaseBlock(const SuiteOptions& o) {
  if (o.backend == Backend::kSqlite) return std::string();
  std::string dsn = o.postgres_dsn;
  if (dsn.empty()) {
    auto server = test_support::PostgresServer::Start();
    if (!server.ok()) return server.status();
    postgres_ = *std::move(server);
    auto created = postgres_->CreateDatabase();
    if (!created.ok()) return created.status();
    dsn = *created;
  }
  // common/storage/open_database.h: the service moves to PostgreSQL by
  // configuration alone. A conninfo may hold ' and \\, so the YAML string
  // is double-quoted with \\ and " escaped.
  const std::string quoted =
      absl::StrReplaceAll(dsn, {{"\\", "\\\\"}, {"\"", "\\\""}});
  return absl::StrCat("database:\n  backend: postgres\n  dsn: \"", quoted,
                      "\"\n");
}

absl::Status Suite::StartSubmission(const SuiteOptions& o, int port) {
  auto database = DatabaseBlock(o);
  if (!database.ok()) return database.status();
  const std::string data = absl::StrCat(o.work_dir, "/submission");
  std::filesystem::create_directories(data);
  const std::string config = absl::StrCat(o.work_dir, "/submission.yaml");
  auto s = WriteText(
      config, absl::StrCat("listen: ", Local(port), "\ndata_dir: ", data,
                           "\nscoring_address: ", scoring_address_,
                           "\norgs_file: ", o.orgs_file, "\n",
                           AuthBlock(o, "scoring_token_file"), *database));
  if (!s.ok()) return s;
  return StartService(o, "submission", config, submission_,
                      submission_address_);
}

std::map<std::string, const Child*> Suite::processes() const {
  std::map<std::string, const Child*> out;
  if (redis_) out["redis-server"] = &*redis_;
  if (scoring_) out["anju-scoring"] = &*scoring_;
  if (submission_) out["anju-submission"] = &*submission_;
  return out;
}

std::map<std::string, int> Suite::Stop() {
  std::map<std::string, int> out;
  // Callers first: the submission service calls scoring, scoring Redis.
  if (submission_ && submission_->pid() > 0) {
    out["anju-submission"] = submission_->Stop();
  }
  if (scoring_ && scoring_->pid() > 0) out["anju-scoring"] = scoring_->Stop();
  if (redis_ && redis_->pid() > 0) out["redis-server"] = redis_->Stop();
  postgres_.reset();
  return out;
}

}  // namespace anju::bench
