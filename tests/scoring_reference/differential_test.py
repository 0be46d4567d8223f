#!/usr/bin/python3
"""Differential test: the real anju-scoring against reference.py.

Generates fact sets (seeded, reproducible, biased towards the spec's
boundaries), sends each to the real service's Evaluate over gRPC and
compares every indicator score, subtotal, bonus, total and grade with the
independent reference scorer written from rubrics-2023.md. Also sends the
bad-input classes and asserts INVALID_ARGUMENT naming the field, checks
that EvaluateBatch agrees with Evaluate, and probes the cases that the
spec leaves open (printed, not judged).

Stubs are generated at test time from protos/ into a temporary folder with
`/usr/bin/python3 -m grpc_tools.protoc`; when that protoc is too old for
proto3 `optional` (Debian 12 bundles 3.5), with /usr/bin/protoc and
grpc_python_plugin instead. The server is started on 127.0.0.1:0; its port
is read from the "listening" log line; it is stopped with SIGTERM.

Usage:
  /usr/bin/python3 tests/scoring_reference/differential_test.py \\
      build/bin/anju-scoring [--cases 400] [--seed 2023] [--report F]
Environment: ANJU_SCORING_BINARY (binary when not given), ANJU_REF_SEED
(seed, default 2023), ANJU_REF_CASES (fact sets per programme, default 400).
Exit status 0 when the engine agrees with the reference everywhere the spec
decides; 1 otherwise.
"""

import argparse
import collections
import glob
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, HERE)
import reference as ref  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
YEAR = 2023
RPC_TIMEOUT = 20
# Items per EvaluateBatch call: a 1000-item oldcomm batch answers with
# about 5 MB, over the 4 MB a default gRPC client accepts.
BATCH = 250

pb = None       # anju.v1.scoring_pb2
common = None   # anju.v1.common_pb2
grpc = None


# --- stubs and server --------------------------------------------------------

def generate_stubs(protos, out_dir):
    files = sorted(glob.glob(os.path.join(protos, "anju", "v1", "*.proto")))
    if not files:
        raise SystemExit("no .proto files under %s" % protos)
    attempts = [[sys.executable, "-m", "grpc_tools.protoc"]]
    plugin = shutil.which("grpc_python_plugin")
    system_protoc = shutil.which("protoc")
    fallback = None
    if plugin and system_protoc:
        fallback = [system_protoc,
                    "--plugin=protoc-gen-grpc_python=%s" % plugin]
        attempts.append(fallback)
    errors = []
    for command in attempts:
        run = subprocess.run(
            command + ["--proto_path=%s" % protos, "--python_out=%s" % out_dir,
                       "--grpc_python_out=%s" % out_dir] + files,
            capture_output=True, text=True, check=False)
        if run.returncode == 0:
            break
        errors.append("%s: %s" % (" ".join(command[:3]), run.stderr.strip()))
    else:
        raise SystemExit("cannot generate stubs:\n" + "\n".join(errors))
    sys.path.insert(0, out_dir)
    # The stubs exist only now, so they are imported here.
    global pb, common, grpc  # pylint: disable=global-statement
    # pylint: disable=import-outside-toplevel
    import grpc as grpc_module
    from anju.v1 import common_pb2, scoring_pb2, scoring_pb2_grpc
    pb, common, grpc = scoring_pb2, common_pb2, grpc_module
    return scoring_pb2_grpc


class Server:
    """anju-scoring as a child process on a free port."""

    def __init__(self, binary):
        self.proc = subprocess.Popen(
            [binary, "--listen", "127.0.0.1:0"], cwd=ROOT,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True)
        self.lines = []
        self.port = self._wait_for_port()
        threading.Thread(target=self._drain, daemon=True).start()

    def _wait_for_port(self):
        for line in self.proc.stderr:
            self.lines.append(line)
            if '"listening"' not in line:
                continue
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if entry.get("msg") == "listening" and "port" in entry:
                return int(entry["port"])
        self.proc.wait()
        raise SystemExit("anju-scoring exited (%s) before listening:\n%s"
                         % (self.proc.returncode, "".join(self.lines)))

    def _drain(self):
        for line in self.proc.stderr:
            self.lines.append(line)

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()


# --- generators --------------------------------------------------------------

def two_dec(rng, low, high):
    return round(rng.randint(int(low * 100), int(high * 100)) / 100.0, 2)


def pct_near(rng, anchors, fuzz=(0, 0, 0.01, -0.01, -0.5, 0.5, -1, -0.99,
                                 1)):
    """A percentage biased towards the anchors, within [0, 100]."""
    roll = rng.random()
    if roll < 0.6:
        value = rng.choice(anchors) + rng.choice(fuzz)
    elif roll < 0.75:
        value = two_dec(rng, 0, 100)
    elif roll < 0.85:
        value = rng.choice((0.0, 100.0))
    else:
        value = float(rng.randint(0, 100))
    return round(min(100.0, max(0.0, value)), 2)


def budget_rate(rng):
    if rng.random() < 0.75:
        return rng.choice((100, 99.99, 95.01, 95, 94.99, 90.01, 90, 89.99,
                           85, 80, 75.5, 65, 64.99, 60.01, 60, 59.99, 55,
                           50, 40, 20.01, 20, 19.99, 10, 5, 0.01, 0, 97.5,
                           92.5, 99))
    return two_dec(rng, 0, 100)


def satisfaction(rng):
    if rng.random() < 0.75:
        return rng.choice((100, 95, 80.01, 80, 79.99, 79.5, 79.01, 79, 78.99,
                           78, 77.5, 76, 75.01, 75, 74.99, 74, 70, 60, 0,
                           85.5))
    return two_dec(rng, 0, 100)


def small_count(rng, top, zero_weight=0.45):
    if rng.random() < zero_weight:
        return 0
    return rng.randint(1, top)


def rate_counts(rng, target=100, zero_plan=0.0):
    """(planned, actual) whole counts biased towards rate boundaries."""
    if rng.random() < zero_plan:
        return 0, rng.choice((0, 0, 0, 5, 120))
    mode = rng.randrange(9)
    if mode == 0:                      # exactly the plan
        planned = rng.randint(1, 5000)
        return planned, planned
    if mode == 1:                      # over the plan (rate > 100)
        planned = rng.randint(1, 3000)
        return planned, planned + rng.randint(1, 600)
    if mode == 2:                      # exactly k points below the target
        scale = rng.choice((1, 2, 3, 7, 10, 23))
        k = rng.randint(0, 45)
        planned = 100 * scale
        return planned, max(0, (target - k) * scale)
    if mode == 3:                      # one unit short of a big plan
        planned = rng.randint(200, 20000)
        return planned, planned - 1
    if mode == 4:                      # every integer rate over 100 units
        return 100, rng.randint(0, 120)
    if mode == 5:                      # non-terminating rates
        planned = rng.choice((3, 6, 7, 9, 11, 13, 2198, 2308, 727, 886))
        return planned, rng.randint(0, int(planned * 1.2) + 1)
    if mode == 6:                      # seed figures
        return rng.choice(((2308, 2465), (2198, 2198), (2308, 2546),
                           (727, 727), (2366, 2300), (391, 380)))
    if mode == 7:                      # nothing started
        return rng.randint(1, 500), 0
    planned = rng.randint(1, 5000)    # anything
    return planned, rng.randint(0, int(planned * 1.3))


def judged_entry(rng, maximum):
    roll = rng.random()
    if roll < 0.25:
        value = float(maximum)
    elif roll < 0.35:
        value = 0.0
    elif roll < 0.5:
        value = rng.randint(0, maximum * 2) / 2.0
    else:
        value = two_dec(rng, 0, maximum)
    entry = {"score": value, "reason": "已按规定筹集并落实配套资金",
             "evidence": ["附件1-资金筹集情况.pdf"]}
    roll = rng.random()
    if roll < 0.04:
        entry["reason"] = ""
    elif roll < 0.08:
        entry["evidence"] = []
    return entry


def flag(rng, p_true=0.8):
    return rng.random() < p_true


def common_funds(rng, facts):
    facts["fund_rules_established"] = flag(rng)
    facts["funds_allocated_on_time"] = flag(rng)
    facts["monitoring_mechanism"] = flag(rng)
    facts["budget_execution_rate_pct"] = budget_rate(rng)
    facts["violations"] = small_count(rng, 13)
    facts["severe_violation"] = flag(rng, 0.08)
    facts["submitted_on_time"] = flag(rng, 0.85)
    facts["report_complete"] = flag(rng, 0.8)
    facts["quality_issues"] = small_count(rng, 7)
    facts["casualty_accident"] = flag(rng, 0.08)
    facts["satisfaction_pct"] = satisfaction(rng)
    facts["unhandled_petitions"] = small_count(rng, 7, 0.6)


