#ifndef ANJU_COMMON_BLOBS_FILE_CHECKS_H_
#define ANJU_COMMON_BLOBS_FILE_CHECKS_H_

// What an uploaded file (佐证材料, 档案照片…) must satisfy before a byte is
// kept: the configured limits, the header's fields, and a magic-byte check
// of the content against its declared type. Every refusal is
// INVALID_ARGUMENT naming the field and the rule.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace anju::blobs {

inline constexpr int64_t kMiB = int64_t{1} << 20;
// One message of an upload; gRPC's default message limit is 4 MiB, and a
// small chunk keeps the memory of many parallel uploads bounded.
inline constexpr int64_t kMaxChunkBytes = kMiB;
inline constexpr int kMaxFileNameBytes = 255;  // ext4's name limit

struct BlobLimits {
  int64_t max_bytes = 20 * kMiB;
  std::vector<std::string> allowed_types = DefaultAllowedTypes();
  // What the files are, in messages: "佐证材料", "档案文件".
  std::string noun = "文件";
  // Replicas sharing the folder (one PostgreSQL behind them): a temp file or
  // an unreferenced blob written this recently may be another replica's
  // upload in progress, so the sweeps at start leave it (a later start
  // takes it). Zero: the folder is this process's alone.
  absl::Duration spare_younger_than = absl::ZeroDuration();

  static std::vector<std::string> DefaultAllowedTypes();
};

// What the header of an upload declares about the file.
struct DeclaredFile {
  std::string file_name;
  std::string content_type;
  int64_t size_bytes = 0;
  std::string sha256;  // lowercase hex
};

// Checks every field of `file` against `limits`: file_name (1–255 bytes of
// valid UTF-8 without '/', '\\', NUL or control characters), content_type
// (one of the allowed), size_bytes (1 – max_bytes), sha256 (64 lowercase hex
// digits). INVALID_ARGUMENT naming the first field that fails.
absl::Status CheckDeclaredFile(const DeclaredFile& file,
                               const BlobLimits& limits);

// 64 lowercase hex digits; INVALID_ARGUMENT naming sha256 otherwise.
absl::Status CheckSha256(absl::string_view sha256);

// "20 MiB", "1.5 MiB", "512 bytes": sizes as users read them.
std::string SizeText(int64_t bytes);

// How many leading bytes CheckMagic looks at: the longest signature, so
// that a refusal can say what the content is.
inline constexpr size_t kMagicHeadBytes = 8;

// Whether `head` (the file's first kMagicHeadBytes, or the whole file when
// it is shorter) starts as files of `content_type` do: %PDF- for PDF,
// the PNG and JPEG signatures, PK\3\4 for the zip-based Office types, the
// OLE2 signature for the old Office types. INVALID_ARGUMENT naming
// content_type when it does not, so that a PNG declared as a PDF is refused.
absl::Status CheckMagic(absl::string_view content_type, absl::string_view head);

}  // namespace anju::blobs

#endif  // ANJU_COMMON_BLOBS_FILE_CHECKS_H_
