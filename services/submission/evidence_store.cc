#include "services/submission/evidence_store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"

namespace anju::submission {
namespace {

namespace fs = std::filesystem;

constexpr char kTempDir[] = "tmp";

absl::Status Errno(absl::string_view what, const std::string& path) {
  return absl::InternalError(
      absl::StrCat("evidence: ", what, " ", path, ": ", strerror(errno)));
}

// A rename or a new entry is durable only once its directory is synced.
absl::Status SyncDirectory(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Errno("cannot open the folder", dir);
  const int synced = ::fsync(fd);
  ::close(fd);
  if (synced != 0) return Errno("cannot fsync the folder", dir);
  return absl::OkStatus();
}

// Creates `dir` when missing; syncs its parent when it did.
absl::Status EnsureDirectory(const std::string& dir) {
  if (::mkdir(dir.c_str(), 0750) == 0) {
    return SyncDirectory(fs::path(dir).parent_path().string());
  }
  if (errno == EEXIST) return absl::OkStatus();
  return Errno("cannot create the folder", dir);
}

bool IsBlobName(const std::string& name) {
  return name.size() == 64 &&
         name.find_first_not_of("0123456789abcdef") == std::string::npos;
}

}  // namespace

EvidenceBlob::EvidenceBlob(EvidenceBlob&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), size_bytes_(other.size_bytes_) {}

EvidenceBlob::~EvidenceBlob() {
  if (fd_ >= 0) ::close(fd_);
}

absl::StatusOr<std::string> EvidenceBlob::Read(size_t max_bytes) {
  std::string bytes(max_bytes, '\0');
  size_t filled = 0;
  while (filled < max_bytes) {
    const ssize_t n = ::read(fd_, bytes.data() + filled, max_bytes - filled);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Errno("cannot read", "a blob");
    if (n == 0) break;
    filled += static_cast<size_t>(n);
  }
  bytes.resize(filled);
  return bytes;
}

EvidenceStore::EvidenceStore(std::string root, Store* store,
                             EvidenceLimits limits)
    : root_(std::move(root)), store_(store), limits_(std::move(limits)) {}

absl::StatusOr<std::unique_ptr<EvidenceStore>> EvidenceStore::Open(
    const std::string& root, Store* store, EvidenceLimits limits) {
  std::unique_ptr<EvidenceStore> evidence(
      new EvidenceStore(root, store, std::move(limits)));
  if (auto s = EnsureDirectory(root); !s.ok()) return s;
  if (auto s = EnsureDirectory(evidence->TempDir()); !s.ok()) return s;
  // std::filesystem's iterators throw on errors while walking a folder.
  try {
    if (auto s = evidence->RemoveStaleTempFiles(); !s.ok()) return s;
    if (auto s = evidence->RemoveUnreferencedBlobs(); !s.ok()) return s;
  } catch (const fs::filesystem_error& e) {
    return absl::InternalError(
        absl::StrCat("evidence: cannot clean ", root, ": ", e.what()));
  }
  return evidence;
}

std::string EvidenceStore::TempDir() const {
  return absl::StrCat(root_, "/", kTempDir);
}

std::string EvidenceStore::BlobPath(const std::string& sha256) const {
  return absl::StrCat(root_, "/", sha256.substr(0, 2), "/", sha256);
}

// At start no upload is running, so every temp file is one a crash left.
absl::Status EvidenceStore::RemoveStaleTempFiles() {
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(TempDir(), error)) {
    if (fs::remove(entry.path(), error)) ++stale_temp_files_removed_;
    if (error) break;
  }
  if (error) {
    return absl::InternalError(absl::StrCat("evidence: cannot clean ",
                                            TempDir(), ": ", error.message()));
  }
  return absl::OkStatus();
}

// A crash between placing a blob and committing its row leaves a blob that
// nothing references; it would never be served, so it goes.
absl::Status EvidenceStore::RemoveUnreferencedBlobs() {
  absl::StatusOr<std::vector<std::string>> hashes = store_->EvidenceHashes();
  if (!hashes.ok()) return hashes.status();
  const absl::flat_hash_set<std::string> referenced(hashes->begin(),
                                                    hashes->end());
  std::error_code error;
  for (const auto& prefix : fs::directory_iterator(root_, error)) {
    const std::string name = prefix.path().filename().string();
    if (name.size() != 2 || !prefix.is_directory()) continue;
    for (const auto& blob : fs::directory_iterator(prefix.path(), error)) {
      const std::string sha256 = blob.path().filename().string();
      if (IsBlobName(sha256) && !referenced.contains(sha256) &&
          fs::remove(blob.path(), error)) {
        ++unreferenced_blobs_removed_;
      }
    }
  }
  if (error) {
    return absl::InternalError(
        absl::StrCat("evidence: cannot sweep ", root_, ": ", error.message()));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<EvidenceUpload>> EvidenceStore::StartUpload(
    const DeclaredFile& file) {
  if (auto s = CheckDeclaredFile(file, limits_); !s.ok()) return s;
  std::string path = absl::StrCat(TempDir(), "/upload-XXXXXX");
  const int fd = ::mkostemp(path.data(), O_CLOEXEC);
  if (fd < 0) return Errno("cannot create a temp file in", TempDir());
  return std::unique_ptr<EvidenceUpload>(
      new EvidenceUpload(file, fd, std::move(path)));
}

absl::StatusOr<bool> EvidenceStore::Place(EvidenceUpload& upload) {
  const std::string& sha256 = upload.declared().sha256;
  const std::string dir = absl::StrCat(root_, "/", sha256.substr(0, 2));
  if (auto s = EnsureDirectory(dir); !s.ok()) return s;
  const std::string blob = BlobPath(sha256);
  if (::access(blob.c_str(), F_OK) == 0) {
    return false;  // the same content is stored once; the temp file goes
  }
  if (::rename(upload.temp_path_.c_str(), blob.c_str()) != 0) {
    return Errno("cannot place", blob);
  }
  upload.Release();
  if (auto s = SyncDirectory(dir); !s.ok()) {
    ::unlink(blob.c_str());
    return s;
  }
  return true;
}

void EvidenceStore::RemoveBlob(const std::string& sha256) {
  ::unlink(BlobPath(sha256).c_str());
  // Best effort: a blob left by a failed sync is swept at the next start.
  SyncDirectory(absl::StrCat(root_, "/", sha256.substr(0, 2))).IgnoreError();
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
  absl::StatusOr<bool> placed = Place(*upload);
  if (!placed.ok()) return placed.status();
  absl::StatusOr<v1::Evidence> row = store_->AttachEvidence(evidence, change);
  if (!row.ok() && *placed) RemoveBlob(file.sha256);
  return row;
}

absl::StatusOr<EvidenceBlob> EvidenceStore::OpenBlob(
    const std::string& sha256) const {
  const std::string path = BlobPath(sha256);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) {
    return absl::NotFoundError(absl::StrCat(
        "sha256: 佐证材料文件不存在 (no stored file has the SHA-256 ", sha256,
        ")"));
  }
  if (fd < 0) return Errno("cannot open", path);
  struct stat info;
  if (::fstat(fd, &info) != 0) {
    ::close(fd);
    return Errno("cannot stat", path);
  }
  return EvidenceBlob(fd, static_cast<int64_t>(info.st_size));
}

}  // namespace anju::submission
