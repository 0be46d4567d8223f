#ifndef ANJU_SERVICES_NOTIFICATION_CLOCK_H_
#define ANJU_SERVICES_NOTIFICATION_CLOCK_H_

// Time for the notification service. Every "now" comes from a Clock, so
// that tests run a campaign's whole calendar in simulated time: FakeClock in
// unit tests, FileClock (the binary's --clock-file) for tests of the real
// binary, also across a kill and a restart. Calendar arithmetic (T−7 at
// 09:00) is always done in China Standard Time, whatever the server's zone.

#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace anju::notification {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() const = 0;
};

class SystemClock : public Clock {
 public:
  absl::Time Now() const override { return absl::Now(); }
};

// Set and advanced by a test; safe from any thread.
class FakeClock : public Clock {
 public:
  explicit FakeClock(absl::Time now) : now_(now) {}
  absl::Time Now() const override;
  void Set(absl::Time now);
  void Advance(absl::Duration by);

 private:
  mutable absl::Mutex mu_;
  absl::Time now_ ABSL_GUARDED_BY(mu_);
};

// Reads an RFC 3339 instant from a file on every Now(). Create fails when
// the file cannot be read or parsed; later a bad read (a test rewriting the
// file) keeps the last good instant rather than jumping.
class FileClock : public Clock {
 public:
  static absl::StatusOr<std::unique_ptr<FileClock>> Create(std::string path);
  absl::Time Now() const override;

 private:
  FileClock(std::string path, absl::Time first)
      : path_(std::move(path)), last_(first) {}
  std::string path_;
  mutable absl::Mutex mu_;
  mutable absl::Time last_ ABSL_GUARDED_BY(mu_);
};

// Asia/Shanghai from tzdata, or UTC+08:00 when the host has no tzdata
// (China has kept +08:00 without DST since 1991, so both agree for every
// campaign this service will see).
absl::TimeZone ShanghaiZone();

// "2024-03-31T23:59:59+08:00".
std::string FormatShanghai(absl::Time time);

// An RFC 3339 instant with "Z" or an offset; INVALID_ARGUMENT naming
// `field` otherwise.
absl::StatusOr<absl::Time> ParseInstant(absl::string_view text,
                                        absl::string_view field);

// The file's content as an instant (FileClock's read).
absl::StatusOr<absl::Time> ReadInstantFile(const std::string& path);

}  // namespace anju::notification

#endif  // ANJU_SERVICES_NOTIFICATION_CLOCK_H_
