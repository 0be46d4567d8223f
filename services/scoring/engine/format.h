#ifndef ANJU_SERVICES_SCORING_ENGINE_FORMAT_H_
#define ANJU_SERVICES_SCORING_ENGINE_FORMAT_H_

// Number formatting for generated reasons (评分理由): fast (no printf in the
// scoring path) and in the shapes the 指标表 uses: 2198套, 106.8%, 0.67分.

#include <string>

namespace anju::scoring {

// Appends v rounded half-up to max_decimals, trailing zeros dropped down to
// min_decimals: (95, 1, 2) → "95.0", (94.99, 1, 2) → "94.99".
void AppendDecimal(std::string* out, double v, int min_decimals,
                   int max_decimals);

// A score: 30, 7.5, 0.67 (rounded half-up to 2 decimals).
void AppendScore(std::string* out, double points);

// A percentage as given or computed (1–2 decimals): 106.8, 94.99.
void AppendPercent(std::string* out, double pct);

// A threshold written in a rubric (0–2 decimals): 30, 100, 2.5.
void AppendThreshold(std::string* out, double v);

}  // namespace anju::scoring

#endif  // ANJU_SERVICES_SCORING_ENGINE_FORMAT_H_
