#ifndef ANJU_SERVICES_REGISTRY_PAGE_TOKEN_H_
#define ANJU_SERVICES_REGISTRY_PAGE_TOKEN_H_

// Opaque page tokens (AIP-158): the position after the last item of a page
// and a fingerprint of the filters that produced it, base64url-encoded. A
// token is only good with the filters it came from: used with others it is
// INVALID_ARGUMENT, as is one that does not decode.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace anju::registry {

// A short, stable fingerprint of `parts` (the filters, in a fixed order).
std::string FilterFingerprint(const std::vector<std::string>& parts);

// `position` is a list of texts (e.g. org, programme, id; or an offset).
std::string EncodePageToken(const std::vector<std::string>& position,
                            absl::string_view fingerprint);

// The position of `token`; INVALID_ARGUMENT naming page_token when it is
// malformed, has another number of parts than `parts`, or was made for
// other filters.
absl::StatusOr<std::vector<std::string>> DecodePageToken(
    absl::string_view token, absl::string_view fingerprint, size_t parts);

}  // namespace anju::registry

#endif  // ANJU_SERVICES_REGISTRY_PAGE_TOKEN_H_
