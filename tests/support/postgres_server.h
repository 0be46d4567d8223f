#ifndef ANJU_TESTS_SUPPORT_POSTGRES_SERVER_H_
#define ANJU_TESTS_SUPPORT_POSTGRES_SERVER_H_

// A PostgreSQL server for tests: ANJU_TEST_POSTGRES_DSN when set (CI may
// provide one; its role must be allowed to CREATE SCHEMA in its database),
// else a
// throwaway PostgreSQL 15 cluster made with initdb in a temporary folder and
// started with pg_ctl (from ANJU_TEST_POSTGRES_BIN if set). The cluster listens
// only on a unix socket in that folder, so no TCP port is taken and nothing
// else on the machine can connect or collide with it; fsync is off (the data is
// thrown away). initdb refuses to run as root: then the cluster runs as the
// `postgres` user that Debian's postgresql-15 package creates.
//
// One server per test binary (SharedPostgresServer), one fresh schema per
// test (CreateDatabase): tests stay isolated and initdb runs once.

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace anju::test_support {

class PostgresServer {
 public:
  // FAILED_PRECONDITION with what to install when PostgreSQL 15 is missing.
  static absl::StatusOr<std::unique_ptr<PostgresServer>> Start();
  ~PostgresServer();  // stops the cluster and removes its folder

  // An empty database of the test's own: a new schema, selected by the
  // search_path of the DSN (conninfo) returned. Advisory locks are shared
  // with the other tests' schemas: tests run one after another.
  absl::StatusOr<std::string> CreateDatabase();

  // Whether this process runs the cluster (false with an external DSN):
  // only then can a test stop and start it.
  bool owns_cluster() const { return !folder_.empty(); }
  absl::Status StopCluster();  // pg_ctl stop -m fast
  absl::Status StartCluster();

 private:
  PostgresServer() = default;
  absl::Status InitCluster();
  absl::Status Run(const std::string& command) const;

  std::string admin_dsn_;  // the database the schemas are made in
  std::string folder_;     // the cluster's, empty with an external server
  std::string run_as_;     // "runuser -u postgres -- " when root
  std::vector<std::string> schemas_;  // dropped at the end if external
};

// Started at first use, stopped when the test binary exits.
absl::StatusOr<PostgresServer*> SharedPostgresServer();

}  // namespace anju::test_support

#endif  // ANJU_TESTS_SUPPORT_POSTGRES_SERVER_H_
