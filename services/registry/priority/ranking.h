#ifndef ANJU_SERVICES_REGISTRY_PRIORITY_RANKING_H_
#define ANJU_SERVICES_REGISTRY_PRIORITY_RANKING_H_

// Ranking the reserve (按成熟度排序): each project scored under one model,
// ordered by score descending, then the model's tie breakers (the named
// factors' points, descending), then id ascending. Projects equal on score
// and on every tie breaker share a rank (1, 2, 2, 4). The order depends on
// the projects only, never on the order they came in.

#include <vector>

#include "anju/v1/registry.pb.h"
#include "services/registry/priority/priority_model.h"

namespace anju::registry {

// Sets each project's priority (score and breakdown) and returns them ranked.
std::vector<v1::RankedProject> RankProjects(
    const PriorityModel& model, std::vector<v1::ReserveProject> projects,
    int reference_year);

}  // namespace anju::registry

#endif  // ANJU_SERVICES_REGISTRY_PRIORITY_RANKING_H_
