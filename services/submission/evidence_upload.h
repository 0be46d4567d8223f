#ifndef ANJU_SERVICES_SUBMISSION_EVIDENCE_UPLOAD_H_
#define ANJU_SERVICES_SUBMISSION_EVIDENCE_UPLOAD_H_

// One upload in progress: common/blobs' BlobUpload (a temp file hashed as
// the content arrives, removed unless placed).

#include "common/blobs/blob_upload.h"

namespace anju::submission {

using EvidenceUpload = blobs::BlobUpload;

}  // namespace anju::submission

#endif  // ANJU_SERVICES_SUBMISSION_EVIDENCE_UPLOAD_H_
