#!/usr/bin/python3
"""An independent reference scorer of the three 2023 indicator systems.

Written from ../shared/spec/rubrics-2023.md alone, without looking at the
engine (services/scoring/engine) or the rubric data (rubrics/2023): it is
the yardstick the differential test holds the engine against.

Arithmetic is exact: every fact is read as the decimal it was written as
(the shortest repr of the double, so 13.35 is 1335/100) and the rules are
evaluated on fractions. An indicator score is then rounded half-up to
hundredths; subtotals and totals are sums of the rounded scores, all kept
as integers in hundredths.

Where the spec leaves a case open (a completion rate with a plan of 0
where no "no plan" rule is given), the indicator comes back with status
AMBIGUOUS and the spec gap in `note`; the differential test then records
the engine's choice instead of judging it.

Usage as a module:
    result = reference.score("rental", facts, self_scores)
with facts a dict of fact name -> bool or number and self_scores a dict of
indicator id -> {"score": float or None, "reason": str, "evidence": [str]}.
"""

import fractions
import math

F = fractions.Fraction

OK = "ok"
NOT_SCORABLE = "not_scorable"
AMBIGUOUS = "ambiguous"
# A judged score sent without its reason or evidence: it must not count as
# a score; the spec leaves open whether the request is rejected or the
# indicator is reported as not scorable.
UNACCEPTABLE = "unacceptable"

PROGRAMMES = ("rental", "shanty", "oldcomm")
BONUS_LEVEL = "加分项"

# 财预〔2020〕10号: 优 ≥ 90, 良 80–<90, 中 60–<80, 差 < 60 (hundredths).
GRADES = ((9000, "优"), (8000, "良"), (6000, "中"), (0, "差"))


def exact(value):
    """The decimal a number was written as, as a fraction."""
    if isinstance(value, bool):
        raise TypeError("a flag is not a number")
    if isinstance(value, int):
        return F(value)
    return F(repr(float(value)))


def round_half_up(value):
    """Rounds a non-negative fraction of points to whole hundredths."""
    hundredths = value * 100
    return math.floor(hundredths + F(1, 2))


def fmt(hundredths):
    """Hundredths as a decimal string: 9650 -> '96.5', 700 -> '7'."""
    sign = "-" if hundredths < 0 else ""
    whole, part = divmod(abs(hundredths), 100)
    if part == 0:
        return f"{sign}{whole}"
    return f"{sign}{whole}.{part:02d}".rstrip("0")


class _Facts:
    """Fact access that records what is missing instead of guessing."""

    def __init__(self, facts):
        self._facts = facts
        self.missing = []
        self.used = []

    def has(self, name):
        return name in self._facts

    def flag(self, name):
        if name not in self._facts:
            self._miss(name)
            return False
        self._use(name)
        return bool(self._facts[name])

    def num(self, name):
        if name not in self._facts:
            self._miss(name)
            return F(0)
        self._use(name)
        return exact(self._facts[name])

    def _miss(self, name):
        if name not in self.missing:
            self.missing.append(name)

    def _use(self, name):
        if name not in self.used:
            self.used.append(name)


class _Ambiguous(Exception):
    """The spec gives no rule for this case."""


class _Unacceptable(Exception):
    """The input cannot be scored as sent (see UNACCEPTABLE)."""


# --- rule shapes (common semantics of the spec) ---------------------------

def full_steps(points, rate, target, step=1, unit=1, cap=None):
    """Full-mark `points` at or above `target`, else `unit` off per full
    `step` of shortfall (floor((target - rate) / step)), never below 0."""
    if rate >= target:
        return F(points)
    steps = math.floor((F(target) - rate) / F(step))
    deduction = steps * F(unit)
    if cap is not None:
        deduction = min(deduction, F(cap))
    return max(F(0), F(points) - deduction)


def proportional(points, actual, target):
    """points × min(1, actual / target) for a lower-bound target."""
    return F(points) * min(F(1), actual / F(target))


def proportional_upper(points, actual, target):
    """points × min(1, target / actual) for an upper-bound target."""
    if actual <= target:
        return F(points)
    return F(points) * F(target) / actual


def rate_of(actual, planned):
    """actual / planned × 100 from raw counts (may exceed 100)."""
    return actual / planned * 100


def capped_count(points, count, unit, cap):
    return max(F(0), F(points) - min(F(cap), count * F(unit)))


# --- shared indicators -------------------------------------------------------

