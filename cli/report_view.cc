#include "cli/report_view.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace anju::cli {
namespace {

using anju::v1::EvaluateResponse;
using anju::v1::IndicatorScore;

// Scores travel as the double nearest a 2-decimal value: sums and
// differences are done in whole hundredths so that 24 + 0.3 stays 24.3.
int64_t Hundredths(double points) { return std::llround(points * 100); }
double FromHundredths(int64_t h) { return static_cast<double>(h) / 100.0; }

Cell PointsCell(double points) { return {FormatPoints(points), points}; }
Cell DifferenceCell(double points) {
  return {FormatSignedPoints(points), points};
}

std::string FactLabel(const ReportContext& context, const std::string& name) {
  if (context.rubric != nullptr) {
    for (const auto& fact : context.rubric->facts()) {
      if (fact.name() == name && !fact.label().empty()) {
        return absl::StrCat(fact.label(), "（", name, "）");
      }
    }
  }
  return name;
}

std::string JoinFacts(const ReportContext& context,
                      const std::vector<std::string>& names) {
  std::vector<std::string> labels;
  for (const std::string& name : names) {
    labels.push_back(FactLabel(context, name));
  }
  return absl::StrJoin(labels, "、");
}

// The engine's reason names what is missing; when it gives none, the
// missing fact names are listed here so that the row still says why.
std::string NotScorableReason(const IndicatorScore& indicator,
                              const ReportContext& context) {
  if (!indicator.reason().empty()) return indicator.reason();
  std::vector<std::string> missing(indicator.missing_facts().begin(),
                                   indicator.missing_facts().end());
  if (missing.empty()) return "";
  return absl::StrCat("缺少事实：", JoinFacts(context, missing));
}

ReportRow IndicatorRow(const IndicatorScore& indicator,
                       const ReportContext& context) {
  ReportRow row;
  row.level1 = indicator.level1();
  row.id = indicator.id();
  row.name = indicator.name();
  row.max_score = PointsCell(indicator.max_score());
  if (indicator.scorable()) {
    row.score = PointsCell(indicator.score());
    row.reason = indicator.reason();
  } else {
    row.score = {"无法评分", std::nullopt};
    row.reason = NotScorableReason(indicator, context);
  }
  if (indicator.has_self_score()) {
    row.self_score = PointsCell(indicator.self_score());
  }
  if (indicator.has_difference()) {
    row.difference = DifferenceCell(indicator.difference());
  }
  if (context.review != nullptr) {
    auto review = context.review->find(indicator.id());
    if (review != context.review->end()) {
      row.review_score = PointsCell(review->second.score());
      row.review_reason = review->second.reason();
    }
  }
  return row;
}

// The review column's sum over `rows` (indicator rows only), or nothing
// when one of them has no review score.
std::optional<int64_t> ReviewSum(const std::vector<ReportRow>& rows) {
  int64_t sum = 0;
  for (const ReportRow& row : rows) {
    if (row.kind != RowKind::kIndicator) continue;
    if (!row.review_score.number.has_value()) return std::nullopt;
    sum += Hundredths(*row.review_score.number);
  }
  return sum;
}

// Fills score, self-score and difference of a summary row from hundredths.
void SetSums(int64_t score, std::optional<int64_t> self, ReportRow* row) {
  row->score = PointsCell(FromHundredths(score));
  if (self.has_value()) {
    row->self_score = PointsCell(FromHundredths(*self));
    row->difference = DifferenceCell(FromHundredths(*self - score));
  }
}

// The 加分项 group has no Subtotal message: its score is response.bonus,
// its maximum and self-score the sums over its rows.
ReportRow BonusSubtotal(const ReportGroup& group,
                        const EvaluateResponse& response) {
  ReportRow row;
  row.kind = RowKind::kSubtotal;
  row.level1 = group.level1;
  row.name = "小计";
  int64_t max = 0, self = 0;
  bool all_self = true;
  for (const ReportRow& r : group.rows) {
    max += Hundredths(*r.max_score.number);
    all_self &= r.self_score.number.has_value();
    if (all_self) self += Hundredths(*r.self_score.number);
  }
  row.max_score = PointsCell(FromHundredths(max));
  SetSums(Hundredths(response.bonus()),
          all_self ? std::optional<int64_t>(self) : std::nullopt, &row);
  return row;
}

ReportRow Subtotal(const ReportGroup& group, const EvaluateResponse& response) {
  if (group.bonus) return BonusSubtotal(group, response);
  ReportRow row;
  row.kind = RowKind::kSubtotal;
  row.level1 = group.level1;
  row.name = "小计";
  for (const auto& subtotal : response.subtotals()) {
    if (subtotal.level1() != group.level1) continue;
    row.max_score = PointsCell(subtotal.max_score());
    SetSums(Hundredths(subtotal.score()),
            subtotal.has_self_score()
                ? std::optional<int64_t>(Hundredths(subtotal.self_score()))
                : std::nullopt,
            &row);
  }
  return row;
}

std::vector<ReportGroup> BuildGroups(const EvaluateResponse& response,
                                     const ReportContext& context) {
  std::vector<ReportGroup> groups;
  for (const IndicatorScore& indicator : response.indicators()) {
    auto it = groups.begin();
    while (it != groups.end() && (it->level1 != indicator.level1() ||
                                  it->bonus != indicator.bonus())) {
      ++it;
    }
    if (it == groups.end()) {
      it = groups.insert(
          groups.end(), ReportGroup{indicator.level1(), indicator.bonus(), {}});
    }
    it->rows.push_back(IndicatorRow(indicator, context));
  }
  // 加分项 are reported apart, after the 100 points.
  std::stable_partition(groups.begin(), groups.end(),
                        [](const ReportGroup& g) { return !g.bonus; });
  for (ReportGroup& group : groups) {
    ReportRow subtotal = Subtotal(group, response);
    if (std::optional<int64_t> review = ReviewSum(group.rows)) {
      subtotal.review_score = PointsCell(FromHundredths(*review));
    }
    group.rows.push_back(std::move(subtotal));
  }
  return groups;
}

ReportRow TotalRow(const EvaluateResponse& response,
                   const std::vector<ReportGroup>& groups) {
  ReportRow row;
  row.kind = RowKind::kTotal;
  row.level1 = "合计";
  int64_t base_max = 0, bonus_max = 0;
  for (const ReportGroup& group : groups) {
    int64_t max = Hundredths(group.rows.back().max_score.number.value_or(0));
    (group.bonus ? bonus_max : base_max) += max;
  }
  row.max_score = PointsCell(FromHundredths(base_max));
  std::optional<int64_t> self;
  if (response.has_self_total()) self = Hundredths(response.self_total());
  SetSums(Hundredths(response.total()), self, &row);
  int64_t review = 0;
  bool reviewed = true;
  for (const ReportGroup& group : groups) {
    const Cell& cell = group.rows.back().review_score;
    reviewed &= cell.number.has_value();
    if (reviewed) review += Hundredths(*cell.number);
  }
  if (reviewed && !groups.empty()) {
    row.review_score = PointsCell(FromHundredths(review));
  }
  if (bonus_max > 0) {
    // "100+4": the bonus is on top of the 100 points, not inside them.
    row.max_score = {absl::StrCat(row.max_score.text, "+",
                                  FormatPoints(FromHundredths(bonus_max))),
                     std::nullopt};
    row.reason = absl::StrCat(
        "基础得分", FormatPoints(response.total() - response.bonus()),
        "分，加分项", FormatPoints(response.bonus()), "分");
  }
  return row;
}

ReportRow GradeRow(const EvaluateResponse& response) {
  ReportRow row;
  row.kind = RowKind::kGrade;
  row.level1 = "评级";
  if (response.complete() && !response.grade_label().empty()) {
    row.score = {response.grade_label(), std::nullopt};
    row.reason =
        "90分及以上为优，80（含）至90分为良，60（含）至80分为中，"
        "60分以下为差";
  } else {
    row.score = {"不评级", std::nullopt};
    row.reason = "有指标无法评分，总分不完整";
  }
  return row;
}

std::string Title(const EvaluateResponse& response,
                  const ReportContext& context) {
  std::string title = context.rubric != nullptr ? context.rubric->title() : "";
  if (title.empty())
    title = absl::StrCat(response.programme(), " 绩效评价指标表");
  return absl::StrCat(context.org_name, title);
}

std::string Subtitle(const EvaluateResponse& response,
                     const ReportContext& context) {
  std::string subtitle = absl::StrCat(response.year(), "年度，指标体系版本",
                                      response.rubric_version());
  if (!context.org.empty()) {
    absl::StrAppend(&subtitle, "，行政区划代码", context.org);
  }
  return subtitle;
}

std::vector<std::string> Notes(const EvaluateResponse& response,
                               const ReportContext& context) {
  std::vector<std::string> notes;
  if (!context.illustrative.empty()) {
    std::vector<std::string> names(context.illustrative.begin(),
                                   context.illustrative.end());
    notes.push_back(absl::StrCat("示意值（来源材料未给出，由填报文件选定）：",
                                 JoinFacts(context, names)));
  }
  if (response.differences() > 0) {
    notes.push_back(absl::StrCat("自评得分与计算得分不一致的指标",
                                 response.differences(),
                                 "项（差异 = 自评得分 − 得分）"));
  }
  if (!response.complete()) {
    notes.push_back("有指标无法评分：总分不完整，不评级");
  }
  notes.insert(notes.end(), context.extra_notes.begin(),
               context.extra_notes.end());
  return notes;
}

std::vector<Column> Columns(const EvaluateResponse& response,
                            const ReportContext& context) {
  bool has_self = context.all_score_columns;
  for (const IndicatorScore& indicator : response.indicators()) {
    has_self |= indicator.has_self_score();
  }
  std::vector<Column> columns = {Column::kLevel1, Column::kName,
                                 Column::kMaxScore, Column::kScore};
  if (has_self) {
    columns.push_back(Column::kSelfScore);
    columns.push_back(Column::kDifference);
  }
  const bool has_review =
      context.all_score_columns ||
      (context.review != nullptr && !context.review->empty());
  if (has_review) columns.push_back(Column::kReviewScore);
  columns.push_back(Column::kReason);
  if (has_review) columns.push_back(Column::kReviewReason);
  return columns;
}

}  // namespace

