// Ranking: score order, tie breakers, shared ranks, and the same output
// whatever the input order.
#include "services/registry/priority/ranking.h"

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/registry_priority/fixtures.h"

namespace anju::registry {
namespace {

using ::testing::ElementsAre;
using testing::Ids;
using testing::ModelInForce;
using testing::Project;
using testing::Ranks;

TEST(RankProjects, ByScoreDescendingWithBreakdowns) {
  std::vector<v1::ReserveProject> projects = {
      Project("B", "150402", "shanty", 100, 100, 3000, "10000"),
      Project("A", "150402", "shanty", 250, 250, 7500, "11111"),
      Project("C", "150404", "shanty", 100, 100, 3000, "11100")};
  const auto ranked = RankProjects(ModelInForce(), projects, 2024);
  EXPECT_THAT(Ids(ranked), ElementsAre("A", "C", "B"));
  EXPECT_THAT(Ranks(ranked), ElementsAre(1, 2, 3));
  EXPECT_DOUBLE_EQ(ranked[0].project().priority().score(), 80);
  EXPECT_EQ(ranked[0].project().priority().components_size(), 3);
  EXPECT_EQ(ranked[0].project().priority().model_version(), "2024.1");
}

// Equal inputs, different ids: one rank, ordered by id; the next rank
// counts the places taken (1, 2, 2, 4).
TEST(RankProjects, EqualProjectsShareARank) {
  std::vector<v1::ReserveProject> projects = {
      Project("D", "150402", "shanty", 50, 50, 3000, "10000"),
      Project("C2", "150402", "shanty", 100, 100, 3000, "11100"),
      Project("A", "150402", "shanty", 250, 250, 7500, "11111"),
      Project("C1", "150404", "shanty", 100, 100, 3000, "11100")};
  const auto ranked = RankProjects(ModelInForce(), projects, 2024);
  EXPECT_THAT(Ids(ranked), ElementsAre("A", "C1", "C2", "D"));
  EXPECT_THAT(Ranks(ranked), ElementsAre(1, 2, 2, 4));
}

// Both score 70: A = readiness 40 + households 15 + cost 15; B = readiness
// 50 + households 7.5 + cost 12.5 (4375 ÷ 125 = 35 万/户). Readiness is the
// first tie breaker, so B ranks first and the ranks differ.
TEST(RankProjects, TieBreakersOrderEqualScores) {
  std::vector<v1::ReserveProject> projects = {
      Project("A", "150402", "shanty", 250, 250, 7500, "11110"),
      Project("B", "150402", "shanty", 125, 125, 4375, "11111")};
  const auto ranked = RankProjects(ModelInForce(), projects, 2024);
  ASSERT_DOUBLE_EQ(ranked[0].project().priority().score(), 70);
  ASSERT_DOUBLE_EQ(ranked[1].project().priority().score(), 70);
  EXPECT_THAT(Ids(ranked), ElementsAre("B", "A"));
  EXPECT_THAT(Ranks(ranked), ElementsAre(1, 2));
}

std::vector<v1::ReserveProject> Generated(int n) {
  std::mt19937 random(20240101);
  std::vector<v1::ReserveProject> projects;
  for (int i = 0; i < n; ++i) {
    std::string readiness;
    for (int s = 0; s < 5; ++s) readiness += random() % 2 ? '1' : '0';
    // Few distinct sizes, so that many projects tie.
    const int households = 50 * static_cast<int>(1 + random() % 4);
    v1::ReserveProject p = Project(absl::StrCat("P-", 1000 + i), "150402",
                                   i % 3 ? "shanty" : "oldcomm", households,
                                   households, households * 30.0, readiness);
    p.set_building_year(1980 + static_cast<int>(random() % 30));
    p.set_resident_consent_pct(60 + static_cast<int>(random() % 4) * 10);
    p.mutable_shortfalls()->set_basic(static_cast<int>(random() % 3));
    projects.push_back(p);
  }
  return projects;
}

TEST(RankProjects, SameOutputForAnyInputOrder) {
  std::vector<v1::ReserveProject> projects = Generated(300);
  const auto expected = RankProjects(ModelInForce(), projects, 2024);
  ASSERT_EQ(expected.size(), 300u);
  std::mt19937 random(7);
  for (int round = 0; round < 5; ++round) {
    std::shuffle(projects.begin(), projects.end(), random);
    const auto ranked = RankProjects(ModelInForce(), projects, 2024);
    ASSERT_EQ(ranked.size(), expected.size());
    for (size_t i = 0; i < ranked.size(); ++i) {
      ASSERT_EQ(ranked[i].SerializeAsString(), expected[i].SerializeAsString())
          << "round " << round << " place " << i;
    }
  }
  // There were ties, and they shared ranks.
  int shared = 0;
  for (size_t i = 1; i < expected.size(); ++i) {
    shared += expected[i].rank() == expected[i - 1].rank();
    EXPECT_GE(expected[i - 1].project().priority().score(),
              expected[i].project().priority().score());
  }
  EXPECT_GT(shared, 0);
}

TEST(RankProjects, EmptyReserve) {
  EXPECT_TRUE(RankProjects(ModelInForce(), {}, 2024).empty());
}

}  // namespace
}  // namespace anju::registry
