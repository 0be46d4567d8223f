#include "common/blobs/blob_upload.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"

namespace anju::blobs {

namespace {

absl::Status WriteAll(int fd, absl::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const std::string why = strerror(errno);
      return errno == ENOSPC ? absl::ResourceExhaustedError(absl::StrCat(
                                   "文件无法写入: 磁盘已满 (disk full): ", why))
                             : absl::InternalError(absl::StrCat(
                                   "文件无法写入 (cannot write): ", why));
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return absl::OkStatus();
}

}  // namespace

BlobUpload::BlobUpload(DeclaredFile declared, int fd, std::string temp_path)
    : declared_(std::move(declared)),
      fd_(fd),
      temp_path_(std::move(temp_path)) {}

BlobUpload::~BlobUpload() {
  if (fd_ >= 0) ::close(fd_);
  if (!temp_path_.empty()) ::unlink(temp_path_.c_str());
}

absl::Status BlobUpload::Append(absl::string_view chunk) {
  if (static_cast<int64_t>(chunk.size()) > kMaxChunkBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "chunk: 每段不得超过 ", SizeText(kMaxChunkBytes), " (at most ",
        kMaxChunkBytes, " bytes per message), got ", chunk.size()));
  }
  // Refused before it is written: more than declared is never stored, and
  // the declared size is already within the limit.
  if (received_ + static_cast<int64_t>(chunk.size()) > declared_.size_bytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "size_bytes: 内容超过声明的大小 (the content exceeds the declared ",
        declared_.size_bytes, " bytes)"));
  }
  if (!head_checked_) {
    const absl::string_view more =
        chunk.substr(0, kMagicHeadBytes - head_.size());
    head_.append(more.data(), more.size());
    if (auto s = CheckHead(/*at_end=*/false); !s.ok()) return s;
  }
  if (auto s = WriteAll(fd_, chunk); !s.ok()) return s;
  sha256_.Update(chunk);
  received_ += static_cast<int64_t>(chunk.size());
  return absl::OkStatus();
}

absl::Status BlobUpload::CheckHead(bool at_end) {
  if (head_.size() < kMagicHeadBytes && !at_end) {
    return absl::OkStatus();  // not enough bytes yet
  }
  head_checked_ = true;
  absl::Status s = CheckMagic(declared_.content_type, head_);
  head_.clear();
  return s;
}

absl::Status BlobUpload::Seal() {
  if (received_ != declared_.size_bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("size_bytes: 上传不完整 (truncated): 收到 ", received_,
                     " / ", declared_.size_bytes, " bytes"));
  }
  if (!head_checked_) {
    if (auto s = CheckHead(/*at_end=*/true); !s.ok()) return s;
  }
  const std::string actual = sha256_.HexDigest();
  if (actual != declared_.sha256) {
    return absl::InvalidArgumentError(absl::StrCat(
        "sha256: 校验和不符, 文件在传输中损坏 (the content's SHA-256 is ",
        actual, ", not the declared ", declared_.sha256, ")"));
  }
  // Durable before it is renamed into place: a crash must never leave a
  // blob whose name promises content that is not on disk.
  if (::fsync(fd_) != 0) {
    return absl::InternalError(
        absl::StrCat("fsync of ", temp_path_, ": ", strerror(errno)));
  }
  const int fd = std::exchange(fd_, -1);
  if (::close(fd) != 0) {
    return absl::InternalError(
        absl::StrCat("close of ", temp_path_, ": ", strerror(errno)));
  }
  return absl::OkStatus();
}

}  // namespace anju::blobs
