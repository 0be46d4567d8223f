#ifndef ANJU_BENCH_NATIONAL_LOAD_SUITE_H_
#define ANJU_BENCH_NATIONAL_LOAD_SUITE_H_

// The suite under load, started from the built binaries on free ports of
// 127.0.0.1: redis-server (the results cache), anju-scoring (with Redis and
// the results API) and anju-submission, on SQLite or PostgreSQL, with
// authentication on (credentials from principals.h) or off. Or an already
// running suite, given by addresses (authentication off, no memory
// figures).

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "bench/national_load/child.h"

namespace anju::test_support {
class PostgresServer;
}

namespace anju::bench {

enum class Backend { kSqlite, kPostgres };

struct SuiteOptions {
  std::string bin_dir;   // anju-scoring, anju-submission
  std::string work_dir;  // configs, logs, data; must exist
  std::string orgs_file;
  Backend backend = Backend::kSqlite;
  std::string postgres_dsn;  // empty: a throwaway cluster
  // Empty: authentication off.
  std::string credentials_file;
  std::string service_token_file;
};

class Suite {
 public:
  static absl::StatusOr<std::unique_ptr<Suite>> Start(
      const SuiteOptions& options);
  static std::unique_ptr<Suite> Attach(std::string scoring,
                                       std::string submission);
  ~Suite();

  const std::string& scoring_address() const { return scoring_address_; }
  const std::string& submission_address() const { return submission_address_; }

  // Name → process, for memory figures: "redis", "anju-scoring", …
  std::map<std::string, const Child*> processes() const;
  // Stops every process; the exit statuses by name (0 is a clean stop).
  std::map<std::string, int> Stop();

 private:
  Suite() = default;
  absl::Status StartRedis(const SuiteOptions& options);
  absl::Status StartScoring(const SuiteOptions& options, int submission_port);
  absl::Status StartSubmission(const SuiteOptions& options, int port);
  // anju-<name> --config CONFIG, logging to <name>.log; its address once
  // it listens.
  absl::Status StartService(const SuiteOptions& options,
                            const std::string& name, const std::string& config,
                            std::optional<Child>& slot, std::string& address);
  absl::StatusOr<std::string> DatabaseBlock(const SuiteOptions& options);

  std::unique_ptr<test_support::PostgresServer> postgres_;
  std::optional<Child> redis_, scoring_, submission_;
  int redis_port_ = 0;
  std::string scoring_address_, submission_address_;
};

}  // namespace anju::bench

#endif  // ANJU_BENCH_NATIONAL_LOAD_SUITE_H_
