#ifndef ANJU_COMMON_CONFIG_H_
#define ANJU_COMMON_CONFIG_H_

// A server's configuration file (--config FILE), YAML. Services read typed
// values by dotted key ("limits.max_facts"): a getter returns the fallback
// when the key is absent, and INVALID_ARGUMENT naming the file, line and key
// and the rule when the value is there but wrong. Unknown keys are errors
// too (CheckKeys), so a typo stops the server at start instead of being
// silently ignored. Command-line flags override the file; the file
// overrides the built-in defaults.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "yaml-cpp/yaml.h"

namespace anju::common {

class Config {
 public:
  // No file: every getter returns its fallback.
  Config() = default;

  // NOT_FOUND if the file cannot be read; INVALID_ARGUMENT for bad YAML or
  // a top level that is not a mapping.
  static absl::StatusOr<Config> LoadFile(const std::string& path);
  // The same from text; `name` stands for the file in messages and relative
  // paths resolve against the current directory.
  static absl::StatusOr<Config> Parse(const std::string& yaml,
                                      const std::string& name);

  bool Has(absl::string_view key) const;
  absl::StatusOr<std::string> GetString(absl::string_view key,
                                        std::string fallback) const;
  absl::StatusOr<int64_t> GetInt(absl::string_view key, int64_t fallback,
                                 int64_t min, int64_t max) const;
  absl::StatusOr<bool> GetBool(absl::string_view key, bool fallback) const;
  // A path; a relative one is taken relative to the config file's folder,
  // so a file and the data beside it can move together.
  absl::StatusOr<std::string> GetPath(absl::string_view key,
                                      std::string fallback) const;

  // Fails on any key of the mapping at `section` ("" for the top level)
  // that is not in `known`.
  absl::Status CheckKeys(absl::string_view section,
                         const std::vector<std::string>& known) const;

  const std::string& file() const { return file_; }

 private:
  Config(std::string file, std::string dir, YAML::Node root);

  // The node at a dotted key; a null node when absent.
  absl::StatusOr<YAML::Node> Find(absl::string_view key) const;
  absl::Status Error(const YAML::Node& node, absl::string_view key,
                     absl::string_view rule) const;

  std::string file_ = "(defaults)";
  std::string dir_;
  YAML::Node root_;  // a mapping, or null when there is no file
};

}  // namespace anju::common

#endif  // ANJU_COMMON_CONFIG_H_
