#ifndef ANJU_SERVICES_REGISTRY_PRIORITY_FACTOR_LOADER_H_
#define ANJU_SERVICES_REGISTRY_PRIORITY_FACTOR_LOADER_H_

// Reading one factor of a model file (README.md, "The model file"): its
// kind's keys required, other kinds' keys refused, scales checked.

#include "absl/status/statusor.h"
#include "services/registry/priority/factor.h"
#include "services/registry/priority/model_yaml.h"
#include "yaml-cpp/yaml.h"

namespace anju::registry {

absl::StatusOr<Factor> ReadFactor(const YAML::Node& node,
                                  const model_yaml::Where& where);

}  // namespace anju::registry

#endif  // ANJU_SERVICES_REGISTRY_PRIORITY_FACTOR_LOADER_H_
