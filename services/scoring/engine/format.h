#ifndef ANJU_SERVICES_SCORING_ENGINE_FORMAT_H_
#define ANJU_SERVICES_SCORING_ENGINE_FORMAT_H_

// Number formatting for generated reasons (评分理由) and error messages: fast
// (no printf in the scoring path) and in the shapes the 指标表 uses: 2198套,
// 106.8%, 0.67分.
//
// Every number starts from the shortest decimal that reads back as the same
// double (12345678, 99.99999, 198.45): a value is printed as it was sent,
// never with digits that binary floating point invented (12345678.000001).
// Where that decimal has more digits than the shape allows, it is rounded
// half-up on the decimal digits.

#include <initializer_list>
#include <string>

namespace anju::scoring {

// Appends v with at most max_decimals, trailing zeros dropped down to
// min_decimals: (95, 1, 2) → "95.0", (94.99, 1, 2) → "94.99",
// (12345678, 0, 6) → "12345678", (2.345, 0, 2) → "2.35".
void AppendDecimal(std::string* out, double v, int min_decimals,
                   int max_decimals);

// As AppendDecimal, with more decimals (up to kMaxApartDecimals) where fewer
// would print v equal to, or on the other side of, a bound that v is apart
// from: 99.99999 against a target of 100 prints "99.99999", not "100.0", so
// a reason never says "完成率100.0%，低于100%". Apart means by more than
// kTolerance (points.h), the margin the scorer compares with.
void AppendApart(std::string* out, double v,
                 std::initializer_list<double> bounds, int min_decimals,
                 int max_decimals);
inline constexpr int kMaxApartDecimals = 9;

// A score: 30, 7.5, 0.67, rounded half-up to 2 decimals exactly as the
// indicator's score is (RoundHalfUp), so a reason never disagrees with it.
void AppendScore(std::string* out, double points);

// A percentage as given or computed (1–2 decimals): 106.8, 94.99.
void AppendPercent(std::string* out, double pct);

// A threshold written in a rubric (0–2 decimals): 30, 100, 2.5.
void AppendThreshold(std::string* out, double v);

// Any number in an error message: the shortest decimal that reads back as v
// (12345678, 100000000, 0.1, 2197.5), exponent form beyond 1e15 and below
// 1e-6 (1e+300), "NaN", "inf", "-inf".
std::string FormatNumber(double v);

}  // namespace anju::scoring

#endif  // ANJU_SERVICES_SCORING_ENGINE_FORMAT_H_
