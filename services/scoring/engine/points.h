#ifndef ANJU_SERVICES_SCORING_ENGINE_POINTS_H_
#define ANJU_SERVICES_SCORING_ENGINE_POINTS_H_

#include <cstdint>
#include <string>

namespace anju::scoring {

// Scores are kept in hundredths of a point, so that subtotals and totals are
// exact sums of rounded indicator scores (the spec: rounded half-up to 2
// decimals; subtotals are sums of rounded scores). 96.5 points is 9650.
using Points = int64_t;

// Far below any meaningful difference in a percentage or a score, far above
// the error of the double arithmetic that produced it: the margin the scorer
// compares rates and targets with.
inline constexpr double kTolerance = 1e-9;

// Rounds a computed score half-up to hundredths. Tolerates the last-bit
// error of the double arithmetic that produced it (3 × 0.85 = 2.5499999…
// rounds to 2.55).
Points RoundHalfUp(double points);

// The nudge that makes half-up rounding of `scaled` (a value already
// multiplied into the units being rounded to) see the decimal the
// arithmetic meant: about 450 ulps, far below half a unit.
inline double RoundingNudge(double scaled) {
  return 1e-12 + (scaled < 0 ? -scaled : scaled) * 1e-13;
}

// The double nearest to the decimal: what goes on the wire.
inline double ToDouble(Points p) { return static_cast<double>(p) / 100.0; }

// "96", "96.5", "0.05": the shortest decimal text, for reasons and tables.
std::string FormatPoints(Points p);
// The same text, appended to `out`.
void AppendPoints(std::string* out, Points p);

}  // namespace anju::scoring

#endif  // ANJU_SERVICES_SCORING_ENGINE_POINTS_H_
