#ifndef ANJU_SERVICES_REGISTRY_PRIORITY_STATUS_MACROS_H_
#define ANJU_SERVICES_REGISTRY_PRIORITY_STATUS_MACROS_H_

// The two early-return helpers Abseil does not ship publicly, prefixed so
// that they cannot clash with a sibling library's.

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define ANJU_PRIORITY_RETURN_IF_ERROR(expr)      \
  do {                                           \
    const absl::Status anju_status_ = (expr);    \
    if (!anju_status_.ok()) return anju_status_; \
  } while (0)

#define ANJU_PRIORITY_ASSIGN_OR_RETURN(lhs, expr) \
  auto lhs##_or = (expr);                         \
  if (!lhs##_or.ok()) return lhs##_or.status();   \
  auto lhs = std::move(lhs##_or).value()

#endif  // ANJU_SERVICES_REGISTRY_PRIORITY_STATUS_MACROS_H_
