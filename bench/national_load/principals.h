#ifndef ANJU_BENCH_NATIONAL_LOAD_PRINCIPALS_H_
#define ANJU_BENCH_NATIONAL_LOAD_PRINCIPALS_H_

// Credentials for every filer of the country in one go: deploy/
// mint-credentials forks openssl and sha256sum per principal, which for
// ~3,200 of them takes longer than the test. The file is the same
// (common/auth/credential_store.h), minted with the same MintToken.

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "bench/national_load/country.h"

namespace anju::bench {

struct Principals {
  // org code → the bearer token of its filer (county_filer for a county,
  // city_coordinator for a city).
  absl::flat_hash_map<std::string, std::string> filer_tokens;
  std::string admin_token;     // region_admin of the first region
  std::string external_token;  // external_system: the pollers
  std::string service_token;   // service: scoring → submission and back
  std::string credentials_file;
  std::string service_token_file;
  int count = 0;
};

// Writes DIR/credentials.yaml and DIR/service.token (mode 0600).
absl::StatusOr<Principals> MintPrincipals(const Country& country,
                                          const std::string& dir);

}  // namespace anju::bench

#endif  // ANJU_BENCH_NATIONAL_LOAD_PRINCIPALS_H_
