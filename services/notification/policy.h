#ifndef ANJU_SERVICES_NOTIFICATION_POLICY_H_
#define ANJU_SERVICES_NOTIFICATION_POLICY_H_

// Reminder policies (催报策略) as data: the defaults come from
// config/notification/default-policy.yaml, a campaign's own from
// SetReminderPolicy. Both pass the same validation.

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "anju/v1/notification.pb.h"

namespace anju::notification {

// Bounds of a policy; outside them INVALID_ARGUMENT names the field.
inline constexpr int kMaxRemindDays = 60;  // each of remind_days_before
inline constexpr int kMaxReminders = 10;   // how many days
inline constexpr int kMaxOverdueEveryDays = 30;
inline constexpr int kMaxEscalateAfterDays = 60;

struct LocalTimeOfDay {
  int hour = 9;
  int minute = 0;
};

// "HH:MM", 00:00–23:59.
absl::StatusOr<LocalTimeOfDay> ParseSendTime(absl::string_view text,
                                             absl::string_view field);

// Days 1..60, unique, at most 10; send_time HH:MM; overdue_every_days
// 0..30; escalate_after_days 0..60. Fields are named "policy.…".
absl::Status ValidatePolicy(const v1::ReminderPolicy& policy);

// The defaults file: remind_days_before, send_time, overdue_every_days,
// escalate_after_days. Errors name the file and the key.
absl::StatusOr<v1::ReminderPolicy> LoadPolicyFile(const std::string& path);

// The source tree's config/notification/default-policy.yaml.
std::string DefaultPolicyPath();

}  // namespace anju::notification

#endif  // ANJU_SERVICES_NOTIFICATION_POLICY_H_
