#include "services/registry/priority/factor_loader.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <set>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/registry/priority/status_macros.h"

namespace anju::registry {

using model_yaml::Where;

namespace {

constexpr double kTolerance = 1e-6;
constexpr size_t kMaxItems = 50;  // steps, bands, classes per factor

absl::Status CheckShare(double share, const Where& where) {
  if (share < 0 || share > 1) {
    return where.Error(absl::StrCat("须在 0–1 之间 (got ", share, ")"));
  }
  return absl::OkStatus();
}

absl::StatusOr<FactorKind> ParseKind(const std::string& kind,
                                     const Where& where) {
  for (FactorKind k :
       {FactorKind::kSteps, FactorKind::kBands, FactorKind::kLinear,
        FactorKind::kInverseLinear, FactorKind::kWeightedCount}) {
    if (kind == FactorKindName(k)) return k;
  }
  return where.Error(
      absl::StrCat("未知类型 \"", kind,
                   "\" (unknown kind; steps, bands, linear, inverse_linear, "
                   "weighted_count)"));
}

absl::Status ReadSteps(const YAML::Node& node, const Where& where, Factor* f) {
  ANJU_PRIORITY_RETURN_IF_ERROR(model_yaml::RequireList(node, where));
  if (node.size() > kMaxItems) return where.Error("过多 (at most 50)");
  double sum = 0;
  std::set<std::string> seen;
  for (size_t i = 0; i < node.size(); ++i) {
    const Where at = where.Index(i);
    const YAML::Node item = node[i];
    ANJU_PRIORITY_RETURN_IF_ERROR(model_yaml::RequireMap(item, at));
    ANJU_PRIORITY_RETURN_IF_ERROR(
        model_yaml::CheckKeys(item, at, {"field", "label", "share"}));
    Step step;
    ANJU_PRIORITY_ASSIGN_OR_RETURN(field,
                                   model_yaml::ReadString(item, "field", at));
    if (!IsReadinessStep(field)) {
      return at.Key("field").Error(absl::StrCat(
          "未知步骤 \"", field,
          "\" (approved, land, planning_permit, construction_permit, "
          "funds_secured)"));
    }
    if (!seen.insert(field).second) {
      return at.Key("field").Error(absl::StrCat("重复 (duplicate) ", field));
    }
    step.field = field;
    ANJU_PRIORITY_ASSIGN_OR_RETURN(label,
                                   model_yaml::ReadString(item, "label", at));
    step.label = label;
    ANJU_PRIORITY_ASSIGN_OR_RETURN(share,
                                   model_yaml::ReadNumber(item, "share", at));
    ANJU_PRIORITY_RETURN_IF_ERROR(CheckShare(share, at.Key("share")));
    step.share = share;
    sum += share;
    f->steps.push_back(step);
  }
  if (std::abs(sum - 1) > kTolerance) {
    return where.Error(absl::StrCat(
        "各步骤 share 之和须为 1 (steps' shares must sum to 1, got ", sum,
        ")"));
  }
  return absl::OkStatus();
}

// Bands ascending, each starting where the previous one ends, so that every
// value falls in at most one band and the file reads as a table.
absl::Status ReadBands(const YAML::Node& node, const Where& where, Factor* f) {
  ANJU_PRIORITY_RETURN_IF_ERROR(model_yaml::RequireList(node, where));
  if (node.size() > kMaxItems) return where.Error("过多 (at most 50)");
  for (size_t i = 0; i < node.size(); ++i) {
    const Where at = where.Index(i);
    const YAML::Node item = node[i];
    ANJU_PRIORITY_RETURN_IF_ERROR(model_yaml::RequireMap(item, at));
    ANJU_PRIORITY_RETURN_IF_ERROR(
        model_yaml::CheckKeys(item, at, {"min", "below", "share", "note"}));
    Band band;
    ANJU_PRIORITY_ASSIGN_OR_RETURN(
        min, model_yaml::ReadOptionalNumber(item, "min", at));
    ANJU_PRIORITY_ASSIGN_OR_RETURN(
        below, model_yaml::ReadOptionalNumber(item, "below", at));
    band.min = min;
    band.below = below;
    ANJU_PRIORITY_ASSIGN_OR_RETURN(share,
                                   model_yaml::ReadNumber(item, "share", at));
    ANJU_PRIORITY_RETURN_IF_ERROR(CheckShare(share, at.Key("share")));
    band.share = share;
    ANJU_PRIORITY_ASSIGN_OR_RETURN(
        note, model_yaml::ReadString(item, "note", at, ""));
    band.note = note;
    if (min.has_value() && below.has_value() && !(*min < *below)) {
      return at.Error(
          absl::StrCat("min 须小于 below (min must be < below, got ", *min,
                       " and ", *below, ")"));
    }
    if (i > 0) {
      const Band& prev = f->bands.back();
      if (!prev.below.has_value() || !min.has_value() || *prev.below != *min) {
        return at.Key("min").Error(
            "须等于上一档的 below (bands must be ascending and contiguous)");
      }
    }
    f->bands.push_back(band);
  }
  return absl::OkStatus();
}

absl::Status ReadClasses(const YAML::Node& node, const Where& where,
                         Factor* f) {
  ANJU_PRIORITY_RETURN_IF_ERROR(model_yaml::RequireList(node, where));
  if (node.size() > kMaxItems) return where.Error("过多 (at most 50)");
  std::set<std::string> seen;
  for (size_t i = 0; i < node.size(); ++i) {
    const Where at = where.Index(i);
    const YAML::Node item = node[i];
    ANJU_PRIORITY_RETURN_IF_ERROR(model_yaml::RequireMap(item, at));
    ANJU_PRIORITY_RETURN_IF_ERROR(
        model_yaml::CheckKeys(item, at, {"field", "label", "points"}));
    CountClass c;
    ANJU_PRIORITY_ASSIGN_OR_RETURN(field,
                                   model_yaml::ReadString(item, "field", at));
    if (!IsShortfallClass(field)) {
      return at.Key("field").Error(absl::StrCat(
          "未知短板类别 \"", field, "\" (basic, improvement, upgrade)"));
    }
    if (!seen.insert(field).second) {
      return at.Key("field").Error(absl::StrCat("重复 (duplicate) ", field));
    }
    c.field = field;
    ANJU_PRIORITY_ASSIGN_OR_RETURN(label,
                                   model_yaml::ReadString(item, "label", at));
    c.label = label;
    ANJU_PRIORITY_ASSIGN_OR_RETURN(points,
                                   model_yaml::ReadNumber(item, "points", at));
    if (points < 0) {
      return at.Key("points").Error(
          absl::StrCat("须不小于0 (must be >= 0, got ", points, ")"));
    }
    c.points = points;
    f->classes.push_back(c);
  }
  return absl::OkStatus();
}

absl::Status ReadGate(const YAML::Node& node, const Where& where, Factor* f) {
  ANJU_PRIORITY_RETURN_IF_ERROR(model_yaml::RequireMap(node, where));
  ANJU_PRIORITY_RETURN_IF_ERROR(
      model_yaml::CheckKeys(node, where, {"field", "min", "note"}));
  Gate gate;
  ANJU_PRIORITY_ASSIGN_OR_RETURN(field,
                                 model_yaml::ReadString(node, "field", where));
  if (!IsNumericField(field)) {
    return where.Key("field").Error(
        absl::StrCat("未知字段 \"", field, "\" (unknown numeric field)"));
  }
  gate.field = field;
  ANJU_PRIORITY_ASSIGN_OR_RETURN(min,
                                 model_yaml::ReadNumber(node, "min", where));
  gate.min = min;
  ANJU_PRIORITY_ASSIGN_OR_RETURN(note,
                                 model_yaml::ReadString(node, "note", where));
  gate.note = note;
  f->gate = gate;
  return absl::OkStatus();
}

// The scale of the factor's kind; the kind's keys are required, the other
// kinds' keys refused (CheckKeys below runs per kind).
absl::Status ReadScale(const YAML::Node& node, const Where& where, Factor* f) {
  switch (f->kind) {
    case FactorKind::kSteps:
      if (f->field != "readiness") {
        return where.Key("field").Error("steps 只能读取 readiness");
      }
      return ReadSteps(model_yaml::Child(node, "steps"), where.Key("steps"), f);
    case FactorKind::kWeightedCount: {
      if (f->field != "shortfalls") {
        return where.Key("field").Error("weighted_count 只能读取 shortfalls");
      }
      ANJU_PRIORITY_RETURN_IF_ERROR(ReadClasses(
          model_yaml::Child(node, "classes"), where.Key("classes"), f));
      ANJU_PRIORITY_ASSIGN_OR_RETURN(
          full_at, model_yaml::ReadNumber(node, "full_at", where));
      if (full_at <= 0) {
        return where.Key("full_at").Error(
            absl::StrCat("须大于0 (must be > 0, got ", full_at, ")"));
      }
      f->full_at = full_at;
      return absl::OkStatus();
    }
    default:
      break;
  }
  if (!IsNumericField(f->field)) {
    return where.Key("field").Error(absl::StrCat(
        "未知字段 \"", f->field, "\" (unknown numeric field; see README.md)"));
  }
  if (f->kind == FactorKind::kBands) {
    return ReadBands(model_yaml::Child(node, "bands"), where.Key("bands"), f);
  }
  ANJU_PRIORITY_ASSIGN_OR_RETURN(from,
                                 model_yaml::ReadNumber(node, "from", where));
  ANJU_PRIORITY_ASSIGN_OR_RETURN(to, model_yaml::ReadNumber(node, "to", where));
  if (!(from < to)) {
    return where.Key("to").Error(absl::StrCat(
        "须大于 from (must be > from, got from ", from, ", to ", to, ")"));
  }
  f->from = from;
  f->to = to;
  return absl::OkStatus();
}

std::initializer_list<absl::string_view> KindKeys(FactorKind kind) {
  static constexpr std::initializer_list<absl::string_view> kSteps = {
      "id", "label", "kind", "field", "unit", "description", "gate", "steps"};
  static constexpr std::initializer_list<absl::string_view> kBands = {
      "id", "label", "kind", "field", "unit", "description", "gate", "bands"};
  static constexpr std::initializer_list<absl::string_view> kLinear = {
      "id",          "label", "kind", "field", "unit",
      "description", "gate",  "from", "to"};
  static constexpr std::initializer_list<absl::string_view> kCount = {
      "id",          "label", "kind",    "field",  "unit",
      "description", "gate",  "classes", "full_at"};
  switch (kind) {
    case FactorKind::kSteps:
      return kSteps;
    case FactorKind::kBands:
      return kBands;
    case FactorKind::kWeightedCount:
      return kCount;
    default:
      return kLinear;
  }
}

}  // namespace

absl::StatusOr<Factor> ReadFactor(const YAML::Node& node, const Where& where) {
  ANJU_PRIORITY_RETURN_IF_ERROR(model_yaml::RequireMap(node, where));
  Factor f;
  ANJU_PRIORITY_ASSIGN_OR_RETURN(kind,
                                 model_yaml::ReadString(node, "kind", where));
  ANJU_PRIORITY_ASSIGN_OR_RETURN(parsed, ParseKind(kind, where.Key("kind")));
  f.kind = parsed;
  ANJU_PRIORITY_RETURN_IF_ERROR(
      model_yaml::CheckKeys(node, where, KindKeys(f.kind)));
  ANJU_PRIORITY_ASSIGN_OR_RETURN(id, model_yaml::ReadString(node, "id", where));
  if (id.size() > 64 || !std::all_of(id.begin(), id.end(), [](char c) {
        return absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '_';
      })) {
    return where.Key("id").Error("须为小写字母、数字和下划线 (a-z, 0-9, _)");
  }
  f.id = id;
  ANJU_PRIORITY_ASSIGN_OR_RETURN(label,
                                 model_yaml::ReadString(node, "label", where));
  f.label = label;
  ANJU_PRIORITY_ASSIGN_OR_RETURN(field,
                                 model_yaml::ReadString(node, "field", where));
  f.field = field;
  ANJU_PRIORITY_ASSIGN_OR_RETURN(
      unit, model_yaml::ReadString(node, "unit", where, ""));
  f.unit = unit;
  ANJU_PRIORITY_ASSIGN_OR_RETURN(
      description, model_yaml::ReadString(node, "description", where, ""));
  f.description = description;
  ANJU_PRIORITY_RETURN_IF_ERROR(ReadScale(node, where, &f));
  if (model_yaml::Has(node, "gate")) {
    ANJU_PRIORITY_RETURN_IF_ERROR(
        ReadGate(model_yaml::Child(node, "gate"), where.Key("gate"), &f));
  }
  return f;
}

}  // namespace anju::registry
