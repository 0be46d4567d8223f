#include "tests/access_matrix/matrix_plan.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/message.h>
#include <google/protobuf/text_format.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace anju::access_matrix {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::DescriptorPool;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::MessageFactory;

constexpr char kProjectPlaceholder[] = "$PROJECT_ID";
constexpr char kCountiesOnly[] = "# targets: counties";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const FieldDescriptor* OrgField(const Descriptor* type, const char* name) {
  const FieldDescriptor* field = type->FindFieldByName(name);
  if (field == nullptr || field->is_repeated() ||
      field->type() != FieldDescriptor::TYPE_STRING) {
    return nullptr;
  }
  return field;
}

// The singular message fields of `type` that hold an `org` field.
std::vector<const FieldDescriptor*> NestedOrgHolders(const Descriptor* type) {
  std::vector<const FieldDescriptor*> holders;
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* field = type->field(i);
    if (field->is_repeated() ||
        field->type() != FieldDescriptor::TYPE_MESSAGE) {
      continue;
    }
    if (OrgField(field->message_type(), "org") != nullptr) {
      holders.push_back(field);
    }
  }
  return holders;
}

TargetKind KindOf(const Descriptor* type, const std::string& request_template) {
  if (request_template.find(kProjectPlaceholder) != std::string::npos) {
    return TargetKind::kProject;
  }
  if (request_template.find(kCountiesOnly) != std::string::npos) {
    return TargetKind::kCounty;
  }
  if (OrgField(type, "org") != nullptr) return TargetKind::kOrg;
  if (OrgField(type, "city") != nullptr) return TargetKind::kCity;
  if (!NestedOrgHolders(type).empty()) return TargetKind::kOrg;
  return TargetKind::kNone;
}

void SetTarget(Message* message, const std::string& target) {
  const Descriptor* type = message->GetDescriptor();
  const auto* reflection = message->GetReflection();
  bool named = false;
  for (const char* name : {"org", "city"}) {
    if (const FieldDescriptor* field = OrgField(type, name)) {
      reflection->SetString(message, field, target);
      named = true;
    }
  }
  if (named) return;
  for (const FieldDescriptor* holder : NestedOrgHolders(type)) {
    Message* nested = reflection->MutableMessage(message, holder);
    nested->GetReflection()->SetString(
        nested, OrgField(holder->message_type(), "org"), target);
  }
}

}  // namespace

absl::StatusOr<std::vector<MethodPlan>> PlanMethods(
    const std::vector<std::string>& services, const std::string& requests_dir) {
  const DescriptorPool* pool = DescriptorPool::generated_pool();
  std::vector<MethodPlan> plans;
  std::set<std::string> known_files;
  for (const std::string& name : services) {
    const google::protobuf::ServiceDescriptor* service =
        pool->FindServiceByName(name);
    if (service == nullptr) {
      return absl::NotFoundError(
          absl::StrCat("service ", name, " is not linked in"));
    }
    for (int i = 0; i < service->method_count(); ++i) {
      MethodPlan plan;
      plan.descriptor = service->method(i);
      plan.name = absl::StrCat("/", name, "/", plan.descriptor->name());
      const std::string file = absl::StrCat(
          service->name(), ".", plan.descriptor->name(), ".textproto");
      known_files.insert(file);
      const std::string path = absl::StrCat(requests_dir, "/", file);
      if (std::filesystem::exists(path)) plan.request_template = ReadFile(path);
      plan.kind = KindOf(plan.descriptor->input_type(), plan.request_template);
      plans.push_back(std::move(plan));
    }
  }
  // A template for an RPC that no longer exists would silently test nothing.
  for (const auto& entry : std::filesystem::directory_iterator(requests_dir)) {
    const std::string file = entry.path().filename().string();
    if (known_files.count(file) == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(requests_dir, "/", file,
                       ": no such RPC (want Service.Method.textproto)"));
    }
  }
  return plans;
}

absl::StatusOr<std::string> BuildRequest(const MethodPlan& plan,
                                         const std::string& target,
                                         const std::string& project_id) {
  const Descriptor* type = plan.descriptor->input_type();
  const Message* prototype =
      MessageFactory::generated_factory()->GetPrototype(type);
  if (prototype == nullptr) {
    return absl::NotFoundError(
        absl::StrCat(type->full_name(), " has no generated class"));
  }
  std::unique_ptr<Message> request(prototype->New());
  const std::string text = absl::StrReplaceAll(
      plan.request_template, {{kProjectPlaceholder, project_id}});
  if (!google::protobuf::TextFormat::ParseFromString(text, request.get())) {
    return absl::InvalidArgumentError(absl::StrCat(
        plan.name, ": its request template is not a ", type->full_name()));
  }
  if (!target.empty()) SetTarget(request.get(), target);
  return request->SerializeAsString();
}

bool Reaches(const auth::Principal& principal, auth::Scope scope,
             const std::string& target, const orgs::OrgTree& tree) {
  if (scope == auth::Scope::kNone) return false;
  if (scope == auth::Scope::kAny || target.empty()) return true;
  const orgs::Org* org = tree.FindByCode(target);
  if (org == nullptr) return false;
  switch (scope) {
    case auth::Scope::kOwnOrg:
      return target == principal.org;
    case auth::Scope::kOwnCity:
      return target == principal.org || org->parent == principal.org;
    case auth::Scope::kChildren:
      return org->parent == principal.org;
    case auth::Scope::kRegion: {
      // The region of an org: climb to the top.
      auto region_of = [&tree](std::string code) {
        for (const orgs::Org* o = tree.FindByCode(code);
             o != nullptr && !o->parent.empty(); o = tree.FindByCode(code)) {
          code = o->parent;
        }
        return code;
      };
      return region_of(target) == region_of(principal.org);
    }
    default:
      return false;
  }
}

}  // namespace anju::access_matrix
