#ifndef ANJU_TESTS_FUZZ_FUZZ_SUPPORT_H_
#define ANJU_TESTS_FUZZ_FUZZ_SUPPORT_H_

// What the fuzz targets share: the repository's files, a scratch folder,
// and a way to stop on a broken invariant so that libFuzzer keeps the input.

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>

#include "absl/status/statusor.h"

namespace anju::fuzz {

inline std::string SourcePath(const std::string& relative) {
  return std::string(ANJU_SOURCE_DIR) + "/" + relative;
}

// A folder of this process's own, on tmpfs when it has 1 GiB free (SQLite's
// fsync and the rubric files cost nothing there), removed at exit.
inline const std::filesystem::path& ScratchDir() {
  static const std::filesystem::path* const dir = [] {
    // Not a container's 64 MiB /dev/shm: the stores grow as inputs are
    // written, and a full disk would read as the handler's failure.
    std::filesystem::path base = "/dev/shm";
    std::error_code error;
    const auto space = std::filesystem::space(base, error);
    if (error || space.available < (std::uintmax_t{1} << 30)) {
      base = std::filesystem::temp_directory_path();
    }
    auto* path = new std::filesystem::path(
        base / ("anju_fuzz_" + std::to_string(::getpid())));
    std::filesystem::remove_all(*path);
    std::filesystem::create_directories(*path);
    std::atexit([] {
      std::error_code ignored;
      std::filesystem::remove_all(*dir, ignored);
    });
    return path;
  }();
  return *dir;
}

// Setup that must work (the shipped rubrics, org tree): a failure is the
// harness's, not the input's.
[[noreturn]] inline void SetupFailed(const std::string& what) {
  std::fprintf(stderr, "fuzz setup failed: %s\n", what.c_str());
  std::abort();
}

template <typename T>
T OrDie(absl::StatusOr<T> value) {
  if (!value.ok()) SetupFailed(value.status().ToString());
  return *std::move(value);
}

// A property every input must keep; aborting makes libFuzzer save the input.
inline void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
    std::abort();
  }
}

}  // namespace anju::fuzz

#endif  // ANJU_TESTS_FUZZ_FUZZ_SUPPORT_H_
