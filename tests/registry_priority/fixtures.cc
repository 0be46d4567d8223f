#include "tests/registry_priority/fixtures.h"

#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"

namespace anju::registry::testing {

const PriorityModels& ShippedModels() {
  static const PriorityModels* models = [] {
    absl::StatusOr<PriorityModels> loaded =
        PriorityModels::LoadDirectory(kModelDir);
    EXPECT_TRUE(loaded.ok()) << loaded.status();
    return new PriorityModels(std::move(loaded).value());
  }();
  return *models;
}

const PriorityModel& ModelInForce() { return ShippedModels().in_force(); }

v1::ReserveProject Project(const std::string& id, const std::string& org,
                           const std::string& programme, int units,
                           int households, double investment,
                           const std::string& readiness) {
  v1::ReserveProject p;
  p.set_id(id);
  p.set_org(org);
  p.set_programme(programme);
  p.set_name(id);
  p.set_units(units);
  p.set_households(households);
  p.set_investment_10k_yuan(investment);
  p.set_status(v1::PROJECT_STATUS_RESERVE);
  v1::Readiness* r = p.mutable_readiness();
  r->set_approved(readiness[0] == '1');
  r->set_land(readiness[1] == '1');
  r->set_planning_permit(readiness[2] == '1');
  r->set_construction_permit(readiness[3] == '1');
  r->set_funds_secured(readiness[4] == '1');
  return p;
}

v1::ReserveProject OldcommProject(const std::string& id, const std::string& org,
                                  int households, int building_year,
                                  double consent_pct) {
  v1::ReserveProject p =
      Project(id, org, "oldcomm", 0, households, households * 3.0, "11100");
  p.set_communities(1);
  p.set_buildings(households / 40 + 1);
  p.set_floor_area_10k_m2(households * 0.008);
  p.set_building_year(building_year);
  p.set_resident_consent_pct(consent_pct);
  p.mutable_shortfalls()->set_basic(2);
  p.mutable_shortfalls()->set_improvement(1);
  return p;
}

std::vector<v1::ReserveProject> SeedReserve2024() {
  std::ifstream in(ANJU_SOURCE_DIR
                   "/tests/registry_priority/seed-2024-reserve.csv");
  EXPECT_TRUE(in.good());
  std::vector<v1::ReserveProject> projects;
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (header) {
      header = false;
      continue;
    }
    const std::vector<std::string> f = absl::StrSplit(line, ',');
    EXPECT_EQ(f.size(), 12u) << line;
    int units = 0, households = 0;
    double investment = 0;
    EXPECT_TRUE(absl::SimpleAtoi(f[4], &units));
    EXPECT_TRUE(absl::SimpleAtoi(f[5], &households));
    EXPECT_TRUE(absl::SimpleAtod(f[6], &investment));
    v1::ReserveProject p =
        Project(f[0], f[1], f[2], units, households, investment,
                f[7] + f[8] + f[9] + f[10] + f[11]);
    p.set_name(f[3]);
    projects.push_back(p);
  }
  return projects;
}

std::vector<std::string> Ids(const std::vector<v1::RankedProject>& ranked) {
  std::vector<std::string> ids;
  for (const auto& r : ranked) ids.push_back(r.project().id());
  return ids;
}

std::vector<int> Ranks(const std::vector<v1::RankedProject>& ranked) {
  std::vector<int> ranks;
  for (const auto& r : ranked) ranks.push_back(r.rank());
  return ranks;
}

}  // namespace anju::registry::testing
