#include "common/metrics/process_metrics.h"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"

namespace anju::metrics {
namespace {

std::string ReadFile(const char* path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The fields of /proc/self/stat after "(comm)": the command name may hold
// spaces and parentheses, so split after the last ')'. Field 3 (state) is
// index 0 here.
std::vector<std::string> StatFields() {
  const std::string stat = ReadFile("/proc/self/stat");
  const size_t paren = stat.rfind(')');
  if (paren == std::string::npos) return {};
  return absl::StrSplit(absl::string_view(stat).substr(paren + 1), ' ',
                        absl::SkipEmpty());
}

double StatField(int number) {  // number as in proc(5), 1-based
  const std::vector<std::string> fields = StatFields();
  const size_t index = static_cast<size_t>(number - 3);
  double v = 0;
  if (index >= fields.size() || !absl::SimpleAtod(fields[index], &v)) return 0;
  return v;
}

double CpuSeconds() {
  const std::vector<std::string> fields = StatFields();
  double utime = 0, stime = 0;  // fields 14 and 15, in clock ticks
  if (fields.size() < 13 || !absl::SimpleAtod(fields[11], &utime) ||
      !absl::SimpleAtod(fields[12], &stime)) {
    return 0;
  }
  return (utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double ResidentBytes() {  // statm: size resident shared … in pages
  std::vector<std::string> pages =
      absl::StrSplit(ReadFile("/proc/self/statm"), ' ');
  double resident = 0;
  if (pages.size() < 2 || !absl::SimpleAtod(pages[1], &resident)) return 0;
  return resident * static_cast<double>(sysconf(_SC_PAGESIZE));
}

double OpenFds() {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return 0;
  int count = 0;
  while (dirent* entry = readdir(dir)) {
    if (entry->d_name[0] != '.') ++count;
  }
  closedir(dir);
  return count - 1;  // not the descriptor opendir holds
}

double MaxFds() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  return static_cast<double>(limit.rlim_cur);
}

// Field 22 is the start in ticks after boot; /proc/stat's btime is the
// boot in seconds since the epoch. Read once: it never changes.
double StartTimeSeconds() {
  double boot = 0;
  for (absl::string_view line : absl::StrSplit(ReadFile("/proc/stat"), '\n')) {
    if (absl::ConsumePrefix(&line, "btime ")) {
      if (!absl::SimpleAtod(line, &boot)) boot = 0;
    }
  }
  return boot + StatField(22) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

}  // namespace

absl::Status AddProcessMetrics(Registry* registry) {
  struct Definition {
    const char* name;
    const char* help;
    MetricType type;
    std::function<double()> read;
  };
  const double start = StartTimeSeconds();
  const Definition definitions[] = {
      {"process_cpu_seconds_total",
       "Total user and system CPU time spent in seconds.", MetricType::kCounter,
       CpuSeconds},
      {"process_resident_memory_bytes", "Resident memory size in bytes.",
       MetricType::kGauge, ResidentBytes},
      {"process_virtual_memory_bytes", "Virtual memory size in bytes.",
       MetricType::kGauge, [] { return StatField(23); }},
      {"process_open_fds", "Number of open file descriptors.",
       MetricType::kGauge, OpenFds},
      {"process_max_fds", "Maximum number of open file descriptors.",
       MetricType::kGauge, MaxFds},
      {"process_start_time_seconds",
       "Start time of the process since unix epoch in seconds.",
       MetricType::kGauge, [start] { return start; }},
  };
  for (const Definition& d : definitions) {
    absl::Status s = registry->AddCallback(d.name, d.help, d.type, d.read);
    if (!s.ok() && !absl::IsAlreadyExists(s)) return s;
  }
  return absl::OkStatus();
}

}  // namespace anju::metrics
