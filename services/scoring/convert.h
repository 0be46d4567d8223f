#ifndef ANJU_SERVICES_SCORING_CONVERT_H_
#define ANJU_SERVICES_SCORING_CONVERT_H_

// anju.v1 messages ↔ engine types. Scores go on the wire as
// ToDouble(points): the double nearest to the 2-decimal value, never the
// result of a floating-point sum.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "anju/v1/rubric.pb.h"
#include "anju/v1/scoring.pb.h"
#include "google/protobuf/map.h"
#include "services/scoring/engine/engine.h"

namespace anju::scoring {

// INVALID_ARGUMENT for a fact with neither flag nor number set. Values are
// checked against the rubric by the engine (ValidateInput).
absl::StatusOr<Facts> FactsFromProto(
    const google::protobuf::Map<std::string, v1::Fact>& facts);

// The same, cheaper: when every fact is one that `rubric` declares, the map
// is built in the rubric's name order, each entry appended at its end.
absl::StatusOr<Facts> FactsFromProto(
    const google::protobuf::Map<std::string, v1::Fact>& facts,
    const Rubric& rubric);

// A score as sent → hundredths. INVALID_ARGUMENT naming `field` for NaN,
// ±inf, absurd magnitudes and more than 2 decimals. A double within a few
// ulps of a 2-decimal value is that value (a client's 0.1 + 0.2 is 0.3).
// Bounds (0 ≤ score ≤ max) are the engine's to check.
absl::StatusOr<Points> PointsFromWire(double value, absl::string_view field);

absl::StatusOr<SelfScores> SelfScoresFromProto(
    const google::protobuf::Map<std::string, v1::SelfScore>& self_scores);

// `self_scores` are those the evaluation was computed with
// (SelfScoresFromProto of the request): the response echoes their reasons
// and evidence as sent. Both arguments are consumed: their strings are
// moved into `out`, not copied.
void EvaluationToProto(Evaluation evaluation, SelfScores self_scores,
                       v1::EvaluateResponse* out);

v1::Grade GradeToProto(Grade grade);

void RubricToProto(const Rubric& rubric, v1::Rubric* out);
void RubricToEntry(const Rubric& rubric, v1::ListRubricsResponse::Entry* out);

}  // namespace anju::scoring

#endif  // ANJU_SERVICES_SCORING_CONVERT_H_
