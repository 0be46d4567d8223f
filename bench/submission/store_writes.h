#ifndef ANJU_BENCH_SUBMISSION_STORE_WRITES_H_
#define ANJU_BENCH_SUBMISSION_STORE_WRITES_H_

#include <string>

#include "bench/grpc/comparison.h"
#include "bench/submission/samples.h"

namespace anju::bench {

// The store level: each call is one Store::WriteReport of a new report,
// written as submitted (the sample's content with its scored snapshot), so
// one transaction with the report row, the version and its audit entry.
// Every round writes to a fresh database in `dir`/store. Keys cycle through
// the counties, then the programmes, then the years: the store does not
// check years, and every key is new within a round.
Workload StoreWriteWorkload(const std::string& dir, const Samples* samples);

}  // namespace anju::bench

#endif  // ANJU_BENCH_SUBMISSION_STORE_WRITES_H_
