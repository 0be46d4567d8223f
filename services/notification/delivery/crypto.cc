#include "services/notification/delivery/crypto.h"

#include <openssl/evp.h>

#include <array>
#include <cstdlib>
#include <memory>

#include "absl/strings/escaping.h"

namespace anju::notification {
namespace {

constexpr std::size_t kBlock = 64;   // SHA-256's block size
constexpr std::size_t kDigest = 32;  // and its output
using Digest = std::array<unsigned char, kDigest>;

// SHA-256 fetched once: OpenSSL 3 looks an algorithm up by name on every
// one-shot call (HMAC(), EVP_Digest with EVP_sha256()), which cost more
// than hashing a webhook body. An EVP_MD is immutable and thread-safe.
const EVP_MD* Sha256() {
  static const EVP_MD* const md = [] {
    EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    // OpenSSL's default provider always has SHA-256: without it every
    // signature would be wrong, so stop rather than send them.
    if (fetched == nullptr) std::abort();
    return fetched;
  }();
  return md;
}

struct CtxFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

// SHA-256 of the concatenation of `parts`.
Digest Hash(std::initializer_list<absl::string_view> parts) {
  std::unique_ptr<EVP_MD_CTX, CtxFree> ctx(EVP_MD_CTX_new());
  EVP_DigestInit_ex(ctx.get(), Sha256(), nullptr);
  for (absl::string_view part : parts) {
    EVP_DigestUpdate(ctx.get(), part.data(), part.size());
  }
  Digest digest;
  unsigned int size = 0;
  EVP_DigestFinal_ex(ctx.get(), digest.data(), &size);
  return digest;
}

absl::string_view View(const Digest& digest) {
  return absl::string_view(reinterpret_cast<const char*>(digest.data()),
                           digest.size());
}

}  // namespace

std::string Sha256Hex(absl::string_view bytes) {
  return absl::BytesToHexString(View(Hash({bytes})));
}

// RFC 2104: H((K ^ opad) || H((K ^ ipad) || message)), K padded to a block
// (hashed first when longer than one).
std::string HmacSha256Hex(absl::string_view key, absl::string_view message) {
  Digest hashed_key;
  if (key.size() > kBlock) {
    hashed_key = Hash({key});
    key = View(hashed_key);
  }
  char inner_pad[kBlock], outer_pad[kBlock];
  for (std::size_t i = 0; i < kBlock; ++i) {
    const char k = i < key.size() ? key[i] : 0;
    inner_pad[i] = static_cast<char>(k ^ 0x36);
    outer_pad[i] = static_cast<char>(k ^ 0x5c);
  }
  const Digest inner = Hash({absl::string_view(inner_pad, kBlock), message});
  return absl::BytesToHexString(
      View(Hash({absl::string_view(outer_pad, kBlock), View(inner)})));
}

}  // namespace anju::notification
