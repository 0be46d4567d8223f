#include "common/auth/token_file.h"

#include <fstream>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/auth/token.h"

namespace anju::auth {
namespace {

absl::Status Refuse(const std::string& path, absl::string_view rule) {
  return absl::InvalidArgumentError(
      absl::StrCat("令牌文件 ", path, ": ", rule, " (token file)"));
}

}  // namespace

absl::StatusOr<std::string> ReadTokenFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Refuse(path, "cannot be read");
  // One byte past the limit is enough to know the file is too long.
  constexpr std::size_t kReadLimit = kMaxTokenBytes + 4096;
  std::string buffer(kReadLimit + 1, '\0');
  in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  if (in.bad()) return Refuse(path, "cannot be read");
  buffer.resize(static_cast<std::size_t>(in.gcount()));
  const std::string token(absl::StripAsciiWhitespace(buffer));
  if (token.empty()) return Refuse(path, "is empty: it must hold the token");
  if (token.size() > kMaxTokenBytes) {
    return Refuse(path, absl::StrCat("holds more than ", kMaxTokenBytes,
                                     " bytes: not a token"));
  }
  for (char c : token) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c)) ||
        absl::ascii_iscntrl(static_cast<unsigned char>(c))) {
      return Refuse(path,
                    "has whitespace or control characters inside the token: "
                    "it must hold exactly one token");
    }
  }
  return token;
}

std::string BearerValue(const std::string& token) {
  return absl::StrCat("Bearer ", token);
}

}  // namespace anju::auth
