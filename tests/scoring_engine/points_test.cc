// Rounding half-up to hundredths, despite binary floating point, and the
// text form of points.

#include "services/scoring/engine/points.h"

#include "gtest/gtest.h"
#include "services/scoring/engine/engine.h"

namespace anju::scoring {
namespace {

TEST(RoundHalfUp, HalvesGoUpDespiteBinaryRepresentation) {
  // 2.545 is stored as 2.54499999999999992894572642399…
  EXPECT_EQ(RoundHalfUp(2.545), 255);
  // 3 × 0.85 computes to 2.5499999999999998.
  EXPECT_EQ(RoundHalfUp(3 * 0.85), 255);
  EXPECT_EQ(RoundHalfUp(0.005), 1);
  EXPECT_EQ(RoundHalfUp(1.005), 101);
  EXPECT_EQ(RoundHalfUp(0.125), 13);
  EXPECT_EQ(RoundHalfUp(0.1 + 0.2), 30);
}

TEST(RoundHalfUp, BelowTheHalfGoesDown) {
  EXPECT_EQ(RoundHalfUp(2.5449), 254);
  EXPECT_EQ(RoundHalfUp(1.0 / 3.0), 33);
  EXPECT_EQ(RoundHalfUp(2.0 / 3.0), 67);
  EXPECT_EQ(RoundHalfUp(0.004999), 0);
}

TEST(RoundHalfUp, WholeAndNegativeValues) {
  EXPECT_EQ(RoundHalfUp(0), 0);
  EXPECT_EQ(RoundHalfUp(30), 3000);
  EXPECT_EQ(RoundHalfUp(99.999), 10000);
  EXPECT_EQ(RoundHalfUp(-1.005), -101);  // differences round symmetrically
  EXPECT_EQ(RoundHalfUp(-0.5), -50);
}

TEST(FormatPoints, ShortestDecimal) {
  EXPECT_EQ(FormatPoints(9600), "96");
  EXPECT_EQ(FormatPoints(9650), "96.5");
  EXPECT_EQ(FormatPoints(5), "0.05");
  EXPECT_EQ(FormatPoints(255), "2.55");
  EXPECT_EQ(FormatPoints(0), "0");
  EXPECT_EQ(FormatPoints(-150), "-1.5");
  EXPECT_EQ(FormatPoints(-5), "-0.05");
}

TEST(ToDouble, IsTheNearestDouble) {
  EXPECT_EQ(ToDouble(30), 0.3);
  EXPECT_EQ(ToDouble(9650), 96.5);
  EXPECT_EQ(ToDouble(255), 2.55);
}

TEST(Grade, Boundaries) {
  EXPECT_EQ(GradeFor(10400), Grade::kExcellent);
  EXPECT_EQ(GradeFor(9000), Grade::kExcellent);
  EXPECT_EQ(GradeFor(8999), Grade::kGood);
  EXPECT_EQ(GradeFor(8000), Grade::kGood);
  EXPECT_EQ(GradeFor(7999), Grade::kFair);
  EXPECT_EQ(GradeFor(6000), Grade::kFair);
  EXPECT_EQ(GradeFor(5999), Grade::kPoor);
  EXPECT_EQ(GradeFor(0), Grade::kPoor);
  EXPECT_STREQ(GradeLabel(Grade::kExcellent), "优");
  EXPECT_STREQ(GradeLabel(Grade::kGood), "良");
  EXPECT_STREQ(GradeLabel(Grade::kFair), "中");
  EXPECT_STREQ(GradeLabel(Grade::kPoor), "差");
  EXPECT_STREQ(GradeLabel(Grade::kUnspecified), "");
}

}  // namespace
}  // namespace anju::scoring
