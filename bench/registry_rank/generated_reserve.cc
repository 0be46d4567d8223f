#include "bench/registry_rank/generated_reserve.h"

#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"

namespace anju::registry::bench {

std::vector<v1::ReserveProject> GeneratedReserve(int n) {
  static const char* const kCounties[] = {
      "150402", "150403", "150404", "150421", "150422", "150423",
      "150424", "150425", "150426", "150428", "150429", "150430"};
  static const char* const kProgrammes[] = {
      "oldcomm", "shanty", "affordable_rental", "public_rental"};
  std::mt19937 random(20240101);
  const auto pick = [&](int lo, int hi) {
    return lo + static_cast<int>(random() % (hi - lo + 1));
  };
  std::vector<v1::ReserveProject> projects;
  projects.reserve(n);
  for (int i = 0; i < n; ++i) {
    v1::ReserveProject p;
    p.set_id(absl::StrCat("P-", 100000 + i));
    p.set_org(kCounties[i % 12]);
    p.set_programme(kProgrammes[pick(0, 3)]);
    p.set_name(absl::StrCat("项目", i));
    p.set_status(v1::PROJECT_STATUS_RESERVE);
    p.set_households(pick(20, 800));
    p.set_units(p.households());
    p.set_communities(1);
    p.set_buildings(pick(1, 30));
    p.set_floor_area_10k_m2(pick(5, 500) / 100.0);
    p.set_investment_10k_yuan(p.households() * pick(1, 70));
    p.set_building_year(pick(1970, 2010));
    p.set_resident_consent_pct(pick(50, 100));
    v1::Readiness* r = p.mutable_readiness();
    r->set_approved(pick(0, 1));
    r->set_land(pick(0, 1));
    r->set_planning_permit(pick(0, 1));
    r->set_construction_permit(pick(0, 1));
    r->set_funds_secured(pick(0, 1));
    p.mutable_shortfalls()->set_basic(pick(0, 3));
    p.mutable_shortfalls()->set_improvement(pick(0, 3));
    p.mutable_shortfalls()->set_upgrade(pick(0, 3));
    projects.push_back(std::move(p));
  }
  return projects;
}

}  // namespace anju::registry::bench