def gen_rental(rng):
    facts = {}
    common_funds(rng, facts)
    facts["reserve_established"] = flag(rng)
    facts["reserve_archived_ranked_planned"] = flag(rng)
    for planned, actual, zero in (
            ("affordable_rental_planned_units",
             "affordable_rental_started_units", 0.15),
            ("public_rental_planned_units", "public_rental_completed_units",
             0.3),
            ("subsidy_planned_households", "subsidy_issued_households", 0.02),
            ("low_income_approved_households",
             "low_income_guaranteed_households", 0.02)):
        facts[planned], facts[actual] = rate_counts(rng, zero_plan=zero)
    facts["target_published"] = flag(rng, 0.85)
    facts["affordable_rental_share_pct"] = pct_near(rng, (10, 20, 30))
    facts["market_downturn_evidence"] = flag(rng, 0.3)
    facts["no_affordable_rental_task"] = flag(rng, 0.12)
    facts["operating_rules_issued"] = flag(rng)
    facts["interdept_linkage"] = flag(rng, 0.7)
    facts["unimplemented_support_projects"] = small_count(rng, 6)
    facts["policies_reviewed"] = flag(rng)
    facts["eligible_projects_not_included"] = small_count(rng, 6)
    facts["leadership_mechanism"] = flag(rng)
    facts["bank_financing_guidance"] = flag(rng, 0.7)
    facts["enterprise_operated_share_pct"] = pct_near(rng, (10, 20, 30))
    for name in ("rental_service_platform", "quality_supervision_included",
                 "entry_exit_standards", "anti_sale_measures"):
        facts[name] = flag(rng)
    selfs = {"rental.fund_raising": judged_entry(rng, 5)}
    return facts, selfs


def gen_shanty(rng):
    facts = {}
    common_funds(rng, facts)
    facts["reserve_established"] = flag(rng)
    facts["reserve_archived_ranked_planned"] = flag(rng)
    planned, started = rate_counts(rng, zero_plan=0.15)
    facts["shanty_planned_units"] = planned
    facts["shanty_started_units"] = started
    facts["project_list_provided"] = flag(rng, 0.9)
    mode = rng.random()
    if mode < 0.6:
        deliverable, allocated = rate_counts(rng, target=60, zero_plan=0.08)
        if rng.random() < 0.5 and deliverable:
            k = rng.randint(0, 25)
            scale = rng.choice((1, 3, 7, 10))
            deliverable, allocated = 100 * scale, (60 - k) * scale
            allocated += rng.choice((0, 0, 1, -1)) if allocated else 0
        facts["deliverable_units"] = deliverable
        facts["allocated_units"] = allocated
    else:
        facts["allocation_rate_pct"] = pct_near(rng, (60, 100, 50, 40.5))
    if planned == 0 and rng.random() < 0.4:
        del facts["satisfaction_pct"]  # 年度无计划 and no recent survey
    selfs = {"shanty.fund_raising": judged_entry(rng, 5)}
    return facts, selfs


HALF_UP = {
    # fact -> k -> a value whose part of the score ends in exactly 5 in the
    # third decimal, for half-up rounding.
    "market_operator_share_pct": lambda k: round(0.3 * (2 * k + 1), 2),
    "resident_funded_share_pct": lambda k: round(0.6 * (2 * k + 1), 2),
    "party_org_share_pct": lambda k: round(0.3 * (2 * k + 1), 2),
    "owners_committee_share_pct": lambda k: round(0.3 * (2 * k + 1), 2),
    "plan_approved_share_pct": lambda k: round(0.25 * (2 * k + 1), 2),
    "utility_plan_share_pct": lambda k: k + 0.5,
    "basic_items_share_pct": lambda k: round(0.085 * (2 * k + 1), 3),
    "improvement_items_share_pct": lambda k: round(0.2125 * (2 * k + 1), 4),
    "contiguous_share_pct": lambda k: round(0.25 * (2 * k + 1), 2),
    "social_funding_share_pct": lambda k: round((2 * k + 1) / 30.0, 2),
}


def gen_oldcomm(rng):
    facts = {}
    common_funds(rng, facts)
    del facts["quality_issues"]  # 工程质量安全 has no count deduction
    facts["falsified"] = flag(rng, 0.06)
    facts["market_operator_share_pct"] = pct_near(rng, (30, 15, 0.15))
    facts["social_funding_share_pct"] = pct_near(rng, (20, 10, 0.5))
    facts["central_subsidy_share_pct"] = pct_near(
        rng, (40, 41, 60, 80, 100, 30, 0, 45, 70))
    facts["loan_or_bond_financing"] = flag(rng, 0.6)
    facts["city_budget_funding"] = flag(rng, 0.7)
    facts["resident_funded_share_pct"] = pct_near(rng, (60, 30, 20))
    facts["reserve_established"] = flag(rng)
    facts["archives_complete"] = flag(rng)
    facts["projects_scored_and_ranked"] = flag(rng)
    facts["coordination_mechanism"] = flag(rng)
    facts["utility_plan_share_pct"] = pct_near(rng, (100, 50, 12.5))
    for planned, started in (("planned_communities", "started_communities"),
                             ("planned_households", "started_households"),
                             ("planned_buildings", "started_buildings")):
        facts[planned], facts[started] = rate_counts(rng, zero_plan=0.02)
    roll = rng.random()
    if roll < 0.3:
        facts["planned_area_10k_m2"] = 198.45
        facts["started_area_10k_m2"] = 198.45
    elif roll < 0.6:
        planned_area = two_dec(rng, 1, 400)
        k = rng.randint(0, 12)
        facts["planned_area_10k_m2"] = planned_area
        facts["started_area_10k_m2"] = round(planned_area * (100 - k) / 100,
                                             4)
    elif roll < 0.62:
        facts["planned_area_10k_m2"] = 0.0
        facts["started_area_10k_m2"] = 0.0
    else:
        planned_area = two_dec(rng, 0.5, 400)
        facts["planned_area_10k_m2"] = planned_area
        facts["started_area_10k_m2"] = two_dec(rng, 0, planned_area * 1.2)
    facts["party_org_share_pct"] = pct_near(rng, (60, 30))
    facts["owners_committee_share_pct"] = pct_near(rng, (60, 45))
    facts["plan_approved_share_pct"] = pct_near(rng, (100, 66.67, 50))
    facts["online_voting"] = flag(rng, 0.6)
    facts["basic_items_share_pct"] = pct_near(rng, (85, 42.5))
    facts["improvement_items_share_pct"] = pct_near(rng, (85, 42.5))
    facts["upgrade_items_share_pct"] = pct_near(rng, (85, 51, 60))
    facts["district_level_share_pct"] = pct_near(rng, (60, 51, 85))
    facts["contiguous_share_pct"] = pct_near(rng, (50, 25))
    if rng.random() < 0.35:
        name = rng.choice(sorted(HALF_UP))
        facts[name] = min(100.0, HALF_UP[name](rng.randint(0, 40)))
    facts["quality_supervision_mechanism"] = flag(rng, 0.85)
    facts["utility_assets_transferred"] = flag(rng)
    facts["maintenance_fund_mechanism"] = flag(rng)
    facts["bond_financing"] = flag(rng, 0.6)
    facts["all_started_by_may_end"] = flag(rng, 0.6)
    selfs = {"oldcomm.supporting_policies": judged_entry(rng, 2)}
    for ind_id in ("oldcomm.bonus.bond_financing",
                   "oldcomm.bonus.early_start"):
        if rng.random() < 0.8:
            selfs[ind_id] = {"reason": "见佐证材料",
                             "evidence": ["bonus-evidence.pdf"]}
    return facts, selfs


GENERATORS = {"rental": gen_rental, "shanty": gen_shanty,
              "oldcomm": gen_oldcomm}


def add_self_scores(rng, programme, facts, selfs):
    """Self-scores on every indicator, half equal to the reference's."""
    expected = ref.score(programme, facts, selfs)
    for ind in expected["indicators"]:
        entry = selfs.setdefault(ind["id"], {})
        if ind["judged"]:
            continue
        if ind["status"] == ref.OK and rng.random() < 0.6:
            entry["score"] = ind["score"] / 100.0
        else:
            entry["score"] = two_dec(rng, 0, ind["max"] / 100.0)
        entry.setdefault("reason", "自评")


def omit_one(rng, facts, selfs, programme):
    """Drops one fact (or a judged score): a missing-facts probe. Returns
    the name and the value it had."""
    judged = ref.judged_ids(programme)
    if rng.random() < 0.15:
        ind_id = rng.choice(judged)
        return "self_scores[%s]" % ind_id, selfs.pop(ind_id, None)
    name = rng.choice(sorted(facts))
    return name, facts.pop(name)


