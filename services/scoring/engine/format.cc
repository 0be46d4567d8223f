#include "services/scoring/engine/format.h"

#include <cmath>
#include <cstdint>

#include "absl/strings/str_cat.h"
#include "services/scoring/engine/points.h"

namespace anju::scoring {
namespace {

constexpr int kMaxDecimals = 6;
constexpr int64_t kPow10[kMaxDecimals + 1] = {1,     10,     100,    1000,
                                              10000, 100000, 1000000};

}  // namespace

void AppendDecimal(std::string* out, double v, int min_decimals,
                   int max_decimals) {
  if (!std::isfinite(v)) {
    absl::StrAppend(out, v);
    return;
  }
  if (max_decimals > kMaxDecimals) max_decimals = kMaxDecimals;
  if (min_decimals > max_decimals) min_decimals = max_decimals;
  const int64_t scale = kPow10[max_decimals];
  const double scaled = std::fabs(v) * static_cast<double>(scale);
  const int64_t n =
      static_cast<int64_t>(std::floor(scaled + 0.5 + RoundingNudge(scaled)));
  if (v < 0 && n != 0) out->push_back('-');
  absl::StrAppend(out, n / scale);
  int64_t frac = n % scale;
  int decimals = max_decimals;
  while (decimals > min_decimals && frac % 10 == 0) {
    frac /= 10;
    --decimals;
  }
  if (decimals == 0) return;
  out->push_back('.');
  char digits[kMaxDecimals];
  for (int i = decimals - 1; i >= 0; --i) {
    digits[i] = static_cast<char>('0' + frac % 10);
    frac /= 10;
  }
  out->append(digits, decimals);
}

void AppendScore(std::string* out, double points) {
  AppendDecimal(out, points, 0, 2);
}

void AppendPercent(std::string* out, double pct) {
  AppendDecimal(out, pct, 1, 2);
}

void AppendThreshold(std::string* out, double v) {
  AppendDecimal(out, v, 0, 2);
}

}  // namespace anju::scoring
