#include "services/registry/priority/ranking.h"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "services/registry/priority/score_math.h"

namespace anju::registry {
namespace {

// What the order compares, precomputed once per project: the score and the
// tie breakers' points in hundredths, and the id.
struct SortKey {
  int64_t score = 0;
  absl::InlinedVector<int64_t, 4> breakers;  // no allocation for few breakers
  const std::string* id = nullptr;
};

SortKey KeyOf(const v1::ReserveProject& project,
              const std::vector<std::string>& tie_breakers) {
  SortKey key;
  key.score = ToCents(project.priority().score());
  key.breakers.assign(tie_breakers.size(), 0);
  for (const v1::PriorityComponent& c : project.priority().components()) {
    for (size_t i = 0; i < tie_breakers.size(); ++i) {
      if (c.factor() == tie_breakers[i]) key.breakers[i] = ToCents(c.points());
    }
  }
  key.id = &project.id();
  return key;
}

// Equal on the score and every breaker: the same rank.
bool SameRank(const SortKey& a, const SortKey& b) {
  return a.score == b.score && a.breakers == b.breakers;
}

bool Before(const SortKey& a, const SortKey& b) {
  if (a.score != b.score) return a.score > b.score;
  if (a.breakers != b.breakers) {
    return std::lexicographical_compare(b.breakers.begin(), b.breakers.end(),
                                        a.breakers.begin(), a.breakers.end());
  }
  return *a.id < *b.id;
}

}  // namespace

std::vector<v1::RankedProject> RankProjects(
    const PriorityModel& model, std::vector<v1::ReserveProject> projects,
    int reference_year) {
  std::vector<SortKey> keys;
  keys.reserve(projects.size());
  for (v1::ReserveProject& project : projects) {
    *project.mutable_priority() = model.Score(project, reference_year);
    keys.push_back(KeyOf(project, model.tie_breakers()));
  }
  std::vector<size_t> order(projects.size());
  std::iota(order.begin(), order.end(), 0);
  // Ids are unique in a reserve; should two equal ids come in, the sort
  // keeps their input order rather than an arbitrary one.
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return Before(keys[a], keys[b]);
  });
  std::vector<v1::RankedProject> ranked(order.size());
  for (size_t i = 0; i < order.size(); ++i) {
    const bool tie = i > 0 && SameRank(keys[order[i]], keys[order[i - 1]]);
    ranked[i].set_rank(tie ? ranked[i - 1].rank() : static_cast<int>(i) + 1);
    *ranked[i].mutable_project() = std::move(projects[order[i]]);
  }
  return ranked;
}

}  // namespace anju::registry
