#include "services/notification/clock.h"

#include <fstream>
#include <sstream>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace anju::notification {

absl::Time FakeClock::Now() const {
  absl::MutexLock lock(&mu_);
  return now_;
}

void FakeClock::Set(absl::Time now) {
  absl::MutexLock lock(&mu_);
  now_ = now;
}

void FakeClock::Advance(absl::Duration by) {
  absl::MutexLock lock(&mu_);
  now_ += by;
}

absl::TimeZone ShanghaiZone() {
  static const absl::TimeZone zone = [] {
    absl::TimeZone loaded;
    if (absl::LoadTimeZone("Asia/Shanghai", &loaded)) return loaded;
    return absl::FixedTimeZone(8 * 3600);
  }();
  return zone;
}

std::string FormatShanghai(absl::Time time) {
  return absl::FormatTime("%Y-%m-%d%ET%H:%M:%E*S%Ez", time, ShanghaiZone());
}

absl::StatusOr<absl::Time> ParseInstant(absl::string_view text,
                                        absl::string_view field) {
  absl::Time time;
  std::string error;
  // %Ez demands an offset: a time without one names no instant.
  if (!absl::ParseTime("%Y-%m-%d%ET%H:%M:%E*S%Ez",
                       absl::StripAsciiWhitespace(text), &time, &error)) {
    return absl::InvalidArgumentError(absl::StrCat(
        field,
        ": 须为 RFC 3339 时间并带时区, 如 2024-03-31T23:59:59+08:00 (got \"",
        text.substr(0, 64), "\")"));
  }
  return time;
}

absl::StatusOr<absl::Time> ReadInstantFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return absl::NotFoundError(
        absl::StrCat("clock file ", path, ": cannot read"));
  }
  std::stringstream text;
  text << in.rdbuf();
  return ParseInstant(text.str().substr(0, 100),
                      absl::StrCat("clock file ", path));
}

absl::StatusOr<std::unique_ptr<FileClock>> FileClock::Create(std::string path) {
  absl::StatusOr<absl::Time> first = ReadInstantFile(path);
  if (!first.ok()) return first.status();
  return std::unique_ptr<FileClock>(new FileClock(std::move(path), *first));
}

absl::Time FileClock::Now() const {
  absl::StatusOr<absl::Time> read = ReadInstantFile(path_);
  absl::MutexLock lock(&mu_);
  if (read.ok()) last_ = *read;
  return last_;
}

}  // namespace anju::notification
