#include "services/submission/registry_prefill.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"

namespace anju::submission {
namespace {

absl::Status Invalid(absl::string_view field, absl::string_view rule) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", rule));
}

std::string ReasonField(absl::string_view name) {
  return absl::StrCat("override_reasons[", name, "]");
}

bool SameValue(const v1::Fact& a, const v1::Fact& b) {
  if (a.value_case() != b.value_case()) return false;
  if (a.has_flag()) return a.flag() == b.flag();
  return a.number() == b.number();
}

// Sorted, so that the first error is the same on every call.
std::vector<std::string> SortedNames(const v1::ReserveFacts& reserve) {
  std::vector<std::string> names;
  for (const auto& [name, fact] : reserve.facts()) names.push_back(name);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

std::string FactText(const v1::Fact& fact) {
  if (fact.has_flag()) return fact.flag() ? "是" : "否";
  if (fact.has_number()) return absl::StrCat(fact.number());
  return "(空)";
}

absl::Status CheckOverrideReasons(const OverrideReasons& reasons,
                                  const PrefillLimits& limits) {
  if (reasons.size() > static_cast<size_t>(limits.max_facts)) {
    return Invalid("override_reasons",
                   absl::StrCat("最多 ", limits.max_facts, " 项 (got ",
                                reasons.size(), ")"));
  }
  for (const auto& [name, reason] : reasons) {
    if (name.empty() || static_cast<int>(name.size()) > limits.max_name_bytes) {
      return Invalid(
          ReasonField(name.substr(0, limits.max_name_bytes)),
          absl::StrCat("指标名须为 1–", limits.max_name_bytes, " 字节"));
    }
    if (reason.empty()) {
      return Invalid(ReasonField(name), "覆盖原因不能为空");
    }
    if (static_cast<int>(reason.size()) > limits.max_reason_bytes) {
      return Invalid(ReasonField(name),
                     absl::StrCat("覆盖原因不能超过 ", limits.max_reason_bytes,
                                  " 字节 (got ", reason.size(), ")"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckReserveFacts(const v1::ReserveFacts& reserve,
                               const PrefillLimits& limits) {
  auto broken = [](absl::string_view what) {
    return absl::InternalError(
        absl::StrCat("项目储备库返回的数据无效 (registry answer): ", what));
  };
  if (reserve.facts().size() > static_cast<size_t>(limits.max_facts)) {
    return broken(absl::StrCat("more than ", limits.max_facts, " facts"));
  }
  for (const auto& [name, fact] : reserve.facts()) {
    if (name.empty() || static_cast<int>(name.size()) > limits.max_name_bytes) {
      return broken("a fact name is empty or too long");
    }
    if (fact.value_case() == v1::Fact::VALUE_NOT_SET ||
        (fact.has_number() && !std::isfinite(fact.number()))) {
      return broken(absl::StrCat("facts[", name, "] has no finite value"));
    }
  }
  for (const auto& [name, text] : reserve.explanations()) {
    if (static_cast<int>(text.size()) > limits.max_explanation_bytes) {
      return broken(absl::StrCat("explanations[", name, "] is too long"));
    }
  }
  return absl::OkStatus();
}

absl::Status ApplyReserveFacts(const v1::ReserveFacts& reserve,
                               const OverrideReasons& reasons,
                               v1::Report* report) {
  for (const auto& [name, reason] : reasons) {
    if (!reserve.facts().contains(name)) {
      return Invalid(ReasonField(name),
                     "项目储备库不提供该数据，无需说明覆盖原因 (the registry "
                     "does not vouch for this fact)");
    }
  }
  auto& facts = *report->mutable_facts();
  auto& vouched = *report->mutable_registry_facts();
  vouched.clear();
  for (const std::string& name : SortedNames(reserve)) {
    const v1::Fact& value = reserve.facts().at(name);
    v1::RegistryFact entry;
    *entry.mutable_value() = value;
    auto explanation = reserve.explanations().find(name);
    if (explanation != reserve.explanations().end()) {
      entry.set_explanation(explanation->second);
    }
    auto filed = facts.find(name);
    auto reason = reasons.find(name);
    if (filed == facts.end()) {
      if (reason != reasons.end()) {
        return Invalid(ReasonField(name),
                       absl::StrCat("未填报，将按项目储备库数据 ",
                                    FactText(value), " 预填，无需覆盖原因"));
      }
      facts[name] = value;
    } else if (SameValue(filed->second, value)) {
      if (reason != reasons.end()) {
        return Invalid(ReasonField(name),
                       absl::StrCat("填报值与项目储备库数据 ", FactText(value),
                                    " 一致，无需覆盖原因"));
      }
    } else {
      if (reason == reasons.end()) {
        return Invalid(absl::StrCat("facts.", name),
                       absl::StrCat("与项目储备库数据 ", FactText(value),
                                    " 不一致 (填报 ", FactText(filed->second),
                                    ")，覆盖须在 override_reasons 中说明原因"));
      }
      entry.set_overridden(true);
      entry.set_override_reason(reason->second);
    }
    vouched[name] = std::move(entry);
  }
  return absl::OkStatus();
}

}  // namespace anju::submission
