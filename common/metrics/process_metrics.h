#ifndef ANJU_COMMON_METRICS_PROCESS_METRICS_H_
#define ANJU_COMMON_METRICS_PROCESS_METRICS_H_

// The process_* metrics every Prometheus client exports, read from /proc at
// scrape time (nothing runs between scrapes): process_cpu_seconds_total,
// process_resident_memory_bytes, process_virtual_memory_bytes,
// process_open_fds, process_max_fds, process_start_time_seconds.

#include "absl/status/status.h"
#include "common/metrics/registry.h"

namespace anju::metrics {

// Adds them to `registry`; OK again when they are already there, so every
// server of a process may call it.
absl::Status AddProcessMetrics(Registry* registry);

}  // namespace anju::metrics

#endif  // ANJU_COMMON_METRICS_PROCESS_METRICS_H_
