#ifndef ANJU_COMMON_BLOBS_BLOB_DIR_H_
#define ANJU_COMMON_BLOBS_BLOB_DIR_H_

// A folder of content-addressed blobs: the blob of a file is
// <root>/<first 2 hex digits>/<sha256>, so the same content is stored once
// however often it is referenced. Which rows reference a blob is the
// owning service's business (evidence rows, archive records).
//
// An upload streams into a temp file under <root>/tmp/ (the same file
// system, so the final rename is atomic). The owner seals it (size,
// SHA-256, type, fsync), places it (rename, or drop when the blob exists
// already, then fsync of the folder) and records its row; when the row
// fails it removes a blob it placed. Hold one mutex over Place and the row
// so that a failing upload never removes a blob another has just recorded.
// Open removes what a crash can leave in tmp/; RemoveUnreferenced sweeps
// blobs placed whose row was never committed. Replicas that share the
// folder set BlobLimits::spare_younger_than, so neither sweep takes a file
// another replica may still be uploading or recording.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/blobs/blob_upload.h"
#include "common/blobs/file_checks.h"

namespace anju::blobs {

// A stored blob opened for reading, closed on destruction.
class Blob {
 public:
  Blob(Blob&& other) noexcept;
  Blob& operator=(Blob&&) = delete;
  ~Blob();

  int64_t size_bytes() const { return size_bytes_; }
  // Up to `max_bytes` of the next content; empty at the end.
  absl::StatusOr<std::string> Read(size_t max_bytes);

 private:
  friend class BlobDir;
  Blob(int fd, int64_t size_bytes) : fd_(fd), size_bytes_(size_bytes) {}

  int fd_;
  int64_t size_bytes_;
};

class BlobDir {
 public:
  // Creates <root> and <root>/tmp when missing and removes stale temp files
  // (no upload runs before Open returns).
  static absl::StatusOr<std::unique_ptr<BlobDir>> Open(const std::string& root,
                                                       BlobLimits limits);

  const BlobLimits& limits() const { return limits_; }
  int stale_temp_files_removed() const { return stale_temp_files_removed_; }

  // Checks `file` (CheckDeclaredFile) and opens its temp file.
  absl::StatusOr<std::unique_ptr<BlobUpload>> StartUpload(
      const DeclaredFile& file);

  // Renames the sealed upload's file to its blob; false when the blob was
  // there already (the temp file is then removed).
  absl::StatusOr<bool> Place(BlobUpload& upload);
  // Best effort: a blob left by a failed sync is swept at the next start.
  void RemoveBlob(const std::string& sha256);
  // Removes every blob whose hash is not in `referenced`; returns how many.
  absl::StatusOr<int> RemoveUnreferenced(
      const absl::flat_hash_set<std::string>& referenced);

  // The blob of `sha256` (64 lowercase hex digits, checked by the caller);
  // NOT_FOUND naming sha256 when absent.
  absl::StatusOr<Blob> OpenBlob(const std::string& sha256) const;

  std::string BlobPath(const std::string& sha256) const;
  std::string TempDir() const;

 private:
  BlobDir(std::string root, BlobLimits limits);

  absl::Status RemoveStaleTempFiles();
  bool Spared(const std::filesystem::directory_entry& entry) const;

  const std::string root_;
  const BlobLimits limits_;
  int stale_temp_files_removed_ = 0;
};

}  // namespace anju::blobs

#endif  // ANJU_COMMON_BLOBS_BLOB_DIR_H_
