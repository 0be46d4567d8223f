#ifndef ANJU_SERVICES_REGISTRY_TABULAR_CELLS_H_
#define ANJU_SERVICES_REGISTRY_TABULAR_CELLS_H_

// One cell's text → a value, or INVALID_ARGUMENT whose message is the rule
// and the value in Chinese ("须在 0–100 之间 (got 120)"); the caller adds
// the row and the column. Surrounding spaces are ignored everywhere.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/orgs/org_tree.h"

namespace anju::registry::tabular {

// A non-negative finite number; thousands separators ("1,234.5") and
// exponents ("1.5E-2", as xlsx stores numbers) are accepted; empty is 0.
// NaN, inf, negatives, garbage and values above `max` are refused.
absl::StatusOr<double> ParseAmount(absl::string_view cell, double max);

// As ParseAmount, and integral ("12" or "12.0", not "12.5").
absl::StatusOr<int> ParseCount(absl::string_view cell, int max);

// 0–100; "95%" is 95. Empty is 0.
absl::StatusOr<double> ParsePercent(absl::string_view cell);

// A year 1900–2100 ("1998" or "1998年"); empty is 0 (unknown).
absl::StatusOr<int> ParseYear(absl::string_view cell);

// 是/否, √/×, ✓/✗, true/false, yes/no, y/n, 1/0 (any case); empty is 否.
absl::StatusOr<bool> ParseFlag(absl::string_view cell);

// A programme id from its Chinese name, a short name or the id itself:
// 棚户区改造 (棚改) → "shanty", 保障性租赁住房 (保租房) →
// "affordable_rental", 公租房 → "public_rental", 老旧小区改造 → "oldcomm".
absl::StatusOr<std::string> ParseProgramme(absl::string_view cell);

// The Chinese name of a programme id; the id itself when unknown.
std::string ProgrammeName(absl::string_view id);

// A county's code from its code, official name or alias; a city or the
// region is refused by name.
absl::StatusOr<std::string> ParseCounty(absl::string_view cell,
                                        const orgs::OrgTree& tree);

// Shortest text that reads back to the same double ("1234.56", "0.1").
std::string FormatNumber(double value);

}  // namespace anju::registry::tabular

#endif  // ANJU_SERVICES_REGISTRY_TABULAR_CELLS_H_
