#include "bench/national_load/principals.h"

#include <sys/stat.h>

#include <fstream>

#include "absl/strings/str_cat.h"
#include "common/auth/token.h"

namespace anju::bench {
namespace {

class CredentialsWriter {
 public:
  explicit CredentialsWriter(const std::string& path)
      : out_(path, std::ios::binary | std::ios::trunc) {
    out_ << "# Minted by anju-national-load (bench/national_load).\n"
         << "credentials:\n";
  }

  absl::StatusOr<std::string> Add(const std::string& id,
                                  const std::string& role,
                                  const std::string& org) {
    auto minted = auth::MintToken();
    if (!minted.ok()) return minted.status();
    out_ << "  - id: " << id << "\n    role: " << role << "\n    org: \"" << org
         << "\"\n    token_sha256: " << minted->sha256_hex << "\n";
    ++count_;
    return minted->token;
  }

  absl::Status Close(const std::string& path) {
    out_.close();
    if (!out_) return absl::InternalError(absl::StrCat("cannot write ", path));
    return absl::OkStatus();
  }
  int count() const { return count_; }

 private:
  std::ofstream out_;
  int count_ = 0;
};

absl::Status WriteSecret(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out || chmod(path.c_str(), 0600) != 0) {
    return absl::InternalError(absl::StrCat("cannot write ", path));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Principals> MintPrincipals(const Country& country,
                                          const std::string& dir) {
  Principals p;
  p.credentials_file = absl::StrCat(dir, "/credentials.yaml");
  p.service_token_file = absl::StrCat(dir, "/service.token");
  CredentialsWriter writer(p.credentials_file);
  auto add = [&](const std::string& id, const std::string& role,
                 const std::string& org, std::string* token) -> absl::Status {
    auto minted = writer.Add(id, role, org);
    if (!minted.ok()) return minted.status();
    *token = *std::move(minted);
    return absl::OkStatus();
  };
  for (const FilingCity& city : country.cities) {
    auto s = add(absl::StrCat("coord-", city.code), "city_coordinator",
                 city.code, &p.filer_tokens[city.code]);
    if (!s.ok()) return s;
    for (const std::string& county : city.counties) {
      s = add(absl::StrCat("filer-", county), "county_filer", county,
              &p.filer_tokens[county]);
      if (!s.ok()) return s;
    }
  }
  for (auto [id, role, token] :
       {std::tuple{"admin", "region_admin", &p.admin_token},
        std::tuple{"external", "external_system", &p.external_token},
        std::tuple{"service", "service", &p.service_token}}) {
    if (auto s = add(id, role, country.region, token); !s.ok()) return s;
  }
  if (auto s = writer.Close(p.credentials_file); !s.ok()) return s;
  p.count = writer.count();
  if (auto s = WriteSecret(p.service_token_file, p.service_token); !s.ok()) {
    return s;
  }
  return p;
}

}  // namespace anju::bench
