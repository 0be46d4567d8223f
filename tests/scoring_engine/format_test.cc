// Number text in reasons and error messages: the shortest decimal that reads
// back as the value, rounded half-up on decimal digits, never digits that
// binary floating point invented; and rates printed apart from the targets
// they are compared with.

#include "services/scoring/engine/format.h"

#include <cmath>
#include <limits>
#include <string>

#include "gtest/gtest.h"

namespace anju::scoring {
namespace {

std::string Decimal(double v, int min_decimals, int max_decimals) {
  std::string out;
  AppendDecimal(&out, v, min_decimals, max_decimals);
  return out;
}

std::string Apart(double v, std::initializer_list<double> bounds,
                  int min_decimals, int max_decimals) {
  std::string out = "完成率";
  AppendApart(&out, v, bounds, min_decimals, max_decimals);
  return out;
}

TEST(AppendDecimal, LargeValuesKeepTheirDigits) {
  // With 6 decimals the old scaled rounding printed 12345678.000001 and
  // 100000000.00001.
  EXPECT_EQ(Decimal(12345678, 0, 6), "12345678");
  EXPECT_EQ(Decimal(100000000, 0, 6), "100000000");
  EXPECT_EQ(Decimal(12345678.5, 0, 6), "12345678.5");
  EXPECT_EQ(Decimal(9007199254740992.0, 0, 6), "9007199254740992");
  EXPECT_EQ(Decimal(1e20, 0, 4), "100000000000000000000");
  EXPECT_EQ(Decimal(123456789.0000004, 0, 6), "123456789");
}

TEST(AppendDecimal, ShapesOfTheReasons) {
  EXPECT_EQ(Decimal(95, 1, 2), "95.0");
  EXPECT_EQ(Decimal(94.99, 1, 2), "94.99");
  EXPECT_EQ(Decimal(106.80242634315424, 1, 2), "106.8");
  EXPECT_EQ(Decimal(198.45, 0, 4), "198.45");
  EXPECT_EQ(Decimal(2198, 0, 4), "2198");
  EXPECT_EQ(Decimal(0, 1, 2), "0.0");
  EXPECT_EQ(Decimal(0.5, 0, 0), "1");
}

TEST(AppendDecimal, HalfUpOnTheDecimalDigits) {
  EXPECT_EQ(Decimal(2.345, 0, 2), "2.35");  // stored 2.34499999…
  EXPECT_EQ(Decimal(1.005, 0, 2), "1.01");  // stored 1.00499999…
  EXPECT_EQ(Decimal(0.125, 0, 2), "0.13");
  EXPECT_EQ(Decimal(2.5449, 0, 2), "2.54");
  EXPECT_EQ(Decimal(99.999, 1, 2), "100.0");  // the carry adds a digit
  EXPECT_EQ(Decimal(9.996, 0, 2), "10");
  EXPECT_EQ(Decimal(100.0 / 3, 1, 2), "33.33");
}

TEST(AppendDecimal, Signs) {
  EXPECT_EQ(Decimal(-1.5, 0, 2), "-1.5");
  EXPECT_EQ(Decimal(-1.5, 0, 0), "-2");
  EXPECT_EQ(Decimal(-0.001, 0, 2), "0");  // no "-0"
  EXPECT_EQ(Decimal(-0.0, 1, 2), "0.0");
}

TEST(FormatNumber, ShortestDecimalForMessages) {
  EXPECT_EQ(FormatNumber(12345678), "12345678");
  EXPECT_EQ(FormatNumber(100000000), "100000000");
  EXPECT_EQ(FormatNumber(2197.5), "2197.5");
  EXPECT_EQ(FormatNumber(0.1), "0.1");
  EXPECT_EQ(FormatNumber(-0.5), "-0.5");
  EXPECT_EQ(FormatNumber(1.0049999999999999), "1.005");
  EXPECT_EQ(FormatNumber(99.99999), "99.99999");
  EXPECT_EQ(FormatNumber(1e300), "1e+300");
  EXPECT_EQ(FormatNumber(1e-7), "1e-07");
  EXPECT_EQ(FormatNumber(std::nan("")), "NaN");
  EXPECT_EQ(FormatNumber(std::numeric_limits<double>::infinity()), "inf");
  EXPECT_EQ(FormatNumber(-std::numeric_limits<double>::infinity()), "-inf");
}

TEST(AppendApart, BelowATargetNeverPrintsAsTheTarget) {
  EXPECT_EQ(Apart(99.99999, {100}, 1, 2), "完成率99.99999");
  EXPECT_EQ(Apart(99.9999999, {100}, 1, 2), "完成率99.9999999");
  EXPECT_EQ(Apart(100 - 2e-9, {100}, 1, 2), "完成率99.999999998");
  EXPECT_EQ(Apart(29.99999, {20, 30}, 1, 4), "完成率29.99999");
  EXPECT_EQ(Apart(40.00001, {40}, 1, 4), "完成率40.00001");
}

TEST(AppendApart, NoMoreDecimalsThanNeeded) {
  EXPECT_EQ(Apart(99.95, {100}, 1, 2), "完成率99.95");
  EXPECT_EQ(Apart(99.996, {100}, 1, 2), "完成率99.996");
  EXPECT_EQ(Apart(95.6, {100}, 1, 2), "完成率95.6");
  EXPECT_EQ(Apart(100.0 / 3, {100}, 1, 2), "完成率33.33");
  // Within the scorer's tolerance the rate counts as the target.
  EXPECT_EQ(Apart(100 - 1e-10, {100}, 1, 2), "完成率100.0");
  EXPECT_EQ(Apart(100, {100}, 1, 2), "完成率100.0");
  EXPECT_EQ(Apart(95, {}, 1, 2), "完成率95.0");
}

TEST(AppendApart, ShortfallsAreNeverZeroAndStayBelowTheNextStep) {
  EXPECT_EQ(Apart(0.00001, {0, 1}, 1, 2), "完成率0.00001");
  EXPECT_EQ(Apart(0.999999, {0, 1}, 1, 2), "完成率0.999999");
  EXPECT_EQ(Apart(4.996, {0, 5}, 1, 2), "完成率4.996");
  EXPECT_EQ(Apart(0.5, {0, 1}, 1, 2), "完成率0.5");
}

}  // namespace
}  // namespace anju::scoring
