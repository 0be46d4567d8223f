#include "services/scoring/limits.h"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/text.h"

namespace anju::scoring {
namespace {

using common::Preview;

absl::Status TooMany(absl::string_view field, absl::string_view what_zh,
                     absl::string_view what_en, int limit, int got) {
  return absl::InvalidArgumentError(
      absl::StrCat(field, ": ", what_zh, "不得超过", limit, "个 (at most ",
                   limit, " ", what_en, "), got ", got));
}

// common::FirstInvalidUtf8, with ASCII skipped eight bytes at a time: keys,
// ids and file names are ASCII, and reasons mix it with Chinese.
std::size_t FirstIllFormedByte(absl::string_view text) {
  constexpr uint64_t kHighBits = 0x8080808080808080u;
  std::size_t pos = 0;
  while (pos < text.size()) {
    uint64_t word;
    if (text.size() - pos >= sizeof(word)) {
      std::memcpy(&word, text.data() + pos, sizeof(word));
      if ((word & kHighBits) == 0) {
        pos += sizeof(word);
        continue;
      }
    }
    if (static_cast<unsigned char>(text[pos]) < 0x80) {
      ++pos;
      continue;
    }
    const std::size_t n = common::Utf8SequenceLength(text, pos);
    if (n == 0) return pos;
    pos += n;
  }
  return pos;
}

// A key or text: present, within `max_bytes`, well-formed UTF-8. `field()`
// names it in the error, and is called only when there is one: on the
// success path no field name is built.
template <typename FieldFn>
absl::Status CheckText(absl::string_view text, int max_bytes, bool required,
                       const FieldFn& field) {
  if (required && text.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(field(), ": 不得为空 (must not be empty)"));
  }
  if (text.size() > static_cast<std::size_t>(max_bytes)) {
    return absl::InvalidArgumentError(absl::StrCat(
        field(), ": 不得超过", max_bytes, "字节 (at most ", max_bytes,
        " UTF-8 bytes), got ", text.size(), " bytes: \"", Preview(text), "\""));
  }
  if (const std::size_t bad = FirstIllFormedByte(text); bad != text.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat(field(), ": 须为有效的UTF-8文本 (must be valid UTF-8), ",
                     "ill-formed at byte ", bad, ": \"", Preview(text), "\""));
  }
  return absl::OkStatus();
}

std::string Key(absl::string_view map, absl::string_view key) {
  return absl::StrCat(map, "[\"", Preview(key), "\"]");
}

absl::Status CheckFacts(const v1::EvaluateRequest& request,
                        const ScoringLimits& limits) {
  if (request.facts_size() > limits.max_facts) {
    return TooMany("facts", "事实项", "facts", limits.max_facts,
                   request.facts_size());
  }
  for (const auto& [name, fact] : request.facts()) {
    if (absl::Status s = CheckText(
            name, limits.max_fact_name_bytes, /*required=*/true,
            [&name = name] { return Key("facts", name) + " (name)"; });
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::Status CheckSelfScore(const std::string& id, const v1::SelfScore& self,
                            const ScoringLimits& limits) {
  const auto field = [&id](absl::string_view suffix) {
    return absl::StrCat(Key("self_scores", id), suffix);
  };
  if (absl::Status s = CheckText(self.reason(), limits.max_reason_bytes, false,
                                 [&field] { return field(".reason"); });
      !s.ok()) {
    return s;
  }
  if (self.evidence_size() > limits.max_evidence_refs) {
    return TooMany(field(".evidence"), "佐证材料", "evidence references",
                   limits.max_evidence_refs, self.evidence_size());
  }
  for (int i = 0; i < self.evidence_size(); ++i) {
    if (absl::Status s = CheckText(
            self.evidence(i), limits.max_evidence_ref_bytes, true,
            [&field, i] { return field(absl::StrCat(".evidence[", i, "]")); });
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::Status CheckSelfScores(const v1::EvaluateRequest& request,
                             const ScoringLimits& limits) {
  if (request.self_scores_size() > limits.max_self_scores) {
    return TooMany("self_scores", "自评项", "self-scores",
                   limits.max_self_scores, request.self_scores_size());
  }
  for (const auto& [id, self] : request.self_scores()) {
    if (absl::Status s = CheckText(
            id, limits.max_indicator_id_bytes, true,
            [&id = id] { return Key("self_scores", id) + " (indicator id)"; });
        !s.ok()) {
      return s;
    }
    if (absl::Status s = CheckSelfScore(id, self, limits); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::StatusOr<int> Limit(const common::Config& config, const char* key,
                          int fallback) {
  absl::StatusOr<int64_t> v =
      config.GetInt(absl::StrCat("limits.", key), fallback, 1, 1'000'000);
  if (!v.ok()) return v.status();
  return static_cast<int>(*v);
}

}  // namespace

absl::StatusOr<ScoringLimits> LimitsFromConfig(const common::Config& config,
                                               ScoringLimits defaults) {
  ScoringLimits l = defaults;
  const std::pair<const char*, int*> fields[] = {
      {"max_facts", &l.max_facts},
      {"max_fact_name_bytes", &l.max_fact_name_bytes},
      {"max_self_scores", &l.max_self_scores},
      {"max_indicator_id_bytes", &l.max_indicator_id_bytes},
      {"max_reason_bytes", &l.max_reason_bytes},
      {"max_evidence_refs", &l.max_evidence_refs},
      {"max_evidence_ref_bytes", &l.max_evidence_ref_bytes},
      {"max_batch_items", &l.max_batch_items},
      {"max_org_bytes", &l.max_org_bytes},
  };
  std::vector<std::string> known;
  for (const auto& [key, value] : fields) known.emplace_back(key);
  if (absl::Status s = config.CheckKeys("limits", known); !s.ok()) return s;
  for (const auto& [key, value] : fields) {
    absl::StatusOr<int> v = Limit(config, key, *value);
    if (!v.ok()) return v.status();
    *value = *v;
  }
  return l;
}

absl::Status CheckRequestLimits(const v1::EvaluateRequest& request,
                                const ScoringLimits& limits) {
  if (absl::Status s = CheckFacts(request, limits); !s.ok()) return s;
  return CheckSelfScores(request, limits);
}

absl::Status CheckBatchLimits(const v1::EvaluateBatchRequest& batch,
                              const ScoringLimits& limits) {
  if (batch.items_size() > limits.max_batch_items) {
    return TooMany("items", "批量评分项", "items", limits.max_batch_items,
                   batch.items_size());
  }
  std::map<absl::string_view, int> first_at;
  for (int i = 0; i < batch.items_size(); ++i) {
    const std::string& org = batch.items(i).org();
    const auto field = [i] { return absl::StrCat("items[", i, "].org"); };
    if (absl::Status s = CheckText(org, limits.max_org_bytes, true, field);
        !s.ok()) {
      return s;
    }
    auto [it, inserted] = first_at.emplace(org, i);
    if (!inserted) {
      return absl::InvalidArgumentError(
          absl::StrCat(field(), ": 机构代码重复 (duplicate org) \"", org,
                       "\", first at items[", it->second, "]"));
    }
  }
  return absl::OkStatus();
}

}  // namespace anju::scoring