# --- requests and comparison -------------------------------------------------

def build_request(programme, facts, selfs, year=YEAR):
    request = pb.EvaluateRequest(programme=programme, year=year)
    for name, value in facts.items():
        if isinstance(value, bool):
            request.facts[name].flag = value
        else:
            request.facts[name].number = float(value)
    for ind_id, entry in selfs.items():
        target = request.self_scores[ind_id]
        if entry.get("score") is not None:
            target.score = entry["score"]
        target.reason = entry.get("reason", "")
        target.evidence.extend(entry.get("evidence", []))
    return request


def as_hundredths(value):
    """A wire score to hundredths, and whether it is exactly that decimal."""
    hundredths = int(round(value * 100))
    return hundredths, float(ref.fmt(hundredths)) == value


class Findings:
    """Mismatches (hard), scorability disagreements (soft), spec gaps."""

    def __init__(self, detail_per_group):
        self.hard = collections.defaultdict(list)
        self.soft = collections.defaultdict(list)
        self.gaps = collections.defaultdict(list)
        self.detail = detail_per_group
        self.cases = 0

    def add(self, kind, key, record):
        getattr(self, kind)[key].append(record)

    def report(self, out):
        for title, groups in (("MISMATCH", self.hard),
                              ("SOFT (scorability, reason text)",
                               self.soft),
                              ("SPEC GAP (engine's choice recorded)",
                               self.gaps)):
            for key in sorted(groups):
                records = groups[key]
                out.write("\n== %s %s: %d case(s)\n"
                          % (title, " ".join(key), len(records)))
                for record in records[:self.detail]:
                    out.write(record + "\n")


def facts_used(indicator, facts, selfs):
    names = [n for n in indicator["used"] if n in facts]
    shown = {n: facts[n] for n in names}
    if indicator["judged"] or indicator["bonus"]:
        entry = selfs.get(indicator["id"])
        if entry is not None:
            shown["self_scores[%s]" % indicator["id"]] = entry
    return json.dumps(shown, ensure_ascii=False, sort_keys=True)


def compare(programme, facts, selfs, response, findings, label,
            dropped=None):
    """Checks one Evaluate response against the reference. `dropped` is
    (name, value) of a fact left out on purpose."""
    expected = ref.score(programme, facts, selfs)
    got = {ind.id: ind for ind in response.indicators}
    order = [ind.id for ind in response.indicators]
    if order != ref.indicator_ids(programme):
        findings.add("hard", (programme, "indicator-order"),
                     "  %s: got %s" % (label, order))
    substitute = {}
    all_facts = json.dumps(facts, ensure_ascii=False, sort_keys=True)

    def mismatch(kind, ind, what, want, have, engine):
        findings.add(kind, (ind["id"], what),
                     "  [%s] %s\n    facts used: %s\n    expected: %s\n"
                     "    got:      %s\n    engine reason: %s"
                     % (label, ind["id"], facts_used(ind, facts, selfs),
                        want, have, engine.reason if engine else "-"))

    for ind in expected["indicators"]:
        engine = got.get(ind["id"])
        if engine is None:
            findings.add("hard", (ind["id"], "absent"),
                         "  [%s] not in the response" % label)
            substitute[ind["id"]] = None
            continue
        have_h, exact_wire = as_hundredths(engine.score)
        have = ("%s" % ref.fmt(have_h) if engine.scorable
                else "not scorable %s" % list(engine.missing_facts))
        if engine.max_score != ind["max"] / 100.0:
            mismatch("hard", ind, "max_score", ref.fmt(ind["max"]),
                     engine.max_score, engine)
        if ind["status"] == ref.AMBIGUOUS:
            substitute[ind["id"]] = have_h if engine.scorable else None
            findings.add("gaps", (ind["id"], ind["note"]),
                         "  [%s] engine: %s; reason: %s\n    facts: %s"
                         % (label, have, engine.reason, all_facts))
            continue
        if ind["status"] == ref.UNACCEPTABLE:
            if engine.scorable:
                mismatch("hard", ind, "judged-score-accepted-without-"
                         + ind["note"].split()[-1],
                         "not scorable (or INVALID_ARGUMENT): %s"
                         % ind["note"], have, engine)
                substitute[ind["id"]] = have_h
                ind["status"] = ref.AMBIGUOUS
            else:
                findings.add("gaps", (ind["id"], ind["note"]),
                             "  [%s] engine: %s" % (label, have))
            continue
        if ind["status"] == ref.NOT_SCORABLE:
            if engine.scorable:
                fixed = determined(programme, ind["id"], facts, selfs,
                                   dropped)
                if fixed is not None and fixed == have_h:
                    mismatch("soft", ind, "scored-without-a-fact-that-"
                             "cannot-change-it",
                             "not scorable by the reference's reading "
                             "order, missing %s" % ind["missing"], have,
                             engine)
                else:
                    mismatch("hard", ind, "scored-with-missing-facts",
                             "not scorable, missing %s" % ind["missing"],
                             have, engine)
                substitute[ind["id"]] = have_h
                ind["status"] = ref.AMBIGUOUS
                continue
            named = [m for m in ind["missing"]
                     if not m.startswith("self_scores")
                     and m not in engine.missing_facts]
            if named:
                mismatch("hard", ind, "missing-facts-not-named",
                         "missing_facts to include %s" % named, have, engine)
            continue
        want = ref.fmt(ind["score"])
        if not engine.scorable:
            mismatch("soft", ind, "not-scorable-though-determined", want,
                     have, engine)
            substitute[ind["id"]] = None
            ind["status"] = ref.AMBIGUOUS
            continue
        if have_h != ind["score"]:
            mismatch("hard", ind, "score", want, have, engine)
        elif not exact_wire:
            mismatch("hard", ind, "wire-not-exact", want,
                     repr(engine.score), engine)
        check_self(ind, engine, selfs, findings, label)
        check_reason(ind, engine, facts, findings, label)

    check_self_sums(programme, expected, response, selfs, findings, label)
    sums = ref.totals(programme, expected["indicators"], substitute)
    subtotals = {s.level1: s for s in response.subtotals}
    for level1, want in sums["subtotals"].items():
        engine = subtotals.get(level1)
        if engine is None:
            findings.add("hard", (programme, "subtotal-absent", level1),
                         "  [%s]" % label)
            continue
        check_sum(findings, (programme, "subtotal", level1), label, want,
                  engine.score, all_facts)
    extra = sorted(set(subtotals) - set(sums["subtotals"]))
    if extra:
        findings.add("hard", (programme, "extra-subtotals"),
                     "  [%s] %s (spec: subtotals per 一级指标, bonus apart)"
                     % (label, extra))
    check_sum(findings, (programme, "bonus"), label, sums["bonus"],
              response.bonus, all_facts)
    check_sum(findings, (programme, "total"), label, sums["total"],
              response.total, all_facts)
    if response.complete != sums["complete"]:
        findings.add("hard", (programme, "complete"),
                     "  [%s] expected %s got %s" % (label, sums["complete"],
                                                    response.complete))
    if sums["grade"] is not None and response.grade_label != sums["grade"]:
        findings.add("hard", (programme, "grade"),
                     "  [%s] total %s: expected %r got %r (%s)"
                     % (label, ref.fmt(sums["total"]), sums["grade"],
                        response.grade_label,
                        common.Grade.Name(response.grade)))
    if sums["grade"] is not None:
        enum = {"优": common.GRADE_EXCELLENT, "良": common.GRADE_GOOD,
                "中": common.GRADE_FAIR, "差": common.GRADE_POOR,
                "": common.GRADE_UNSPECIFIED}[sums["grade"]]
        if response.grade != enum:
            findings.add("hard", (programme, "grade-enum"),
                         "  [%s] expected %s got %s"
                         % (label, common.Grade.Name(enum),
                            common.Grade.Name(response.grade)))
    return expected


def check_sum(findings, key, label, want, have, all_facts):
    if want is None:
        return
    have_h, exact_wire = as_hundredths(have)
    if have_h != want:
        findings.add("hard", key, "  [%s] expected %s got %s\n    facts: %s"
                     % (label, ref.fmt(want), have, all_facts))
    elif not exact_wire:
        findings.add("hard", key + ("wire-not-exact",),
                     "  [%s] expected %s got %r" % (label, ref.fmt(want),
                                                    have))


def number_forms(value):
    """Ways a reason may print a number: 2198, 9.0, 9.01, 106.8."""
    number = float(value)
    forms = {repr(number), "%g" % number, "%.1f" % number,
             "%.2f" % number}
    if number == int(number):
        forms.add(str(int(number)))
    return forms