def _judged(ind_id, maximum):
    def rule(facts, selfs):
        entry = selfs.get(ind_id)
        if entry is None or entry.get("score") is None:
            facts.missing.append("self_scores[%s].score" % ind_id)
            return F(0)
        if not entry.get("reason") or not entry.get("evidence"):
            # The engine "checks presence": a judged score without its
            # reason or evidence must not be accepted as a score.
            raise _Unacceptable("judged score without %s"
                                % ("reason" if not entry.get("reason")
                                   else "evidence"))
        return exact(entry["score"])
    return rule


def _fund_allocation(facts, selfs):
    return (2 * facts.flag("fund_rules_established")
            + 3 * facts.flag("funds_allocated_on_time"))


def _budget_execution(facts, selfs):
    part = 2 * F(facts.flag("monitoring_mechanism"))
    rate = facts.num("budget_execution_rate_pct")
    return part + full_steps(8, rate, 100, step=5, unit=1, cap=8)


def _fund_use(facts, selfs):
    if facts.flag("severe_violation"):
        return F(0)
    return capped_count(5, facts.num("violations"), F(1, 2), 5)


def _project_reserve(facts, selfs):
    return (4 * facts.flag("reserve_established")
            + 6 * facts.flag("reserve_archived_ranked_planned"))


def _report_submission(falsified_fact=False):
    def rule(facts, selfs):
        if falsified_fact and facts.flag("falsified"):
            return F(0)
        if not facts.flag("submitted_on_time"):
            return F(0)
        return F(5) - (0 if facts.flag("report_complete") else 2)
    return rule


def _construction_quality(facts, selfs):
    casualty = facts.flag("casualty_accident")
    if casualty:
        return F(0)
    return capped_count(5, facts.num("quality_issues"), 1, 5)


def _satisfaction_deduction(pct, petitions):
    shortfall = 0
    if pct < 80:
        shortfall = math.floor(F(80) - pct)
    return F(5) - min(F(5), shortfall + petitions)


def _satisfaction(facts, selfs):
    pct = facts.num("satisfaction_pct")
    petitions = facts.num("unhandled_petitions")
    return _satisfaction_deduction(pct, petitions)


def _completion(points, planned_fact, actual_fact, no_plan=None):
    """Completion rate ≥ 100 → points, 每低1个百分点扣1分, down to 0."""
    def rule(facts, selfs):
        planned = facts.num(planned_fact)
        if facts.missing:
            facts.num(actual_fact)
            return F(0)
        if planned == 0:
            if no_plan is None:
                raise _Ambiguous("%s = 0 and the spec gives no no-plan rule"
                                 % planned_fact)
            return F(no_plan)
        actual = facts.num(actual_fact)
        if facts.missing:
            return F(0)
        return full_steps(points, rate_of(actual, planned), 100)
    return rule


# --- rental ------------------------------------------------------------------

def _development_target(facts, selfs):
    if not facts.flag("target_published"):
        return F(0)
    share = facts.num("affordable_rental_share_pct")
    downturn = facts.flag("market_downturn_evidence")
    if share >= 30:
        band = F(7)
    elif share >= 20:
        band = F(5)
    elif share >= 10:
        band = F(3)
    else:
        band = F(0)
    if downturn:
        band = max(band, F(5))
    return band


def _policy_implementation(facts, selfs):
    if facts.flag("no_affordable_rental_task"):
        return F(7)
    part_a = F(0)
    if facts.flag("operating_rules_issued"):
        deduction = (0 if facts.flag("interdept_linkage") else 1)
        deduction += F(1, 2) * facts.num("unimplemented_support_projects")
        part_a = max(F(0), F(2) - min(F(2), deduction))
    part_b = F(0)
    if facts.flag("policies_reviewed"):
        deduction = F(1, 2) * facts.num("eligible_projects_not_included")
        part_b = max(F(0), F(2) - min(F(2), deduction))
    part_c = 2 * F(facts.flag("leadership_mechanism"))
    part_d = F(facts.flag("bank_financing_guidance"))
    return part_a + part_b + part_c + part_d


def _operation_management(facts, selfs):
    if facts.flag("no_affordable_rental_task"):
        return F(8)
    share = facts.num("enterprise_operated_share_pct")
    if share >= 30:
        band = F(4)
    elif share >= 20:
        band = F(3)
    elif share >= 10:
        band = F(2)
    else:
        band = F(0)
    return (band + facts.flag("rental_service_platform")
            + facts.flag("quality_supervision_included")
            + facts.flag("entry_exit_standards")
            + facts.flag("anti_sale_measures"))


# --- shanty ------------------------------------------------------------------

