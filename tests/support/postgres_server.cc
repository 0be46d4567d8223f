#include "tests/support/postgres_server.h"

#include <libpq-fe.h>
#include <pwd.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace anju::test_support {
namespace {

// Debian's postgresql-15; ANJU_TEST_POSTGRES_BIN names another.
std::string BinDir() {
  const char* dir = std::getenv("ANJU_TEST_POSTGRES_BIN");
  return dir != nullptr && *dir != '\0' ? dir : "/usr/lib/postgresql/15/bin";
}
// Only names the socket file (.s.PGSQL.5432) inside the private folder.
constexpr int kPort = 5432;

std::string Quote(const std::string& value) {
  return absl::StrCat(
      "'", absl::StrReplaceAll(value, {{"\\", "\\\\"}, {"'", "\\'"}}), "'");
}

// `base` (conninfo or URI) as a conninfo with `key` set to `value`.
absl::StatusOr<std::string> WithKey(const std::string& base,
                                    const std::string& key,
                                    const std::string& value) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(base.c_str(), &error);
  if (options == nullptr) {
    std::string message = error != nullptr ? error : "out of memory";
    PQfreemem(error);
    return absl::InvalidArgumentError(
        absl::StrCat("ANJU_TEST_POSTGRES_DSN does not parse: ", message));
  }
  std::string dsn;
  for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (o->val == nullptr || key == o->keyword) continue;
    absl::StrAppend(&dsn, o->keyword, "=", Quote(o->val), " ");
  }
  PQconninfoFree(options);
  absl::StrAppend(&dsn, key, "=", Quote(value));
  return dsn;
}

absl::Status AdminExec(const std::string& dsn, const std::string& sql) {
  PGconn* conn = PQconnectdb(dsn.c_str());
  absl::Status status;
  if (PQstatus(conn) != CONNECTION_OK) {
    status = absl::UnavailableError(
        absl::StrCat("cannot connect to the test PostgreSQL: ",
                     absl::StripAsciiWhitespace(PQerrorMessage(conn))));
  } else {
    PQsetNoticeProcessor(
        conn, [](void*, const char*) {}, nullptr);  // "drop cascades to…"
    PGresult* result = PQexec(conn, sql.c_str());
    if (PQresultStatus(result) != PGRES_COMMAND_OK) {
      status = absl::InternalError(absl::StrCat(
          sql, ": ", absl::StripAsciiWhitespace(PQresultErrorMessage(result))));
    }
    PQclear(result);
  }
  PQfinish(conn);
  return status;
}

}  // namespace

absl::StatusOr<std::unique_ptr<PostgresServer>> PostgresServer::Start() {
  std::unique_ptr<PostgresServer> server(new PostgresServer());
  if (const char* dsn = std::getenv("ANJU_TEST_POSTGRES_DSN");
      dsn != nullptr && *dsn != '\0') {
    // Parsed now, so that a DSN that does not parse fails every test.
    absl::StatusOr<std::string> admin =
        WithKey(dsn, "application_name", "anju-test");
    if (!admin.ok()) return admin.status();
    server->admin_dsn_ = *admin;
    return server;
  }
  if (!std::filesystem::exists(absl::StrCat(BinDir(), "/initdb"))) {
    return absl::FailedPreconditionError(absl::StrCat(
        "PostgreSQL 15 is not installed (no ", BinDir(),
        "/initdb): run scripts/install-deps, or apt-get install postgresql-15 "
        "postgresql-client-15, or set ANJU_TEST_POSTGRES_DSN to a server"));
  }
  if (absl::Status s = server->InitCluster(); !s.ok()) return s;
  return server;
}

absl::Status PostgresServer::Run(const std::string& command) const {
  const std::string line =
      absl::StrCat(run_as_, command, " >>", folder_, "/commands.log 2>&1");
  if (std::system(line.c_str()) == 0) return absl::OkStatus();
  std::ifstream log(folder_ + "/commands.log");
  std::stringstream text;
  text << log.rdbuf();
  std::ifstream server_log(folder_ + "/server.log");
  text << server_log.rdbuf();
  return absl::InternalError(
      absl::StrCat("test PostgreSQL: failed: ", line, "\n", text.str()));
}

