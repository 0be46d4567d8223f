#include "common/orgs/city_lookup.h"

#include "absl/strings/str_cat.h"

namespace anju::orgs {

absl::StatusOr<const Org*> ResolveCity(const OrgTree& tree,
                                       absl::string_view text,
                                       absl::string_view field) {
  if (text.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": 必填 (required: a city's code or name)"));
  }
  absl::StatusOr<const Org*> org = tree.Resolve(text);
  if (!org.ok()) {
    return absl::Status(org.status().code(),
                        absl::StrCat(field, ": ", org.status().message()));
  }
  if ((*org)->level != OrgLevel::kCity) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": ", (*org)->name,
                                                   " (", (*org)->code,
                                                   ") 不是盟市 (not a city)"));
  }
  return *org;
}

}  // namespace anju::orgs
