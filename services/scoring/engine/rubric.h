#ifndef ANJU_SERVICES_SCORING_ENGINE_RUBRIC_H_
#define ANJU_SERVICES_SCORING_ENGINE_RUBRIC_H_

// A rubric (评价指标体系) as loaded from rubrics/<year>/<programme>.yaml.
// Everything here is data: a new year's rubric is a new folder.

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "services/scoring/engine/points.h"

namespace anju::scoring {

// How a fact is typed and bounded (declared once per rubric).
struct FactSpec {
  enum class Type { kFlag, kCount, kNumber, kPercent };
  std::string name;
  Type type = Type::kFlag;
  std::string label;  // 计划开工
  std::string unit;   // 套
  double min = 0;
  double max = 0;
  int index = -1;  // position in Rubric::facts (name order), for the engine
};

struct Rule;  // the engine's rule tree, defined in rule.h (engine/)

// One 二级指标.
struct Indicator {
  std::string id;                  // shanty.plan_completion
  std::string level1;              // 产出效益
  std::string name;                // 年度计划完成率
  Points max_points = 0;           // 分值
  bool bonus = false;              // 加分项
  bool judged = false;             // 定性
  bool requires_evidence = false;  // bonus claims need 佐证材料
  std::string criterion;           // 评分标准, in words
  std::string note;                // why an assumed rule was chosen
  std::vector<std::string> facts;  // every fact the rule reads
  std::string rule_kinds;          // "checklist+full_steps"
  std::shared_ptr<const Rule> rule;
  int level_index = -1;  // into Rubric::levels; -1 for bonus items
};

struct Level1 {
  std::string name;
  Points max_points = 0;
};

struct Rubric {
  std::string programme;  // rental | shanty | oldcomm
  int year = 0;
  std::string version;  // 2023.1
  std::string title;
  std::string source;
  std::string file;  // where it was loaded from, for messages
  std::vector<Level1> levels;
  std::vector<Indicator> indicators;  // in table order
  std::map<std::string, FactSpec> facts;
  Points total_points = 0;  // 100
  Points bonus_points = 0;
  // Indicator positions sorted by id: self-scores (a map by id) are matched
  // to indicators by a merge, not a lookup per indicator.
  std::vector<int> indicators_by_id;

  const Indicator* FindIndicator(const std::string& id) const;
  const FactSpec* FindFact(const std::string& name) const;
};

// Every rubric under a directory (rubrics/<year>/<programme>.yaml).
class RubricSet {
 public:
  // Loads and validates every file. The first broken file fails the whole
  // load with INVALID_ARGUMENT naming the file, the indicator and the field.
  static absl::StatusOr<std::unique_ptr<RubricSet>> LoadDirectory(
      const std::string& dir);
  // One file; used by tests and by LoadDirectory.
  static absl::StatusOr<Rubric> LoadFile(const std::string& path);

  explicit RubricSet(std::vector<Rubric> rubrics);

  const Rubric* Find(const std::string& programme, int year) const;
  const std::vector<Rubric>& rubrics() const { return rubrics_; }

 private:
  std::vector<Rubric> rubrics_;  // sorted by (year, programme)
};

}  // namespace anju::scoring

#endif  // ANJU_SERVICES_SCORING_ENGINE_RUBRIC_H_
