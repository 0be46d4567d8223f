#ifndef ANJU_SERVICES_SCORING_RESULTS_SUBMISSION_READER_H_
#define ANJU_SERVICES_SCORING_RESULTS_SUBMISSION_READER_H_

// What the results API reads from the submission service: the version of a
// year's stored reports, and the reports that count in totals. Behind an
// interface so that the aggregation and the cache can be tested and
// benchmarked without a server.

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "anju/v1/submission.pb.h"
#include "common/tls/tls_settings.h"

namespace anju::scoring::results {

class SubmissionReader {
 public:
  virtual ~SubmissionReader() = default;
  virtual absl::StatusOr<int64_t> ResultsVersion(int year) = 0;
  virtual absl::StatusOr<v1::ListScoredReportsResponse> ListScoredReports(
      const v1::ListScoredReportsRequest& request) = 0;
  // The year's campaign (its programmes, in order); NOT_FOUND when none.
  virtual absl::StatusOr<v1::Campaign> GetCampaign(int year) = 0;
};

struct GrpcReaderOptions {
  std::string address;  // the submission service, HOST:PORT
  // Sent as "authorization: Bearer <token>" (role `service`); empty: none,
  // for a submission service with authentication off.
  std::string token;
  absl::Duration deadline = absl::Seconds(5);  // per call
  common::tls::ClientTls tls;                  // disabled: plaintext
};

// One channel, reused by every call. The submission service's errors come
// back with their code, prefixed "submission service: ".
std::unique_ptr<SubmissionReader> NewGrpcSubmissionReader(
    const GrpcReaderOptions& options);

// The token in `path`: its content without surrounding whitespace.
// INVALID_ARGUMENT naming the file when it cannot be read or is empty.
// (common/auth gains auth::ReadTokenFile on the identity branch; this one
// can give way to it after the merge.)
absl::StatusOr<std::string> ReadServiceToken(const std::string& path);

}  // namespace anju::scoring::results

#endif  // ANJU_SERVICES_SCORING_RESULTS_SUBMISSION_READER_H_
