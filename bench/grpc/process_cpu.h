#ifndef ANJU_BENCH_GRPC_PROCESS_CPU_H_
#define ANJU_BENCH_GRPC_PROCESS_CPU_H_

#include <cstdint>

namespace anju::bench {

// CPU time of this process so far, all threads, in nanoseconds.
struct ProcessCpu {
  int64_t user_nanos = 0;
  int64_t system_nanos = 0;

  int64_t total_nanos() const { return user_nanos + system_nanos; }
};

ProcessCpu ReadProcessCpu();

}  // namespace anju::bench

#endif  // ANJU_BENCH_GRPC_PROCESS_CPU_H_
