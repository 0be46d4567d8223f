#ifndef ANJU_TESTS_NOTIFICATION_TEST_SUPPORT_H_
#define ANJU_TESTS_NOTIFICATION_TEST_SUPPORT_H_

// Small things the notification suites share: the shipped org tree,
// instants written as text, a temporary folder, and a Sender that records.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/orgs/org_yaml.h"
#include "services/notification/clock.h"
#include "services/notification/delivery/sender.h"

namespace anju::notification::testing {

inline constexpr char kHongshan[] = "150402";     // 红山区, 赤峰市
inline constexpr char kYuanbaoshan[] = "150403";  // 元宝山区, 赤峰市
inline constexpr char kChifeng[] = "150400";      // 赤峰市
inline constexpr char kRegion[] = "150000";       // 内蒙古自治区

inline const orgs::OrgTree& Tree() {
  static const orgs::OrgTree* tree = [] {
    auto loaded = orgs::LoadOrgTreeFile(orgs::DefaultOrgTreePath());
    if (!loaded.ok()) std::abort();
    return loaded->release();
  }();
  return *tree;
}

inline absl::Time T(const std::string& rfc3339) {
  auto t = ParseInstant(rfc3339, "test time");
  EXPECT_TRUE(t.ok()) << t.status();
  return t.ok() ? *t : absl::InfinitePast();
}

class TempFolder {
 public:
  explicit TempFolder(const std::string& name)
      : path_(std::filesystem::path(::testing::TempDir()) /
              absl::StrCat("anju_notif_", name, "_", ::getpid())) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempFolder() { std::filesystem::remove_all(path_); }
  std::string File(const std::string& name) const {
    return (path_ / name).string();
  }

 private:
  std::filesystem::path path_;
};

// Records every notice; answers with the next scripted status (OK when the
// script is used up).
class RecordingSender : public Sender {
 public:
  absl::Status Send(const Notice& notice) override {
    absl::MutexLock lock(&mu_);
    sent_.push_back(notice);
    if (script_.empty()) return absl::OkStatus();
    absl::Status next = script_.front();
    script_.erase(script_.begin());
    return next;
  }
  void Script(std::vector<absl::Status> statuses) {
    absl::MutexLock lock(&mu_);
    script_ = std::move(statuses);
  }
  std::vector<Notice> sent() const {
    absl::MutexLock lock(&mu_);
    return sent_;
  }

 private:
  mutable absl::Mutex mu_;
  std::vector<Notice> sent_;
  std::vector<absl::Status> script_;
};

}  // namespace anju::notification::testing

#endif  // ANJU_TESTS_NOTIFICATION_TEST_SUPPORT_H_
