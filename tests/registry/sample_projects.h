#ifndef ANJU_TESTS_REGISTRY_SAMPLE_PROJECTS_H_
#define ANJU_TESTS_REGISTRY_SAMPLE_PROJECTS_H_

// A valid reserve project for tests: a 赤峰市红山区 shanty project
// (棚改) with consistent scale and funding.

#include <string>

#include "anju/v1/registry.pb.h"

namespace anju::registry::testing {

inline v1::ReserveProject SampleProject(
    const std::string& org = "150402", const std::string& programme = "shanty",
    const std::string& name = "红山区棚户区改造一期") {
  v1::ReserveProject p;
  p.set_org(org);
  p.set_programme(programme);
  p.set_name(name);
  p.set_address("赤峰市红山区昭乌达路");
  p.set_units(120);
  p.set_households(118);
  p.set_buildings(6);
  p.set_floor_area_10k_m2(1.2);
  if (programme == "oldcomm") p.set_communities(2);
  p.set_investment_10k_yuan(5000);
  p.mutable_funding()->set_central(2000);
  p.mutable_funding()->set_region(1000);
  p.mutable_funding()->set_county(500);
  p.mutable_readiness()->set_approved(true);
  p.mutable_readiness()->set_land(true);
  p.set_resident_consent_pct(92.5);
  p.set_building_year(1985);
  p.mutable_shortfalls()->set_basic(2);
  return p;
}

}  // namespace anju::registry::testing

#endif  // ANJU_TESTS_REGISTRY_SAMPLE_PROJECTS_H_
