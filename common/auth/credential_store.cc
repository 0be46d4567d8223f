#include "common/auth/credential_store.h"

#include <cstring>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/auth/yaml_fields.h"

namespace anju::auth {
namespace {

constexpr std::size_t kMaxIdBytes = 64;

uint64_t PrefixOf(const Digest& digest) {
  uint64_t prefix = 0;
  std::memcpy(&prefix, digest.data(), sizeof(prefix));
  return prefix;
}

// Ids end up in audit records and log lines: plain ASCII only.
bool IsValidId(absl::string_view id) {
  if (id.empty() || id.size() > kMaxIdBytes) return false;
  for (char c : id) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.' &&
        c != '_' && c != '-') {
      return false;
    }
  }
  return true;
}

struct Origin {
  std::string where;  // "credentials[3] (id hongshan-filer)"
  int line = 0;
};

}  // namespace

class CredentialReader {
 public:
  explicit CredentialReader(const orgs::OrgTree& tree) : tree_(tree) {}

  absl::Status Walk(const YAML::Node& root) {
    if (!root.IsMap()) {
      return yaml::Malformed(root, "document", "must be a map");
    }
    if (absl::Status s = yaml::CheckKeys(root, "document", {"credentials"});
        !s.ok()) {
      return s;
    }
    const YAML::Node list = root["credentials"];
    if (!list.IsDefined() || !list.IsSequence() || list.size() == 0) {
      return yaml::Malformed(
          list.IsDefined() ? list : root, "credentials",
          "须至少一项 (must be a non-empty list; to switch authentication "
          "off, configure no credentials file instead)");
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (absl::Status s = Read(list[i], i); !s.ok()) return s;
    }
    return absl::OkStatus();
  }

  std::vector<CredentialStore::Entry>& entries() { return entries_; }

 private:
  absl::Status Read(const YAML::Node& node, std::size_t index) {
    std::string where = absl::StrCat("credentials[", index, "]");
    if (!node.IsMap()) {
      return yaml::Malformed(node, where, "a credential must be a map");
    }
    if (absl::Status s =
            yaml::CheckKeys(node, where, {"id", "role", "org", "token_sha256"});
        !s.ok()) {
      return s;
    }
    absl::StatusOr<std::string> id = yaml::RequiredScalar(node, where, "id");
    if (!id.ok()) return id.status();
    if (!IsValidId(*id)) {
      return yaml::Malformed(
          node["id"], where,
          absl::StrCat("field 'id': 须为 1–", kMaxIdBytes,
                       " 个字母、数字或 . _ - (must be 1 to ", kMaxIdBytes,
                       " ASCII letters, digits, '.', '_' or '-')"));
    }
    absl::StrAppend(&where, " (id ", *id, ")");
    const int line = node.Mark().line + 1;
    if (auto it = ids_.find(*id); it != ids_.end()) {
      return yaml::Malformed(
          node["id"], where,
          absl::StrCat("field 'id': duplicate id, first at ", it->second.where,
                       " (line ", it->second.line, ")"));
    }

    absl::StatusOr<Role> role = ReadRole(node, where);
    if (!role.ok()) return role.status();
    absl::StatusOr<std::string> org = ReadOrg(node, where, *role);
    if (!org.ok()) return org.status();
    absl::StatusOr<Digest> digest = ReadDigest(node, where);
    if (!digest.ok()) return digest.status();

    const std::string hex = HexOf(*digest);
    if (auto it = digests_.find(hex); it != digests_.end()) {
      return yaml::Malformed(
          node["token_sha256"], where,
          absl::StrCat("field 'token_sha256': the same token as ",
                       it->second.where, " (line ", it->second.line,
                       "); every credential needs a token of its own"));
    }
    ids_[*id] = Origin{where, line};
    digests_[hex] = Origin{where, line};
    entries_.push_back(
        CredentialStore::Entry{*digest, Principal{*id, *role, *org}});
    return absl::OkStatus();
  }

  absl::StatusOr<Role> ReadRole(const YAML::Node& node,
                                absl::string_view where) {
    absl::StatusOr<std::string> name =
        yaml::RequiredScalar(node, where, "role");
    if (!name.ok()) return name.status();
    std::optional<Role> role = ParseRole(*name);
    if (!role.has_value()) {
      return yaml::Malformed(node["role"], where,
                             absl::StrCat("field 'role': unknown role '", *name,
                                          "' (known: ", RoleNames(), ")"));
    }
    return *role;
  }

