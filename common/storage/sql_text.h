#ifndef ANJU_COMMON_STORAGE_SQL_TEXT_H_
#define ANJU_COMMON_STORAGE_SQL_TEXT_H_

// Shared by the backends' error messages.

#include <string>

#include "absl/strings/string_view.h"

namespace anju::storage {

// Enough of a statement to recognise it (a bulk INSERT can be long), cut at
// a UTF-8 character boundary and marked with "…" when cut.
std::string ShortenSql(absl::string_view sql);

}  // namespace anju::storage

#endif  // ANJU_COMMON_STORAGE_SQL_TEXT_H_
