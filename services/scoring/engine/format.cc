#include "services/scoring/engine/format.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "services/scoring/engine/points.h"

namespace anju::scoring {
namespace {

// Room for the fixed form of any double: 309 integer digits for the largest,
// 2 + 323 zeros + 1 digit for the smallest subnormal.
constexpr int kBufferSize = 512;
// Whole numbers below this print from an int64 without a decimal pass.
constexpr double kMaxWhole = 1e15;
// Enough decimals for the shortest form of any double from 1e-6 up.
constexpr int kMessageDecimals = 24;
constexpr double kUnit[kMaxApartDecimals + 1] = {1,    1e-1, 1e-2, 1e-3, 1e-4,
                                                 1e-5, 1e-6, 1e-7, 1e-8, 1e-9};

// The shortest fixed-notation decimal of |v| that reads back as |v|.
// Returns its end; `dot` is where the '.' is (or the end, if none).
char* ShortestFixed(double v, char* buf, char** dot) {
  const std::to_chars_result r = std::to_chars(
      buf, buf + kBufferSize, std::fabs(v), std::chars_format::fixed);
  char* end = r.ec == std::errc() ? r.ptr : buf;
  *dot = end;
  for (char* p = buf; p != end; ++p) {
    if (*p == '.') {
      *dot = p;
      break;
    }
  }
  return end;
}

}  // namespace

void AppendDecimal(std::string* out, double v, int min_decimals,
                   int max_decimals) {
  if (!std::isfinite(v)) {
    out->append(FormatNumber(v));
    return;
  }
  if (max_decimals < 0) max_decimals = 0;
  if (min_decimals > max_decimals) min_decimals = max_decimals;
  if (min_decimals < 0) min_decimals = 0;
  // Whole numbers (counts, most thresholds) are their own shortest form.
  if (std::fabs(v) < kMaxWhole && v == std::trunc(v)) {
    const int64_t n = static_cast<int64_t>(v);
    if (n < 0) out->push_back('-');
    absl::StrAppend(out, n < 0 ? -n : n);
    if (min_decimals > 0) {
      out->push_back('.');
      out->append(min_decimals, '0');
    }
    return;
  }
  // Digits without the dot: the integer part, then the decimals kept.
  char buf[kBufferSize + 2];
  char* dot = nullptr;
  char* const end = ShortestFixed(v, buf + 1, &dot);
  char* digits = buf + 1;
  const int int_len = static_cast<int>(dot - digits);
  const int frac_len = dot == end ? 0 : static_cast<int>(end - dot - 1);
  int decimals = frac_len < max_decimals ? frac_len : max_decimals;
  // Close the gap the dot leaves, so the digits are contiguous.
  for (int i = 0; i < decimals; ++i) dot[i] = dot[i + 1];
  int len = int_len + decimals;
  if (frac_len > max_decimals && dot[max_decimals + 1] >= '5') {
    // Half-up on the decimal digits: carry from the last one kept.
    int i = len - 1;
    while (i >= 0 && digits[i] == '9') digits[i--] = '0';
    if (i >= 0) {
      ++digits[i];
    } else {
      *--digits = '1';  // 99.999 → 100.00: one more integer digit
      ++len;
    }
  }
  const int whole = len - decimals;
  while (decimals > min_decimals && digits[whole + decimals - 1] == '0') {
    --decimals;
  }
  bool zero = true;
  for (int i = 0; i < whole + decimals; ++i) zero = zero && digits[i] == '0';
  if (v < 0 && !zero) out->push_back('-');
  out->append(digits, whole);
  if (decimals > 0 || min_decimals > 0) out->push_back('.');
  out->append(digits + whole, decimals);
  if (decimals < min_decimals) out->append(min_decimals - decimals, '0');
}

void AppendApart(std::string* out, double v,
                 std::initializer_list<double> bounds, int min_decimals,
                 int max_decimals) {
  const size_t start = out->size();
  for (int d = max_decimals;; ++d) {
    AppendDecimal(out, v, min_decimals, d);
    if (d >= kMaxApartDecimals) return;
    // Rounding to d decimals moves v by at most half a unit of the last
    // digit: bounds further away than a whole unit cannot be reached.
    const double unit = d < 0 ? 1 : kUnit[d];
    bool reached = false;
    for (const double b : bounds) {
      const double gap = std::fabs(v - b);
      reached = reached || (gap > kTolerance && gap <= unit);
    }
    if (!reached) return;
    double shown = 0;
    std::from_chars(out->data() + start, out->data() + out->size(), shown);
    bool apart = true;
    for (const double b : bounds) {
      if (v < b - kTolerance) apart = apart && shown < b;
      if (v > b + kTolerance) apart = apart && shown > b;
    }
    if (apart) return;
    out->resize(start);
  }
}

void AppendScore(std::string* out, double points) {
  AppendPoints(out, RoundHalfUp(points));
}

void AppendPercent(std::string* out, double pct) {
  AppendDecimal(out, pct, 1, 2);
}

void AppendThreshold(std::string* out, double v) {
  AppendDecimal(out, v, 0, 2);
}

std::string FormatNumber(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  const double magnitude = std::fabs(v);
  if (magnitude >= 1e15 || (magnitude > 0 && magnitude < 1e-6)) {
    char buf[32];
    const std::to_chars_result r = std::to_chars(buf, buf + sizeof(buf), v);
    return std::string(buf, r.ptr);
  }
  std::string out;
  AppendDecimal(&out, v, 0, kMessageDecimals);
  return out;
}

}  // namespace anju::scoring