def check_reason(ind, engine, facts, findings, label):
    """The reason names the numbers used and the score (soft)."""
    reason = engine.reason
    if not reason:
        findings.add("soft", (ind["id"], "reason-empty"), "  [%s]" % label)
        return
    if ind["judged"]:
        return
    unnamed = [name for name in ind["used"]
               if name in facts and not isinstance(facts[name], bool)
               and facts[name] != 0
               and not any(form in reason
                           for form in number_forms(facts[name]))]
    if unnamed:
        findings.add("soft", (ind["id"], "reason-does-not-name-fact"),
                     "  [%s] %s not in %r" % (
                         label, {n: facts[n] for n in unnamed}, reason))
    if (ref.fmt(ind["score"]) + "分" not in reason
            and not (ind["score"] == 0 and "不得分" in reason)):
        findings.add("soft", (ind["id"], "reason-does-not-state-score"),
                     "  [%s] score %s, reason %r"
                     % (label, ref.fmt(ind["score"]), reason))


def check_self_sums(programme, expected, response, selfs, findings, label):
    """Subtotal self-scores, self_total and the differences count."""
    sent = {}
    for ind in expected["indicators"]:
        entry = selfs.get(ind["id"]) or {}
        if entry.get("score") is not None:
            sent[ind["id"]] = round(ref.exact(entry["score"]) * 100)
    subtotals = {s.level1: s for s in response.subtotals}
    for level1, _ in ref.LEVELS[programme]:
        ids = [i["id"] for i in expected["indicators"]
               if i["level1"] == level1]
        engine = subtotals.get(level1)
        if engine is None:
            continue
        if all(i in sent for i in ids):
            want = sum(sent[i] for i in ids)
            if (not engine.HasField("self_score")
                    or as_hundredths(engine.self_score) != (want, True)):
                findings.add("hard", (programme, "subtotal-self-score",
                                      level1),
                             "  [%s] expected %s got %s"
                             % (label, ref.fmt(want),
                                engine.self_score
                                if engine.HasField("self_score")
                                else "absent"))
        elif engine.HasField("self_score"):
            findings.add("hard", (programme, "subtotal-self-score-invented",
                                  level1),
                         "  [%s] got %s" % (label, engine.self_score))
    all_ids = [i["id"] for i in expected["indicators"]]
    if all(i in sent for i in all_ids):
        want = sum(sent.values())
        if (not response.HasField("self_total")
                or as_hundredths(response.self_total) != (want, True)):
            findings.add("hard", (programme, "self-total"),
                         "  [%s] expected %s got %s"
                         % (label, ref.fmt(want),
                            response.self_total
                            if response.HasField("self_total")
                            else "absent"))
    elif response.HasField("self_total"):
        findings.add("hard", (programme, "self-total-invented"),
                     "  [%s] got %s" % (label, response.self_total))
    if all(i["status"] == ref.OK for i in expected["indicators"]
           if i["id"] in sent):
        want = sum(1 for i in expected["indicators"]
                   if i["id"] in sent and sent[i["id"]] != i["score"])
        if response.differences != want:
            findings.add("hard", (programme, "differences-count"),
                         "  [%s] expected %d got %d"
                         % (label, want, response.differences))


def check_self(ind, engine, selfs, findings, label):
    entry = selfs.get(ind["id"]) or {}
    sent = entry.get("score")
    if sent is None:
        if engine.HasField("self_score"):
            findings.add("hard", (ind["id"], "self-score-invented"),
                         "  [%s] no self-score sent, got %s"
                         % (label, engine.self_score))
        return
    if not engine.HasField("self_score") or engine.self_score != sent:
        findings.add("hard", (ind["id"], "self-score-echo"),
                     "  [%s] sent %s got %s" % (label, sent,
                                                engine.self_score))
        return
    sent_h = round(ref.exact(sent) * 100)
    want = sent_h - ind["score"]
    if not engine.HasField("difference"):
        findings.add("hard", (ind["id"], "self-difference-absent"),
                     "  [%s] self %s score %s" % (label, sent,
                                                  ref.fmt(ind["score"])))
        return
    have_h, exact_wire = as_hundredths(engine.difference)
    if have_h != want or not exact_wire:
        findings.add("hard", (ind["id"], "self-difference"),
                     "  [%s] self %s score %s: expected %s got %r"
                     % (label, sent, ref.fmt(ind["score"]), ref.fmt(want),
                        engine.difference))


# --- bad input ---------------------------------------------------------------

def bad_input_cases(programme, facts, selfs):
    """(name, request, field expected in the message)."""
    judged = ref.judged_ids(programme)[0]
    computed = [i for i in ref.indicator_ids(programme)
                if i not in ref.judged_ids(programme)][1]
    some_pct = "budget_execution_rate_pct"
    some_count = "violations"
    some_flag = "monitoring_mechanism"
    cases = []

    def variant(name, field, fact_changes=None, self_changes=None,
                programme_=programme, year=YEAR, raw=None):
        new_facts = dict(facts)
        new_selfs = {k: dict(v) for k, v in selfs.items()}
        for key, value in (fact_changes or {}).items():
            new_facts[key] = value
        for key, value in (self_changes or {}).items():
            new_selfs[key] = value
        request = build_request(programme_, new_facts, new_selfs, year)
        if raw:
            raw(request)
        cases.append((name, request, field))

    variant("NaN percentage", some_pct, {some_pct: float("nan")})
    variant("+inf percentage", "satisfaction_pct",
            {"satisfaction_pct": float("inf")})
    variant("-inf count", some_count, {some_count: float("-inf")})
    variant("NaN count", "unhandled_petitions",
            {"unhandled_petitions": float("nan")})
    variant("negative count", some_count, {some_count: -1})
    variant("negative count -0.5", "unhandled_petitions",
            {"unhandled_petitions": -0.5})
    variant("fractional count", some_count, {some_count: 1.5})
    variant("percent 101", some_pct, {some_pct: 101.0})
    variant("percent 100.01", "satisfaction_pct",
            {"satisfaction_pct": 100.01})
    variant("percent -0.01", "satisfaction_pct",
            {"satisfaction_pct": -0.01})
    variant("flag where a number is expected", some_pct, {some_pct: True})
    variant("number where a flag is expected", some_flag, {some_flag: 1.0})
    variant("unknown fact", "no_such_fact", {"no_such_fact": 1.0})
    variant("fact with no value", "report_complete",
            raw=lambda r: r.facts["report_complete"].Clear())
    variant("unknown indicator in self_scores", programme + ".no_such",
            self_changes={programme + ".no_such": {"score": 1.0,
                                                   "reason": "x"}})
    other = "oldcomm.coordination" if programme != "oldcomm" \
        else "rental.development_target"
    variant("indicator of another programme in self_scores", other,
            self_changes={other: {"score": 1.0, "reason": "x"}})
    maximum = ref.max_points(programme, judged) / 1.0
    variant("judged self-score above max", judged,
            self_changes={judged: {"score": maximum + 0.01, "reason": "x",
                                   "evidence": ["e"]}})
    variant("computed self-score above max", computed,
            self_changes={computed: {"score": ref.max_points(
                programme, computed) + 1.0, "reason": "x"}})
    variant("negative self-score", judged,
            self_changes={judged: {"score": -1.0, "reason": "x",
                                   "evidence": ["e"]}})
    variant("NaN self-score", judged,
            self_changes={judged: {"score": float("nan"), "reason": "x",
                                   "evidence": ["e"]}})
    if programme == "oldcomm":
        variant("bonus self-score above its max",
                "oldcomm.bonus.bond_financing",
                self_changes={"oldcomm.bonus.bond_financing": {
                    "score": 1.5, "reason": "x", "evidence": ["e"]}})
    variant("self-score with 3 decimals", judged,
            self_changes={judged: {"score": 1.005, "reason": "x",
                                   "evidence": ["e"]}})
    variant("unknown programme", "programme", programme_="nosuch")
    variant("unknown year", "year", year=2019)
    if programme == "shanty":
        variant("allocation_rate_pct 101", "allocation_rate_pct",
                {"allocation_rate_pct": 101.0})
    if programme == "oldcomm":
        variant("negative area", "planned_area_10k_m2",
                {"planned_area_10k_m2": -1.0})
        variant("NaN area", "started_area_10k_m2",
                {"started_area_10k_m2": float("nan")})
    return cases


def run_bad_inputs(stub, programme, facts, selfs, out):
    failures = []
    for name, request, field in bad_input_cases(programme, facts, selfs):
        try:
            stub.Evaluate(request, timeout=RPC_TIMEOUT)
            failures.append("%s %s: accepted (expected INVALID_ARGUMENT "
                            "naming %s)" % (programme, name, field))
        except grpc.RpcError as error:
            code, message = error.code(), error.details() or ""
            if code != grpc.StatusCode.INVALID_ARGUMENT:
                failures.append("%s %s: %s %r (expected INVALID_ARGUMENT)"
                                % (programme, name, code, message))
            elif field not in message:
                failures.append("%s %s: message %r does not name %s"
                                % (programme, name, message, field))
            else:
                out.write("  ok  %-8s %-46s %s\n"
                          % (programme, name, message[:110]))
    return failures


