// The shipped access policy has a row for every SubmissionService method,
// as the server start-up check (LoadAccessGate) will require.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "anju/v1/submission.grpc.pb.h"
#include "common/auth/access_policy.h"
#include "common/auth/scope.h"

namespace anju::submission {
namespace {

TEST(SubmissionAccessPolicyTest, ShippedPolicyCoversEveryMethod) {
  auto policy = auth::AccessPolicy::LoadFile(auth::DefaultPolicyPath());
  ASSERT_TRUE(policy.ok()) << policy.status();
  auto methods =
      auth::MethodsOfServices({v1::SubmissionService::service_full_name()});
  ASSERT_TRUE(methods.ok()) << methods.status();
  EXPECT_EQ(methods->size(), 16u);
  EXPECT_TRUE((*policy)->CheckCovers(*methods).ok());
  EXPECT_EQ((*policy)->ScopeFor("/anju.v1.SubmissionService/ReviewReport",
                                auth::Role::kCountyFiler),
            auth::Scope::kNone);
  EXPECT_EQ((*policy)->ScopeFor("/anju.v1.SubmissionService/SaveDraft",
                                auth::Role::kCountyFiler),
            auth::Scope::kOwnOrg);
  // Bulk reads of stored reports are the scoring service's alone.
  for (auth::Role role : auth::AllRoles()) {
    EXPECT_EQ((*policy)->ScopeFor(
                  "/anju.v1.SubmissionService/ListScoredReports", role),
              role == auth::Role::kService ? auth::Scope::kRegion
                                           : auth::Scope::kNone)
        << auth::RoleName(role);
  }
}

}  // namespace
}  // namespace anju::submission
