#include "cli/facts_file.h"

#include <fstream>
#include <sstream>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "yaml-cpp/yaml.h"

namespace anju::cli {
namespace {

using anju::v1::Fact;
using anju::v1::SelfScore;

// Keys the file may carry for the reader only (where the figures come
// from); accepted and ignored, so that documenting a file never breaks it.
bool IsDocumentationKey(const std::string& key) {
  return key == "source" || key == "notes";
}

// yaml-cpp tags quoted scalars "!" and plain ones "?": only a plain scalar
// can be a flag or a number, so "100" in quotes stays the string it was
// written as and is refused instead of silently converted.
bool IsPlainScalar(const YAML::Node& node) {
  return node.IsScalar() && node.Tag() == "?";
}

std::string KindOf(const YAML::Node& node) {
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a mapping";
  if (node.IsNull()) return "empty";
  return "a string";
}

class Parser {
 public:
  explicit Parser(absl::string_view name) : name_(name) {}

  absl::StatusOr<FactsFile> Parse(const YAML::Node& root) {
    if (!root.IsMap()) return Error(root, "", "must be a mapping of keys");
    FactsFile file;
    bool has_programme = false, has_year = false;
    std::set<std::string> seen;
    for (const auto& entry : root) {
      const std::string key = entry.first.Scalar();
      if (!seen.insert(key).second) {
        return Error(entry.first, key, "duplicate key");
      }
      absl::Status status = ParseTopLevel(key, entry.second, &file);
      if (!status.ok()) return status;
      has_programme |= key == "programme";
      has_year |= key == "year";
    }
    if (!has_programme) return Missing("programme");
    if (!has_year) return Missing("year");
    return file;
  }

 private:
  absl::Status Error(const YAML::Node& at, absl::string_view key,
                     absl::string_view what) const {
    std::string where(name_);
    const YAML::Mark mark = at.Mark();
    if (!mark.is_null()) absl::StrAppend(&where, ":", mark.line + 1);
    if (!key.empty()) absl::StrAppend(&where, ": ", key);
    return absl::InvalidArgumentError(absl::StrCat(where, ": ", what));
  }

  absl::Status Missing(absl::string_view key) const {
    return absl::InvalidArgumentError(
        absl::StrCat(name_, ": ", key, ": is required"));
  }

  absl::Status ParseTopLevel(const std::string& key, const YAML::Node& value,
                             FactsFile* file) {
    if (key == "org") return ParseString(value, key, &file->org);
    if (key == "org_name") return ParseString(value, key, &file->org_name);
    if (key == "programme") return ParseProgramme(value, file);
    if (key == "year") return ParseYear(value, file);
    if (key == "facts") return ParseFacts(value, file);
    if (key == "self_scores") return ParseSelfScores(value, file);
    if (key == "supplementary") return ParseSupplementary(value, file);
    if (IsDocumentationKey(key)) return absl::OkStatus();
    return Error(value, key,
                 "unknown key (expected org, org_name, programme, year, "
                 "facts, self_scores, supplementary, source, notes)");
  }

  absl::Status ParseString(const YAML::Node& value, absl::string_view key,
                           std::string* out) const {
    if (!value.IsScalar()) {
      return Error(value, key,
                   absl::StrCat("must be text, not ", KindOf(value)));
    }
    *out = value.Scalar();
    return absl::OkStatus();
  }

  absl::Status ParseProgramme(const YAML::Node& value, FactsFile* file) {
    std::string programme;
    absl::Status status = ParseString(value, "programme", &programme);
    if (!status.ok()) return status;
    if (programme.empty()) return Error(value, "programme", "is empty");
    file->request.set_programme(programme);
    return absl::OkStatus();
  }

  absl::Status ParseYear(const YAML::Node& value, FactsFile* file) {
    int year = 0;
    if (!IsPlainScalar(value) || !YAML::convert<int>::decode(value, year)) {
      return Error(value, "year", "must be a whole number such as 2023");
    }
    file->request.set_year(year);
    return absl::OkStatus();
  }

  absl::Status ParseFacts(const YAML::Node& facts, FactsFile* file) {
    if (facts.IsNull()) return absl::OkStatus();
    if (!facts.IsMap()) {
      return Error(facts, "facts",
                   absl::StrCat("must be a mapping, not ", KindOf(facts)));
    }
    auto& out = *file->request.mutable_facts();
    for (const auto& entry : facts) {
      const std::string name = entry.first.Scalar();
      const std::string key = absl::StrCat("facts.", name);
      if (out.count(name) > 0 || file->supplementary.count(name) > 0) {
        return Error(entry.first, key, "duplicate key");
      }
      bool illustrative = false;
      absl::StatusOr<Fact> fact = ParseFact(entry.second, key, &illustrative);
      if (!fact.ok()) return fact.status();
      out[name] = *std::move(fact);
      if (illustrative) file->illustrative.insert(name);
    }
    return absl::OkStatus();
  }

