"""The load a fault phase runs: counties filing, external systems polling.

Writers file and submit every county's rental report of the phase's
campaign (SaveDraft, SubmitReport) and add one reserve project per county
(CreateProject), retrying what a real client retries. Every write the
service acknowledged is recorded, so that the end can read each one back.
Pollers call GetCityTotals and ListProjects and count a *stale* answer: a
county whose submission was acknowledged before the call began but is
still listed as missing, or fewer projects than were acknowledged.
"""

import random
import threading
import time
from collections import Counter

import grpc

RETRYABLE = {grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED,
             grpc.StatusCode.ABORTED, grpc.StatusCode.RESOURCE_EXHAUSTED,
             grpc.StatusCode.INTERNAL, grpc.StatusCode.UNKNOWN}
DEADLINE = 5.0


class Ledger:
    """What the clients saw: acknowledged writes, errors, successes."""

    def __init__(self):
        self.lock = threading.Lock()
        self.submitted = {}     # (year, county) -> (planned, issued)
        self.projects = {}      # id -> (county, name)
        self.errors = Counter()  # status name -> count
        self.stale = 0
        self.details = {}  # kind:code -> the last message
        self.calls = Counter()
        self.last_error = {}     # kind -> monotonic time
        self.first_ok_after = {}  # kind -> successes' times, after mark()
        self.mark_time = None

    def mark(self, t):
        with self.lock:
            self.mark_time = t
            self.first_ok_after = {}

    def ok(self, kind):
        now = time.monotonic()
        with self.lock:
            self.calls[kind] += 1
            if self.mark_time and now >= self.mark_time:
                self.first_ok_after.setdefault(kind, []).append(now)

    def error(self, kind, code):
        with self.lock:
            self.errors[f"{kind}:{code.name}"] += 1
            self.last_error[kind] = time.monotonic()


def call(ledger, kind, fn, request, give_up=30.0, retry_aborted=True):
    """Calls with retries on the codes a client retries; raises the last
    error when it gives up. ABORTED (a conflict) is retried as it is only
    where the request carries no etag."""
    began, backoff = time.monotonic(), 0.05
    while True:
        try:
            response = fn(request, timeout=DEADLINE)
            ledger.ok(kind)
            return response
        except grpc.RpcError as e:
            ledger.error(kind, e.code())
            ledger.details[f"{kind}:{e.code().name}"] = e.details()
            if (e.code() not in RETRYABLE or time.monotonic() - began > give_up
                    or (e.code() == grpc.StatusCode.ABORTED and not retry_aborted)):
                raise
            time.sleep(backoff)
            backoff = min(backoff * 2, 1.0)


def figures(year, county):
    """The facts a county files: deterministic, so they can be checked."""
    seed = (year * 1000003 + int(county)) % 997
    planned = 100 + seed
    return planned, planned + seed % 37


