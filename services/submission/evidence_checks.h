#ifndef ANJU_SERVICES_SUBMISSION_EVIDENCE_CHECKS_H_
#define ANJU_SERVICES_SUBMISSION_EVIDENCE_CHECKS_H_

// What an uploaded file (佐证材料) must satisfy before a byte is kept: the
// limits from the `evidence:` settings and common/blobs' checks of the
// header and of the content's type (shared with the registry's archives).

#include <cstdint>

#include "common/blobs/file_checks.h"

namespace anju::submission {

using blobs::CheckDeclaredFile;
using blobs::CheckMagic;
using blobs::CheckSha256;
using blobs::DeclaredFile;
using blobs::kMagicHeadBytes;
using blobs::kMiB;
using blobs::SizeText;

inline constexpr int64_t kMaxEvidenceChunkBytes = blobs::kMaxChunkBytes;
inline constexpr int kMaxEvidenceFileNameBytes = blobs::kMaxFileNameBytes;
inline constexpr char kEvidenceDir[] = "evidence";  // under the data dir

// The blob limits, with messages that say 佐证材料.
struct EvidenceLimits : blobs::BlobLimits {
  EvidenceLimits() { noun = "佐证材料"; }
};

}  // namespace anju::submission

#endif  // ANJU_SERVICES_SUBMISSION_EVIDENCE_CHECKS_H_