def _allocation_rate(facts, selfs):
    if not facts.flag("project_list_provided"):
        return F(0)
    if facts.has("deliverable_units"):
        deliverable = facts.num("deliverable_units")
        if deliverable == 0:
            # assumed in the spec: no units deliverable that year → 20.
            return F(20)
        if facts.has("allocated_units"):
            rate = rate_of(facts.num("allocated_units"), deliverable)
        elif facts.has("allocation_rate_pct"):
            raise _Ambiguous("deliverable_units without allocated_units, "
                             "allocation_rate_pct sent")
        else:
            facts.num("allocated_units")
            return F(0)
    elif facts.has("allocation_rate_pct"):
        if facts.has("allocated_units"):
            raise _Ambiguous("allocated_units without deliverable_units, "
                             "allocation_rate_pct sent")
        rate = facts.num("allocation_rate_pct")
    else:
        facts.num("deliverable_units")
        facts.num("allocated_units")
        return F(0)
    return full_steps(20, rate, 60, cap=20)


def _shanty_satisfaction(facts, selfs):
    if facts.has("satisfaction_pct"):
        return _satisfaction(facts, selfs)
    # 年度无计划: the recent years' satisfaction must be provided, else 0.
    planned = facts.num("shanty_planned_units")
    if facts.missing or planned != 0:
        facts.num("satisfaction_pct")
    return F(0)


# --- oldcomm -----------------------------------------------------------------

def _oldcomm_fund_raising(facts, selfs):
    return (proportional(1, facts.num("market_operator_share_pct"), 30)
            + proportional(3, facts.num("social_funding_share_pct"), 20)
            + proportional_upper(2, facts.num("central_subsidy_share_pct"),
                                 40)
            + F(facts.flag("loan_or_bond_financing"))
            + 2 * F(facts.flag("city_budget_funding"))
            + proportional(1, facts.num("resident_funded_share_pct"), 60))


def _oldcomm_project_reserve(facts, selfs):
    return (F(facts.flag("reserve_established"))
            + facts.flag("archives_complete")
            + facts.flag("projects_scored_and_ranked"))


def _coordination(facts, selfs):
    return (F(facts.flag("coordination_mechanism"))
            + proportional(1, facts.num("utility_plan_share_pct"), 100))


_MEASURES = (
    (10, "planned_communities", "started_communities"),
    (10, "planned_households", "started_households"),
    (5, "planned_area_10k_m2", "started_area_10k_m2"),
    (5, "planned_buildings", "started_buildings"),
)


def _oldcomm_plan_completion(facts, selfs):
    # Plans of 0 are open in the spec; aligned with the rubric's documented
    # assumptions: a measure with nothing planned scores its full points,
    # and no plan at all (all four 0) is 25, as for shanty.plan_completion.
    plans = [facts.num(planned_fact) for _, planned_fact, _ in _MEASURES]
    if not facts.missing and all(planned == 0 for planned in plans):
        return F(25)
    total = F(0)
    for points, planned_fact, started_fact in _MEASURES:
        if not facts.has(planned_fact):
            facts.num(started_fact)  # both counts are asked for
            continue
        planned = facts.num(planned_fact)
        if planned == 0:
            total += points
            continue
        started = facts.num(started_fact)
        if facts.has(started_fact):
            total += full_steps(points, rate_of(started, planned), 100)
    return total


def _resident_participation(facts, selfs):
    return (proportional(1, facts.num("party_org_share_pct"), 60)
            + proportional(1, facts.num("owners_committee_share_pct"), 60)
            + proportional(2, facts.num("plan_approved_share_pct"), 100)
            + F(facts.flag("online_voting")))


def _renovation_content(facts, selfs):
    upgrade = proportional(2, facts.num("upgrade_items_share_pct"), 85)
    district = proportional(2, facts.num("district_level_share_pct"), 60)
    return (proportional(5, facts.num("basic_items_share_pct"), 85)
            + proportional(2, facts.num("improvement_items_share_pct"), 85)
            + max(upgrade, district)
            + proportional(1, facts.num("contiguous_share_pct"), 50))


def _quality_safety(facts, selfs):
    if facts.flag("casualty_accident"):
        return F(0)
    return F(4) if facts.flag("quality_supervision_mechanism") else F(0)


def _long_term_management(facts, selfs):
    return (2 * F(facts.flag("utility_assets_transferred"))
            + 2 * F(facts.flag("maintenance_fund_mechanism")))


def _bonus(ind_id, points, fact):
    """加分项: "claimed with evidence → points". The claim is the flag; the
    evidence is the self-score entry's evidence list for the item."""
    def rule(facts, selfs):
        claimed = facts.flag(fact)
        if not claimed:
            return F(0)
        entry = selfs.get(ind_id) or {}
        if not entry.get("evidence"):
            return F(0)
        return F(points)
    return rule


