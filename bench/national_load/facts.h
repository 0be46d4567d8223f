#ifndef ANJU_BENCH_NATIONAL_LOAD_FACTS_H_
#define ANJU_BENCH_NATIONAL_LOAD_FACTS_H_

// Plausible facts for every org and programme, from the facts each rubric
// declares (the scoring engine's loader reads rubrics/<year>/*.yaml): flags
// mostly yes, rates between 60 and 100 %, violations mostly none, plans and
// their completions in the hundreds or thousands. Deterministic per org, so
// two runs file the same reports.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "anju/v1/common.pb.h"
#include "services/scoring/engine/rubric.h"

namespace anju::bench {

inline constexpr int kFilingYear = 2023;

class FactMaker {
 public:
  // The rubrics of `year` under `rubrics_dir`; NOT_FOUND when none.
  static absl::StatusOr<FactMaker> Load(const std::string& rubrics_dir,
                                        int year);

  const std::vector<std::string>& programmes() const { return programmes_; }
  // Every fact of the rubric but the two the submission service derives.
  std::map<std::string, v1::Fact> FactsFor(const std::string& org,
                                           const std::string& programme) const;

 private:
  std::shared_ptr<const scoring::RubricSet> rubrics_;
  std::vector<std::string> programmes_;
  int year_ = 0;
};

}  // namespace anju::bench

#endif  // ANJU_BENCH_NATIONAL_LOAD_FACTS_H_
