#include "services/registry/sql_params.h"

#include <string>

namespace anju::registry {

absl::Status Param::BindTo(storage::Statement& statement, int index) const {
  switch (kind_) {
    case kInt:
      return statement.BindInt64(index, int_);
    case kText:
      return statement.BindText(index, text_);
    case kBlob:
      return statement.BindBlob(index, text_);
  }
  return absl::InternalError("unknown parameter kind");
}

absl::Status Rebind(storage::Statement& statement,
                    const std::vector<Param>& params) {
  if (auto s = statement.Reset(); !s.ok()) return s;
  for (size_t i = 0; i < params.size(); ++i) {
    if (auto s = params[i].BindTo(statement, static_cast<int>(i) + 1);
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<storage::Statement*> Query(storage::Transaction& tx,
                                          absl::string_view sql,
                                          const std::vector<Param>& params) {
  absl::StatusOr<storage::Statement*> statement = tx.Prepare(sql);
  if (!statement.ok()) return statement.status();
  for (size_t i = 0; i < params.size(); ++i) {
    if (auto s = params[i].BindTo(**statement, static_cast<int>(i) + 1);
        !s.ok()) {
      return s;
    }
  }
  return statement;
}

absl::StatusOr<int64_t> ExecCount(storage::Transaction& tx,
                                  absl::string_view sql,
                                  const std::vector<Param>& params) {
  absl::StatusOr<storage::Statement*> statement = Query(tx, sql, params);
  if (!statement.ok()) return statement.status();
  return (*statement)->Run();
}

absl::Status Exec(storage::Transaction& tx, absl::string_view sql,
                  const std::vector<Param>& params) {
  return ExecCount(tx, sql, params).status();
}

std::string LikePattern(absl::string_view text) {
  std::string pattern = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '!') pattern.push_back('!');
    pattern.push_back(c);
  }
  pattern.push_back('%');
  return pattern;
}

}  // namespace anju::registry