class Workload:
    def __init__(self, pb, stubs, counties, cities, templates, ledger,
                 drafts=1):
        self.pb, self.stubs, self.drafts = pb, stubs, drafts
        self.counties, self.cities = counties, cities  # county -> city
        self.templates, self.ledger = templates, ledger

    def file_county(self, year, county):
        """Saves `drafts` versions of the report (the last one final), then
        submits it."""
        sub, pb = self.stubs["submission"], self.pb["submission"]
        planned, issued = figures(year, county)
        etag = ""
        for n in range(self.drafts, 0, -1):
            etag = self.save_draft(year, county, planned, issued + n - 1, etag)
        submit = pb.SubmitReportRequest(org=county, programme="rental", year=year)
        try:
            call(self.ledger, "SubmitReport", sub.SubmitReport, submit)
        except grpc.RpcError as e:
            # A retry of a submit that had landed: already submitted is fine
            # when the stored report is ours.
            if e.code() != grpc.StatusCode.FAILED_PRECONDITION:
                raise
            got = self.read(year, county)
            if got.state != pb.REPORT_STATE_SUBMITTED_TO_CITY:
                raise
        with self.ledger.lock:
            self.ledger.submitted[(year, county)] = (planned, issued)

    def read(self, year, county):
        pb = self.pb["submission"]
        return call(self.ledger, "GetReport", self.stubs["submission"].GetReport,
                    pb.GetReportRequest(org=county, programme="rental",
                                        year=year))

    def save_draft(self, year, county, planned, issued, etag):
        """One acknowledged draft; returns its etag. A stale etag (ABORTED)
        after a retried call is what a careful client re-reads: when the
        stored draft already holds these figures its own write had landed,
        otherwise it saves again on the current etag."""
        sub, pb = self.stubs["submission"], self.pb["submission"]
        for _ in range(20):
            draft = pb.SaveDraftRequest(org=county, programme="rental",
                                        year=year, etag=etag)
            draft.facts["subsidy_planned_households"].number = planned
            draft.facts["subsidy_issued_households"].number = issued
            try:
                return call(self.ledger, "SaveDraft", sub.SaveDraft, draft,
                            retry_aborted=False).etag
            except grpc.RpcError as e:
                if e.code() not in (grpc.StatusCode.ABORTED,
                                    grpc.StatusCode.ALREADY_EXISTS):
                    raise
            stored = self.read(year, county)
            facts = stored.facts
            if (facts["subsidy_planned_households"].number == planned and
                    facts["subsidy_issued_households"].number == issued):
                return stored.etag
            etag = stored.etag
        raise RuntimeError(f"{county}: SaveDraft kept conflicting")

    def add_project(self, year, county):
        reg, pb = self.stubs["registry"], self.pb["registry"]
        project = pb.ReserveProject()
        project.CopyFrom(self.templates[hash(county) % len(self.templates)])
        project.org = county
        project.name = f"故障注入{year}-{county}"
        created = call(self.ledger, "CreateProject", reg.CreateProject,
                       pb.CreateProjectRequest(project=project))
        with self.ledger.lock:
            self.ledger.projects[created.id] = (county, project.name)

    def writer(self, year, queue, failures, delay):
        time.sleep(delay)
        while True:
            with self.ledger.lock:
                if not queue:
                    return
                county = queue.pop()
            try:
                self.file_county(year, county)
                self.add_project(year, county)
            except grpc.RpcError as e:
                failures.append((county, e.code().name, e.details()))
            except RuntimeError as e:
                failures.append((county, "CONFLICT", str(e)))

    def poller(self, year, stop):
        scoring, spb = self.stubs["scoring"], self.pb["scoring"]
        reg, rpb = self.stubs["registry"], self.pb["registry"]
        rng = random.Random(year)
        while not stop.is_set():
            city = rng.choice(self.cities)
            with self.ledger.lock:
                acked = {c for (y, c) in self.ledger.submitted
                         if y == year and self.counties[c] == city}
                projects = sum(1 for (c, _) in self.ledger.projects.values()
                               if self.counties[c] == city)
            try:
                totals = call(self.ledger, "GetCityTotals",
                              scoring.GetCityTotals,
                              spb.GetCityTotalsRequest(city=city, year=year),
                              give_up=0)
                missing = set()
                for p in totals.programmes:
                    missing |= set(p.counties_missing)
                if acked & missing:
                    with self.ledger.lock:
                        self.ledger.stale += 1
                listed = call(self.ledger, "ListProjects", reg.ListProjects,
                              rpb.ListProjectsRequest(org=city, page_size=1),
                              give_up=0)
                if listed.total_size < projects:
                    with self.ledger.lock:
                        self.ledger.stale += 1
            except grpc.RpcError:
                time.sleep(0.05)

    def run_phase(self, year, writers, pollers, fault, delay=0.0):
        """Files every county; `fault()` runs alongside. Failed writes."""
        queue = list(self.counties)
        random.Random(year).shuffle(queue)
        failures, stop = [], threading.Event()
        threads = [threading.Thread(target=self.writer,
                                    args=(year, queue, failures, delay))
                   for _ in range(writers)]
        polls = [threading.Thread(target=self.poller, args=(year, stop))
                 for _ in range(pollers)]
        injector = threading.Thread(target=fault)
        for t in threads + polls + [injector]:
            t.start()
        for t in threads + [injector]:
            t.join()
        stop.set()
        for t in polls:
            t.join()
        return failures
