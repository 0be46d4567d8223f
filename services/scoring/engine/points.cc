#include "services/scoring/engine/points.h"

#include <cmath>
#include <cstdlib>

#include "absl/strings/str_cat.h"

namespace anju::scoring {
namespace {

// Rates and proportions reach here with the last-bit error of binary
// arithmetic (2.545 is stored as 2.54499999999999992…, 3 × 0.85 as
// 2.5499999999999998): RoundingNudge absorbs it.
constexpr double kMaxScaled = 9.0e15;  // beyond this, hundredths are not exact

}  // namespace

Points RoundHalfUp(double points) {
  if (std::isnan(points)) return 0;
  double scaled = points * 100.0;
  if (scaled > kMaxScaled) scaled = kMaxScaled;
  if (scaled < -kMaxScaled) scaled = -kMaxScaled;
  const double nudge = RoundingNudge(scaled);
  if (scaled >= 0) {
    return static_cast<Points>(std::floor(scaled + 0.5 + nudge));
  }
  // Half away from zero for differences (self − computed), symmetrically.
  return -static_cast<Points>(std::floor(-scaled + 0.5 + nudge));
}

std::string FormatPoints(Points p) {
  std::string out;
  AppendPoints(&out, p);
  return out;
}

void AppendPoints(std::string* out, Points p) {
  if (p < 0) out->push_back('-');
  const uint64_t magnitude =
      p < 0 ? static_cast<uint64_t>(-(p + 1)) + 1 : static_cast<uint64_t>(p);
  absl::StrAppend(out, magnitude / 100);
  const uint64_t cents = magnitude % 100;
  if (cents != 0) {
    out->push_back('.');
    out->push_back(static_cast<char>('0' + cents / 10));
    if (cents % 10 != 0) out->push_back(static_cast<char>('0' + cents % 10));
  }
}

}  // namespace anju::scoring
