#ifndef ANJU_SERVICES_REGISTRY_ARCHIVE_RULES_H_
#define ANJU_SERVICES_REGISTRY_ARCHIVE_RULES_H_

// Which archive types (档案) each registry programme requires, as data
// (config/registry/archives.yaml), and what a project still misses.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "anju/v1/registry.pb.h"

namespace anju::registry {

// "basic_info" ↔ ARCHIVE_TYPE_BASIC_INFO; UNSPECIFIED when unknown.
v1::ArchiveType ParseArchiveType(absl::string_view name);
// 基本情况, 居民改造意愿, 改造方案, 工程进度, 改造前后效果.
std::string ArchiveTypeLabel(v1::ArchiveType type);

class ArchiveRules {
 public:
  // INVALID_ARGUMENT naming the file, line and key when the file is
  // malformed, names an unknown type or misses a registry programme;
  // NOT_FOUND when it cannot be read.
  static absl::StatusOr<ArchiveRules> LoadFile(const std::string& path);

  // In the file's order; empty for an unknown programme.
  const std::vector<v1::ArchiveType>& Required(
      absl::string_view programme) const;
  std::vector<v1::ArchiveType> Missing(absl::string_view programme,
                                       const std::set<int>& present) const;

 private:
  std::map<std::string, std::vector<v1::ArchiveType>, std::less<>> required_;
};

}  // namespace anju::registry

#endif  // ANJU_SERVICES_REGISTRY_ARCHIVE_RULES_H_