# --- spec-gap probes ---------------------------------------------------------

def probes(programme, facts, selfs):
    """Hand-made cases the spec does not decide: reported, not judged."""
    cases = []

    def probe(name, changes=None, drop=(), self_changes=None):
        new_facts = dict(facts)
        new_facts.update(changes or {})
        for fact in drop:
            new_facts.pop(fact, None)
        new_selfs = {k: dict(v) for k, v in selfs.items()}
        for key, value in (self_changes or {}).items():
            if value is None:
                new_selfs.pop(key, None)
            else:
                new_selfs[key] = value
        cases.append((name, new_facts, new_selfs))

    judged = ref.judged_ids(programme)[0]
    maximum = ref.max_points(programme, judged)
    probe("judged score without reason",
          self_changes={judged: {"score": maximum - 1.0, "reason": "",
                                 "evidence": ["e.pdf"]}})
    probe("judged score without evidence",
          self_changes={judged: {"score": maximum - 1.0, "reason": "r",
                                 "evidence": []}})
    probe("judged score absent", self_changes={judged: None})
    probe("severe violation, violations count absent",
          {"severe_violation": True}, drop=("violations",))
    probe("casualty accident, quality_issues absent",
          {"casualty_accident": True}, drop=("quality_issues",))
    probe("not submitted on time, report_complete absent",
          {"submitted_on_time": False}, drop=("report_complete",))
    if programme == "rental":
        probe("subsidy plan 0, issued 0",
              {"subsidy_planned_households": 0,
               "subsidy_issued_households": 0})
        probe("subsidy plan 0, issued 10",
              {"subsidy_planned_households": 0,
               "subsidy_issued_households": 10})
        probe("low-income approved 0",
              {"low_income_approved_households": 0,
               "low_income_guaranteed_households": 0})
        probe("target not published, downturn evidence",
              {"target_published": False, "market_downturn_evidence": True,
               "affordable_rental_share_pct": 35.0})
        probe("target not published, share absent",
              {"target_published": False}, drop=(
                  "affordable_rental_share_pct",))
        probe("operating rules not issued, linkage yes, 0 projects",
              {"no_affordable_rental_task": False,
               "operating_rules_issued": False, "interdept_linkage": True,
               "unimplemented_support_projects": 0})
        probe("policies not reviewed, 0 projects",
              {"no_affordable_rental_task": False,
               "policies_reviewed": False,
               "eligible_projects_not_included": 0})
        probe("no task, the task's facts absent",
              {"no_affordable_rental_task": True},
              drop=("operating_rules_issued", "interdept_linkage",
                    "unimplemented_support_projects", "policies_reviewed",
                    "eligible_projects_not_included", "leadership_mechanism",
                    "bank_financing_guidance",
                    "enterprise_operated_share_pct",
                    "rental_service_platform",
                    "quality_supervision_included", "entry_exit_standards",
                    "anti_sale_measures"))
        probe("public rental no plan, completed absent",
              {"public_rental_planned_units": 0},
              drop=("public_rental_completed_units",))
    if programme == "shanty":
        probe("deliverable 0 with allocation_rate_pct 30",
              {"deliverable_units": 0, "allocated_units": 0,
               "allocation_rate_pct": 30.0})
        probe("counts and pct disagree (counts 100 %, pct 30)",
              {"deliverable_units": 100, "allocated_units": 100,
               "allocation_rate_pct": 30.0})
        probe("project list not provided, counts absent",
              {"project_list_provided": False},
              drop=("deliverable_units", "allocated_units",
                    "allocation_rate_pct"))
        probe("no plan, started absent", {"shanty_planned_units": 0},
              drop=("shanty_started_units",))
        probe("plan > 0, satisfaction absent",
              {"shanty_planned_units": 100, "shanty_started_units": 100},
              drop=("satisfaction_pct",))
    if programme == "oldcomm":
        probe("planned communities 0",
              {"planned_communities": 0, "started_communities": 0})
        probe("planned area 0, started 3",
              {"planned_area_10k_m2": 0.0, "started_area_10k_m2": 3.0})
        probe("central subsidy share 0", {"central_subsidy_share_pct": 0.0})
        for ind_id, fact in (("oldcomm.bonus.bond_financing",
                              "bond_financing"),
                             ("oldcomm.bonus.early_start",
                              "all_started_by_may_end")):
            probe("%s claimed without evidence" % ind_id, {fact: True},
                  self_changes={ind_id: None})
            probe("%s claimed, evidence, self-score 0" % ind_id,
                  {fact: True},
                  self_changes={ind_id: {"score": 0.0, "reason": "r",
                                         "evidence": ["e"]}})
            probe("%s not claimed, evidence sent" % ind_id, {fact: False},
                  self_changes={ind_id: {"reason": "r",
                                         "evidence": ["e"]}})
        probe("bonus flags absent", drop=("bond_financing",
                                          "all_started_by_may_end"))
        probe("falsified, other report facts absent", {"falsified": True},
              drop=("submitted_on_time", "report_complete"))
    return cases


FULL_MARKS = {
    "common": dict(
        fund_rules_established=True, funds_allocated_on_time=True,
        monitoring_mechanism=True, budget_execution_rate_pct=100.0,
        violations=0, severe_violation=False, submitted_on_time=True,
        report_complete=True, quality_issues=0, casualty_accident=False,
        satisfaction_pct=100.0, unhandled_petitions=0),
    "rental": dict(
        reserve_established=True, reserve_archived_ranked_planned=True,
        affordable_rental_planned_units=727,
        affordable_rental_started_units=727,
        public_rental_planned_units=100, public_rental_completed_units=100,
        subsidy_planned_households=2308, subsidy_issued_households=2465,
        low_income_approved_households=50,
        low_income_guaranteed_households=50,
        target_published=True, affordable_rental_share_pct=30.0,
        market_downturn_evidence=False, no_affordable_rental_task=False,
        operating_rules_issued=True, interdept_linkage=True,
        unimplemented_support_projects=0, policies_reviewed=True,
        eligible_projects_not_included=0, leadership_mechanism=True,
        bank_financing_guidance=True, enterprise_operated_share_pct=30.0,
        rental_service_platform=True, quality_supervision_included=True,
        entry_exit_standards=True, anti_sale_measures=True),
    "shanty": dict(
        reserve_established=True, reserve_archived_ranked_planned=True,
        shanty_planned_units=2198, shanty_started_units=2198,
        project_list_provided=True, deliverable_units=100,
        allocated_units=100),
    "oldcomm": dict(
        falsified=False, market_operator_share_pct=30.0,
        social_funding_share_pct=20.0, central_subsidy_share_pct=40.0,
        loan_or_bond_financing=True, city_budget_funding=True,
        resident_funded_share_pct=60.0, reserve_established=True,
        archives_complete=True, projects_scored_and_ranked=True,
        coordination_mechanism=True, utility_plan_share_pct=100.0,
        planned_communities=292, started_communities=292,
        planned_households=23011, started_households=23011,
        planned_area_10k_m2=198.45, started_area_10k_m2=198.45,
        planned_buildings=561, started_buildings=561,
        party_org_share_pct=60.0, owners_committee_share_pct=60.0,
        plan_approved_share_pct=100.0, online_voting=True,
        basic_items_share_pct=85.0, improvement_items_share_pct=85.0,
        upgrade_items_share_pct=85.0, district_level_share_pct=60.0,
        contiguous_share_pct=50.0, quality_supervision_mechanism=True,
        utility_assets_transferred=True, maintenance_fund_mechanism=True,
        bond_financing=True, all_started_by_may_end=True),
}


def full_base(programme):
    """A fact set that scores full marks everywhere, with judged scores
    and the bonus items' evidence."""
    facts = dict(FULL_MARKS["common"])
    facts.update(FULL_MARKS[programme])
    if programme == "oldcomm":
        del facts["quality_issues"]
    selfs = {}
    for ind_id in ref.judged_ids(programme):
        selfs[ind_id] = {"score": float(ref.max_points(programme, ind_id)),
                         "reason": "r", "evidence": ["e.pdf"]}
    if programme == "oldcomm":
        for ind_id in ("oldcomm.bonus.bond_financing",
                       "oldcomm.bonus.early_start"):
            selfs[ind_id] = {"reason": "r", "evidence": ["e.pdf"]}
    return facts, selfs


# --- targeted cases ----------------------------------------------------------

