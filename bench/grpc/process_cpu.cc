#include "bench/grpc/process_cpu.h"

#include <sys/resource.h>

namespace anju::bench {
namespace {

int64_t Nanos(const timeval& t) {
  return static_cast<int64_t>(t.tv_sec) * 1'000'000'000 +
         static_cast<int64_t>(t.tv_usec) * 1'000;
}

}  // namespace

ProcessCpu ReadProcessCpu() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return {Nanos(usage.ru_utime), Nanos(usage.ru_stime)};
}

}  // namespace anju::bench
