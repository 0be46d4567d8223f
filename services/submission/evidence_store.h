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
#include "common/blobs/blob_dir.h"
#include "services/submission/evidence_checks.h"
#include "services/submission/evidence_upload.h"
#include "services/submission/store.h"

namespace anju::submission {

// A stored blob opened for reading, closed on destruction.
using EvidenceBlob = blobs::Blob;

class EvidenceStore {
 public:
  // Creates <root> and <root>/tmp when missing and removes stale temp files
  // and unreferenced blobs (see above). `store` must outlive this.
  static absl::StatusOr<std::unique_ptr<EvidenceStore>> Open(
      const std::string& root, Store* store, EvidenceLimits limits);

  const EvidenceLimits& limits() const { return limits_; }
  // What Open cleaned up, for its log line and tests.
  int stale_temp_files_removed() const {
    return blobs_->stale_temp_files_removed();
  }
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

  std::string BlobPath(const std::string& sha256) const {
    return blobs_->BlobPath(sha256);
  }
  std::string TempDir() const { return blobs_->TempDir(); }

 private:
  EvidenceStore(std::unique_ptr<blobs::BlobDir> blobs, Store* store,
                EvidenceLimits limits);

  absl::Status RemoveUnreferencedBlobs();

  // The files themselves (common/blobs): temp files, placing, reading.
  const std::unique_ptr<blobs::BlobDir> blobs_;
  Store* const store_;
  const EvidenceLimits limits_;
  int unreferenced_blobs_removed_ = 0;
  // Placing a blob and recording its row happen together, so that an upload
  // whose row fails can remove the blob it placed without removing one that
  // another upload of the same content has just recorded.
  std::mutex place_mu_;
};

}  // namespace anju::submission

#endif  // ANJU_SERVICES_SUBMISSION_EVIDENCE_STORE_H_