  absl::StatusOr<std::string> ReadOrg(const YAML::Node& node,
                                      absl::string_view where, Role role) {
    absl::StatusOr<std::string> code = yaml::RequiredScalar(node, where, "org");
    if (!code.ok()) return code.status();
    const orgs::Org* org = tree_.FindByCode(*code);
    if (org == nullptr) {
      // A name or alias is refused too: a credential names its org by the
      // one unambiguous key. Say which code was meant when there is one.
      absl::StatusOr<const orgs::Org*> meant = tree_.Resolve(*code);
      std::string hint = meant.ok() ? absl::StrCat("; write its code \"",
                                                   (*meant)->code, "\" instead")
                                    : "";
      return yaml::Malformed(
          node["org"], where,
          absl::StrCat("field 'org': '", *code,
                       "' is not an org code of the org tree", hint));
    }
    std::optional<orgs::OrgLevel> level = RequiredOrgLevel(role);
    if (level.has_value() && org->level != *level) {
      return yaml::Malformed(
          node["org"], where,
          absl::StrCat("field 'org': a ", RoleName(role), " acts for a ",
                       orgs::OrgLevelName(*level), ", but ", org->code, " (",
                       org->name, ") is a ", orgs::OrgLevelName(org->level)));
    }
    return org->code;
  }

  absl::StatusOr<Digest> ReadDigest(const YAML::Node& node,
                                    absl::string_view where) {
    absl::StatusOr<std::string> hex =
        yaml::RequiredScalar(node, where, "token_sha256");
    if (!hex.ok()) return hex.status();
    std::optional<Digest> digest = ParseDigestHex(*hex);
    if (!digest.has_value()) {
      // The value is not echoed: a token pasted here by mistake stays out
      // of the logs.
      return yaml::Malformed(
          node["token_sha256"], where,
          absl::StrCat("field 'token_sha256': 须为令牌的 SHA-256 (must be the "
                       "64 hex digits of the token's SHA-256, as sha256sum "
                       "prints them; found ",
                       hex->size(), " characters)"));
    }
    return *digest;
  }

  const orgs::OrgTree& tree_;
  std::vector<CredentialStore::Entry> entries_;
  absl::flat_hash_map<std::string, Origin> ids_;
  absl::flat_hash_map<std::string, Origin> digests_;
};

absl::StatusOr<std::unique_ptr<CredentialStore>> CredentialStore::Parse(
    absl::string_view yaml, absl::string_view source,
    const orgs::OrgTree& tree) {
  CredentialReader reader(tree);
  if (absl::Status s = yaml::Parse(
          yaml, source,
          [&reader](const YAML::Node& root) { return reader.Walk(root); });
      !s.ok()) {
    return s;
  }
  return std::unique_ptr<CredentialStore>(
      new CredentialStore(std::move(reader.entries())));
}

absl::StatusOr<std::unique_ptr<CredentialStore>> CredentialStore::LoadFile(
    const std::string& path, const orgs::OrgTree& tree) {
  absl::StatusOr<std::string> text = yaml::ReadFile(path);
  if (!text.ok()) return text.status();
  return Parse(*text, path, tree);
}

CredentialStore::CredentialStore(std::vector<Entry> entries)
    : entries_(std::move(entries)) {
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    by_prefix_[PrefixOf(entries_[i].digest)].push_back(i);
  }
}

// Why an index by digest prefix is safe: the time the map takes depends
// only on SHA-256 of the presented token. An attacker who learns that some
// stored digest begins like the digest of a guess learns nothing that helps
// find a token (that would take a preimage of SHA-256), while a scan of
// every credential would cost each call time linear in the credentials —
// thousands nationally. Within a bucket every candidate is compared in full
// with CRYPTO_memcmp and without an early exit.
std::optional<Principal> CredentialStore::Lookup(
    absl::string_view token) const {
  if (token.empty() || token.size() > kMaxTokenBytes) return std::nullopt;
  return LookupDigest(Sha256(token));
}

std::optional<Principal> CredentialStore::LookupDigest(
    const Digest& digest) const {
  auto it = by_prefix_.find(PrefixOf(digest));
  if (it == by_prefix_.end()) return std::nullopt;
  const Entry* found = nullptr;
  for (std::size_t index : it->second) {
    if (SameDigest(entries_[index].digest, digest)) found = &entries_[index];
  }
  if (found == nullptr) return std::nullopt;
  return found->principal;
}

}  // namespace anju::auth