absl::Status PostgresServer::InitCluster() {
  // Always /tmp, not TMPDIR: a unix socket path must stay under 108 bytes,
  // and when we are root the `postgres` user must be able to reach it.
  std::string pattern = "/tmp/anju-pg-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) {
    return absl::InternalError("mkdtemp failed for the test PostgreSQL");
  }
  folder_ = pattern;
  if (geteuid() == 0) {
    const passwd* postgres = getpwnam("postgres");
    if (postgres == nullptr) {
      return absl::FailedPreconditionError(
          "running as root, and there is no `postgres` user to run initdb "
          "as: apt-get install postgresql-15 creates it");
    }
    if (chown(folder_.c_str(), postgres->pw_uid, postgres->pw_gid) != 0) {
      return absl::InternalError("cannot chown the test PostgreSQL folder");
    }
    run_as_ = "runuser -u postgres -- ";
  }
  const std::string init = absl::StrCat(
      BinDir(), "/initdb -D ", folder_,
      "/data -U anju -A trust -E UTF8 --locale=C --no-sync --no-instructions");
  if (absl::Status s = Run(init); !s.ok()) return s;
  if (absl::Status s = StartCluster(); !s.ok()) return s;
  admin_dsn_ = absl::StrCat("host=", folder_, " port=", kPort,
                            " user=anju dbname=postgres");
  return absl::OkStatus();
}

absl::Status PostgresServer::StartCluster() {
  if (!owns_cluster()) {
    return absl::FailedPreconditionError("the test PostgreSQL is external");
  }
  return Run(
      absl::StrCat(BinDir(), "/pg_ctl -D ", folder_, "/data -l ", folder_,
                   "/server.log -w -t 60 -o \"-k ", folder_, " -p ", kPort,
                   " -c listen_addresses='' -c fsync=off -c "
                   "full_page_writes=off -c deadlock_timeout=100ms\" start"));
}

absl::Status PostgresServer::StopCluster() {
  if (!owns_cluster()) {
    return absl::FailedPreconditionError("the test PostgreSQL is external");
  }
  return Run(absl::StrCat(BinDir(), "/pg_ctl -D ", folder_,
                          "/data -w -t 60 -m fast stop"));
}

PostgresServer::~PostgresServer() {
  if (!owns_cluster()) {
    for (const std::string& schema : schemas_) {
      AdminExec(admin_dsn_,
                absl::StrCat("DROP SCHEMA IF EXISTS ", schema, " CASCADE"))
          .IgnoreError();
    }
    return;
  }
  StopCluster().IgnoreError();  // already stopped by a test: fine
  std::error_code ignored;
  std::filesystem::remove_all(folder_, ignored);
}

absl::StatusOr<std::string> PostgresServer::CreateDatabase() {
  // A schema, not a database: CREATE DATABASE copies a template (hundreds
  // of milliseconds each); a schema chosen by search_path isolates a test's
  // tables as well, in a few milliseconds, and needs no CREATEDB right.
  const std::string name =
      absl::StrCat("anju_test_", getpid(), "_", schemas_.size() + 1);
  if (absl::Status s = AdminExec(admin_dsn_, "CREATE SCHEMA " + name);
      !s.ok()) {
    return s;
  }
  schemas_.push_back(name);
  return WithKey(admin_dsn_, "options", "-c search_path=" + name);
}

absl::StatusOr<PostgresServer*> SharedPostgresServer() {
  // Destroyed by exit(): the cluster stops when the test binary ends.
  static auto* const server =
      new absl::StatusOr<std::unique_ptr<PostgresServer>>(
          PostgresServer::Start());
  static const int registered = std::atexit([] {
    if (server->ok()) server->value().reset();
  });
  (void)registered;
  if (!server->ok()) return server->status();
  return server->value().get();
}

}  // namespace anju::test_support
