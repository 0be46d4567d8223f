#ifndef ANJU_CLI_REPORT_VIEW_H_
#define ANJU_CLI_REPORT_VIEW_H_

// The 指标表 as every output format lays it out, built once from an
// EvaluateResponse: rows grouped by 一级指标 with a 小计 row each, the
// 加分项 group last, then 合计 and 评级. Renderers only place these cells;
// none of them re-derives grouping, sums or labels.

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "anju/v1/rubric.pb.h"
#include "anju/v1/scoring.pb.h"
#include "anju/v1/submission.pb.h"

namespace anju::cli {

// A cell's text, and the number behind it when there is one, so that a
// spreadsheet gets numbers and a terminal gets "96.5".
struct Cell {
  std::string text;
  std::optional<double> number;
};

enum class RowKind { kIndicator, kSubtotal, kTotal, kGrade };

struct ReportRow {
  RowKind kind = RowKind::kIndicator;
  std::string level1;         // 一级指标; 合计 / 评级 on those rows
  std::string id;             // indicator id; empty on summary rows
  std::string name;           // 二级指标; 小计 on subtotal rows
  Cell max_score;             // 分值
  Cell score;                 // 得分, or 无法评分
  Cell self_score;            // 自评得分
  Cell difference;            // 差异: self-score − score
  std::string reason;         // 评分理由
  Cell review_score;          // 审核得分 (自治区审核)
  std::string review_reason;  // 审核意见
};

// The rows of one 一级指标: its indicators, then its 小计 row.
struct ReportGroup {
  std::string level1;
  bool bonus = false;  // 加分项
  std::vector<ReportRow> rows;
};

enum class Column {
  kLevel1,
  kName,
  kMaxScore,
  kScore,
  kSelfScore,
  kDifference,
  kReason,
  kReviewScore,
  kReviewReason
};

struct ReportView {
  std::string title;  // 赤峰市城市棚户区改造绩效评价指标表
  std::string subtitle;  // 2023年度 · 指标体系版本 2023.1 · 行政区划代码 …
  std::vector<Column> columns;  // 自评得分 and 差异 only with self-scores
  std::vector<ReportGroup> groups;  // rubric order, 加分项 last
  ReportRow total;                  // 合计
  ReportRow grade;                  // 评级
  std::vector<std::string> notes;   // 注: illustrative facts, gaps
};

// What the response alone does not say: who, and the rubric's wording.
struct ReportContext {
  std::string org;                           // may be empty
  std::string org_name;                      // may be empty
  const anju::v1::Rubric* rubric = nullptr;  // title and fact labels
  std::set<std::string> illustrative;        // fact names
  // A stored report's review (自治区审核), by indicator id; may be null.
  const google::protobuf::Map<std::string, anju::v1::ReviewScore>* review =
      nullptr;
  // Show 自评得分, 审核得分 and 审核意见 even when empty (exports: the three
  // score columns side by side).
  bool all_score_columns = false;
  std::vector<std::string> extra_notes;  // e.g. consistency findings
};

ReportView BuildReportView(const anju::v1::EvaluateResponse& response,
                           const ReportContext& context);

const char* ColumnHeader(Column column);
bool IsNumericColumn(Column column);
// The cell of `row` under `column`; the 一级指标 column gives row.level1.
Cell CellAt(const ReportRow& row, Column column);

// Points as the tables print them: at most 2 decimals, no trailing zeros
// ("96", "96.5", "0.05"); signed for differences ("+1", "-0.5", "0").
std::string FormatPoints(double points);
std::string FormatSignedPoints(double points);

}  // namespace anju::cli

#endif  // ANJU_CLI_REPORT_VIEW_H_
