#include "bench/national_load/facts.h"

#include <cmath>
#include <functional>

#include "absl/strings/str_cat.h"

namespace anju::bench {
namespace {

using scoring::FactSpec;

// Set by the submission service at submission; a filer may not send them.
bool IsDerived(const std::string& name) {
  return name == "submitted_on_time" || name == "report_complete";
}

// splitmix64: a well-mixed value per (org, programme, fact).
class Draw {
 public:
  explicit Draw(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  double Uniform() { return (Next() >> 11) * (1.0 / 9007199254740992.0); }
  bool Chance(double p) { return Uniform() < p; }

 private:
  uint64_t state_;
};

double Clamp(const FactSpec& spec, double v) {
  if (spec.max > spec.min) v = std::min(std::max(v, spec.min), spec.max);
  return v;
}

v1::Fact Plausible(const FactSpec& spec, Draw& draw) {
  v1::Fact fact;
  switch (spec.type) {
    case FactSpec::Type::kFlag:
      fact.set_flag(draw.Chance(0.9));
      break;
    case FactSpec::Type::kPercent:
      fact.set_number(std::round(600 + 400 * draw.Uniform()) / 10);
      break;
    case FactSpec::Type::kCount: {
      // Counts of problems (range up to 100,000) are mostly none; plans
      // and completions (up to 10 million) are tens to thousands.
      const bool problems = spec.max > 0 && spec.max <= 100000;
      const double v =
          problems ? (draw.Chance(0.85) ? 0 : 1 + draw.Next() % 3)
                   : std::round(std::exp(std::log(20.0) +
                                         draw.Uniform() * std::log(150.0)));
      fact.set_number(Clamp(spec, v));
      break;
    }
    case FactSpec::Type::kNumber:
      fact.set_number(Clamp(spec, std::round(10 + 5000 * draw.Uniform())));
      break;
  }
  return fact;
}

}  // namespace

absl::StatusOr<FactMaker> FactMaker::Load(const std::string& rubrics_dir,
                                          int year) {
  auto set = scoring::RubricSet::LoadDirectory(rubrics_dir);
  if (!set.ok()) return set.status();
  FactMaker maker;
  maker.year_ = year;
  for (const scoring::Rubric& rubric : (*set)->rubrics()) {
    if (rubric.year == year) maker.programmes_.push_back(rubric.programme);
  }
  if (maker.programmes_.empty()) {
    return absl::NotFoundError(
        absl::StrCat("no rubric of ", year, " in ", rubrics_dir));
  }
  maker.rubrics_ = *std::move(set);
  return maker;
}

std::map<std::string, v1::Fact> FactMaker::FactsFor(
    const std::string& org, const std::string& programme) const {
  std::map<std::string, v1::Fact> facts;
  const scoring::Rubric* rubric = rubrics_->Find(programme, year_);
  if (rubric == nullptr) return facts;
  Draw draw(std::hash<std::string>()(absl::StrCat(org, "/", programme)));
  for (const auto& [name, spec] : rubric->facts) {
    if (!IsDerived(name)) facts[name] = Plausible(spec, draw);
  }
  return facts;
}

}  // namespace anju::bench
