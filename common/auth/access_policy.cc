#include "common/auth/access_policy.h"

#include <google/protobuf/descriptor.h>

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/auth/yaml_fields.h"

namespace anju::auth {
namespace {

bool IsIdentifier(absl::string_view s) {
  if (s.empty() || absl::ascii_isdigit(static_cast<unsigned char>(s[0]))) {
    return false;
  }
  return std::all_of(s.begin(), s.end(), [](char c) {
    return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

// "/package.Service/Method", as gRPC names a method on the wire and in
// ServerRpcInfo::method().
bool IsMethodName(absl::string_view name) {
  if (name.size() < 4 || name[0] != '/') return false;
  std::vector<absl::string_view> parts = absl::StrSplit(name.substr(1), '/');
  if (parts.size() != 2 || !IsIdentifier(parts[1])) return false;
  for (absl::string_view part : absl::StrSplit(parts[0], '.')) {
    if (!IsIdentifier(part)) return false;
  }
  return true;
}

// own_city on a role with a fixed county or region org would only ever
// mean own_org or region: the file must say which.
bool OwnCityFits(Role role) {
  std::optional<orgs::OrgLevel> level = RequiredOrgLevel(role);
  return !level.has_value() || *level == orgs::OrgLevel::kCity;
}

}  // namespace

class PolicyReader {
 public:
  using Rule = AccessPolicy::Rule;

  absl::Status Walk(const YAML::Node& root) {
    if (!root.IsMap()) {
      return yaml::Malformed(root, "document", "must be a map");
    }
    if (absl::Status s = yaml::CheckKeys(root, "document", {"methods"});
        !s.ok()) {
      return s;
    }
    const YAML::Node methods = root["methods"];
    if (!methods.IsDefined() || !methods.IsMap() || methods.size() == 0) {
      return yaml::Malformed(methods.IsDefined() ? methods : root, "methods",
                             "must be a non-empty map of method names");
    }
    absl::flat_hash_map<std::string, int> lines;
    for (const auto& entry : methods) {
      const std::string name = entry.first.Scalar();
      const std::string where = absl::StrCat("methods.", name);
      if (!IsMethodName(name)) {
        return yaml::Malformed(
            entry.first, where,
            "方法名须为 /包.服务/方法 (a method name must be "
            "/package.Service/Method, e.g. /anju.v1.ScoringService/Evaluate)");
      }
      if (auto it = lines.find(name); it != lines.end()) {
        return yaml::Malformed(
            entry.first, where,
            absl::StrCat("duplicate method, first at line ", it->second));
      }
      lines[name] = entry.first.Mark().line + 1;
      absl::StatusOr<Rule> rule = ReadRule(entry.second, where);
      if (!rule.ok()) return rule.status();
      rules_[name] = *rule;
    }
    return absl::OkStatus();
  }

  absl::flat_hash_map<std::string, Rule>& rules() { return rules_; }

 private:
  absl::StatusOr<Rule> ReadRule(const YAML::Node& node,
                                absl::string_view where) {
    if (!node.IsMap()) {
      return yaml::Malformed(
          node, where,
          absl::StrCat("must be {public: true} or a map of every role to a "
                       "scope (roles: ",
                       RoleNames(), ")"));
    }
    Rule rule;
    if (node["public"].IsDefined()) {
      const YAML::Node value = node["public"];
      if (!value.IsScalar() || value.Scalar() != "true") {
        return yaml::Malformed(
            value, where,
            "field 'public' may only be true; leave it out for a method "
            "that needs a credential");
      }
      if (node.size() != 1) {
        return yaml::Malformed(
            node, where, "a public method lists no roles: anyone may call it");
      }
      rule.is_public = true;
      return rule;
    }
    std::array<bool, kRoleCount> seen{};
    for (const auto& entry : node) {
      const std::string role_name = entry.first.Scalar();
      std::optional<Role> role = ParseRole(role_name);
      if (!role.has_value()) {
        return yaml::Malformed(entry.first, where,
                               absl::StrCat("unknown role '", role_name,
                                            "' (known: ", RoleNames(), ")"));
      }
      const std::size_t index = static_cast<std::size_t>(*role);
      if (seen[index]) {
        return yaml::Malformed(
            entry.first, where,
            absl::StrCat("role '", role_name, "' appears twice"));
      }
      seen[index] = true;
      const std::string scope_name =
          entry.second.IsScalar() ? entry.second.Scalar() : "";
      std::optional<Scope> scope = ParseScope(scope_name);
      if (!scope.has_value()) {
        return yaml::Malformed(
            entry.second, where,
            absl::StrCat("role '", role_name, "': unknown scope '", scope_name,
                         "' (known: ", ScopeNames(), ")"));
      }
      if (*scope == Scope::kChildren && RequiredOrgLevel(*role).has_value() &&
          *RequiredOrgLevel(*role) == orgs::OrgLevel::kCounty) {
        return yaml::Malformed(
            entry.second, where,
            absl::StrCat("role '", role_name,
                         "': children needs a role acting for a city or the "
                         "region; a county has no orgs under it"));
      }
      if (*scope == Scope::kOwnCity && !OwnCityFits(*role)) {
        return yaml::Malformed(
            entry.second, where,
            absl::StrCat("role '", role_name,
                         "': own_city needs a role "
                         "acting for a city; a ",
                         role_name, " acts for a ",
                         orgs::OrgLevelName(*RequiredOrgLevel(*role)),
                         ", write own_org or region"));
      }
      rule.scopes[index] = *scope;
    }
    std::vector<std::string> missing;
    for (Role role : AllRoles()) {
      if (!seen[static_cast<std::size_t>(role)]) {
        missing.emplace_back(RoleName(role));
      }
    }
    if (!missing.empty()) {
      return yaml::Malformed(
          node, where,
          absl::StrCat("every role needs a scope (none if it may not call); "
                       "missing: ",
                       absl::StrJoin(missing, ", ")));
    }
    return rule;
  }

  absl::flat_hash_map<std::string, Rule> rules_;
};

absl::StatusOr<std::unique_ptr<AccessPolicy>> AccessPolicy::Parse(
    absl::string_view yaml, absl::string_view source) {
  PolicyReader reader;
  if (absl::Status s = yaml::Parse(
          yaml, source,
          [&reader](const YAML::Node& root) { return reader.Walk(root); });
      !s.ok()) {
    return s;
  }
  return std::unique_ptr<AccessPolicy>(
      new AccessPolicy(std::string(source), std::move(reader.rules())));
}

absl::StatusOr<std::unique_ptr<AccessPolicy>> AccessPolicy::LoadFile(
    const std::string& path) {
  absl::StatusOr<std::string> text = yaml::ReadFile(path);
  if (!text.ok()) return text.status();
  return Parse(*text, path);
}

AccessPolicy::AccessPolicy(std::string source,
                           absl::flat_hash_map<std::string, Rule> rules)
    : source_(std::move(source)), rules_(std::move(rules)) {}

bool AccessPolicy::IsPublic(absl::string_view method) const {
  auto it = rules_.find(method);
  return it != rules_.end() && it->second.is_public;
}

Scope AccessPolicy::ScopeFor(absl::string_view method, Role role) const {
  auto it = rules_.find(method);
  if (it == rules_.end() || it->second.is_public) return Scope::kNone;
  return it->second.scopes[static_cast<std::size_t>(role)];
}

bool AccessPolicy::Lists(absl::string_view method) const {
  return rules_.contains(method);
}

std::vector<std::string> AccessPolicy::Methods() const {
  std::vector<std::string> methods;
  methods.reserve(rules_.size());
  for (const auto& [name, rule] : rules_) methods.push_back(name);
  std::sort(methods.begin(), methods.end());
  return methods;
}

absl::Status AccessPolicy::CheckCovers(
    const std::vector<std::string>& methods) const {
  std::vector<std::string> missing;
  for (const std::string& method : methods) {
    if (!Lists(method)) missing.push_back(method);
  }
  if (missing.empty()) return absl::OkStatus();
  std::sort(missing.begin(), missing.end());
  missing.erase(std::unique(missing.begin(), missing.end()), missing.end());
  return absl::InvalidArgumentError(absl::StrCat(
      source_, ": 访问策略缺少方法 (the access policy does not list ",
      missing.size(),
      " method(s) this server serves; add each with a scope "
      "for every role, or public: true): ",
      absl::StrJoin(missing, ", ")));
}

absl::StatusOr<std::vector<std::string>> MethodsOfServices(
    const std::vector<std::string>& service_full_names) {
  const google::protobuf::DescriptorPool* pool =
      google::protobuf::DescriptorPool::generated_pool();
  std::vector<std::string> methods;
  for (const std::string& name : service_full_names) {
    const google::protobuf::ServiceDescriptor* service =
        pool->FindServiceByName(name);
    if (service == nullptr) {
      return absl::NotFoundError(absl::StrCat(
          "service ", name, ": no descriptor linked into this binary"));
    }
    for (int i = 0; i < service->method_count(); ++i) {
      methods.push_back(
          absl::StrCat("/", name, "/", service->method(i)->name()));
    }
  }
  return methods;
}

const std::vector<std::string>& InfrastructureMethods() {
  // gRPC 1.51 registers reflection v1alpha only.
  static const auto* methods = new std::vector<std::string>{
      "/grpc.health.v1.Health/Check", "/grpc.health.v1.Health/Watch",
      "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"};
  return *methods;
}

std::string DefaultPolicyPath() {
  return absl::StrCat(ANJU_SOURCE_DIR, "/config/access-policy.yaml");
}

}  // namespace anju::auth
