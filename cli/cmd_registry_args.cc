// Arguments of the registry commands: project fields as options, statuses,
// archive types, programmes, orgs, table formats, county targets.

#include <climits>
#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "cli/cmd_registry.h"
#include "common/orgs/org_yaml.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "services/registry/tabular/cells.h"

namespace anju::cli {
namespace {

using anju::v1::ArchiveType;
using anju::v1::ProjectStatus;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

namespace tabular = anju::registry::tabular;

// Large enough for any figure of one project; the service has the limits.
constexpr double kMaxFlagNumber = 1e12;

struct Label {
  int value;
  absl::string_view id;
  absl::string_view chinese;
};

constexpr Label kStatuses[] = {
    {anju::v1::PROJECT_STATUS_RESERVE, "reserve", "储备"},
    {anju::v1::PROJECT_STATUS_PLANNED, "planned", "计划"},
    {anju::v1::PROJECT_STATUS_STARTED, "started", "开工"},
    {anju::v1::PROJECT_STATUS_COMPLETED, "completed", "竣工"},
    {anju::v1::PROJECT_STATUS_DELIVERED, "delivered", "交付"},
};

constexpr Label kArchiveTypes[] = {
    {anju::v1::ARCHIVE_TYPE_BASIC_INFO, "basic_info", "基本情况"},
    {anju::v1::ARCHIVE_TYPE_RESIDENT_WILLINGNESS, "resident_willingness",
     "居民改造意愿"},
    {anju::v1::ARCHIVE_TYPE_RENOVATION_PLAN, "renovation_plan", "改造方案"},
    {anju::v1::ARCHIVE_TYPE_PROGRESS, "progress", "工程进度"},
    {anju::v1::ARCHIVE_TYPE_BEFORE_AFTER, "before_after", "改造前后效果"},
};

template <std::size_t N>
absl::StatusOr<int> FindLabel(const Label (&labels)[N], absl::string_view text,
                              absl::string_view what) {
  const std::string lower =
      absl::AsciiStrToLower(absl::StripAsciiWhitespace(text));
  std::vector<std::string> known;
  for (const Label& label : labels) {
    if (lower == label.id || text == label.chinese) return label.value;
    known.push_back(absl::StrCat(label.chinese, "/", label.id));
  }
  return UsageError(absl::StrCat(what, ": 须为 ", absl::StrJoin(known, "、"),
                                 " 之一 (got ", text, ")"));
}

template <std::size_t N>
std::string LabelOf(const Label (&labels)[N], int value) {
  for (const Label& label : labels) {
    if (label.value == value) return std::string(label.chinese);
  }
  return "";
}

const orgs::OrgTree* Tree() {
  static const orgs::OrgTree* const tree = [] {
    const char* path = std::getenv("ANJU_ORGS");
    auto loaded = orgs::LoadOrgTreeFile(
        path != nullptr ? path : orgs::DefaultOrgTreePath());
    return loaded.ok() ? loaded->release() : nullptr;
  }();
  return tree;
}

// Sets one scalar field from the text of its option.
absl::Status SetScalar(Message* message, const FieldDescriptor* field,
                       const std::string& flag, const std::string& text) {
  const auto* reflection = message->GetReflection();
  const auto refuse = [&](const absl::Status& status) {
    return UsageError(absl::StrCat("--", flag, ": ", status.message()));
  };
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32: {
      absl::StatusOr<int> value = tabular::ParseCount(text, INT_MAX);
      if (!value.ok()) return refuse(value.status());
      reflection->SetInt32(message, field, *value);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_DOUBLE: {
      absl::StatusOr<double> value = tabular::ParseAmount(text, kMaxFlagNumber);
      if (!value.ok()) return refuse(value.status());
      reflection->SetDouble(message, field, *value);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_BOOL: {
      absl::StatusOr<bool> value = tabular::ParseFlag(text);
      if (!value.ok()) return refuse(value.status());
      reflection->SetBool(message, field, *value);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_STRING:
      reflection->SetString(message, field, text);
      return absl::OkStatus();
    default:
      return absl::InternalError(absl::StrCat("--", flag, ": unsupported"));
  }
}

}  // namespace

const std::vector<ProjectFieldFlag>& ProjectFieldFlags() {
  static const auto* const kFlags = new std::vector<ProjectFieldFlag>{
      {"name", "name", "项目名称"},
      {"address", "address", "项目地址"},
      {"units", "units", "套数 (套)"},
      {"households", "households", "户数 (户)"},
      {"buildings", "buildings", "栋数 (栋)"},
      {"area", "floor_area_10k_m2", "建筑面积 (万m²)"},
      {"communities", "communities", "小区个数"},
      {"investment", "investment_10k_yuan", "估算总投资 (万元)"},
      {"central-funds", "funding.central", "中央补助 (万元)"},
      {"region-funds", "funding.region", "自治区补助 (万元)"},
      {"city-funds", "funding.city", "盟市配套 (万元)"},
      {"county-funds", "funding.county", "旗县配套 (万元)"},
      {"social-funds", "funding.social", "社会及居民出资 (万元)"},
      {"loans-bonds", "funding.loans_bonds", "贷款或债券 (万元)"},
      {"approved", "readiness.approved", "立项 (是/否)"},
      {"land", "readiness.land", "用地 (是/否)"},
      {"planning-permit", "readiness.planning_permit", "规划许可 (是/否)"},
      {"construction-permit", "readiness.construction_permit",
       "施工许可 (是/否)"},
      {"funds-secured", "readiness.funds_secured", "资金落实 (是/否)"},
      {"consent", "resident_consent_pct", "居民同意率 (%, 0–100)"},
      {"building-year", "building_year", "建成年份"},
      {"basic-shortfalls", "shortfalls.basic", "基础类短板 (项)"},
      {"improvement-shortfalls", "shortfalls.improvement", "完善类短板 (项)"},
      {"upgrade-shortfalls", "shortfalls.upgrade", "提升类短板 (项)"},
  };
  return *kFlags;
}

absl::StatusOr<std::vector<std::string>> ApplyProjectFields(
    const std::map<std::string, std::string>& fields,
    anju::v1::ReserveProject* project) {
  std::vector<std::string> paths;
  for (const ProjectFieldFlag& flag : ProjectFieldFlags()) {
    auto given = fields.find(flag.flag);
    if (given == fields.end()) continue;
    Message* message = project;
    const FieldDescriptor* field = nullptr;
    for (absl::string_view part : absl::StrSplit(flag.path, '.')) {
      if (field != nullptr) {
        message = message->GetReflection()->MutableMessage(message, field);
      }
      field = message->GetDescriptor()->FindFieldByName(std::string(part));
      if (field == nullptr) {
        return absl::InternalError(absl::StrCat("no field ", flag.path));
      }
    }
    if (absl::Status s = SetScalar(message, field, flag.flag, given->second);
        !s.ok()) {
      return s;
    }
    paths.push_back(flag.path);
  }
  return paths;
}

absl::StatusOr<ProjectStatus> ParseProjectStatus(absl::string_view text) {
  absl::StatusOr<int> value = FindLabel(kStatuses, text, "状态");
  if (!value.ok()) return value.status();
  return static_cast<ProjectStatus>(*value);
}

std::string ProjectStatusLabel(ProjectStatus status) {
  return LabelOf(kStatuses, status);
}

absl::StatusOr<ArchiveType> ParseArchiveType(absl::string_view text) {
  absl::StatusOr<int> value = FindLabel(kArchiveTypes, text, "--type");
  if (!value.ok()) return value.status();
  return static_cast<ArchiveType>(*value);
}

std::string ArchiveTypeLabel(ArchiveType type) {
  return LabelOf(kArchiveTypes, type);
}

absl::StatusOr<std::string> ParseProgrammeArg(absl::string_view text,
                                              absl::string_view flag) {
  absl::StatusOr<std::string> id = tabular::ParseProgramme(text);
  if (!id.ok()) {
    return UsageError(absl::StrCat(flag, ": ", id.status().message()));
  }
  return id;
}

std::string ProgrammeLabel(absl::string_view id) {
  return tabular::ProgrammeName(id);
}

std::string OrgArg(const std::string& text) {
  const orgs::OrgTree* tree = Tree();
  if (tree == nullptr) return text;
  absl::StatusOr<const orgs::Org*> org = tree->Resolve(text);
  return org.ok() ? (*org)->code : text;
}

absl::StatusOr<anju::v1::TableFormat> TableFormatFor(const std::string& format,
                                                     const std::string& path) {
  std::string name = absl::AsciiStrToLower(format);
  if (name.empty()) {
    const std::string lower = absl::AsciiStrToLower(path);
    if (absl::EndsWith(lower, ".csv")) name = "csv";
    if (absl::EndsWith(lower, ".xlsx")) name = "xlsx";
  }
  if (name == "csv") return anju::v1::TABLE_FORMAT_CSV;
  if (name == "xlsx") return anju::v1::TABLE_FORMAT_XLSX;
  return UsageError(absl::StrCat("--format: 须为 csv 或 xlsx (文件 ", path,
                                 " 的扩展名也看不出来)"));
}

absl::StatusOr<std::pair<std::string, anju::v1::CountyTarget>>
ParseCountyTarget(absl::string_view text) {
  const std::vector<absl::string_view> sides = absl::StrSplit(text, '=');
  const auto refuse = [&] {
    return UsageError(absl::StrCat(
        "--target: 须为 旗县区=套数 或 旗县区=套数/户数 (got ", text, ")"));
  };
  if (sides.size() != 2 || sides[0].empty()) return refuse();
  const std::vector<absl::string_view> counts = absl::StrSplit(sides[1], '/');
  anju::v1::CountyTarget target;
  int units = 0, households = 0;
  if (counts.size() > 2 || !absl::SimpleAtoi(counts[0], &units) || units < 0 ||
      (counts.size() == 2 &&
       (!absl::SimpleAtoi(counts[1], &households) || households < 0))) {
    return refuse();
  }
  target.set_units(units);
  target.set_households(households);
  return std::make_pair(OrgArg(std::string(sides[0])), target);
}

absl::StatusOr<std::map<std::string, std::string>> ParseDataPairs(
    const std::vector<std::string>& pairs) {
  std::map<std::string, std::string> data;
  for (const std::string& pair : pairs) {
    const std::size_t eq = pair.find('=');
    if (eq == std::string::npos || eq == 0) {
      return UsageError(absl::StrCat(
          "--data: 须为 键=值, 如 完成投资比例=45% (got ", pair, ")"));
    }
    data[pair.substr(0, eq)] = pair.substr(eq + 1);
  }
  return data;
}

}  // namespace anju::cli