def targeted_cases():
    """Hand-made cases the spec decides, where rules meet: judged like the
    random ones. (label, programme, changes, self changes)."""
    cases = [
        ("list not provided beats no deliverable units", "shanty",
         {"project_list_provided": False, "deliverable_units": 0,
          "allocated_units": 0}, {}),
        ("list not provided, rate 100", "shanty",
         {"project_list_provided": False}, {}),
        ("allocation from pct only, 59.5", "shanty",
         {"deliverable_units": None, "allocated_units": None,
          "allocation_rate_pct": 59.5}, {}),
        ("allocation 41 of 100 -> 1", "shanty",
         {"deliverable_units": 100, "allocated_units": 41}, {}),
        ("allocation 39 of 100 -> 0 (cap 20)", "shanty",
         {"deliverable_units": 100, "allocated_units": 39}, {}),
        ("allocation 200 of 100", "shanty",
         {"deliverable_units": 100, "allocated_units": 200}, {}),
        ("no plan 25, satisfaction given", "shanty",
         {"shanty_planned_units": 0, "shanty_started_units": 0}, {}),
        ("no plan, no satisfaction -> 0", "shanty",
         {"shanty_planned_units": 0, "shanty_started_units": 0,
          "satisfaction_pct": None}, {}),
        ("no plan but started units", "shanty",
         {"shanty_planned_units": 0, "shanty_started_units": 50}, {}),
        ("plan 70 of 100 -> 0", "shanty",
         {"shanty_planned_units": 100, "shanty_started_units": 70}, {}),
        ("plan 69 of 100 -> 0 (cap 30)", "shanty",
         {"shanty_planned_units": 100, "shanty_started_units": 69}, {}),
        ("falsified beats on time and complete", "oldcomm",
         {"falsified": True}, {}),
        ("incomplete report -> 3", "rental", {"report_complete": False}, {}),
        ("late report -> 0", "rental", {"submitted_on_time": False}, {}),
        ("severe violation, 0 violations", "rental",
         {"severe_violation": True}, {}),
        ("10 violations -> 0", "rental", {"violations": 10}, {}),
        ("9 violations -> 0.5", "rental", {"violations": 9}, {}),
        ("casualty, 0 issues", "rental", {"casualty_accident": True}, {}),
        ("casualty, quality mechanism", "oldcomm",
         {"casualty_accident": True}, {}),
        ("budget 95 -> 7", "rental", {"budget_execution_rate_pct": 95.0}, {}),
        ("budget 94.99 -> 7", "rental",
         {"budget_execution_rate_pct": 94.99}, {}),
        ("budget 95.01 -> 8", "rental",
         {"budget_execution_rate_pct": 95.01}, {}),
        ("budget 60 -> 0", "rental", {"budget_execution_rate_pct": 60.0}, {}),
        ("budget 0, no mechanism -> 0", "rental",
         {"budget_execution_rate_pct": 0.0, "monitoring_mechanism": False},
         {}),
        ("satisfaction 80, 0 petitions", "rental", {"satisfaction_pct": 80.0},
         {}),
        ("satisfaction 79.99 -> no full step", "rental",
         {"satisfaction_pct": 79.99}, {}),
        ("satisfaction 78, 2 petitions -> 1", "rental",
         {"satisfaction_pct": 78.0, "unhandled_petitions": 2}, {}),
        ("satisfaction 77, 3 petitions -> 0 (cap)", "rental",
         {"satisfaction_pct": 77.0, "unhandled_petitions": 3}, {}),
        ("share 9.99 + downturn -> 5", "rental",
         {"affordable_rental_share_pct": 9.99,
          "market_downturn_evidence": True}, {}),
        ("share 30 + downturn -> 7", "rental",
         {"market_downturn_evidence": True}, {}),
        ("share 20 -> 5", "rental", {"affordable_rental_share_pct": 20.0}, {}),
        ("share 19.99 -> 3", "rental",
         {"affordable_rental_share_pct": 19.99}, {}),
        ("share 10 -> 3", "rental", {"affordable_rental_share_pct": 10.0}, {}),
        ("target not published -> 0", "rental", {"target_published": False},
         {}),
        ("no task beats a poor record", "rental",
         {"no_affordable_rental_task": True, "operating_rules_issued": False,
          "enterprise_operated_share_pct": 0.0, "policies_reviewed": False,
          "leadership_mechanism": False}, {}),
        ("task flag absent: not scorable, not guessed", "rental",
         {"no_affordable_rental_task": None,
          "enterprise_operated_share_pct": 5.0,
          "operating_rules_issued": False}, {}),
        ("linkage missing, 4 projects -> part (a) 0", "rental",
         {"interdept_linkage": False, "unimplemented_support_projects": 4},
         {}),
        ("1 project -> part (a) 1.5", "rental",
         {"unimplemented_support_projects": 1}, {}),
        ("5 projects not included -> part (b) 0", "rental",
         {"eligible_projects_not_included": 5}, {}),
        ("operated 29.99 -> 3", "rental",
         {"enterprise_operated_share_pct": 29.99}, {}),
        ("operated 10 -> 2", "rental",
         {"enterprise_operated_share_pct": 10.0}, {}),
        ("subsidy 2465 of 2308 (106.8 %)", "rental",
         {"subsidy_planned_households": 2308,
          "subsidy_issued_households": 2465}, {}),
        ("public rental no plan -> 6", "rental",
         {"public_rental_planned_units": 0,
          "public_rental_completed_units": 0}, {}),
        ("affordable rental no plan -> 10", "rental",
         {"affordable_rental_planned_units": 0,
          "affordable_rental_started_units": 0}, {}),
        ("central subsidy 100 % -> 0.8 of 2", "oldcomm",
         {"central_subsidy_share_pct": 100.0}, {}),
        ("central subsidy 0 % -> 2", "oldcomm",
         {"central_subsidy_share_pct": 0.0}, {}),
        ("central subsidy 40.01 %", "oldcomm",
         {"central_subsidy_share_pct": 40.01}, {}),
        ("best of upgrade 42.5 / district 45", "oldcomm",
         {"upgrade_items_share_pct": 42.5, "district_level_share_pct": 45.0},
         {}),
        ("best of upgrade 85 / district 0", "oldcomm",
         {"upgrade_items_share_pct": 85.0, "district_level_share_pct": 0.0},
         {}),
        ("plan: households 95 %, area 90 %", "oldcomm",
         {"planned_households": 100, "started_households": 95,
          "planned_area_10k_m2": 198.45,
          "started_area_10k_m2": 178.605}, {}),
        ("plan: every measure 80 %", "oldcomm",
         {"planned_households": 100, "started_households": 80,
          "planned_communities": 10, "started_communities": 8,
          "planned_buildings": 5, "started_buildings": 4,
          "planned_area_10k_m2": 2.5, "started_area_10k_m2": 2.0}, {}),
        ("no bonus claimed", "oldcomm",
         {"bond_financing": False, "all_started_by_may_end": False}, {}),
        ("judged 4.99", "rental", {},
         {"rental.fund_raising": {"score": 4.99, "reason": "r",
                                  "evidence": ["e"]}}),
        ("judged 0", "shanty", {},
         {"shanty.fund_raising": {"score": 0.0, "reason": "r",
                                  "evidence": ["e"]}}),
        ("judged 1.25 of 2", "oldcomm", {},
         {"oldcomm.supporting_policies": {"score": 1.25, "reason": "r",
                                          "evidence": ["e"]}}),
        ("judged score absent", "rental", {}, {"rental.fund_raising": None}),
    ]
    for programme in ref.PROGRAMMES:
        cases.append(("no facts at all", programme, None, {}))
    return cases


def run_targeted(stub, findings):
    for label, programme, changes, self_changes in targeted_cases():
        facts, selfs = full_base(programme)
        if changes is None:
            facts = {}
        for key, value in (changes or {}).items():
            if value is None:
                facts.pop(key, None)
            else:
                facts[key] = value
        for key, value in self_changes.items():
            if value is None:
                selfs.pop(key, None)
            else:
                selfs[key] = value
        response = stub.Evaluate(build_request(programme, facts, selfs),
                                 timeout=RPC_TIMEOUT)
        compare(programme, facts, selfs, response, findings,
                "%s targeted: %s" % (programme, label))


# --- grade boundaries --------------------------------------------------------

