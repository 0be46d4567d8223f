#ifndef ANJU_SERVICES_SUBMISSION_EVIDENCE_HASH_H_
#define ANJU_SERVICES_SUBMISSION_EVIDENCE_HASH_H_

// SHA-256 over a stream: common/blobs' (shared with the registry).

#include "common/blobs/sha256_stream.h"

namespace anju::submission {

using blobs::Sha256Stream;

}  // namespace anju::submission

#endif  // ANJU_SERVICES_SUBMISSION_EVIDENCE_HASH_H_
