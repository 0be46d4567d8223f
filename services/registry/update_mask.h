#ifndef ANJU_SERVICES_REGISTRY_UPDATE_MASK_H_
#define ANJU_SERVICES_REGISTRY_UPDATE_MASK_H_

// Field masks of UpdateProject (AIP-134): which paths a caller may change.
// The descriptive fields may; org (a project never changes county) and
// the output-only fields (id, status and its year and dates, etag, times,
// priority, archive types) may not.

#include "absl/status/statusor.h"
#include "anju/v1/registry.pb.h"
#include "google/protobuf/field_mask.pb.h"

namespace anju::registry {

// `stored` with the fields of `mask` taken from `sent`. INVALID_ARGUMENT
// naming update_mask when it is empty, and the path when it is unknown,
// output-only or immutable.
absl::StatusOr<v1::ReserveProject> ApplyUpdateMask(
    const v1::ReserveProject& stored, const v1::ReserveProject& sent,
    const google::protobuf::FieldMask& mask);

}  // namespace anju::registry

#endif  // ANJU_SERVICES_REGISTRY_UPDATE_MASK_H_
