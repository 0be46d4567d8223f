#include "services/registry/page_token.h"

#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/blobs/sha256_stream.h"

namespace anju::registry {
namespace {

constexpr char kVersion[] = "p1";
constexpr char kSeparator = '\x1f';  // never in a code, programme or id
constexpr size_t kMaxTokenBytes = 2048;

absl::Status Invalid(absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(
      "page_token: ", why,
      " (use the next_page_token of the previous page with the same "
      "filters)"));
}

}  // namespace

std::string FilterFingerprint(const std::vector<std::string>& parts) {
  blobs::Sha256Stream sha;
  for (const std::string& part : parts) {
    sha.Update(absl::StrCat(part.size(), ":"));
    sha.Update(part);
  }
  return sha.HexDigest().substr(0, 16);
}

std::string EncodePageToken(const std::vector<std::string>& position,
                            absl::string_view fingerprint) {
  std::vector<std::string> parts = {kVersion, std::string(fingerprint)};
  parts.insert(parts.end(), position.begin(), position.end());
  std::string token;
  absl::WebSafeBase64Escape(absl::StrJoin(parts, std::string(1, kSeparator)),
                            &token);
  return token;
}

absl::StatusOr<std::vector<std::string>> DecodePageToken(
    absl::string_view token, absl::string_view fingerprint, size_t parts) {
  std::string text;
  if (token.size() > kMaxTokenBytes ||
      !absl::WebSafeBase64Unescape(token, &text)) {
    return Invalid("无效的分页标记 (not a page token)");
  }
  std::vector<std::string> fields = absl::StrSplit(text, kSeparator);
  if (fields.size() != parts + 2 || fields[0] != kVersion) {
    return Invalid("无效的分页标记 (not a page token)");
  }
  if (fields[1] != fingerprint) {
    return Invalid("分页标记与本次的筛选条件不符 (made for other filters)");
  }
  return std::vector<std::string>(fields.begin() + 2, fields.end());
}

}  // namespace anju::registry
