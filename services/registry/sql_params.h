#ifndef ANJU_SERVICES_REGISTRY_SQL_PARAMS_H_
#define ANJU_SERVICES_REGISTRY_SQL_PARAMS_H_

// Statements with their $1, $2… values in one call, so that store code reads
// as SQL plus a list instead of a ladder of Bind calls.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/storage/database.h"

namespace anju::registry {

// One parameter value: an integer, a text or (Bytes) a blob.
class Param {
 public:
  Param(int64_t value) : kind_(kInt), int_(value) {}  // NOLINT
  Param(int value) : kind_(kInt), int_(value) {}      // NOLINT
  Param(absl::string_view text)                       // NOLINT
      : kind_(kText), text_(text) {}
  Param(const std::string& text) : kind_(kText), text_(text) {}  // NOLINT
  Param(const char* text) : kind_(kText), text_(text) {}         // NOLINT
  static Param Bytes(std::string bytes) {
    Param p(std::move(bytes));
    p.kind_ = kBlob;
    return p;
  }

  absl::Status BindTo(storage::Statement& statement, int index) const;

 private:
  enum Kind { kInt, kText, kBlob };
  Kind kind_;
  int64_t int_ = 0;
  std::string text_;
};

// Resets `statement` and binds `params` to $1, $2… (to run it again).
absl::Status Rebind(storage::Statement& statement,
                    const std::vector<Param>& params);

// Prepares `sql` in `tx` and binds `params` to $1, $2…
absl::StatusOr<storage::Statement*> Query(storage::Transaction& tx,
                                          absl::string_view sql,
                                          const std::vector<Param>& params);
// Runs a statement without results; returns the rows it changed.
absl::StatusOr<int64_t> ExecCount(storage::Transaction& tx,
                                  absl::string_view sql,
                                  const std::vector<Param>& params);
absl::Status Exec(storage::Transaction& tx, absl::string_view sql,
                  const std::vector<Param>& params);

// `text` as a LIKE pattern matching any name that contains it, with '!' as
// the escape character (ESCAPE '!'), so that % and _ match themselves.
std::string LikePattern(absl::string_view text);

}  // namespace anju::registry

#endif  // ANJU_SERVICES_REGISTRY_SQL_PARAMS_H_
