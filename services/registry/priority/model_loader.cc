// Reading and validating model files (README.md, "The model file").
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/registry/priority/model_yaml.h"
#include "services/registry/priority/priority_model.h"

#define ANJU_PRIORITY_RETURN_IF_ERROR(expr)      \
  do {                                           \
    const absl::Status anju_status_ = (expr);    \
    if (!anju_status_.ok()) return anju_status_; \
  } while (0)

#define ANJU_PRIORITY_ASSIGN_OR_RETURN(lhs, expr) \
  auto lhs##_or = (expr);                         \
  if (!lhs##_or.ok()) return lhs##_or.status();   \
  auto lhs = std::move(lhs##_or).value()

namespace anju::registry {

using model_yaml::Where;

namespace {

constexpr double kTolerance = 1e-6;
constexpr size_t kMaxFactors = 50;
constexpr size_t kMaxItems = 50;  // steps, bands, classes per factor
constexpr size_t kMaxFiles = 200;
constexpr uintmax_t kMaxFileBytes = 1 << 20;

const std::set<std::string>& KnownProgrammes() {
  static const auto* known = new std::set<std::string>{
      "shanty", "affordable_rental", "public_rental", "oldcomm"};
  return *known;
}

// "2024.1" → {2024, 1}; nullopt unless digits separated by dots.
std::optional<std::vector<int>> VersionParts(absl::string_view version) {
  if (version.empty() || version.size() > 32) return std::nullopt;
  std::vector<int> parts;
  for (absl::string_view part : absl::StrSplit(version, '.')) {
    int n = 0;
    if (part.empty() || part.size() > 6 || !absl::SimpleAtoi(part, &n) ||
        !std::all_of(part.begin(), part.end(), absl::ascii_isdigit)) {
      return std::nullopt;
    }
    parts.push_back(n);
  }
  return parts;
}

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

}  // namespace

class ModelLoader {
 public:
  static absl::StatusOr<std::shared_ptr<const PriorityModel>> Parse(
      absl::string_view text, const std::string& file, bool* in_force) {
    ANJU_PRIORITY_ASSIGN_OR_RETURN(root, model_yaml::Load(text, file));
    const Where top{&file, ""};
    if (!root.IsMap()) return top.Error("应为映射 (the file must be a map)");
    ANJU_PRIORITY_RETURN_IF_ERROR(
        model_yaml::CheckKeys(root, top,
                              {"version", "title", "in_force", "note",
                               "tie_breakers", "factors", "programmes"}));
    auto model = std::make_shared<PriorityModel>();
    ANJU_PRIORITY_RETURN_IF_ERROR(ReadHeader(root, top, file, model.get()));
    ANJU_PRIORITY_ASSIGN_OR_RETURN(
        force, model_yaml::ReadBool(root, "in_force", top, false));
    *in_force = force;
    ANJU_PRIORITY_RETURN_IF_ERROR(ReadFactors(root, top, model.get()));
    ANJU_PRIORITY_RETURN_IF_ERROR(ReadProgrammes(root, top, model.get()));
    ANJU_PRIORITY_RETURN_IF_ERROR(ReadTieBreakers(root, top, model.get()));
    return std::shared_ptr<const PriorityModel>(std::move(model));
  }

  static absl::StatusOr<PriorityModels> Directory(const std::string& dir);

 private:
  static absl::Status ReadHeader(const YAML::Node& root, const Where& top,
                                 const std::string& file, PriorityModel* m) {
    ANJU_PRIORITY_ASSIGN_OR_RETURN(
        version, model_yaml::ReadString(root, "version", top));
    if (!VersionParts(version).has_value()) {
      return top.Key("version").Error(absl::StrCat(
          "须为以点分隔的数字，如 2024.1 (got \"", version, "\")"));
    }
    const std::string stem = std::filesystem::path(file).stem().string();
    if (stem != version) {
      return top.Key("version").Error(
          absl::StrCat("须与文件名一致 (must match the file name: ", stem,
                       ".yaml, got ", version, ")"));
    }
    m->version_ = version;
    ANJU_PRIORITY_ASSIGN_OR_RETURN(title,
                                   model_yaml::ReadString(root, "title", top));
    m->title_ = title;
    return absl::OkStatus();
  }

  static absl::Status ReadFactors(const YAML::Node& root, const Where& top,
                                  PriorityModel* m) {
    const Where where = top.Key("factors");
    const YAML::Node list = model_yaml::Child(root, "factors");
    ANJU_PRIORITY_RETURN_IF_ERROR(model_yaml::RequireList(list, where));
    if (list.size() > kMaxFactors) return where.Error("过多 (at most 50)");
    for (size_t i = 0; i < list.size(); ++i) {
      ANJU_PRIORITY_ASSIGN_OR_RETURN(factor,
                                     ReadFactor(list[i], where.Index(i)));
      if (m->factor_index_.count(factor.id) > 0) {
        return where.Index(i).Key("id").Error(
            absl::StrCat("重复 (duplicate factor id) ", factor.id));
      }
      m->factor_index_[factor.id] = m->factors_.size();
      m->factors_.push_back(std::move(factor));
    }
    return absl::OkStatus();
  }

  // programmes: {oldcomm: {readiness: 20, …}, …}: each programme's weights
  // name known factors, are positive, and sum to 100.
  static absl::Status ReadProgrammes(const YAML::Node& root, const Where& top,
                                     PriorityModel* m) {
    const Where where = top.Key("programmes");
    const YAML::Node map = model_yaml::Child(root, "programmes");
    ANJU_PRIORITY_RETURN_IF_ERROR(model_yaml::RequireMap(map, where));
    for (const auto& item : map) {
      const std::string programme = item.first.Scalar();
      const Where at = where.Key(programme);
      if (KnownProgrammes().count(programme) == 0) {
        return at.Error(
            "未知项目类别 (unknown programme; shanty, affordable_rental, "
            "public_rental, oldcomm)");
      }
      ANJU_PRIORITY_RETURN_IF_ERROR(model_yaml::RequireMap(item.second, at));
      ProgrammeWeights weights;
      double sum = 0;
      for (const auto& w : item.second) {
        const std::string id = w.first.Scalar();
        if (m->factor_index_.count(id) == 0) {
          return at.Key(id).Error("未定义的因子 (no such factor in factors)");
        }
        ANJU_PRIORITY_ASSIGN_OR_RETURN(
            weight, model_yaml::ReadNumber(item.second, id, at));
        if (weight <= 0 || weight > 100) {
          return at.Key(id).Error(
              absl::StrCat("须在 0–100 之间且大于0 (got ", weight, ")"));
        }
        sum += weight;
        weights.factor_weights.push_back({id, weight, m->factor_index_.at(id)});
      }
      if (std::abs(sum - 100) > kTolerance) {
        return at.Error(absl::StrCat(
            "权重之和须为100 (weights must sum to 100, got ", sum, ")"));
      }
      m->programmes_[programme] = std::move(weights);
    }
    if (m->programmes_.empty())
      return where.Error("不能为空 (must not be empty)");
    return absl::OkStatus();
  }

  static absl::Status ReadTieBreakers(const YAML::Node& root, const Where& top,
                                      PriorityModel* m) {
    const Where where = top.Key("tie_breakers");
    if (!model_yaml::Has(root, "tie_breakers")) return absl::OkStatus();
    const YAML::Node list = model_yaml::Child(root, "tie_breakers");
    ANJU_PRIORITY_RETURN_IF_ERROR(model_yaml::RequireList(list, where));
    for (size_t i = 0; i < list.size(); ++i) {
      const std::string id = list[i].IsScalar() ? list[i].Scalar() : "";
      if (m->factor_index_.count(id) == 0) {
        return where.Index(i).Error(
            absl::StrCat("未定义的因子 \"", id, "\" (no such factor)"));
      }
      m->tie_breakers_.push_back(id);
    }
    return absl::OkStatus();
  }
};

absl::StatusOr<PriorityModels> ModelLoader::Directory(const std::string& dir) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  if (ec) {
    return absl::NotFoundError(
        absl::StrCat(dir, ": 无法读取评分模型目录 (", ec.message(), ")"));
  }
  if (files.empty()) {
    return absl::NotFoundError(
        absl::StrCat(dir, ": 没有评分模型文件 (no <version>.yaml)"));
  }
  if (files.size() > kMaxFiles) {
    return absl::InvalidArgumentError(absl::StrCat(dir, ": 模型文件过多"));
  }
  std::sort(files.begin(), files.end());
  PriorityModels models;
  std::vector<std::string> forced;
  for (const auto& path : files) {
    const std::string file = path.string();
    if (std::filesystem::file_size(path, ec) > kMaxFileBytes || ec) {
      return absl::InvalidArgumentError(
          absl::StrCat(file, ": 无法读取或超过1 MiB"));
    }
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    bool in_force = false;
    ANJU_PRIORITY_ASSIGN_OR_RETURN(model, Parse(text.str(), file, &in_force));
    if (in_force) forced.push_back(file);
    models.models_[model->version()] = model;
  }
  if (forced.size() > 1) {
    return absl::InvalidArgumentError(
        absl::StrCat(forced[1], ": in_force: 只能有一个模型生效 (also set in ",
                     forced[0], ")"));
  }
  // The model in force: the one that says so, else the highest version.
  const PriorityModel* best = nullptr;
  for (const auto& [version, model] : models.models_) {
    if (!forced.empty()) {
      if (std::filesystem::path(forced[0]).stem() == version)
        best = model.get();
    } else if (best == nullptr ||
               *VersionParts(version) > *VersionParts(best->version())) {
      best = model.get();
    }
  }
  models.in_force_ = best;
  return models;
}

absl::StatusOr<std::shared_ptr<const PriorityModel>> ParsePriorityModel(
    absl::string_view text, const std::string& file, bool* in_force) {
  return ModelLoader::Parse(text, file, in_force);
}

absl::StatusOr<PriorityModels> PriorityModels::LoadDirectory(
    const std::string& dir) {
  return ModelLoader::Directory(dir);
}

}  // namespace anju::registry
