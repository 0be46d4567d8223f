#ifndef ANJU_BENCH_SUBMISSION_SCRATCH_H_
#define ANJU_BENCH_SUBMISSION_SCRATCH_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace anju::bench {

// A new directory for this run under `parent` (e.g. /tmp), removed with
// everything in it when the object goes. The baseline and the subjects all
// write under it, so that they share one file system and one disk.
class ScratchDir {
 public:
  static absl::StatusOr<ScratchDir> Create(const std::string& parent);
  ScratchDir(ScratchDir&& other) noexcept;
  ScratchDir& operator=(ScratchDir&&) = delete;
  ~ScratchDir();

  const std::string& path() const { return path_; }

 private:
  explicit ScratchDir(std::string path) : path_(std::move(path)) {}

  std::string path_;
};

// Empties `dir` (creating it if need be): each round starts from a new
// database file, so that no round pays for another's file growth or
// checkpoints.
absl::Status FreshDir(const std::string& dir);

}  // namespace anju::bench

#endif  // ANJU_BENCH_SUBMISSION_SCRATCH_H_
