#include "common/storage/postgres_statement.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/storage/postgres_error.h"

namespace anju::storage {
namespace {

// Type OIDs from the server's catalog (pg_type.dat); stable across
// versions.
constexpr Oid kBool = 16;
constexpr Oid kBytea = 17;
constexpr Oid kInt8 = 20;
constexpr Oid kInt2 = 21;
constexpr Oid kInt4 = 23;
constexpr Oid kOid = 26;
constexpr Oid kFloat4 = 700;
constexpr Oid kFloat8 = 701;
constexpr Oid kNumeric = 1700;

}  // namespace

PostgresStatement::PostgresStatement(PGconn* conn, std::string prepared,
                                     int params, std::string sql,
                                     std::string name,
                                     absl::Status* first_error)
    : conn_(conn),
      prepared_(std::move(prepared)),
      sql_(std::move(sql)),
      name_(std::move(name)),
      first_error_(first_error),
      values_(params),
      binary_(params, 0) {}

absl::Status PostgresStatement::Set(int param, std::optional<std::string> value,
                                    bool binary) {
  if (param < 1 || param > static_cast<int>(values_.size())) {
    return absl::InternalError(
        absl::StrCat(name_, ": no parameter $", param, " in: ", sql_));
  }
  values_[param - 1] = std::move(value);
  binary_[param - 1] = binary ? 1 : 0;
  return absl::OkStatus();
}

// Numbers go as text, which the server parses into whatever type it
// inferred for the parameter (int4, int8, numeric, float8…); binary would
// have to match that type exactly.
absl::Status PostgresStatement::BindInt64(int param, int64_t value) {
  return Set(param, absl::StrCat(value), false);
}

absl::Status PostgresStatement::BindDouble(int param, double value) {
  if (std::isnan(value)) {
    return absl::InvalidArgumentError(
        absl::StrCat(name_, ": binding $", param, ": NaN cannot be stored"));
  }
  if (std::isinf(value)) {
    return Set(param, value > 0 ? "Infinity" : "-Infinity", false);
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", value);  // round-trips exactly
  return Set(param, std::string(text), false);
}

absl::Status PostgresStatement::BindText(int param, absl::string_view text) {
  // Text parameters travel NUL-terminated, and PostgreSQL's text type cannot
  // hold NUL anyway: say so instead of cutting the value short.
  if (text.find('\0') != absl::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrCat(
        name_, ": binding $", param,
        ": text with a NUL byte cannot be stored; bind it as a blob"));
  }
  return Set(param, std::string(text), false);
}

absl::Status PostgresStatement::BindBlob(int param, absl::string_view bytes) {
  // Binary format: the bytes as they are, NULs included (bytea's binary
  // form is its raw content).
  return Set(param, std::string(bytes), true);
}

absl::Status PostgresStatement::BindNull(int param) {
  return Set(param, std::nullopt, false);
}

absl::Status PostgresStatement::Execute() {
  const int n = static_cast<int>(values_.size());
  std::vector<const char*> values(n);
  std::vector<int> lengths(n);
  for (int i = 0; i < n; ++i) {
    values[i] = values_[i].has_value() ? values_[i]->c_str() : nullptr;
    lengths[i] =
        values_[i].has_value() ? static_cast<int>(values_[i]->size()) : 0;
  }
  result_.reset(PQexecPrepared(conn_, prepared_.c_str(), n, values.data(),
                               lengths.data(), binary_.data(),
                               /*resultFormat=*/0));
  row_ = -1;
  const ExecStatusType status =
      result_ != nullptr ? PQresultStatus(result_.get()) : PGRES_FATAL_ERROR;
  if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) {
    return absl::OkStatus();
  }
  absl::Status error = PostgresError(conn_, result_.get(), name_, sql_);
  result_.reset();
  if (first_error_->ok()) *first_error_ = error;
  return error;
}

absl::StatusOr<bool> PostgresStatement::Step() {
  if (result_ == nullptr) {
    if (absl::Status s = Execute(); !s.ok()) return s;
  }
  const int rows = PQntuples(result_.get());
  if (row_ < rows) ++row_;
  return row_ < rows;
}

absl::StatusOr<int64_t> PostgresStatement::Run() {
  if (result_ == nullptr) {
    if (absl::Status s = Execute(); !s.ok()) return s;
  }
  row_ = PQntuples(result_.get());
  int64_t changed = 0;
  // "" for statements that change no rows by nature (SELECT counts rows).
  if (!absl::SimpleAtoi(PQcmdTuples(result_.get()), &changed)) changed = 0;
  return changed;
}

absl::Status PostgresStatement::Reset() {
  result_.reset();
  row_ = -1;
  return absl::OkStatus();
}

int PostgresStatement::ColumnCount() const {
  return result_ != nullptr ? PQnfields(result_.get()) : 0;
}

std::string PostgresStatement::ColumnName(int column) const {
  const char* name =
      result_ != nullptr ? PQfname(result_.get(), column) : nullptr;
  return name != nullptr ? name : "";
}

const char* PostgresStatement::Cell(int column) const {
  if (result_ == nullptr || row_ < 0 || row_ >= PQntuples(result_.get()) ||
      column < 0 || column >= PQnfields(result_.get()) ||
      PQgetisnull(result_.get(), row_, column)) {
    return nullptr;
  }
  return PQgetvalue(result_.get(), row_, column);
}

bool PostgresStatement::IsBytea(int column) const {
  return result_ != nullptr && PQftype(result_.get(), column) == kBytea;
}

ColumnType PostgresStatement::Type(int column) const {
  if (Cell(column) == nullptr) return ColumnType::kNull;
  switch (PQftype(result_.get(), column)) {
    case kBool:
    case kInt2:
    case kInt4:
    case kInt8:
    case kOid:
      return ColumnType::kInt64;
    case kFloat4:
    case kFloat8:
    case kNumeric:
      return ColumnType::kDouble;
    case kBytea:
      return ColumnType::kBlob;
    default:  // text, varchar, timestamps, json…: their text form
      return ColumnType::kText;
  }
}

bool PostgresStatement::IsNull(int column) const {
  return Cell(column) == nullptr;
}

int64_t PostgresStatement::ColumnInt64(int column) const {
  const char* cell = Cell(column);
  if (cell == nullptr) return 0;
  if (PQftype(result_.get(), column) == kBool) return *cell == 't' ? 1 : 0;
  int64_t value = 0;
  if (absl::SimpleAtoi(cell, &value)) return value;
  // A real read as an integer truncates, as SQLite does.
  return static_cast<int64_t>(std::strtod(cell, nullptr));
}

double PostgresStatement::ColumnDouble(int column) const {
  const char* cell = Cell(column);
  // strtod reads PostgreSQL's "Infinity", "-Infinity" and "NaN".
  return cell != nullptr ? std::strtod(cell, nullptr) : 0.0;
}

std::string PostgresStatement::ColumnText(int column) const {
  return ColumnBlob(column);
}

std::string PostgresStatement::ColumnBlob(int column) const {
  const char* cell = Cell(column);
  if (cell == nullptr) return std::string();
  const int length = PQgetlength(result_.get(), row_, column);
  if (!IsBytea(column)) return std::string(cell, length);
  // Text results carry bytea as "\x…" hex.
  size_t size = 0;
  unsigned char* bytes =
      PQunescapeBytea(reinterpret_cast<const unsigned char*>(cell), &size);
  if (bytes == nullptr) return std::string();
  std::string blob(reinterpret_cast<const char*>(bytes), size);
  PQfreemem(bytes);
  return blob;
}

}  // namespace anju::storage