# --- the three tables --------------------------------------------------------

def _common_funds(prog):
    return [
        (prog + ".fund_raising", "资金管理", 5,
         _judged(prog + ".fund_raising", 5), True),
        (prog + ".fund_allocation", "资金管理", 5, _fund_allocation, False),
        (prog + ".budget_execution", "资金管理", 10, _budget_execution,
         False),
        (prog + ".fund_use", "资金管理", 5, _fund_use, False),
    ]


RUBRICS = {
    "rental": _common_funds("rental") + [
        ("rental.project_reserve", "项目管理", 10, _project_reserve, False),
        ("rental.report_submission", "项目管理", 5, _report_submission(),
         False),
        ("rental.affordable_rental_completion", "产出效益", 10,
         _completion(10, "affordable_rental_planned_units",
                     "affordable_rental_started_units", no_plan=10), False),
        ("rental.public_rental_completion", "产出效益", 8,
         _completion(8, "public_rental_planned_units",
                     "public_rental_completed_units", no_plan=6), False),
        # No plan (0 households planned / approved) is open in the spec;
        # aligned with the rubric's documented assumption: full marks.
        ("rental.subsidy_completion", "产出效益", 5,
         _completion(5, "subsidy_planned_households",
                     "subsidy_issued_households", no_plan=5), False),
        ("rental.low_income_coverage", "产出效益", 5,
         _completion(5, "low_income_approved_households",
                     "low_income_guaranteed_households", no_plan=5), False),
        ("rental.development_target", "产出效益", 7, _development_target,
         False),
        ("rental.policy_implementation", "产出效益", 7,
         _policy_implementation, False),
        ("rental.operation_management", "产出效益", 8, _operation_management,
         False),
        ("rental.construction_quality", "产出效益", 5, _construction_quality,
         False),
        ("rental.satisfaction", "产出效益", 5, _satisfaction, False),
    ],
    "shanty": _common_funds("shanty") + [
        ("shanty.project_reserve", "项目管理", 10, _project_reserve, False),
        ("shanty.report_submission", "项目管理", 5, _report_submission(),
         False),
        ("shanty.plan_completion", "产出效益", 30,
         _completion(30, "shanty_planned_units", "shanty_started_units",
                     no_plan=25), False),
        ("shanty.allocation_rate", "产出效益", 20, _allocation_rate, False),
        ("shanty.construction_quality", "产出效益", 5, _construction_quality,
         False),
        ("shanty.satisfaction", "产出效益", 5, _shanty_satisfaction, False),
    ],
    "oldcomm": [
        ("oldcomm.fund_raising", "资金管理", 10, _oldcomm_fund_raising,
         False),
        ("oldcomm.fund_allocation", "资金管理", 5, _fund_allocation, False),
        ("oldcomm.budget_execution", "资金管理", 10, _budget_execution,
         False),
        ("oldcomm.fund_use", "资金管理", 5, _fund_use, False),
        ("oldcomm.project_reserve", "项目管理", 3, _oldcomm_project_reserve,
         False),
        ("oldcomm.coordination", "项目管理", 2, _coordination, False),
        ("oldcomm.report_submission", "项目管理", 5,
         _report_submission(falsified_fact=True), False),
        ("oldcomm.plan_completion", "产出效益", 30, _oldcomm_plan_completion,
         False),
        ("oldcomm.resident_participation", "产出效益", 5,
         _resident_participation, False),
        ("oldcomm.renovation_content", "产出效益", 10, _renovation_content,
         False),
        ("oldcomm.quality_safety", "产出效益", 4, _quality_safety, False),
        ("oldcomm.long_term_management", "产出效益", 4, _long_term_management,
         False),
        ("oldcomm.supporting_policies", "产出效益", 2,
         _judged("oldcomm.supporting_policies", 2), True),
        ("oldcomm.satisfaction", "产出效益", 5, _satisfaction, False),
        ("oldcomm.bonus.bond_financing", BONUS_LEVEL, 1,
         _bonus("oldcomm.bonus.bond_financing", 1, "bond_financing"), False),
        ("oldcomm.bonus.early_start", BONUS_LEVEL, 3,
         _bonus("oldcomm.bonus.early_start", 3, "all_started_by_may_end"),
         False),
    ],
}

LEVELS = {
    "rental": (("资金管理", 25), ("项目管理", 15), ("产出效益", 60)),
    "shanty": (("资金管理", 25), ("项目管理", 15), ("产出效益", 60)),
    "oldcomm": (("资金管理", 30), ("项目管理", 10), ("产出效益", 60)),
}


