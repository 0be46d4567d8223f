#include "common/blobs/blob_dir.h"

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

#include "absl/strings/str_cat.h"

namespace anju::blobs {
namespace {

namespace fs = std::filesystem;

constexpr char kTempDir[] = "tmp";

absl::Status Errno(absl::string_view what, const std::string& path) {
  return absl::InternalError(
      absl::StrCat("blobs: ", what, " ", path, ": ", strerror(errno)));
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

Blob::Blob(Blob&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), size_bytes_(other.size_bytes_) {}

Blob::~Blob() {
  if (fd_ >= 0) ::close(fd_);
}

absl::StatusOr<std::string> Blob::Read(size_t max_bytes) {
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

BlobDir::BlobDir(std::string root, BlobLimits limits)
    : root_(std::move(root)), limits_(std::move(limits)) {}

absl::StatusOr<std::unique_ptr<BlobDir>> BlobDir::Open(const std::string& root,
                                                       BlobLimits limits) {
  std::unique_ptr<BlobDir> dir(new BlobDir(root, std::move(limits)));
  if (auto s = EnsureDirectory(root); !s.ok()) return s;
  if (auto s = EnsureDirectory(dir->TempDir()); !s.ok()) return s;
  if (auto s = dir->RemoveStaleTempFiles(); !s.ok()) return s;
  return dir;
}

std::string BlobDir::TempDir() const {
  return absl::StrCat(root_, "/", kTempDir);
}

std::string BlobDir::BlobPath(const std::string& sha256) const {
  return absl::StrCat(root_, "/", sha256.substr(0, 2), "/", sha256);
}

// Whether `entry` was written within limits_.spare_younger_than: possibly
// a live upload of another replica sharing the folder.
bool BlobDir::Spared(const fs::directory_entry& entry) const {
  if (limits_.spare_younger_than <= absl::ZeroDuration()) return false;
  std::error_code error;
  const auto written = entry.last_write_time(error);
  if (error) return true;  // cannot tell: keep it
  const auto since = fs::file_time_type::clock::now() -
                     absl::ToChronoNanoseconds(limits_.spare_younger_than);
  return written >= since;
}

// At start no upload of this process is running, so every temp file is one
// a crash left (or, on a shared folder, a young one another replica's).
absl::Status BlobDir::RemoveStaleTempFiles() {
  std::error_code error;
  // The error_code overloads: std::filesystem would throw otherwise.
  for (fs::directory_iterator it(TempDir(), error), end; !error && it != end;
       it.increment(error)) {
    if (Spared(*it)) continue;
    if (fs::remove(it->path(), error)) ++stale_temp_files_removed_;
  }
  if (error) {
    return absl::InternalError(
        absl::StrCat("blobs: cannot clean ", TempDir(), ": ", error.message()));
  }
  return absl::OkStatus();
}

absl::StatusOr<int> BlobDir::RemoveUnreferenced(
    const absl::flat_hash_set<std::string>& referenced) {
  int removed = 0;
  std::error_code error;
  for (fs::directory_iterator prefix(root_, error), end;
       !error && prefix != end; prefix.increment(error)) {
    const std::string name = prefix->path().filename().string();
    if (name.size() != 2 || !prefix->is_directory()) continue;
    for (fs::directory_iterator blob(prefix->path(), error);
         !error && blob != end; blob.increment(error)) {
      const std::string sha256 = blob->path().filename().string();
      if (IsBlobName(sha256) && !referenced.contains(sha256) &&
          !Spared(*blob) && fs::remove(blob->path(), error)) {
        ++removed;
      }
    }
  }
  if (error) {
    return absl::InternalError(
        absl::StrCat("blobs: cannot sweep ", root_, ": ", error.message()));
  }
  return removed;
}

absl::StatusOr<std::unique_ptr<BlobUpload>> BlobDir::StartUpload(
    const DeclaredFile& file) {
  if (auto s = CheckDeclaredFile(file, limits_); !s.ok()) return s;
  std::string path = absl::StrCat(TempDir(), "/upload-XXXXXX");
  const int fd = ::mkostemp(path.data(), O_CLOEXEC);
  if (fd < 0) return Errno("cannot create a temp file in", TempDir());
  return std::unique_ptr<BlobUpload>(new BlobUpload(file, fd, std::move(path)));
}

absl::StatusOr<bool> BlobDir::Place(BlobUpload& upload) {
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

void BlobDir::RemoveBlob(const std::string& sha256) {
  ::unlink(BlobPath(sha256).c_str());
  SyncDirectory(absl::StrCat(root_, "/", sha256.substr(0, 2))).IgnoreError();
}

absl::StatusOr<Blob> BlobDir::OpenBlob(const std::string& sha256) const {
  const std::string path = BlobPath(sha256);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) {
    return absl::NotFoundError(absl::StrCat(
        "sha256: ", limits_.noun, "文件不存在 (no stored file has the SHA-256 ",
        sha256, ")"));
  }
  if (fd < 0) return Errno("cannot open", path);
  struct stat info;
  if (::fstat(fd, &info) != 0) {
    ::close(fd);
    return Errno("cannot stat", path);
  }
  return Blob(fd, static_cast<int64_t>(info.st_size));
}

}  // namespace anju::blobs
