#ifndef ANJU_SERVICES_SUBMISSION_EVIDENCE_UPLOAD_H_
#define ANJU_SERVICES_SUBMISSION_EVIDENCE_UPLOAD_H_

// One upload in progress: a temp file under <evidence>/tmp/ that the
// content streams into, hashed (SHA-256) as it arrives. The upload refuses a
// chunk as soon as the content would exceed the declared size, or its first
// bytes do not match the declared type. Destroyed before EvidenceStore has
// placed it, it removes its temp file: a refused, truncated or cancelled
// upload leaves nothing behind.

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "services/submission/evidence_checks.h"
#include "services/submission/evidence_hash.h"

namespace anju::submission {

class EvidenceUpload {
 public:
  EvidenceUpload(const EvidenceUpload&) = delete;
  EvidenceUpload& operator=(const EvidenceUpload&) = delete;
  ~EvidenceUpload();

  // Writes the next piece of the content. INVALID_ARGUMENT naming chunk
  // (over kMaxEvidenceChunkBytes), size_bytes (more content than declared)
  // or content_type (the first bytes are not of the declared type). After
  // an error the upload is unusable: destroy it.
  absl::Status Append(absl::string_view chunk);

  const DeclaredFile& declared() const { return declared_; }
  int64_t received() const { return received_; }

 private:
  friend class EvidenceStore;

  // Takes ownership of `fd`, open for writing on `temp_path`.
  EvidenceUpload(DeclaredFile declared, int fd, std::string temp_path);

  // At the end of the stream: the size must equal size_bytes
  // (INVALID_ARGUMENT naming size_bytes: truncated), the SHA-256 the
  // declared one (INVALID_ARGUMENT naming sha256), the type's signature
  // must have been seen; then fsyncs and closes the file.
  absl::Status Seal();
  // After the temp file was renamed into place or removed by the store.
  void Release() { temp_path_.clear(); }

  absl::Status CheckHead(bool at_end);

  const DeclaredFile declared_;
  int fd_;
  std::string temp_path_;  // empty once the store took the file
  Sha256Stream sha256_;
  int64_t received_ = 0;
  std::string head_;  // the first bytes, until the type check has run
  bool head_checked_ = false;
};

}  // namespace anju::submission

#endif  // ANJU_SERVICES_SUBMISSION_EVIDENCE_UPLOAD_H_
