#include "services/registry/tabular/columns.h"

#include "absl/strings/str_replace.h"
#include "services/registry/tabular/cells.h"

namespace anju::registry::tabular {
namespace {

using v1::ReserveProject;
using P = ReserveProject;
using V = CellValue;
using T = orgs::OrgTree;

constexpr double kMaxUnits = 1000000;          // 套, 户 in one project
constexpr double kMaxBuildings = 100000;       // 栋
constexpr double kMaxCommunities = 10000;      // 小区
constexpr double kMaxShortfalls = 1000;        // facilities of one class
constexpr double kMaxArea = 10000;             // 万m², 1e8 m²
constexpr double kMaxYuan = 100000000;         // 万元, 1e12 元
constexpr double kMaxNameCodePoints = 200;     // 项目名称
constexpr double kMaxAddressCodePoints = 500;  // 项目地址

OutCell Text(std::string text) { return OutCell{std::move(text), true, 0}; }
OutCell Number(double value) {
  return OutCell{FormatNumber(value), false, value};
}
OutCell Flag(bool value) { return Text(value ? "是" : "否"); }
OutCell YearOrBlank(int year) { return year == 0 ? Text("") : Number(year); }

// The county by name when the name reads back to it, by code otherwise.
OutCell County(const P& p, const T& tree) {
  const orgs::Org* org = tree.FindByCode(p.org());
  if (org == nullptr) return Text(p.org());
  absl::StatusOr<const orgs::Org*> back = tree.Resolve(org->name);
  return Text(back.ok() && *back == org ? org->name : org->code);
}

std::string StatusName(v1::ProjectStatus status) {
  switch (status) {
    case v1::PROJECT_STATUS_RESERVE:
      return "储备";
    case v1::PROJECT_STATUS_PLANNED:
      return "计划";
    case v1::PROJECT_STATUS_STARTED:
      return "开工";
    case v1::PROJECT_STATUS_COMPLETED:
      return "竣工";
    case v1::PROJECT_STATUS_DELIVERED:
      return "交付";
    default:
      return "";
  }
}

// Headers compare without spaces and with ASCII brackets.
std::string NormalizeHeader(absl::string_view header) {
  return absl::StrReplaceAll(header, {{" ", ""},
                                      {"\t", ""},
                                      {"\xE3\x80\x80", ""},
                                      {"（", "("},
                                      {"）", ")"},
                                      {"㎡", "m²"},
                                      {"m2", "m²"}});
}

std::vector<Column> MakeColumns() {
  return {
      {"项目编号", CellKind::kId, false, 0, 14,
       [](P& p, const V& v) { p.set_id(v.text); },
       [](const P& p, const T&) { return Text(p.id()); }},
      {"旗县区", CellKind::kCounty, true, 0, 14,
       [](P& p, const V& v) { p.set_org(v.text); }, County},
      {"项目类型", CellKind::kProgramme, true, 0, 16,
       [](P& p, const V& v) { p.set_programme(v.text); },
       [](const P& p, const T&) { return Text(ProgrammeName(p.programme())); }},
      {"项目名称", CellKind::kName, true, kMaxNameCodePoints, 36,
       [](P& p, const V& v) { p.set_name(v.text); },
       [](const P& p, const T&) { return Text(p.name()); }},
      {"项目地址", CellKind::kText, false, kMaxAddressCodePoints, 30,
       [](P& p, const V& v) { p.set_address(v.text); },
       [](const P& p, const T&) { return Text(p.address()); }},
      {"套数(套)", CellKind::kCount, false, kMaxUnits, 10,
       [](P& p, const V& v) { p.set_units(static_cast<int>(v.number)); },
       [](const P& p, const T&) { return Number(p.units()); }},
      {"户数(户)", CellKind::kCount, false, kMaxUnits, 10,
       [](P& p, const V& v) { p.set_households(static_cast<int>(v.number)); },
       [](const P& p, const T&) { return Number(p.households()); }},
      {"栋数(栋)", CellKind::kCount, false, kMaxBuildings, 10,
       [](P& p, const V& v) { p.set_buildings(static_cast<int>(v.number)); },
       [](const P& p, const T&) { return Number(p.buildings()); }},
      {"建筑面积(万m²)", CellKind::kAmount, false, kMaxArea, 14,
       [](P& p, const V& v) { p.set_floor_area_10k_m2(v.number); },
       [](const P& p, const T&) { return Number(p.floor_area_10k_m2()); }},
      {"小区个数", CellKind::kCount, false, kMaxCommunities, 10,
       [](P& p, const V& v) { p.set_communities(static_cast<int>(v.number)); },
       [](const P& p, const T&) { return Number(p.communities()); }},
      {"估算总投资(万元)", CellKind::kAmount, false, kMaxYuan, 16,
       [](P& p, const V& v) { p.set_investment_10k_yuan(v.number); },
       [](const P& p, const T&) { return Number(p.investment_10k_yuan()); }},
      {"中央补助(万元)", CellKind::kAmount, false, kMaxYuan, 14,
       [](P& p, const V& v) { p.mutable_funding()->set_central(v.number); },
       [](const P& p, const T&) { return Number(p.funding().central()); }},
      {"自治区补助(万元)", CellKind::kAmount, false, kMaxYuan, 16,
       [](P& p, const V& v) { p.mutable_funding()->set_region(v.number); },
       [](const P& p, const T&) { return Number(p.funding().region()); }},
      {"盟市配套(万元)", CellKind::kAmount, false, kMaxYuan, 14,
       [](P& p, const V& v) { p.mutable_funding()->set_city(v.number); },
       [](const P& p, const T&) { return Number(p.funding().city()); }},
      {"旗县配套(万元)", CellKind::kAmount, false, kMaxYuan, 14,
       [](P& p, const V& v) { p.mutable_funding()->set_county(v.number); },
       [](const P& p, const T&) { return Number(p.funding().county()); }},
      {"社会及居民出资(万元)", CellKind::kAmount, false, kMaxYuan, 18,
       [](P& p, const V& v) { p.mutable_funding()->set_social(v.number); },
       [](const P& p, const T&) { return Number(p.funding().social()); }},
      {"贷款或债券(万元)", CellKind::kAmount, false, kMaxYuan, 16,
       [](P& p, const V& v) { p.mutable_funding()->set_loans_bonds(v.number); },
       [](const P& p, const T&) { return Number(p.funding().loans_bonds()); }},
      {"立项", CellKind::kFlag, false, 0, 6,
       [](P& p, const V& v) { p.mutable_readiness()->set_approved(v.flag); },
       [](const P& p, const T&) { return Flag(p.readiness().approved()); }},
      {"用地", CellKind::kFlag, false, 0, 6,
       [](P& p, const V& v) { p.mutable_readiness()->set_land(v.flag); },
       [](const P& p, const T&) { return Flag(p.readiness().land()); }},
      {"规划许可", CellKind::kFlag, false, 0, 9,
       [](P& p, const V& v) {
         p.mutable_readiness()->set_planning_permit(v.flag);
       },
       [](const P& p, const T&) {
         return Flag(p.readiness().planning_permit());
       }},
      {"施工许可", CellKind::kFlag, false, 0, 9,
       [](P& p, const V& v) {
         p.mutable_readiness()->set_construction_permit(v.flag);
       },
       [](const P& p, const T&) {
         return Flag(p.readiness().construction_permit());
       }},
      {"资金落实", CellKind::kFlag, false, 0, 9,
       [](P& p, const V& v) {
         p.mutable_readiness()->set_funds_secured(v.flag);
       },
       [](const P& p, const T&) {
         return Flag(p.readiness().funds_secured());
       }},
      {"居民同意率(%)", CellKind::kPercent, false, 100, 13,
       [](P& p, const V& v) { p.set_resident_consent_pct(v.number); },
       [](const P& p, const T&) { return Number(p.resident_consent_pct()); }},
      {"建成年份", CellKind::kYear, false, 0, 9,
       [](P& p, const V& v) {
         p.set_building_year(static_cast<int>(v.number));
       },
       [](const P& p, const T&) { return YearOrBlank(p.building_year()); }},
      {"基础类短板", CellKind::kCount, false, kMaxShortfalls, 10,
       [](P& p, const V& v) {
         p.mutable_shortfalls()->set_basic(static_cast<int>(v.number));
       },
       [](const P& p, const T&) { return Number(p.shortfalls().basic()); }},
      {"完善类短板", CellKind::kCount, false, kMaxShortfalls, 10,
       [](P& p, const V& v) {
         p.mutable_shortfalls()->set_improvement(static_cast<int>(v.number));
       },
       [](const P& p, const T&) {
         return Number(p.shortfalls().improvement());
       }},
      {"提升类短板", CellKind::kCount, false, kMaxShortfalls, 10,
       [](P& p, const V& v) {
         p.mutable_shortfalls()->set_upgrade(static_cast<int>(v.number));
       },
       [](const P& p, const T&) { return Number(p.shortfalls().upgrade()); }},
      // Read-only: the service changes these, an import cannot.
      {"状态", CellKind::kReadOnly, false, 0, 6, nullptr,
       [](const P& p, const T&) { return Text(StatusName(p.status())); }},
      {"计划年度", CellKind::kReadOnly, false, 0, 9, nullptr,
       [](const P& p, const T&) { return YearOrBlank(p.plan_year()); }},
      {"开工日期", CellKind::kReadOnly, false, 0, 12, nullptr,
       [](const P& p, const T&) { return Text(p.start_date()); }},
      {"竣工日期", CellKind::kReadOnly, false, 0, 12, nullptr,
       [](const P& p, const T&) { return Text(p.completion_date()); }},
      {"交付日期", CellKind::kReadOnly, false, 0, 12, nullptr,
       [](const P& p, const T&) { return Text(p.delivery_date()); }},
      {"优先得分", CellKind::kReadOnly, false, 0, 9, nullptr,
       [](const P& p, const T&) {
         return p.priority().model_version().empty()
                    ? Text("")
                    : Number(p.priority().score());
       }},
  };
}

}  // namespace

const std::vector<Column>& ProjectColumns() {
  static const auto* const kColumns = new std::vector<Column>(MakeColumns());
  return *kColumns;
}

std::optional<std::size_t> FindColumn(absl::string_view header) {
  const std::string wanted = NormalizeHeader(header);
  if (wanted.empty()) return std::nullopt;
  const std::vector<Column>& columns = ProjectColumns();
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const std::string full = NormalizeHeader(columns[i].header);
    if (wanted == full || wanted == full.substr(0, full.find('('))) return i;
  }
  return std::nullopt;
}

}  // namespace anju::registry::tabular
