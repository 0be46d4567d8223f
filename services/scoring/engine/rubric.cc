// Rubric lookups and RubricSet: every rubrics/<year>/<programme>.yaml under
// a directory, loaded and cross-checked against its folder and file name.

#include "services/scoring/engine/rubric.h"

#include <algorithm>
#include <filesystem>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/scoring/engine/status_macros.h"
#include "services/scoring/engine/yaml_fields.h"

namespace anju::scoring {
namespace {

bool IsYear(const std::string& name) {
  return name.size() == 4 && std::all_of(name.begin(), name.end(), [](char c) {
           return absl::ascii_isdigit(c);
         });
}

// <dir>/<year>/*.yaml, sorted. Other entries (a README, the hidden plumbing
// of a mounted ConfigMap, drafts) are not rubrics and are skipped.
absl::StatusOr<std::vector<std::filesystem::path>> ListRubricFiles(
    const std::string& dir) {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  try {
    if (!fs::is_directory(dir)) {
      return absl::NotFoundError(
          absl::StrCat(dir, ": 规则目录不存在 (no such directory)"));
    }
    for (const fs::directory_entry& year_dir : fs::directory_iterator(dir)) {
      if (!year_dir.is_directory() ||
          !IsYear(year_dir.path().filename().string())) {
        continue;
      }
      for (const fs::directory_entry& file :
           fs::directory_iterator(year_dir.path())) {
        if (file.is_regular_file() && file.path().extension() == ".yaml") {
          files.push_back(file.path());
        }
      }
    }
  } catch (const fs::filesystem_error& e) {
    return absl::NotFoundError(absl::StrCat(
        dir, ": 无法读取规则目录 (cannot list it: ", e.what(), ")"));
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

const Indicator* Rubric::FindIndicator(const std::string& id) const {
  if (indicators_by_id.size() != indicators.size()) {
    for (const Indicator& ind : indicators) {
      if (ind.id == id) return &ind;
    }
    return nullptr;
  }
  const auto it = std::lower_bound(
      indicators_by_id.begin(), indicators_by_id.end(), id,
      [this](int i, const std::string& key) { return indicators[i].id < key; });
  if (it == indicators_by_id.end() || indicators[*it].id != id) return nullptr;
  return &indicators[*it];
}

const FactSpec* Rubric::FindFact(const std::string& name) const {
  const auto it = facts.find(name);
  return it == facts.end() ? nullptr : &it->second;
}

absl::StatusOr<std::unique_ptr<RubricSet>> RubricSet::LoadDirectory(
    const std::string& dir) {
  namespace fs = std::filesystem;
  absl::StatusOr<std::vector<fs::path>> files = ListRubricFiles(dir);
  if (!files.ok()) return files.status();
  std::vector<Rubric> rubrics;
  for (const fs::path& file : *files) {
    ANJU_ENGINE_ASSIGN_OR_RETURN(Rubric rubric, LoadFile(file.string()));
    const ErrorScope top{file.string(), ""};
    const std::string folder = file.parent_path().filename().string();
    if (std::to_string(rubric.year) != folder) {
      return top.Error("year", absl::StrCat("须与所在目录一致 (must match "
                                            "the folder ",
                                            folder, "), got ", rubric.year));
    }
    if (rubric.programme != file.stem().string()) {
      return top.Error("programme",
                       absl::StrCat("须与文件名一致 (must match the file name ",
                                    file.filename().string(), "), got \"",
                                    rubric.programme, "\""));
    }
    rubrics.push_back(std::move(rubric));
  }
  if (rubrics.empty()) {
    return absl::NotFoundError(
        absl::StrCat(dir, ": 没有规则文件 (no <year>/<programme>.yaml files)"));
  }
  return std::make_unique<RubricSet>(std::move(rubrics));
}

RubricSet::RubricSet(std::vector<Rubric> rubrics)
    : rubrics_(std::move(rubrics)) {
  std::sort(
      rubrics_.begin(), rubrics_.end(), [](const Rubric& a, const Rubric& b) {
        return std::tie(a.year, a.programme) < std::tie(b.year, b.programme);
      });
}

const Rubric* RubricSet::Find(const std::string& programme, int year) const {
  for (const Rubric& rubric : rubrics_) {
    if (rubric.programme == programme && rubric.year == year) return &rubric;
  }
  return nullptr;
}

}  // namespace anju::scoring
