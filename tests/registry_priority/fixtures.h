#ifndef ANJU_TESTS_REGISTRY_PRIORITY_FIXTURES_H_
#define ANJU_TESTS_REGISTRY_PRIORITY_FIXTURES_H_

// Projects for the priority library's tests: a builder for hand-computed
// cases and the seed's 2024 reserve (seed-2024-reserve.csv).

#include <string>
#include <vector>

#include "anju/v1/registry.pb.h"
#include "services/registry/priority/priority_model.h"

namespace anju::registry::testing {

inline const std::string kModelDir =
    ANJU_SOURCE_DIR "/config/registry/priority";

// The models shipped in config/registry/priority; fails the test if they
// do not load.
const PriorityModels& ShippedModels();
const PriorityModel& ModelInForce();

// A project in 储备 with the five readiness steps given as "11100".
v1::ReserveProject Project(const std::string& id, const std::string& org,
                           const std::string& programme, int units,
                           int households, double investment,
                           const std::string& readiness = "11111");

// An oldcomm project with every input the model reads.
v1::ReserveProject OldcommProject(const std::string& id, const std::string& org,
                                  int households, int building_year,
                                  double consent_pct);

std::vector<v1::ReserveProject> SeedReserve2024();

std::vector<std::string> Ids(const std::vector<v1::RankedProject>& ranked);
std::vector<int> Ranks(const std::vector<v1::RankedProject>& ranked);

}  // namespace anju::registry::testing

#endif  // ANJU_TESTS_REGISTRY_PRIORITY_FIXTURES_H_
