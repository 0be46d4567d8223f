#ifndef ANJU_SERVICES_SCORING_RUBRIC_LOOKUP_H_
#define ANJU_SERVICES_SCORING_RUBRIC_LOOKUP_H_

// Finding the rubric of (programme, year), with errors that tell a caller
// what does exist: other systems send these two fields by hand.

#include <string>

#include "absl/status/statusor.h"
#include "services/scoring/engine/rubric.h"

namespace anju::scoring {

// INVALID_ARGUMENT naming `programme` (empty or unknown, listing the known
// programmes) or `year` (listing the years known for that programme).
// GetRubric turns it into NOT_FOUND: there the pair names a resource.
absl::StatusOr<const Rubric*> FindRubric(const RubricSet& rubrics,
                                         const std::string& programme,
                                         int year);

}  // namespace anju::scoring

#endif  // ANJU_SERVICES_SCORING_RUBRIC_LOOKUP_H_
