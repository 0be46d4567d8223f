#ifndef ANJU_COMMON_BLOBS_SHA256_STREAM_H_
#define ANJU_COMMON_BLOBS_SHA256_STREAM_H_

// SHA-256 over a stream (OpenSSL's EVP interface), for content that never
// sits in memory whole: uploads as they arrive, blobs as they are sent.

#include <memory>
#include <string>

#include "absl/strings/string_view.h"

namespace anju::blobs {

class Sha256Stream {
 public:
  Sha256Stream();
  ~Sha256Stream();
  Sha256Stream(const Sha256Stream&) = delete;
  Sha256Stream& operator=(const Sha256Stream&) = delete;

  void Update(absl::string_view bytes);
  // Lowercase hex of everything updated so far; ends the stream.
  std::string HexDigest();

 private:
  struct Context;
  std::unique_ptr<Context> context_;
};

}  // namespace anju::blobs

#endif  // ANJU_COMMON_BLOBS_SHA256_STREAM_H_