std::string FormatPoints(double points) {
  const int64_t h = Hundredths(points);
  const int64_t whole = std::llabs(h) / 100, frac = std::llabs(h) % 100;
  std::string text = absl::StrCat(h < 0 ? "-" : "", whole);
  if (frac % 10 != 0) {
    absl::StrAppend(&text, absl::StrFormat(".%02d", frac));
  } else if (frac != 0) {
    absl::StrAppend(&text, ".", frac / 10);
  }
  return text;
}

std::string FormatSignedPoints(double points) {
  return Hundredths(points) > 0 ? absl::StrCat("+", FormatPoints(points))
                                : FormatPoints(points);
}

const char* ColumnHeader(Column column) {
  switch (column) {
    case Column::kLevel1:
      return "一级指标";
    case Column::kName:
      return "二级指标";
    case Column::kMaxScore:
      return "分值";
    case Column::kScore:
      return "得分";
    case Column::kSelfScore:
      return "自评得分";
    case Column::kDifference:
      return "差异";
    case Column::kReason:
      return "评分理由";
    case Column::kReviewScore:
      return "审核得分";
    case Column::kReviewReason:
      return "审核意见";
  }
  return "";
}

bool IsNumericColumn(Column column) {
  return column == Column::kMaxScore || column == Column::kScore ||
         column == Column::kSelfScore || column == Column::kDifference ||
         column == Column::kReviewScore;
}

Cell CellAt(const ReportRow& row, Column column) {
  switch (column) {
    case Column::kLevel1:
      return {row.level1, std::nullopt};
    case Column::kName:
      return {row.name, std::nullopt};
    case Column::kMaxScore:
      return row.max_score;
    case Column::kScore:
      return row.score;
    case Column::kSelfScore:
      return row.self_score;
    case Column::kDifference:
      return row.difference;
    case Column::kReason:
      return {row.reason, std::nullopt};
    case Column::kReviewScore:
      return row.review_score;
    case Column::kReviewReason:
      return {row.review_reason, std::nullopt};
  }
  return {};
}

ReportView BuildReportView(const EvaluateResponse& response,
                           const ReportContext& context) {
  ReportView view;
  view.title = Title(response, context);
  view.subtitle = Subtitle(response, context);
  view.columns = Columns(response, context);
  view.groups = BuildGroups(response, context);
  view.total = TotalRow(response, view.groups);
  view.grade = GradeRow(response);
  view.notes = Notes(response, context);
  return view;
}

}  // namespace anju::cli
