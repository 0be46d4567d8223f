#include "common/storage/sql_text.h"

#include "absl/strings/str_cat.h"

namespace anju::storage {
namespace {

constexpr std::size_t kMaxSqlInMessage = 160;

}  // namespace

std::string ShortenSql(absl::string_view sql) {
  if (sql.size() <= kMaxSqlInMessage) return std::string(sql);
  std::size_t cut = kMaxSqlInMessage;
  // Back up to the start of a UTF-8 character (not a continuation byte).
  while (cut > 0 && (static_cast<unsigned char>(sql[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  return absl::StrCat(sql.substr(0, cut), "…");
}

}  // namespace anju::storage
