#include "services/submission/evidence_store.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"

namespace anju::submission {

EvidenceStore::EvidenceStore(std::unique_ptr<blobs::BlobDir> blobs,
                             Store* store, EvidenceLimits limits)
    : blobs_(std::move(blobs)), store_(store), limits_(std::move(limits)) {}

absl::StatusOr<std::unique_ptr<EvidenceStore>> EvidenceStore::Open(
    const std::string& root, Store* store, EvidenceLimits limits) {
  absl::StatusOr<std::unique_ptr<blobs::BlobDir>> dir =
      blobs::BlobDir::Open(root, limits);
  if (!dir.ok()) return dir.status();
  std::unique_ptr<EvidenceStore> evidence(
      new EvidenceStore(*std::move(dir), store, std::move(limits)));
  if (auto s = evidence->RemoveUnreferencedBlobs(); !s.ok()) return s;
  return evidence;
}

// A crash between placing a blob and committing its row leaves a blob that
// nothing references; it would never be served, so it goes.
absl::Status EvidenceStore::RemoveUnreferencedBlobs() {
  absl::StatusOr<std::vector<std::string>> hashes = store_->EvidenceHashes();
  if (!hashes.ok()) return hashes.status();
  absl::StatusOr<int> removed = blobs_->RemoveUnreferenced(
      absl::flat_hash_set<std::string>(hashes->begin(), hashes->end()));
  if (!removed.ok()) return removed.status();
  unreferenced_blobs_removed_ = *removed;
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<EvidenceUpload>> EvidenceStore::StartUpload(
    const DeclaredFile& file) {
  return blobs_->StartUpload(file);
}

absl::StatusOr<v1::Evidence> EvidenceStore::Commit(
    std::unique_ptr<EvidenceUpload> upload, v1::Evidence evidence,
    const Change& change) {
  if (auto s = upload->Seal(); !s.ok()) return s;
  const DeclaredFile& file = upload->declared();
  evidence.set_sha256(file.sha256);
  evidence.set_file_name(file.file_name);
  evidence.set_content_type(file.content_type);
  evidence.set_size_bytes(file.size_bytes);

  std::lock_guard<std::mutex> lock(place_mu_);
  absl::StatusOr<bool> placed = blobs_->Place(*upload);
  if (!placed.ok()) return placed.status();
  absl::StatusOr<v1::Evidence> row = store_->AttachEvidence(evidence, change);
  if (!row.ok() && *placed) blobs_->RemoveBlob(file.sha256);
  return row;
}

absl::StatusOr<EvidenceBlob> EvidenceStore::OpenBlob(
    const std::string& sha256) const {
  return blobs_->OpenBlob(sha256);
}

}  // namespace anju::submission
