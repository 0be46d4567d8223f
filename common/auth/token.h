#ifndef ANJU_COMMON_AUTH_TOKEN_H_
#define ANJU_COMMON_AUTH_TOKEN_H_

// Bearer tokens and their SHA-256 digests. A token is a long random string
// (256 bits from the system's CSPRNG), so a plain, unsalted SHA-256 is what
// a credentials file stores: nothing can be guessed from it, and no slow
// password hash is needed. The token itself is never stored or logged.

#include <array>
#include <cstddef>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace anju::auth {

inline constexpr std::size_t kDigestBytes = 32;
using Digest = std::array<unsigned char, kDigestBytes>;

// Presented tokens longer than this are refused before hashing.
inline constexpr std::size_t kMaxTokenBytes = 1024;

Digest Sha256(absl::string_view data);

// 64 lowercase hex digits, as `sha256sum` prints them.
std::string HexOf(const Digest& digest);

// Exactly 64 hex digits, either case; nullopt otherwise.
std::optional<Digest> ParseDigestHex(absl::string_view hex);

// Constant time (CRYPTO_memcmp): how much of a digest matched does not show
// in how long the comparison takes.
bool SameDigest(const Digest& a, const Digest& b);

struct MintedToken {
  std::string token;       // give to the caller, once; 64 hex digits
  std::string sha256_hex;  // put in the credentials file
};

// A fresh token from OpenSSL's RAND_bytes and its digest; the same as
// `openssl rand -hex 32` then `printf %s TOKEN | sha256sum` (README.md).
// INTERNAL if the random generator fails.
absl::StatusOr<MintedToken> MintToken();

// The token of an `authorization` metadata value "Bearer <token>" (the
// scheme in any case, RFC 6750). UNAUTHENTICATED, without echoing the
// value, for another scheme, an empty or oversized token, or whitespace in
// it.
absl::StatusOr<absl::string_view> ParseBearer(absl::string_view value);

}  // namespace anju::auth

#endif  // ANJU_COMMON_AUTH_TOKEN_H_
