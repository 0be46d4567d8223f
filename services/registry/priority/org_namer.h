#ifndef ANJU_SERVICES_REGISTRY_PRIORITY_ORG_NAMER_H_
#define ANJU_SERVICES_REGISTRY_PRIORITY_ORG_NAMER_H_

// How notes and explanations name an org: the service knows the hierarchy
// (common/orgs), this library does not, so the caller may pass a namer.

#include <functional>
#include <string>

#include "absl/strings/str_cat.h"

namespace anju::registry {

// A county's or city's name ("松山区") for its code; empty when unknown.
using OrgNamer = std::function<std::string(const std::string& code)>;

// "松山区 (150404)" when the namer knows the code, else "旗县 150404".
inline std::string CountyLabel(const OrgNamer& namer, const std::string& code) {
  const std::string name = namer ? namer(code) : "";
  return name.empty() ? absl::StrCat("旗县 ", code)
                      : absl::StrCat(name, " (", code, ")");
}

}  // namespace anju::registry

#endif  // ANJU_SERVICES_REGISTRY_PRIORITY_ORG_NAMER_H_
