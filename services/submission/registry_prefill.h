#ifndef ANJU_SERVICES_SUBMISSION_REGISTRY_PREFILL_H_
#define ANJU_SERVICES_SUBMISSION_REGISTRY_PREFILL_H_

// Pre-filling a draft from the project reserve (项目储备库预填), pure: no
// storage, no network. Every fact the registry vouches for that the filer
// left out takes the registry's value; a fact the filer set to another
// value is an override (覆盖) and needs the filer's reason. The result is
// kept on the version as Report.registry_facts, and so in its audit entry.

#include <string>

#include "absl/status/status.h"
#include "anju/v1/registry.pb.h"
#include "anju/v1/submission.pb.h"
#include "google/protobuf/map.h"

namespace anju::submission {

using OverrideReasons = google::protobuf::Map<std::string, std::string>;

struct PrefillLimits {
  int max_facts = 256;               // facts the registry may vouch for
  int max_name_bytes = 64;           // fact names
  int max_reason_bytes = 1000;       // an override reason (覆盖原因)
  int max_explanation_bytes = 4000;  // the registry's explanation
};

// The request's override_reasons on their own: bounded count, names and
// lengths, no empty reason. INVALID_ARGUMENT naming the entry.
absl::Status CheckOverrideReasons(const OverrideReasons& reasons,
                                  const PrefillLimits& limits);

// The registry's answer on its own: names, values set and finite, sizes.
// INTERNAL naming the fact: the registry broke its contract.
absl::Status CheckReserveFacts(const v1::ReserveFacts& reserve,
                               const PrefillLimits& limits);

// Fills report->facts() (the filer's, already set) from `reserve` and sets
// report->registry_facts(). INVALID_ARGUMENT naming the fact, both values
// and the rule for an override without a reason, a reason for a fact the
// registry does not vouch for, or one for a value equal to the registry's
// (or left out). `report` is only to be written when OK is returned.
absl::Status ApplyReserveFacts(const v1::ReserveFacts& reserve,
                               const OverrideReasons& reasons,
                               v1::Report* report);

// "391", "是", "否": a fact's value as the messages show it.
std::string FactText(const v1::Fact& fact);

}  // namespace anju::submission

#endif  // ANJU_SERVICES_SUBMISSION_REGISTRY_PREFILL_H_
