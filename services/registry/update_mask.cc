#include "services/registry/update_mask.h"

#include <google/protobuf/util/field_mask_util.h>

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/text.h"

namespace anju::registry {
namespace {

using google::protobuf::util::FieldMaskUtil;

constexpr int kMaxPaths = 64;

// The fields a caller edits; sub-fields of the three groups too.
constexpr const char* kEditable[] = {"programme",
                                     "name",
                                     "address",
                                     "units",
                                     "households",
                                     "buildings",
                                     "floor_area_10k_m2",
                                     "communities",
                                     "investment_10k_yuan",
                                     "funding",
                                     "readiness",
                                     "resident_consent_pct",
                                     "building_year",
                                     "shortfalls"};

constexpr const char* kOutputOnly[] = {"id",
                                       "status",
                                       "plan_year",
                                       "start_date",
                                       "completion_date",
                                       "delivery_date",
                                       "etag",
                                       "create_time",
                                       "update_time",
                                       "priority",
                                       "missing_archive_types"};

bool Listed(absl::string_view path, absl::Span<const char* const> list) {
  for (const char* name : list) {
    if (path == name) return true;
  }
  return false;
}

absl::Status CheckPath(const std::string& path) {
  const std::string top = path.substr(0, path.find('.'));
  if (Listed(top, kOutputOnly)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "update_mask: ", path,
        " 为只读字段 (output only: status and dates change through "
        "TransitionProject)"));
  }
  if (top == "org") {
    return absl::InvalidArgumentError(
        "update_mask: org 不可修改 (a project never changes county: delete "
        "it and enter it again)");
  }
  if (!Listed(top, kEditable) ||
      !FieldMaskUtil::GetFieldDescriptors(v1::ReserveProject::descriptor(),
                                          path, nullptr)) {
    return absl::InvalidArgumentError(
        absl::StrCat("update_mask: 未知字段 (unknown path) \"",
                     common::Preview(path), "\""));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::ReserveProject> ApplyUpdateMask(
    const v1::ReserveProject& stored, const v1::ReserveProject& sent,
    const google::protobuf::FieldMask& mask) {
  if (mask.paths_size() == 0) {
    return absl::InvalidArgumentError(
        "update_mask: 必填, 列出要修改的字段 (required, non-empty)");
  }
  if (mask.paths_size() > kMaxPaths) {
    return absl::InvalidArgumentError(absl::StrCat("update_mask: 至多 ",
                                                   kMaxPaths, " 个字段 (got ",
                                                   mask.paths_size(), ")"));
  }
  for (const std::string& path : mask.paths()) {
    if (auto s = CheckPath(path); !s.ok()) return s;
  }
  v1::ReserveProject merged = stored;
  FieldMaskUtil::MergeOptions options;
  options.set_replace_message_fields(true);
  options.set_replace_repeated_fields(true);
  FieldMaskUtil::MergeMessageTo(sent, mask, options, &merged);
  return merged;
}

}  // namespace anju::registry
