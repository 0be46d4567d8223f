#ifndef ANJU_BENCH_NATIONAL_LOAD_SURGE_H_
#define ANJU_BENCH_NATIONAL_LOAD_SURGE_H_

// The deadline-day surge (截止日集中报送): within one simulated hour every
// county saves and submits its reports, and each city does the same once
// its last county has submitted. The hour is compressed into
// `hour_seconds` of real time; arrivals crowd towards its end (density
// rising linearly over the hour, as filings do before a deadline). A pool
// of client threads works through the arrivals in order; when the suite
// cannot keep up, they fall behind the schedule and the run shows by how
// much.

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <string>

#include "anju/v1/submission.grpc.pb.h"
#include "bench/national_load/country.h"
#include "bench/national_load/facts.h"
#include "bench/national_load/principals.h"
#include "bench/national_load/recorder.h"

namespace anju::bench {

struct SurgeOptions {
  int threads = 8;
  double hour_seconds = 60;    // the simulated hour, in real seconds
  double limit_seconds = 480;  // then the remaining orgs are not filed
  std::chrono::seconds call_deadline{30};
};

struct SurgeResult {
  int orgs_total = 0;
  int orgs_filed = 0;  // every programme submitted
  int reports_submitted = 0;
  double seconds = 0;  // first arrival to last submission
  bool hit_limit = false;
};

// A client context with the caller's bearer token (none when empty) and a
// deadline.
void PrepareContext(grpc::ClientContext& context, const std::string& token,
                    std::chrono::seconds deadline);

// Runs the surge with the filers' tokens (empty map: authentication off).
SurgeResult RunSurge(const Country& country, const FactMaker& facts,
                     const Principals& principals,
                     std::shared_ptr<grpc::Channel> submission,
                     const SurgeOptions& options, Recorder& recorder);

}  // namespace anju::bench

#endif  // ANJU_BENCH_NATIONAL_LOAD_SURGE_H_
