#include <string>

#include "absl/status/status.h"
#include "cli/render.h"
#include "google/protobuf/util/json_util.h"

namespace anju::cli {

absl::StatusOr<std::string> RenderJson(
    const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  // Scripts read every field, also the zeros proto3 would leave out.
  options.always_print_primitive_fields = true;
  options.preserve_proto_field_names = true;
  std::string json;
  const auto status =
      google::protobuf::util::MessageToJsonString(message, &json, options);
  if (!status.ok()) {
    return absl::InternalError(std::string(status.message()));
  }
  return json;
}

}  // namespace anju::cli
