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
#include "services/registry/priority/factor_loader.h"
#include "services/registry/priority/model_yaml.h"
#include "services/registry/priority/priority_model.h"
#include "services/registry/priority/status_macros.h"

namespace anju::registry {

using model_yaml::Where;

namespace {

constexpr double kTolerance = 1e-6;
constexpr size_t kMaxFactors = 50;
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
        for (const WeightedFactor& seen : weights.factor_weights) {
          if (seen.id == id) return at.Key(id).Error("重复 (duplicate key)");
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
      // Unique, so the list is bounded by the factors (the sort keys too).
      if (std::count(m->tie_breakers_.begin(), m->tie_breakers_.end(), id)) {
        return where.Index(i).Error(absl::StrCat("重复 (duplicate) ", id));
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
