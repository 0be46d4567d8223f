#ifndef ANJU_BENCH_SUBMISSION_SERVICE_SUBMISSIONS_H_
#define ANJU_BENCH_SUBMISSION_SERVICE_SUBMISSIONS_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "bench/grpc/comparison.h"
#include "bench/submission/samples.h"
#include "common/orgs/org_tree.h"

namespace anju::bench {

// End to end: each call is one county's submission over gRPC, SaveDraft of
// the sample then SubmitReport, counted when SubmitReport returns OK. The
// server is the real SubmissionServiceImpl on 127.0.0.1:0 with its store in
// `dir`/service and the scoring service behind `scoring`.
//
// Every round starts a fresh service on a fresh database with the 2023
// campaign (untimed), so that a round can file each county's report of each
// programme once: 103 × 3 = 309 submissions. A round that runs out fails
// its further calls with RESOURCE_EXHAUSTED: make the rounds shorter.
Workload ServiceSubmitWorkload(const std::string& dir, const Samples* samples,
                               const orgs::OrgTree* orgs,
                               std::shared_ptr<grpc::Channel> scoring);

}  // namespace anju::bench

#endif  // ANJU_BENCH_SUBMISSION_SERVICE_SUBMISSIONS_H_
