#ifndef ANJU_TESTS_ACCESS_MATRIX_MATRIX_PLAN_H_
#define ANJU_TESTS_ACCESS_MATRIX_MATRIX_PLAN_H_

// The access-matrix test's plan, generated from data: every RPC of the
// named services (from the protobuf descriptors), every role of the policy
// file (config/access-policy.yaml), and for each a set of target orgs. The
// request naming a target is built by descriptor: every string field named
// `org` (or `city`) is set to the target, at the top level or, when the top
// level has none, one message down (PutContactRequest.contact,
// UploadEvidenceRequest.header). Whatever else a request needs to reach the
// authorization check is in requests/<Service>.<Method>.textproto, where
// `$PROJECT_ID` stands for a reserve project of the target org and a line
// "# targets: counties" limits the targets to counties. The
// expected outcome comes from the policy's scope, computed here from the
// org tree (not by the library under test).

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/auth/access_policy.h"
#include "common/auth/principal.h"
#include "common/orgs/org_tree.h"

namespace google::protobuf {
class MethodDescriptor;
}  // namespace google::protobuf

namespace anju::access_matrix {

// What names the org a request touches.
enum class TargetKind {
  kNone,     // nothing: the method touches no org (campaigns, audit log)
  kOrg,      // an `org` field: any org
  kCity,     // a `city` field: cities only
  kProject,  // a project id ($PROJECT_ID): counties holding a project
  kCounty,   // an `org` field that must name a county (the template says
             // "# targets: counties"): a project's org
};

struct MethodPlan {
  std::string name;  // "/anju.v1.RegistryService/GetProject"
  const google::protobuf::MethodDescriptor* descriptor = nullptr;
  std::string request_template;  // textproto; empty when there is no file
  TargetKind kind = TargetKind::kNone;
};

// "/anju.v1.ScoringService/Evaluate" and its descriptor for every method of
// `services` ("anju.v1.ScoringService"), with its template from
// `requests_dir`. NOT_FOUND for a service not linked in; INVALID_ARGUMENT
// for a template that names no method or does not parse.
absl::StatusOr<std::vector<MethodPlan>> PlanMethods(
    const std::vector<std::string>& services, const std::string& requests_dir);

// The serialized request of `plan` naming `target` ("" for kNone), with
// `project_id` in place of $PROJECT_ID.
absl::StatusOr<std::string> BuildRequest(const MethodPlan& plan,
                                         const std::string& target,
                                         const std::string& project_id);

// Whether `principal` holding `scope` reaches `target` ("" when the request
// names no org: then any scope but none does).
bool Reaches(const auth::Principal& principal, auth::Scope scope,
             const std::string& target, const orgs::OrgTree& tree);

}  // namespace anju::access_matrix

#endif  // ANJU_TESTS_ACCESS_MATRIX_MATRIX_PLAN_H_