  absl::Status ParseSupplementary(const YAML::Node& facts, FactsFile* file) {
    if (facts.IsNull()) return absl::OkStatus();
    if (!facts.IsMap()) {
      return Error(facts, "supplementary",
                   absl::StrCat("must be a mapping, not ", KindOf(facts)));
    }
    for (const auto& entry : facts) {
      const std::string name = entry.first.Scalar();
      const std::string key = absl::StrCat("supplementary.", name);
      if (file->supplementary.count(name) > 0 ||
          file->request.facts().count(name) > 0) {
        return Error(entry.first, key, "duplicate key (also under facts?)");
      }
      bool illustrative = false;
      absl::StatusOr<Fact> fact = ParseFact(entry.second, key, &illustrative);
      if (!fact.ok()) return fact.status();
      file->supplementary[name] = *std::move(fact);
      if (illustrative) file->illustrative.insert(name);
    }
    return absl::OkStatus();
  }

  // A fact is a plain flag or number, or {value, illustrative, note, source}.
  absl::StatusOr<Fact> ParseFact(const YAML::Node& node, const std::string& key,
                                 bool* illustrative) const {
    if (!node.IsMap()) return ParseFactValue(node, key);
    absl::StatusOr<Fact> fact = Error(node, key, "needs a value: entry");
    for (const auto& entry : node) {
      const std::string field = entry.first.Scalar();
      const std::string field_key = absl::StrCat(key, ".", field);
      if (field == "value") {
        fact = ParseFactValue(entry.second, field_key);
        if (!fact.ok()) return fact.status();
      } else if (field == "illustrative") {
        if (!IsPlainScalar(entry.second) ||
            !YAML::convert<bool>::decode(entry.second, *illustrative)) {
          return Error(entry.second, field_key, "must be true or false");
        }
      } else if (field != "note" && field != "source") {
        return Error(
            entry.second, field_key,
            "unknown key (expected value, illustrative, note, source)");
      }
    }
    return fact;
  }

  absl::StatusOr<Fact> ParseFactValue(const YAML::Node& node,
                                      const std::string& key) const {
    Fact fact;
    bool flag = false;
    double number = 0;
    if (IsPlainScalar(node) && YAML::convert<bool>::decode(node, flag)) {
      fact.set_flag(flag);
    } else if (IsPlainScalar(node) &&
               YAML::convert<double>::decode(node, number)) {
      fact.set_number(number);
    } else {
      return Error(node, key,
                   absl::StrCat("must be a flag (true/false) or a number, not ",
                                KindOf(node)));
    }
    return fact;
  }

  absl::Status ParseSelfScores(const YAML::Node& scores, FactsFile* file) {
    if (scores.IsNull()) return absl::OkStatus();
    if (!scores.IsMap()) {
      return Error(scores, "self_scores",
                   absl::StrCat("must be a mapping, not ", KindOf(scores)));
    }
    auto& out = *file->request.mutable_self_scores();
    for (const auto& entry : scores) {
      const std::string id = entry.first.Scalar();
      const std::string key = absl::StrCat("self_scores.", id);
      if (out.count(id) > 0) return Error(entry.first, key, "duplicate key");
      absl::Status status = ParseSelfScore(entry.second, key, &out[id]);
      if (!status.ok()) return status;
    }
    return absl::OkStatus();
  }

  absl::Status ParseSelfScore(const YAML::Node& node, const std::string& key,
                              SelfScore* out) const {
    if (node.IsNull()) return absl::OkStatus();
    if (!node.IsMap()) {
      return Error(node, key,
                   "must be a mapping of score, reason and evidence");
    }
    for (const auto& entry : node) {
      const std::string field = entry.first.Scalar();
      const std::string field_key = absl::StrCat(key, ".", field);
      absl::Status status =
          ParseSelfScoreField(field, entry.second, field_key, out);
      if (!status.ok()) return status;
    }
    return absl::OkStatus();
  }

  absl::Status ParseSelfScoreField(const std::string& field,
                                   const YAML::Node& value,
                                   const std::string& key,
                                   SelfScore* out) const {
    if (field == "score") {
      double score = 0;
      if (!IsPlainScalar(value) ||
          !YAML::convert<double>::decode(value, score)) {
        return Error(value, key, "must be a number");
      }
      out->set_score(score);
      return absl::OkStatus();
    }
    if (field == "reason")
      return ParseString(value, key, out->mutable_reason());
    if (field == "evidence") return ParseEvidence(value, key, out);
    return Error(value, key, "unknown key (expected score, reason, evidence)");
  }

  // Evidence is a list of references; a single reference may be written
  // without the brackets.
  absl::Status ParseEvidence(const YAML::Node& value, const std::string& key,
                             SelfScore* out) const {
    if (value.IsScalar()) {
      out->add_evidence(value.Scalar());
      return absl::OkStatus();
    }
    if (!value.IsSequence()) return Error(value, key, "must be a list of text");
    for (const auto& item : value) {
      if (!item.IsScalar()) {
        return Error(item, key, "must be a list of text, not of lists");
      }
      out->add_evidence(item.Scalar());
    }
    return absl::OkStatus();
  }

  absl::string_view name_;
};

}  // namespace

absl::StatusOr<FactsFile> ParseFactsFile(absl::string_view yaml,
                                         absl::string_view name) {
  // yaml-cpp reports syntax errors by exception: this is its boundary.
  try {
    const YAML::Node root = YAML::Load(std::string(yaml));
    return Parser(name).Parse(root);
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(absl::StrCat(
        name, ":", e.mark.line + 1, ":", e.mark.column + 1, ": ", e.msg));
  }
}

absl::StatusOr<FactsFile> ReadFactsFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot be read"));
  std::ostringstream text;
  text << in.rdbuf();
  return ParseFactsFile(text.str(), path);
}

}  // namespace anju::cli
