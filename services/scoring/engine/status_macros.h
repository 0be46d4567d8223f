#ifndef ANJU_SERVICES_SCORING_ENGINE_STATUS_MACROS_H_
#define ANJU_SERVICES_SCORING_ENGINE_STATUS_MACROS_H_

// The two early-return helpers Abseil does not ship publicly. Prefixed so
// that they cannot clash with a sibling library's macros.

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define ANJU_ENGINE_RETURN_IF_ERROR(expr)        \
  do {                                           \
    const absl::Status anju_status_ = (expr);    \
    if (!anju_status_.ok()) return anju_status_; \
  } while (0)

#define ANJU_ENGINE_CONCAT_INNER(a, b) a##b
#define ANJU_ENGINE_CONCAT(a, b) ANJU_ENGINE_CONCAT_INNER(a, b)

#define ANJU_ENGINE_ASSIGN_OR_RETURN(lhs, expr) \
  ANJU_ENGINE_ASSIGN_OR_RETURN_IMPL(            \
      ANJU_ENGINE_CONCAT(anju_statusor_, __LINE__), lhs, expr)

#define ANJU_ENGINE_ASSIGN_OR_RETURN_IMPL(statusor, lhs, expr) \
  auto statusor = (expr);                                      \
  if (!statusor.ok()) return statusor.status();                \
  lhs = std::move(statusor).value()

#endif  // ANJU_SERVICES_SCORING_ENGINE_STATUS_MACROS_H_
