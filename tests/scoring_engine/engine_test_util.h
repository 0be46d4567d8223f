#ifndef ANJU_TESTS_SCORING_ENGINE_ENGINE_TEST_UTIL_H_
#define ANJU_TESTS_SCORING_ENGINE_ENGINE_TEST_UTIL_H_

// Shared helpers for the engine's tests: the real 2023 rubrics, scratch
// rubric files, and short ways to write facts and read results.

#include <string>

#include "absl/status/statusor.h"
#include "services/scoring/engine/engine.h"
#include "services/scoring/engine/rubric.h"

namespace anju::scoring::testing {

// rubrics/2023/<programme>.yaml from the source tree, loaded once.
const Rubric& Rubric2023(const std::string& programme);

// A fresh directory under the test's temp dir.
std::string MakeTempDir();
// Writes `text` to dir/relative (creating folders) and returns the path.
std::string WriteFile(const std::string& dir, const std::string& relative,
                      const std::string& text);
// Writes `text` to a scratch file and loads it.
absl::StatusOr<Rubric> LoadYaml(const std::string& text);

// Hundredths from a decimal written in the test: P(2.55) == 255.
Points P(double points);

FactValue Flag(bool v);
FactValue Num(double v);

// A self-score with a reason and one piece of evidence.
SelfScore Self(double points, const std::string& reason = "自评理由",
               const std::string& evidence = "evidence.pdf");

// Evaluates and returns the indicator's result (the evaluation must
// succeed).
IndicatorResult ScoreOne(const Rubric& rubric, const std::string& id,
                         const Facts& facts, const SelfScores& self = {});

const IndicatorResult& Find(const Evaluation& ev, const std::string& id);

}  // namespace anju::scoring::testing

#endif  // ANJU_TESTS_SCORING_ENGINE_ENGINE_TEST_UTIL_H_
