#ifndef ANJU_COMMON_AUTH_CREDENTIAL_STORE_H_
#define ANJU_COMMON_AUTH_CREDENTIAL_STORE_H_

// The configured credentials: who holds a token, in which role, for which
// org. Loaded once from a YAML file (config/credentials.example.yaml):
//
//   credentials:
//     - id: hongshan-filer          # letters, digits, . _ -; unique
//       role: county_filer          # principal.h: RoleName
//       org: "150402"               # a code of the org tree
//       token_sha256: 9f86d08…      # sha256sum of the token, 64 hex digits
//
// Only digests are stored, never tokens. Immutable once loaded, so one store
// serves every thread without locks; rotating a token means restarting with
// a new file.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/auth/principal.h"
#include "common/auth/token.h"
#include "common/orgs/org_tree.h"

namespace anju::auth {

class CredentialStore {
 public:
  // INVALID_ARGUMENT naming `source`, the item, its line and field, and the
  // rule: unknown field or role, an org not in `tree`, an org of the wrong
  // level for the role, a duplicate id or digest, a malformed digest, or no
  // credentials at all.
  static absl::StatusOr<std::unique_ptr<CredentialStore>> Parse(
      absl::string_view yaml, absl::string_view source,
      const orgs::OrgTree& tree);
  // The same from a file; NOT_FOUND when it cannot be read.
  static absl::StatusOr<std::unique_ptr<CredentialStore>> LoadFile(
      const std::string& path, const orgs::OrgTree& tree);

  CredentialStore(const CredentialStore&) = delete;
  CredentialStore& operator=(const CredentialStore&) = delete;

  // The principal holding `token`, or nullopt. The token is hashed and the
  // digest compared with CRYPTO_memcmp against every stored digest that
  // shares its first eight bytes (see credential_store.cc for why that
  // index leaks nothing).
  std::optional<Principal> Lookup(absl::string_view token) const;
  // The same for a token already hashed with Sha256.
  std::optional<Principal> LookupDigest(const Digest& digest) const;

  std::size_t size() const { return entries_.size(); }

 private:
  friend class CredentialReader;

  struct Entry {
    Digest digest;
    Principal principal;
  };

  explicit CredentialStore(std::vector<Entry> entries);

  std::vector<Entry> entries_;
  // First eight bytes of a digest → the entries starting with them.
  absl::flat_hash_map<uint64_t, std::vector<std::size_t>> by_prefix_;
};

}  // namespace anju::auth

#endif  // ANJU_COMMON_AUTH_CREDENTIAL_STORE_H_
