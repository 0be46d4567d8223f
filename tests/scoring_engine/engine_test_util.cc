#include "tests/scoring_engine/engine_test_util.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace anju::scoring::testing {

const Rubric& Rubric2023(const std::string& programme) {
  static const RubricSet* const kSet = [] {
    absl::StatusOr<std::unique_ptr<RubricSet>> set =
        RubricSet::LoadDirectory(ANJU_SOURCE_DIR "/rubrics");
    if (!set.ok()) {
      ADD_FAILURE() << set.status();
      return new RubricSet({});
    }
    return set->release();
  }();
  const Rubric* rubric = kSet->Find(programme, 2023);
  if (rubric == nullptr) {
    ADD_FAILURE() << "no rubric " << programme << " 2023";
    static const Rubric kEmpty;
    return kEmpty;
  }
  return *rubric;
}

std::string MakeTempDir() {
  static std::atomic<int> counter{0};
  const ::testing::TestInfo* info =
      ::testing::UnitTest::GetInstance()->current_test_info();
  const std::string name =
      info == nullptr
          ? "none"
          : absl::StrCat(info->test_suite_name(), ".", info->name());
  std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) /
      absl::StrCat("anju-engine-", ::getpid(), "-", name, "-", counter++);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

std::string WriteFile(const std::string& dir, const std::string& relative,
                      const std::string& text) {
  const std::filesystem::path path = std::filesystem::path(dir) / relative;
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << text;
  return path.string();
}

absl::StatusOr<Rubric> LoadYaml(const std::string& text) {
  return RubricSet::LoadFile(WriteFile(MakeTempDir(), "t.yaml", text));
}

Points P(double points) { return RoundHalfUp(points); }

FactValue Flag(bool v) { return FactValue(v); }
FactValue Num(double v) { return FactValue(v); }

SelfScore Self(double points, const std::string& reason,
               const std::string& evidence) {
  SelfScore self;
  self.score = P(points);
  self.reason = reason;
  if (!evidence.empty()) self.evidence.push_back(evidence);
  return self;
}

IndicatorResult ScoreOne(const Rubric& rubric, const std::string& id,
                         const Facts& facts, const SelfScores& self) {
  absl::StatusOr<Evaluation> ev = Evaluate(rubric, facts, self);
  if (!ev.ok()) {
    ADD_FAILURE() << ev.status();
    return IndicatorResult{};
  }
  return Find(*ev, id);
}

const IndicatorResult& Find(const Evaluation& ev, const std::string& id) {
  for (const IndicatorResult& result : ev.indicators) {
    if (result.indicator != nullptr && result.indicator->id == id) {
      return result;
    }
  }
  ADD_FAILURE() << "no indicator " << id;
  static const IndicatorResult kNone;
  return kNone;
}

}  // namespace anju::scoring::testing
