#include "services/notification/policy.h"

#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "yaml-cpp/yaml.h"

namespace anju::notification {
namespace {

absl::Status Invalid(absl::string_view field, absl::string_view rule) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", rule));
}

absl::Status CheckRange(int value, int min, int max, absl::string_view field) {
  if (value < min || value > max) {
    return Invalid(
        field, absl::StrCat("须在 ", min, "–", max, " 之间 (got ", value, ")"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<LocalTimeOfDay> ParseSendTime(absl::string_view text,
                                             absl::string_view field) {
  LocalTimeOfDay time;
  const bool shaped = text.size() == 5 && text[2] == ':' &&
                      absl::SimpleAtoi(text.substr(0, 2), &time.hour) &&
                      absl::SimpleAtoi(text.substr(3, 2), &time.minute);
  if (!shaped || time.hour < 0 || time.hour > 23 || time.minute < 0 ||
      time.minute > 59) {
    return Invalid(field, absl::StrCat("须为 HH:MM (00:00–23:59) (got \"",
                                       text.substr(0, 32), "\")"));
  }
  return time;
}

absl::Status ValidatePolicy(const v1::ReminderPolicy& policy) {
  if (policy.remind_days_before_size() > kMaxReminders) {
    return Invalid("policy.remind_days_before",
                   absl::StrCat("至多 ", kMaxReminders, " 项 (got ",
                                policy.remind_days_before_size(), ")"));
  }
  std::set<int> seen;
  for (int i = 0; i < policy.remind_days_before_size(); ++i) {
    const int days = policy.remind_days_before(i);
    const std::string field =
        absl::StrCat("policy.remind_days_before[", i, "]");
    if (auto s = CheckRange(days, 1, kMaxRemindDays, field); !s.ok()) return s;
    if (!seen.insert(days).second) {
      return Invalid(field, absl::StrCat("重复的天数 ", days));
    }
  }
  if (auto t = ParseSendTime(policy.send_time(), "policy.send_time"); !t.ok()) {
    return t.status();
  }
  if (auto s = CheckRange(policy.overdue_every_days(), 0, kMaxOverdueEveryDays,
                          "policy.overdue_every_days");
      !s.ok()) {
    return s;
  }
  return CheckRange(policy.escalate_after_days(), 0, kMaxEscalateAfterDays,
                    "policy.escalate_after_days");
}

absl::StatusOr<v1::ReminderPolicy> LoadPolicyFile(const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", e.what()));
  }
  if (!root.IsMap()) return Invalid(path, "须为 YAML 映射");
  v1::ReminderPolicy policy;
  try {
    for (const auto& entry : root) {
      const std::string key = entry.first.as<std::string>();
      const YAML::Node& value = entry.second;
      if (key == "remind_days_before") {
        for (const YAML::Node& day : value) {
          policy.add_remind_days_before(day.as<int>());
        }
      } else if (key == "send_time") {
        policy.set_send_time(value.as<std::string>());
      } else if (key == "overdue_every_days") {
        policy.set_overdue_every_days(value.as<int>());
      } else if (key == "escalate_after_days") {
        policy.set_escalate_after_days(value.as<int>());
      } else {
        return Invalid(absl::StrCat(path, ": ", key), "未知的键");
      }
    }
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", e.what()));
  }
  if (absl::Status s = ValidatePolicy(policy); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", s.message()));
  }
  policy.set_is_default(true);
  return policy;
}

std::string DefaultPolicyPath() {
  return absl::StrCat(ANJU_SOURCE_DIR,
                      "/config/notification/default-policy.yaml");
}

}  // namespace anju::notification
