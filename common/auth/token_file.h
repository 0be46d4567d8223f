#ifndef ANJU_COMMON_AUTH_TOKEN_FILE_H_
#define ANJU_COMMON_AUTH_TOKEN_FILE_H_

// A bearer token kept in a file, for one Anju service calling another (the
// submission service calling scoring, scoring calling submission). The file
// holds the raw token as `deploy/mint-credentials` writes it
// (tokens/<id>.token, mode 0600); a trailing newline from an editor or `echo`
// is tolerated.

#include <string>

#include "absl/status/statusor.h"

namespace anju::auth {

// The token in `path`, surrounding whitespace removed. INVALID_ARGUMENT
// naming the file (never its content: it is a secret) when it cannot be
// read, is empty, is longer than kMaxTokenBytes or has whitespace inside
// (a server would refuse such a token with UNAUTHENTICATED on every call).
absl::StatusOr<std::string> ReadTokenFile(const std::string& path);

// The metadata a caller sends: {"authorization", "Bearer <token>"}.
inline constexpr char kAuthorizationKey[] = "authorization";
std::string BearerValue(const std::string& token);

}  // namespace anju::auth

#endif  // ANJU_COMMON_AUTH_TOKEN_FILE_H_