GRADE_KNOBS = {
    # programme -> [(facts to change per deducted point, capacity)]
    "rental": [
        (lambda k: {"quality_issues": k}, 5),
        (lambda k: {"unhandled_petitions": k}, 5),
        (lambda k: {"affordable_rental_planned_units": 100,
                    "affordable_rental_started_units": 100 - k}, 10),
        (lambda k: {"public_rental_planned_units": 100,
                    "public_rental_completed_units": 100 - k}, 8),
        (lambda k: {"subsidy_planned_households": 100,
                    "subsidy_issued_households": 100 - k}, 5),
        (lambda k: {"low_income_approved_households": 100,
                    "low_income_guaranteed_households": 100 - k}, 5),
        (lambda k: {"budget_execution_rate_pct": 100.0 - 5 * k}, 8),
    ],
    "oldcomm": [
        (lambda k: {"unhandled_petitions": k}, 5),
        (lambda k: {"planned_households": 100,
                    "started_households": 100 - k}, 10),
        (lambda k: {"planned_communities": 100,
                    "started_communities": 100 - k}, 10),
        (lambda k: {"planned_buildings": 100,
                    "started_buildings": 100 - k}, 5),
        (lambda k: {"planned_area_10k_m2": 100.0,
                    "started_area_10k_m2": 100.0 - k}, 5),
        (lambda k: {"budget_execution_rate_pct": 100.0 - 5 * k}, 8),
        (lambda k: dict.fromkeys(("reserve_established", "archives_complete",
                                  "projects_scored_and_ranked")[:k], False),
         3),
    ],
}


def grade_cases():
    """Totals exactly at and one hundredth under 90, 80 and 60, with the
    judged score carrying the hundredths; for oldcomm the bonus (3 of 4)
    carries the total across the line."""
    cases = []
    for programme, judged_max, bonus in (("rental", 500, 0),
                                         ("oldcomm", 200, 300)):
        judged = ref.judged_ids(programme)[0]
        for total in (9000, 8999, 8000, 7999, 6000, 5999, 10000):
            main = total - bonus
            fraction = main % 100
            judged_h = judged_max - 100 + fraction if fraction \
                else judged_max
            deduction = (10000 - judged_max) // 100 - (main - judged_h) // 100
            facts, selfs = full_base(programme)
            if bonus:
                facts["bond_financing"] = False
            left = deduction
            for knob, capacity in GRADE_KNOBS[programme]:
                used = min(left, capacity)
                facts.update(knob(used))
                left -= used
            selfs[judged] = dict(selfs[judged], score=judged_h / 100.0)
            cases.append(("%s total %s" % (programme, ref.fmt(total)),
                          programme, facts, selfs, total))
    return cases


def run_grade_cases(stub, findings):
    for label, programme, facts, selfs, total in grade_cases():
        expected = ref.score(programme, facts, selfs)
        if expected["total"] != total:
            raise AssertionError("grade case %s built %s" % (
                label, expected["total"]))
        response = stub.Evaluate(build_request(programme, facts, selfs),
                                 timeout=RPC_TIMEOUT)
        compare(programme, facts, selfs, response, findings, label)


# --- sweeps ------------------------------------------------------------------

def frange(low, high, step, digits):
    """low, low + step, ... high as decimals rounded to `digits`."""
    count = int(round((high - low) / step))
    return [round(low + i * step, digits) for i in range(count + 1)]


def sweeps(rng):
    """Dense grids over the spots where floating point goes wrong: every
    rate from counts near a target, every 0.01 of a step rule, every
    half-up point of a proportional rule. (programme, name, changes)."""
    out = []

    def add(programme, name, values):
        for changes in values:
            out.append((programme, name, changes))

    add("shanty", "plan_completion counts", [
        {"shanty_planned_units": p, "shanty_started_units": a}
        for p in range(1, 151) for a in range(int(0.65 * p), p + 2)])
    add("shanty", "plan_completion big plans", [
        {"shanty_planned_units": p, "shanty_started_units": a}
        for p in (997, 1000, 2198, 2308, 10007, 123457)
        for a in rng.sample(range(int(0.69 * p), p + 1), 250)])
    add("shanty", "allocation counts", [
        {"deliverable_units": d, "allocated_units": a}
        for d in range(1, 151) for a in range(int(0.38 * d),
                                              int(0.62 * d) + 2)])
    add("shanty", "allocation_rate_pct", [
        {"allocation_rate_pct": x, "deliverable_units": None,
         "allocated_units": None} for x in frange(35, 61, 0.01, 2)])
    areas = sorted({two_dec(rng, 0.5, 500) for _ in range(150)})
    add("oldcomm", "plan_completion area", [
        {"planned_area_10k_m2": p,
         "started_area_10k_m2": round(p * (100 - k) / 100 + e, 6)}
        for p in areas for k in range(0, 7) for e in (0, 0.01, -0.01)
        if p * (100 - k) / 100 + e >= 0])
    add("oldcomm", "plan_completion households", [
        {"planned_households": p, "started_households": a}
        for p in range(1, 121) for a in range(int(0.7 * p), p + 1)])
    add("rental", "budget_execution_rate_pct", [
        {"budget_execution_rate_pct": x} for x in frange(0, 100, 0.01, 2)])
    add("rental", "satisfaction_pct", [
        {"satisfaction_pct": x} for x in frange(70, 80, 0.01, 2)])
    add("rental", "subsidy counts", [
        {"subsidy_planned_households": p, "subsidy_issued_households": a}
        for p in range(1, 101) for a in range(int(0.93 * p), p + 1)])
    add("rental", "affordable_rental_share_pct", [
        {"affordable_rental_share_pct": x,
         "market_downturn_evidence": False}
        for x in frange(9.9, 10.1, 0.01, 2) + frange(19.9, 20.1, 0.01, 2)
        + frange(29.9, 30.1, 0.01, 2)])
    add("rental", "enterprise_operated_share_pct", [
        {"enterprise_operated_share_pct": x}
        for x in frange(9.9, 10.1, 0.01, 2) + frange(19.9, 20.1, 0.01, 2)
        + frange(29.9, 30.1, 0.01, 2)])
    add("oldcomm", "market_operator_share_pct", [
        {"market_operator_share_pct": x} for x in frange(0, 30.01, 0.01, 2)])
    add("oldcomm", "social_funding_share_pct", [
        {"social_funding_share_pct": x} for x in frange(0, 20.01, 0.01, 2)])
    add("oldcomm", "central_subsidy_share_pct", [
        {"central_subsidy_share_pct": x} for x in frange(39.9, 100, 0.01, 2)])
    add("oldcomm", "resident_funded_share_pct", [
        {"resident_funded_share_pct": x} for x in frange(0, 60, 0.01, 2)])
    add("oldcomm", "utility_plan_share_pct", [
        {"utility_plan_share_pct": x} for x in frange(0, 100, 0.05, 2)])
    add("oldcomm", "party_org_share_pct", [
        {"party_org_share_pct": x} for x in frange(0, 60, 0.01, 2)])
    add("oldcomm", "plan_approved_share_pct", [
        {"plan_approved_share_pct": x} for x in frange(0, 100, 0.01, 2)])
    for name in ("basic_items_share_pct", "improvement_items_share_pct",
                 "upgrade_items_share_pct", "district_level_share_pct",
                 "contiguous_share_pct"):
        values = [HALF_UP_RENOVATION[name](k) for k in range(0, 600)]
        add("oldcomm", name, [
            {name: v, "district_level_share_pct": 0.0}
            if name == "upgrade_items_share_pct" else
            {name: v, "upgrade_items_share_pct": 0.0}
            if name == "district_level_share_pct" else {name: v}
            for v in values if v <= 100])
    return out


HALF_UP_RENOVATION = {
    "basic_items_share_pct": lambda k: round(0.085 * (2 * k + 1), 3),
    "improvement_items_share_pct": lambda k: round(0.2125 * (2 * k + 1), 4),
    "upgrade_items_share_pct": lambda k: round(0.2125 * (2 * k + 1), 4),
    "district_level_share_pct": lambda k: round(0.15 * (2 * k + 1), 2),
    "contiguous_share_pct": lambda k: round(0.25 * (2 * k + 1), 2),
}


def run_sweeps(stub, seed, findings, out):
    rng = random.Random("%d/sweeps" % seed)
    grouped = collections.defaultdict(list)
    for programme, name, changes in sweeps(rng):
        facts, selfs = full_base(programme)
        for key, value in changes.items():
            if value is None:
                facts.pop(key, None)
            else:
                facts[key] = value
        grouped[programme].append((name, facts, selfs))
    failures = 0
    for programme, items in grouped.items():
        for start in range(0, len(items), BATCH):
            chunk = items[start:start + BATCH]
            request = pb.EvaluateBatchRequest()
            for number, (_, facts, selfs) in enumerate(chunk):
                item = request.items.add(org="s%06d" % (start + number))
                item.request.CopyFrom(build_request(programme, facts,
                                                    selfs))
            try:
                batch = stub.EvaluateBatch(request, timeout=RPC_TIMEOUT * 6)
            except grpc.RpcError as error:
                failures += 1
                findings.add("hard", (programme, "sweep-batch-rpc-error"),
                             "  %s %s" % (error.code(), error.details()))
                continue
            for (name, facts, selfs), result in zip(chunk, batch.results):
                label = "%s sweep %s" % (programme, name)
                if result.error_code:
                    findings.add("hard", (programme, "sweep-item-error"),
                                 "  [%s] %s %s\n    facts: %s"
                                 % (label, result.error_code,
                                    result.error_message,
                                    json.dumps(facts, ensure_ascii=False)))
                    continue
                compare(programme, facts, selfs, result.response, findings,
                        label)
    out.write("\nsweeps: %d fact sets over %d grids\n"
              % (sum(len(v) for v in grouped.values()),
                 len({n for v in grouped.values() for n, _, _ in v})))
    return failures