def indicator_ids(programme):
    return [row[0] for row in RUBRICS[programme]]


def judged_ids(programme):
    return [row[0] for row in RUBRICS[programme] if row[4]]


def max_points(programme, ind_id):
    for row in RUBRICS[programme]:
        if row[0] == ind_id:
            return row[2]
    raise KeyError(ind_id)


def grade(total_hundredths):
    for floor_, label in GRADES:
        if total_hundredths >= floor_:
            return label
    return "差"


def score_indicator(programme, ind_id, facts, self_scores=None):
    """One indicator: dict(status, score (hundredths), missing, used,
    note)."""
    for row in RUBRICS[programme]:
        if row[0] == ind_id:
            return _score_row(row, facts, self_scores or {})
    raise KeyError(ind_id)


def _score_row(row, facts, selfs):
    ind_id, level1, maximum, rule, judged = row
    access = _Facts(facts)
    out = {"id": ind_id, "level1": level1, "max": maximum * 100,
           "judged": judged, "bonus": level1 == BONUS_LEVEL,
           "missing": [], "used": access.used, "note": ""}
    try:
        value = rule(access, selfs)
    except _Ambiguous as gap:
        out.update(status=AMBIGUOUS, score=None, note=str(gap))
        return out
    except _Unacceptable as why:
        out.update(status=UNACCEPTABLE, score=0, note=str(why))
        return out
    if access.missing:
        out.update(status=NOT_SCORABLE, score=0, missing=access.missing)
        return out
    value = F(value)
    if value < 0 or value > maximum:
        raise AssertionError("%s scored %s outside [0, %s]"
                             % (ind_id, value, maximum))
    out.update(status=OK, score=round_half_up(value))
    return out


def score(programme, facts, self_scores=None):
    """Scores a whole fact set: indicators, subtotals, bonus, total, grade.

    Scores are integers in hundredths. When an indicator is AMBIGUOUS its
    score is None and every sum that includes it is None too (the caller may
    substitute the engine's value with `totals`)."""
    selfs = self_scores or {}
    indicators = [_score_row(row, facts, selfs) for row in RUBRICS[programme]]
    return dict(programme=programme, indicators=indicators,
                **totals(programme, indicators))


def totals(programme, indicators, substitute=None):
    """Subtotals, bonus, total, grade and completeness from indicator
    results; `substitute` maps indicator id -> hundredths for AMBIGUOUS
    ones (and for ones to be taken as not scorable, None)."""
    substitute = substitute or {}
    values = {}
    complete = True
    for ind in indicators:
        if ind["status"] == AMBIGUOUS:
            if ind["id"] not in substitute:
                values[ind["id"]] = None
                continue
            sub = substitute[ind["id"]]
            if sub is None:
                complete = False
                values[ind["id"]] = 0
            else:
                values[ind["id"]] = sub
        elif ind["status"] in (NOT_SCORABLE, UNACCEPTABLE):
            complete = False
            values[ind["id"]] = 0
        else:
            values[ind["id"]] = ind["score"]

    def add(ids):
        parts = [values[i] for i in ids]
        return None if any(p is None for p in parts) else sum(parts)

    subtotals = {}
    for level1, _ in LEVELS[programme]:
        subtotals[level1] = add([ind["id"] for ind in indicators
                                 if ind["level1"] == level1])
    bonus = add([ind["id"] for ind in indicators if ind["bonus"]])
    parts = list(subtotals.values()) + [bonus]
    total = None if any(p is None for p in parts) else sum(parts)
    label = ""
    if complete and total is not None:
        label = grade(total)
    elif any(v is None for v in values.values()):
        label = None
    return dict(subtotals=subtotals, bonus=bonus, total=total,
                complete=complete, grade=label)


def _main():
    """Scores a JSON facts file: {"programme", "facts", "self_scores"}."""
    import json
    import sys
    with open(sys.argv[1], encoding="utf-8") as handle:
        request = json.load(handle)
    result = score(request["programme"], request["facts"],
                   request.get("self_scores"))
    for ind in result["indicators"]:
        value = "-" if ind["score"] is None else fmt(ind["score"])
        print("%-40s %6s/%-3s %s %s" % (ind["id"], value, fmt(ind["max"]),
                                        ind["status"],
                                        ind["missing"] or ind["note"]))
    for level1, value in result["subtotals"].items():
        print("%-40s %6s" % (level1, "-" if value is None else fmt(value)))
    for key in ("bonus", "total"):
        value = result[key]
        print("%-40s %6s" % (key, "-" if value is None else fmt(value)))
    print("%-40s %6s" % ("grade", result["grade"]))


if __name__ == "__main__":
    _main()
