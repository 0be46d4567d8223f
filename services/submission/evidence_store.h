#ifndef ANJU_SERVICES_SUBMISSION_EVIDENCE_STORE_H_
#define ANJU_SERVICES_SUBMISSION_EVIDENCE_STORE_H_

// Evidence files (佐证材料), content-addressed: the blob of a file is
// <root>/<first 2 hex digits>/<sha256>, so the same content is stored once
// however often it is attached. Metadata rows (which report and indicator a
// file is attached to, its name and type) live in the Store's evidence
// table, recorded with an audit entry.
//
// An upload streams into a temp file under <root>/tmp/ (the same file
// system, so the final rename is atomic). Commit checks size and SHA-256,
// fsyncs the file, renames it into place (or drops it when the blob exists
// already), fsyncs the directory, then records the row. Any failure leaves
// nothing behind: no blob that was not there before, no temp file, no row.
// Open removes what a crash can leave: temp files, and blobs placed whose
// row was never committed.

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "anju/v1/submission.pb.h"
#include "services/submission/evidence_checks.h"
#include "services/submission/evidence_upload.h"
#include "services/submission/store.h"

namespace anju::submission {

// A stored blob opened for reading, closed on destruction.
class EvidenceBlob {
 public:
  EvidenceBlob(EvidenceBlob&& other) noexcept;
  EvidenceBlob& operator=(EvidenceBlob&&) = delete;
  ~EvidenceBlob();

  int64_t size_bytes() const { return size_bytes_; }
  // Up to `max_bytes` of the next content; empty at the end.
  absl::StatusOr<std::string> Read(size_t max_bytes);

 private:
  friend class EvidenceStore;
  EvidenceBlob(int fd, int64_t size_bytes) : fd_(fd), size_bytes_(size_bytes) {}

  int fd_;
  int64_t size_bytes_;
};

class EvidenceStore {
 public:
  // Creates <root> and <root>/tmp when missing and removes stale temp files
  // and unreferenced blobs (see above). `store` must outlive this.
  static absl::StatusOr<std::unique_ptr<EvidenceStore>> Open(
      const std::string& root, Store* store, EvidenceLimits limits);

  const EvidenceLimits& limits() const { return limits_; }
  // What Open cleaned up, for its log line and tests.
  int stale_temp_files_removed() const { return stale_temp_files_removed_; }
  int unreferenced_blobs_removed() const { return unreferenced_blobs_removed_; }

  // Checks `file` (CheckDeclaredFile) and opens its temp file.
  absl::StatusOr<std::unique_ptr<EvidenceUpload>> StartUpload(
      const DeclaredFile& file);

  // Seals `upload` (size, checksum, type), places its blob and records
  // `evidence` (its report, indicator and uploader; the file's fields are
  // taken from the upload) through Store::AttachEvidence. Returns the row.
  absl::StatusOr<v1::Evidence> Commit(std::unique_ptr<EvidenceUpload> upload,
                                      v1::Evidence evidence,
                                      const Change& change);

  // The blob of `sha256` (64 lowercase hex digits, checked by the caller);
  // NOT_FOUND when absent.
  absl::StatusOr<EvidenceBlob> OpenBlob(const std::string& sha256) const;

  std::string BlobPath(const std::string& sha256) const;
  std::string TempDir() const;

 private:
  EvidenceStore(std::string root, Store* store, EvidenceLimits limits);

  absl::Status RemoveStaleTempFiles();
  absl::Status RemoveUnreferencedBlobs();
  // Renames the sealed upload's file to its blob; false when the blob was
  // there already (the temp file is then removed). Under place_mu_.
  absl::StatusOr<bool> Place(EvidenceUpload& upload);
  void RemoveBlob(const std::string& sha256);

  const std::string root_;
  Store* const store_;
  const EvidenceLimits limits_;
  int stale_temp_files_removed_ = 0;
  int unreferenced_blobs_removed_ = 0;
  // Placing a blob and recording its row happen together, so that an upload
  // whose row fails can remove the blob it placed without removing one that
  // another upload of the same content has just recorded.
  std::mutex place_mu_;
};

}  // namespace anju::submission

#endif  // ANJU_SERVICES_SUBMISSION_EVIDENCE_STORE_H_
