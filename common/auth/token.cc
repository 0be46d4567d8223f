#include "common/auth/token.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace anju::auth {
namespace {

constexpr absl::string_view kScheme = "bearer ";

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Digest Sha256(absl::string_view data) {
  Digest digest{};
  unsigned int size = 0;
  // EVP_Digest with SHA-256 cannot fail short of memory exhaustion, which
  // OpenSSL 3 reports by aborting anyway.
  EVP_Digest(data.data(), data.size(), digest.data(), &size, EVP_sha256(),
             nullptr);
  return digest;
}

std::string HexOf(const Digest& digest) {
  return absl::BytesToHexString(absl::string_view(
      reinterpret_cast<const char*>(digest.data()), digest.size()));
}

std::optional<Digest> ParseDigestHex(absl::string_view hex) {
  if (hex.size() != 2 * kDigestBytes) return std::nullopt;
  Digest digest{};
  for (std::size_t i = 0; i < kDigestBytes; ++i) {
    const int high = HexValue(hex[2 * i]);
    const int low = HexValue(hex[2 * i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    digest[i] = static_cast<unsigned char>(high * 16 + low);
  }
  return digest;
}

bool SameDigest(const Digest& a, const Digest& b) {
  return CRYPTO_memcmp(a.data(), b.data(), kDigestBytes) == 0;
}

absl::StatusOr<MintedToken> MintToken() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof(bytes)) != 1) {
    return absl::InternalError(
        "RAND_bytes failed: 随机数生成器不可用 (the system's random generator "
        "is not available)");
  }
  MintedToken minted;
  minted.token = absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(bytes), sizeof(bytes)));
  OPENSSL_cleanse(bytes, sizeof(bytes));
  minted.sha256_hex = HexOf(Sha256(minted.token));
  return minted;
}

absl::StatusOr<absl::string_view> ParseBearer(absl::string_view value) {
  if (value.size() < kScheme.size() ||
      !absl::EqualsIgnoreCase(value.substr(0, kScheme.size()), kScheme)) {
    return absl::UnauthenticatedError(
        "未认证: authorization 须为 \"Bearer <token>\" (the authorization "
        "metadata must be \"Bearer <token>\")");
  }
  absl::string_view token = value.substr(kScheme.size());
  // Extra spaces after the scheme are tolerated; any inside the token are
  // not, so that "Bearer a b" is not silently read as "a".
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  if (token.empty()) {
    return absl::UnauthenticatedError(
        "未认证: bearer token 为空 (the bearer token is empty)");
  }
  if (token.size() > kMaxTokenBytes) {
    return absl::UnauthenticatedError(
        absl::StrCat("未认证: bearer token 过长 (the bearer token is longer "
                     "than ",
                     kMaxTokenBytes, " bytes)"));
  }
  for (char c : token) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c)) ||
        absl::ascii_iscntrl(static_cast<unsigned char>(c))) {
      return absl::UnauthenticatedError(
          "未认证: bearer token 含空白或控制字符 (the bearer token contains "
          "whitespace or a control character)");
    }
  }
  return token;
}

}  // namespace anju::auth
