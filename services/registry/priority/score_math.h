#ifndef ANJU_SERVICES_REGISTRY_PRIORITY_SCORE_MATH_H_
#define ANJU_SERVICES_REGISTRY_PRIORITY_SCORE_MATH_H_

// Points in hundredths: scores are shown with two decimals, so they are
// computed in whole hundredths (rounded half-up) and summed exactly; equal
// scores are then equal doubles, which ranking relies on.

#include <cmath>
#include <cstdint>

namespace anju::registry {

// A reference year late enough that any building year gives an age: for
// checking that inputs are present, not for scoring.
inline constexpr int kFarFuture = 1 << 20;

inline int64_t ToCents(double points) {
  if (!std::isfinite(points) || points <= 0) return 0;
  // The epsilon keeps 12.345 (stored as 12.34499…) rounding up, as written.
  return static_cast<int64_t>(std::floor(points * 100 + 0.5 + 1e-7));
}

inline double FromCents(int64_t cents) {
  return static_cast<double>(cents) / 100;
}

}  // namespace anju::registry

#endif  // ANJU_SERVICES_REGISTRY_PRIORITY_SCORE_MATH_H_