# --- main --------------------------------------------------------------------

def determined(programme, ind_id, facts, selfs, dropped):
    """The indicator's score (hundredths) if the dropped fact cannot change
    it, else None."""
    if dropped is None or dropped[0].startswith("self_scores"):
        return None
    name, original = dropped
    if isinstance(original, bool):
        candidates = (True, False)
    else:
        candidates = (0, 1, 5, 9.99, 10, 20, 29.99, 30, 50, 59.99, 60, 80,
                      85, 99.99, 100, original)
    scores = set()
    for value in candidates:
        trial = dict(facts)
        trial[name] = value
        result = ref.score_indicator(programme, ind_id, trial, selfs)
        if result["status"] != ref.OK:
            return None
        scores.add(result["score"])
    return scores.pop() if len(scores) == 1 else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("binary", nargs="?",
                        default=os.environ.get("ANJU_SCORING_BINARY"))
    parser.add_argument("--protos", default=os.path.join(ROOT, "protos"))
    parser.add_argument("--seed", type=int,
                        default=int(os.environ.get("ANJU_REF_SEED", "2023")))
    parser.add_argument("--cases", type=int,
                        default=int(os.environ.get("ANJU_REF_CASES", "400")))
    parser.add_argument("--detail", type=int, default=3,
                        help="detailed records printed per finding group")
    parser.add_argument("--report", help="also write every finding here")
    parser.add_argument("--no-sweeps", action="store_true",
                        help="skip the dense floating-point grids")
    args = parser.parse_args()
    if not args.binary:
        parser.error("the anju-scoring binary: argv or ANJU_SCORING_BINARY")
    out = sys.stdout
    out.write("differential test: seed %d (ANJU_REF_SEED), %d fact sets per "
              "programme (ANJU_REF_CASES)\n" % (args.seed, args.cases))

    with tempfile.TemporaryDirectory(prefix="anju-ref-stubs-") as stubs:
        stub_module = generate_stubs(args.protos, stubs)
        server = Server(args.binary)
        try:
            channel = grpc.insecure_channel("127.0.0.1:%d" % server.port)
            stub = stub_module.ScoringServiceStub(channel)
            status = run(stub, args, out)
            channel.close()
        finally:
            code = server.stop()
        if code not in (0, -signal.SIGTERM):
            out.write("anju-scoring exited with %s after SIGTERM\n" % code)
            status = 1
    return status


def run(stub, args, out):
    findings = Findings(args.detail)
    bad_failures = []
    batch_failures = []
    for programme in ref.PROGRAMMES:
        rng = random.Random("%d/%s" % (args.seed, programme))
        sent = []
        for number in range(args.cases):
            facts, selfs = GENERATORS[programme](rng)
            dropped = None
            roll = rng.random()
            if roll < 0.1:
                dropped = omit_one(rng, facts, selfs, programme)
            elif roll < 0.35:
                add_self_scores(rng, programme, facts, selfs)
            label = "%s seed %d #%d%s" % (programme, args.seed, number,
                                          " without %s" % dropped[0]
                                          if dropped else "")
            request = build_request(programme, facts, selfs)
            try:
                response = stub.Evaluate(request, timeout=RPC_TIMEOUT)
            except grpc.RpcError as error:
                unacceptable = [
                    ind for ind in ref.score(programme, facts,
                                             selfs)["indicators"]
                    if ind["status"] == ref.UNACCEPTABLE]
                if (unacceptable and error.code()
                        == grpc.StatusCode.INVALID_ARGUMENT):
                    findings.add("gaps", (unacceptable[0]["id"],
                                          unacceptable[0]["note"]),
                                 "  [%s] engine: INVALID_ARGUMENT %s"
                                 % (label, error.details()))
                    continue
                findings.add("hard", (programme, "rpc-error",
                                      str(error.code())),
                             "  [%s] %s\n    facts: %s\n    selfs: %s"
                             % (label, error.details(),
                                json.dumps(facts, ensure_ascii=False),
                                json.dumps(selfs, ensure_ascii=False)))
                continue
            findings.cases += 1
            sent.append((request, response))
            compare(programme, facts, selfs, response, findings, label,
                    dropped)
        batch_failures += check_batch(stub, programme, sent)

        base_facts, base_selfs = full_base(programme)
        response = stub.Evaluate(build_request(programme, base_facts,
                                               base_selfs),
                                 timeout=RPC_TIMEOUT)
        compare(programme, base_facts, base_selfs, response, findings,
                "%s full marks" % programme)
        out.write("\nbad input, %s:\n" % programme)
        bad_failures += run_bad_inputs(stub, programme, base_facts,
                                       base_selfs, out)
        out.write("\nspec-gap probes, %s (engine's answer, not judged):\n"
                  % programme)
        for name, facts, selfs in probes(programme, base_facts, base_selfs):
            run_probe(stub, programme, name, facts, selfs, out)

    run_targeted(stub, findings)
    run_grade_cases(stub, findings)
    if not args.no_sweeps:
        run_sweeps(stub, args.seed, findings, out)
    findings.report(out)
    if bad_failures:
        out.write("\n== BAD INPUT not rejected as specified: %d\n"
                  % len(bad_failures))
        for line in bad_failures:
            out.write("  " + line + "\n")
    if batch_failures:
        out.write("\n== EvaluateBatch disagrees with Evaluate: %d\n"
                  % len(batch_failures))
        for line in batch_failures[:10]:
            out.write("  " + line + "\n")
    hard = sum(len(v) for v in findings.hard.values())
    soft = sum(len(v) for v in findings.soft.values())
    gaps = sum(len(v) for v in findings.gaps.values())
    out.write("\nsummary: %d fact sets scored; %d mismatches in %d groups; "
              "%d soft; %d spec-gap observations; %d bad-input failures; "
              "%d batch failures\n"
              % (findings.cases, hard, len(findings.hard), soft, gaps,
                 len(bad_failures), len(batch_failures)))
    if args.report:
        with open(args.report, "w", encoding="utf-8") as handle:
            findings.detail = 10 ** 9
            findings.report(handle)
            handle.write("\n".join(bad_failures) + "\n")
    return 1 if hard or bad_failures or batch_failures else 0


def run_probe(stub, programme, name, facts, selfs, out):
    request = build_request(programme, facts, selfs)
    try:
        response = stub.Evaluate(request, timeout=RPC_TIMEOUT)
    except grpc.RpcError as error:
        out.write("  %-8s %-58s -> %s: %s\n"
                  % (programme, name, error.code().name, error.details()))
        return
    expected = ref.score(programme, facts, selfs)
    diffs = []
    for ind, engine in zip(expected["indicators"], response.indicators):
        want = (ref.fmt(ind["score"]) if ind["status"] == ref.OK
                else ind["status"])
        have = (ref.fmt(as_hundredths(engine.score)[0]) if engine.scorable
                else "not scorable %s" % list(engine.missing_facts))
        if want != have:
            diffs.append("%s: reference %s, engine %s (%s)"
                         % (ind["id"], want, have, engine.reason))
    out.write("  %-8s %-58s -> total %s %s%s\n"
              % (programme, name, response.total, response.grade_label,
                 "".join("\n        " + d for d in diffs)))


def check_batch(stub, programme, sent):
    failures = []
    for start in range(0, len(sent), BATCH):
        chunk = sent[start:start + BATCH]
        request = pb.EvaluateBatchRequest()
        for number, (single, _) in enumerate(chunk):
            item = request.items.add(org="org%05d" % (start + number))
            item.request.CopyFrom(single)
        try:
            batch = stub.EvaluateBatch(request, timeout=RPC_TIMEOUT * 3)
        except grpc.RpcError as error:
            failures.append("%s batch of %d: %s %s" % (
                programme, len(chunk), error.code(), error.details()))
            continue
        for (_, single), result in zip(chunk, batch.results):
            if result.error_code != 0 or result.response != single:
                failures.append("%s %s: batch result differs (%s %s)" % (
                    programme, result.org, result.error_code,
                    result.error_message))
        if len(batch.results) != len(chunk):
            failures.append("%s: %d results for %d items"
                            % (programme, len(batch.results), len(chunk)))
    return failures


if __name__ == "__main__":
    sys.exit(main())
