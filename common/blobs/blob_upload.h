#ifndef ANJU_COMMON_BLOBS_BLOB_UPLOAD_H_
#define ANJU_COMMON_BLOBS_BLOB_UPLOAD_H_

// One upload in progress: a temp file under <root>/tmp/ that the content
// streams into, hashed (SHA-256) as it arrives. The upload refuses a chunk
// as soon as the content would exceed the declared size, or its first bytes
// do not match the declared type. Destroyed before BlobDir has placed it,
// it removes its temp file: a refused, truncated or cancelled upload leaves
// nothing behind.

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/blobs/file_checks.h"
#include "common/blobs/sha256_stream.h"

namespace anju::blobs {

class BlobUpload {
 public:
  BlobUpload(const BlobUpload&) = delete;
  BlobUpload& operator=(const BlobUpload&) = delete;
  ~BlobUpload();

  // Writes the next piece of the content. INVALID_ARGUMENT naming chunk
  // (over kMaxChunkBytes), size_bytes (more content than declared) or
  // content_type (the first bytes are not of the declared type). After an
  // error the upload is unusable: destroy it.
  absl::Status Append(absl::string_view chunk);

  // At the end of the stream: the size must equal size_bytes
  // (INVALID_ARGUMENT naming size_bytes: truncated), the SHA-256 the
  // declared one (INVALID_ARGUMENT naming sha256), the type's signature
  // must have been seen; then fsyncs and closes the file.
  absl::Status Seal();

  const DeclaredFile& declared() const { return declared_; }
  int64_t received() const { return received_; }

 private:
  friend class BlobDir;

  // Takes ownership of `fd`, open for writing on `temp_path`.
  BlobUpload(DeclaredFile declared, int fd, std::string temp_path);

  // After the temp file was renamed into place or removed by the dir.
  void Release() { temp_path_.clear(); }

  absl::Status CheckHead(bool at_end);

  const DeclaredFile declared_;
  int fd_;
  std::string temp_path_;  // empty once the dir took the file
  Sha256Stream sha256_;
  int64_t received_ = 0;
  std::string head_;  // the first bytes, until the type check has run
  bool head_checked_ = false;
};

}  // namespace anju::blobs

#endif  // ANJU_COMMON_BLOBS_BLOB_UPLOAD_H_
