#include "common/config.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/text.h"

namespace anju::common {
namespace {

std::string Location(const std::string& file, const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) return file;
  return absl::StrCat(file, ":", mark.line + 1);
}

std::string Shown(const YAML::Node& node) {
  if (node.IsScalar()) return absl::StrCat("\"", Preview(node.Scalar()), "\"");
  if (node.IsMap()) return "a mapping";
  if (node.IsSequence()) return "a list";
  return "nothing";
}

}  // namespace

Config::Config(std::string file, std::string dir, YAML::Node root)
    : file_(std::move(file)), dir_(std::move(dir)), root_(std::move(root)) {}

absl::StatusOr<Config> Config::LoadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat(
        path, ": 无法读取配置文件 (cannot read the configuration file)"));
  }
  std::stringstream text;
  text << in.rdbuf();
  absl::StatusOr<Config> config = Parse(text.str(), path);
  if (config.ok()) {
    config->dir_ = std::filesystem::path(path).parent_path().string();
  }
  return config;
}

absl::StatusOr<Config> Config::Parse(const std::string& yaml,
                                     const std::string& name) {
  YAML::Node root;
  try {  // the parse boundary: yaml-cpp reports by exception
    root = YAML::Load(yaml);
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, ":", e.mark.line + 1, ":", e.mark.column + 1,
                     ": YAML语法错误 (YAML syntax error): ", e.msg));
  }
  if (root.IsNull()) root = YAML::Node(YAML::NodeType::Map);
  if (!root.IsMap()) {
    return absl::InvalidArgumentError(absl::StrCat(
        name, ": 顶层须为键值映射 (the top level must be a mapping), got ",
        Shown(root)));
  }
  return Config(name, "", std::move(root));
}

absl::Status Config::Error(const YAML::Node& node, absl::string_view key,
                           absl::string_view rule) const {
  return absl::InvalidArgumentError(absl::StrCat(
      Location(file_, node), ": ", key, ": ", rule, ", got ", Shown(node)));
}

absl::StatusOr<YAML::Node> Config::Find(absl::string_view key) const {
  if (!root_.IsDefined() || root_.IsNull()) return YAML::Node();
  try {
    YAML::Node node = root_;
    std::string walked;
    for (absl::string_view part : absl::StrSplit(key, '.')) {
      if (!node.IsMap()) {
        return Error(node, walked, "须为键值映射 (must be a mapping)");
      }
      // Through a const reference: a non-const lookup may insert the key.
      const YAML::Node& map = node;
      YAML::Node next = map[std::string(part)];
      if (!next.IsDefined()) return YAML::Node();
      node.reset(next);  // rebinds; assignment would overwrite the tree
      absl::StrAppend(&walked, walked.empty() ? "" : ".", part);
    }
    return node;
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(
        absl::StrCat(file_, ": ", key, ": ", e.msg));
  }
}

bool Config::Has(absl::string_view key) const {
  absl::StatusOr<YAML::Node> node = Find(key);
  return node.ok() && node->IsDefined() && !node->IsNull();
}

absl::StatusOr<std::string> Config::GetString(absl::string_view key,
                                              std::string fallback) const {
  absl::StatusOr<YAML::Node> node = Find(key);
  if (!node.ok()) return node.status();
  if (!node->IsDefined() || node->IsNull()) return fallback;
  if (!node->IsScalar() || node->Scalar().empty()) {
    return Error(*node, key, "须为非空字符串 (must be a non-empty string)");
  }
  return node->Scalar();
}

absl::StatusOr<int64_t> Config::GetInt(absl::string_view key, int64_t fallback,
                                       int64_t min, int64_t max) const {
  absl::StatusOr<YAML::Node> node = Find(key);
  if (!node.ok()) return node.status();
  if (!node->IsDefined() || node->IsNull()) return fallback;
  int64_t value = 0;
  if (!node->IsScalar() || !absl::SimpleAtoi(node->Scalar(), &value) ||
      value < min || value > max) {
    return Error(*node, key,
                 absl::StrCat("须为", min, "到", max,
                              "之间的整数 (must be an integer within ", min,
                              "–", max, ")"));
  }
  return value;
}

absl::StatusOr<bool> Config::GetBool(absl::string_view key,
                                     bool fallback) const {
  absl::StatusOr<YAML::Node> node = Find(key);
  if (!node.ok()) return node.status();
  if (!node->IsDefined() || node->IsNull()) return fallback;
  if (node->IsScalar()) {
    const std::string& s = node->Scalar();
    if (s == "true") return true;
    if (s == "false") return false;
  }
  return Error(*node, key, "须为true或false (must be true or false)");
}

absl::StatusOr<std::string> Config::GetPath(absl::string_view key,
                                            std::string fallback) const {
  absl::StatusOr<std::string> path = GetString(key, "");
  if (!path.ok()) return path;
  if (path->empty()) return fallback;  // absent: the caller's default
  if (dir_.empty()) return path;
  std::filesystem::path p(*path);
  if (p.is_absolute()) return path;
  return (std::filesystem::path(dir_) / p).lexically_normal().string();
}

absl::Status Config::CheckKeys(absl::string_view section,
                               const std::vector<std::string>& known) const {
  absl::StatusOr<YAML::Node> node =
      section.empty() ? absl::StatusOr<YAML::Node>(root_) : Find(section);
  if (!node.ok()) return node.status();
  if (!node->IsDefined() || node->IsNull()) return absl::OkStatus();
  if (!node->IsMap()) {
    return Error(*node, section, "须为键值映射 (must be a mapping)");
  }
  for (const auto& entry : *node) {
    const std::string name = entry.first.Scalar();
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    const std::string full =
        section.empty() ? name : absl::StrCat(section, ".", name);
    return absl::InvalidArgumentError(
        absl::StrCat(Location(file_, entry.first), ": ", full,
                     ": 未知的配置项 (unknown key); 可用 (known): ",
                     absl::StrJoin(known, ", ")));
  }
  return absl::OkStatus();
}

}  // namespace anju::common
