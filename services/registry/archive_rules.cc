#include "services/registry/archive_rules.h"

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/registry/project_rules.h"

namespace anju::registry {
namespace {

absl::Status Bad(const std::string& path, const YAML::Node& node,
                 absl::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrCat(path, ":", node.Mark().line + 1, ": ", what));
}

}  // namespace

v1::ArchiveType ParseArchiveType(absl::string_view name) {
  v1::ArchiveType type = v1::ARCHIVE_TYPE_UNSPECIFIED;
  if (name.empty() || name == "unspecified") return type;
  if (!v1::ArchiveType_Parse(
          absl::StrCat("ARCHIVE_TYPE_", absl::AsciiStrToUpper(name)), &type)) {
    return v1::ARCHIVE_TYPE_UNSPECIFIED;
  }
  return type;
}

std::string ArchiveTypeLabel(v1::ArchiveType type) {
  switch (type) {
    case v1::ARCHIVE_TYPE_BASIC_INFO:
      return "基本情况";
    case v1::ARCHIVE_TYPE_RESIDENT_WILLINGNESS:
      return "居民改造意愿";
    case v1::ARCHIVE_TYPE_RENOVATION_PLAN:
      return "改造方案";
    case v1::ARCHIVE_TYPE_PROGRESS:
      return "工程进度";
    case v1::ARCHIVE_TYPE_BEFORE_AFTER:
      return "改造前后效果";
    default:
      return "未指定";
  }
}

absl::StatusOr<ArchiveRules> ArchiveRules::LoadFile(const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    return absl::NotFoundError(absl::StrCat(path, ": cannot read the file"));
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ":", e.mark.line + 1, ": not valid YAML: ", e.msg));
  }
  const YAML::Node programmes = root["programmes"];
  if (!programmes || !programmes.IsMap()) {
    return Bad(path, root, "programmes: required, a map programme → types");
  }
  ArchiveRules rules;
  for (const auto& entry : programmes) {
    const std::string programme = entry.first.Scalar();
    if (!IsRegistryProgramme(programme)) {
      return Bad(
          path, entry.first,
          absl::StrCat("programmes.", programme, ": not a registry programme"));
    }
    if (!entry.second.IsSequence() || entry.second.size() == 0) {
      return Bad(path, entry.second,
                 absl::StrCat("programmes.", programme,
                              ": a non-empty list of archive types"));
    }
    std::vector<v1::ArchiveType>& types = rules.required_[programme];
    for (const YAML::Node& item : entry.second) {
      const v1::ArchiveType type = item.IsScalar()
                                       ? ParseArchiveType(item.Scalar())
                                       : v1::ARCHIVE_TYPE_UNSPECIFIED;
      if (type == v1::ARCHIVE_TYPE_UNSPECIFIED) {
        return Bad(
            path, item,
            absl::StrCat("programmes.", programme, ": unknown archive type \"",
                         item.IsScalar() ? item.Scalar() : "", "\""));
      }
      types.push_back(type);
    }
  }
  for (const std::string& programme : RegistryProgrammeIds()) {
    if (rules.required_.count(programme) == 0) {
      return Bad(path, programmes,
                 absl::StrCat("programmes.", programme, ": missing"));
    }
  }
  return rules;
}

const std::vector<v1::ArchiveType>& ArchiveRules::Required(
    absl::string_view programme) const {
  static const std::vector<v1::ArchiveType>* kNone =
      new std::vector<v1::ArchiveType>();
  auto it = required_.find(programme);
  return it == required_.end() ? *kNone : it->second;
}

std::vector<v1::ArchiveType> ArchiveRules::Missing(
    absl::string_view programme, const std::set<int>& present) const {
  std::vector<v1::ArchiveType> missing;
  for (v1::ArchiveType type : Required(programme)) {
    if (present.count(type) == 0) missing.push_back(type);
  }
  return missing;
}

}  // namespace anju::registry
