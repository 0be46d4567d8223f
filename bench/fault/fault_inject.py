#!/usr/bin/python3
"""Fault injection (issue 7, item 5): the whole suite under load, one fault at a time.

    bench/fault/run [--backend sqlite|postgres] [--build DIR] [--faults a,b,…]
                    [--writers N] [--pollers N] [--outage SECONDS] [--keep DIR]

Starts Redis, the SMTP sink and webhook receiver of tests/sinks/, (with
--backend postgres a throwaway PostgreSQL 15 cluster, fsync on) and the four
services on fixed ports, then runs one phase per fault. Each phase is a
campaign year of its own: the notification clock is set to the day before
the counties' deadline (so every county has a reminder due, by e-mail and
signed webhook), writers file and submit the rental report of all 103
counties of Inner Mongolia and add a reserve project for each, and pollers
call GetCityTotals and ListProjects like external systems. While they run,
the fault strikes: `kill -9` of a service then a restart on the same port,
a Redis or PostgreSQL restart, the SMTP server or webhook receiver away for
--outage seconds and back.

Per fault it reports: acknowledged writes lost (every acknowledged write is
read back at the end, after all faults), duplicate notices (the same
Message-ID twice at the SMTP server, the same Idempotency-Key answered 2xx
twice at the webhook receiver), stale totals served (a county whose
submission was acknowledged before the read began listed as missing, or
fewer reserve projects than acknowledged), the errors clients saw by call
and status, and the time to recover (from the fault until every kind of
call that failed has succeeded again; for the sinks, until the next notice
arrives). Exit status 1 when anything was lost, duplicated or stale.
Debian packages: python3-grpcio, python3-protobuf, protobuf-compiler,
protobuf-compiler-grpc (grpc_python_plugin), redis-server, python3-aiosmtpd,
postgresql-15.
"""

import argparse
import glob
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

import suite as suite_mod  # noqa: E402
import workload as workload_mod  # noqa: E402

FAULTS = ["none", "kill-scoring", "kill-submission", "kill-registry",
          "kill-notification", "restart-redis", "restart-postgres",
          "smtp-away", "webhook-away"]


def generate_stubs(out):
    os.makedirs(out, exist_ok=True)
    protos = sorted(glob.glob(os.path.join(ROOT, "protos/anju/v1/*.proto")))
    subprocess.run(["protoc", f"-I{ROOT}/protos", "-I/usr/include",
                    f"--python_out={out}", f"--grpc_python_out={out}",
                    "--plugin=protoc-gen-grpc_python=/usr/bin/grpc_python_plugin"]
                   + [os.path.relpath(p, f"{ROOT}/protos") for p in protos],
                   check=True, cwd=f"{ROOT}/protos")
    sys.path.insert(0, out)


def load_orgs():
    """county -> city of Inner Mongolia (data/orgs, the services' own tree)."""
    counties = {}
    for line in open(os.path.join(ROOT, "data/orgs/inner-mongolia.yaml"),
                     encoding="utf-8"):
        if "level: county" in line:
            code = line.split('code: "')[1].split('"')[0]
            counties[code] = line.split('parent: "')[1].split('"')[0]
    return counties


class Notices:
    """Reads what the sinks received; counts repeats of one notice.

    The sinks only add: a mail file never changes once renamed into place and
    the webhook log is append-only, so each is read once (the phases poll
    these every 100 ms while hundreds of notices arrive)."""

    def __init__(self, run_dir):
        self.mail_dir = os.path.join(run_dir, "mail")
        self.hook_log = os.path.join(run_dir, "webhooks.jsonl")
        self.mail = {}       # path -> Message-ID
        self.hooks = []      # Idempotency-Keys answered 2xx
        self.hook_offset = 0

    def mail_ids(self):
        for path in glob.glob(os.path.join(self.mail_dir, "*", "*.json")):
            if path not in self.mail:
                with open(path, encoding="utf-8") as f:
                    self.mail[path] = json.load(f).get("message_id", "")
        return list(self.mail.values())

    def hook_keys(self):
        if os.path.exists(self.hook_log):
            with open(self.hook_log, encoding="utf-8") as f:
                f.seek(self.hook_offset)
                for line in f:
                    if not line.endswith("\n"):
                        break  # a line being written: read it next time
                    self.hook_offset += len(line.encode("utf-8"))
                    r = json.loads(line)
                    if 200 <= r.get("status", 0) < 300:
                        self.hooks.append(r["headers"].get("idempotency-key", ""))
        return self.hooks

    def counts(self):
        m, h = self.mail_ids(), self.hook_keys()
        return {"mail": len(m), "mail_dup": len(m) - len(set(m)),
                "hook": len(h), "hook_dup": len(h) - len(set(h))}


class Runner:
    def __init__(self, args, run_dir):
        self.args = args
        self.suite = suite_mod.Suite(ROOT, args.build, run_dir, args.backend)
        self.notices = Notices(run_dir)
        self.counties = load_orgs()
        self.cities = sorted(set(self.counties.values()))
        self.ledger = workload_mod.Ledger()
        self.rows = []

    def connect(self):
        import grpc
        from anju.v1 import (notification_pb2, notification_pb2_grpc,
                             registry_pb2, registry_pb2_grpc, scoring_pb2,
                             scoring_pb2_grpc, submission_pb2,
                             submission_pb2_grpc)
        s = self.suite
        # Reconnect soon after a restart, as a client of a service that
        # restarts should (gRPC's default first backoff is 1 s).
        options = [("grpc.initial_reconnect_backoff_ms", 100),
                   ("grpc.min_reconnect_backoff_ms", 100),
                   ("grpc.max_reconnect_backoff_ms", 1000)]
        ch = {n: grpc.insecure_channel(s.address(n), options=options)
              for n in suite_mod.Suite.SERVICES}
        self.pb = {"scoring": scoring_pb2, "submission": submission_pb2,
                   "registry": registry_pb2, "notification": notification_pb2}
        self.stubs = {
            "scoring": scoring_pb2_grpc.ScoringServiceStub(ch["scoring"]),
            "submission": submission_pb2_grpc.SubmissionServiceStub(ch["submission"]),
            "registry": registry_pb2_grpc.RegistryServiceStub(ch["registry"]),
            "notification": notification_pb2_grpc.NotificationServiceStub(
                ch["notification"]),
        }

    def seed(self):
        """Contacts for every county; project templates from the 2024 sample."""
        npb, note = self.pb["notification"], self.stubs["notification"]
        hook = f"http://127.0.0.1:{self.suite.ports['webhook']}/hook"
        for county in self.counties:
            contact = npb.Contact(org=county, name=f"填报人{county}",
                                  role="filer",
                                  email=f"filer-{county}@anju.local",
                                  webhook_url=hook,
                                  webhook_secret=suite_mod.WEBHOOK_SECRET)
            workload_mod.call(self.ledger, "PutContact", note.PutContact,
                              npb.PutContactRequest(contact=contact))
        anjuctl = os.path.join(self.args.build, "bin", "anjuctl")
        subprocess.run([anjuctl, "--registry", self.suite.address("registry"),
                        "project", "import", "--org", "150400",
                        os.path.join(ROOT, "data/samples/chifeng-2024-reserve/projects.csv")],
                       check=True, stdout=subprocess.DEVNULL)
        rpb = self.pb["registry"]
        listed = self.stubs["registry"].ListProjects(
            rpb.ListProjectsRequest(org="150000", page_size=100), timeout=10)
        self.templates = []
        for p in listed.projects:
            t = rpb.ReserveProject()
            t.CopyFrom(p)
            for field in ["id", "status", "plan_year", "start_date",
                          "completion_date", "delivery_date", "etag",
                          "create_time", "update_time", "priority",
                          "missing_archive_types"]:
                t.ClearField(field)
            self.templates.append(t)

    def open_campaign(self, year):
        spb = self.pb["submission"]
        campaign = spb.Campaign(year=year, programmes=["rental"])
        campaign.deadlines.county_to_city = f"{year + 1}-03-20T18:00:00+08:00"
        campaign.deadlines.city_to_region = f"{year + 1}-03-31T18:00:00+08:00"
        workload_mod.call(self.ledger, "CreateCampaign",
                          self.stubs["submission"].CreateCampaign,
                          spb.CreateCampaignRequest(campaign=campaign))
        # T−1 at 09:00 (the default policy): a reminder due for every county.
        self.suite.set_clock(f"{year + 1}-03-19T09:00:30+08:00")

    def strike(self, fault, timing):
        """Runs in the injector thread: waits, strikes, restores."""
        time.sleep(self.args.strike_after)
        s, outage = self.suite, self.args.outage
        timing["t0"] = time.monotonic()
        self.ledger.mark(timing["t0"])
        if fault == "none":
            return
        kind, name = fault.split("-", 1)
        if kind == "kill":
            before = sum(self.notices.counts()[k] for k in ["mail", "hook"])
            s.kill9(name)
            time.sleep(outage)
            s.start(name)
            if name == "notification":
                self.wait_notice(before, timing)
        elif name == "redis":
            s.kill9("redis")
            time.sleep(outage)
            s.start("redis")
        elif name == "postgres":
            s.pg.stop("immediate")
            time.sleep(outage)
            s.pg.start()
        else:  # smtp-away, webhook-away
            sink = "smtp" if fault.startswith("smtp") else "webhook"
            c = self.notices.counts()
            before = c["mail" if sink == "smtp" else "hook"]
            s.kill9(sink)
            time.sleep(outage)
            s.start(sink)
            self.wait_notice(before, timing, "mail" if sink == "smtp" else "hook")
        timing["restored"] = time.monotonic()

    def unsent(self, year):
        """Deliveries of the year still waiting or in an attempt."""
        npb = self.pb["notification"]
        n = 0
        for state in [npb.DELIVERY_STATE_PENDING, npb.DELIVERY_STATE_SENDING]:
            r = workload_mod.call(self.ledger, "ListDeliveries",
                                  self.stubs["notification"].ListDeliveries,
                                  npb.ListDeliveriesRequest(year=year, state=state,
                                                            page_size=1000))
            n += len(r.deliveries)
        return n

    def wait_notice(self, before, timing, key=None):
        """Notes when the next notice arrives (30 s at most): the recovery
        of a notice path. `key` None: mail or webhook. When nothing is left
        to send (every county submitted meanwhile: its reminder is skipped),
        there is nothing to recover."""
        for i in range(300):
            c = self.notices.counts()
            now = c[key] if key else c["mail"] + c["hook"]
            if now > before:
                timing["sink_recovered"] = time.monotonic()
                return
            if i % 10 == 9 and self.unsent(timing["year"]) == 0:
                return
            time.sleep(0.1)
        timing["sink_stuck"] = True

    def settle(self, year):
        """Waits until the year's deliveries are all done and no notice has
        arrived for 1 s (60 s at most)."""
        last, quiet_since, began = None, time.monotonic(), time.monotonic()
        while time.monotonic() - began < 60:
            now = self.notices.counts()
            if now != last:
                last, quiet_since = now, time.monotonic()
            elif time.monotonic() - quiet_since > 1 and self.unsent(year) == 0:
                break
            time.sleep(0.2)
        return last

    def phase(self, index, fault):
        year = 2030 + index
        if fault == "restart-postgres" and self.suite.pg is None:
            return None
        errors_before = dict(self.ledger.errors)
        stale_before = self.ledger.stale
        counts_before = self.notices.counts()
        self.open_campaign(year)
        work = workload_mod.Workload(self.pb, self.stubs, self.counties,
                                     self.cities, self.templates, self.ledger,
                                     self.args.drafts)
        timing = {"year": year}
        began = time.monotonic()
        self.ledger.details = {}
        failures = work.run_phase(year, self.args.writers, self.args.pollers,
                                  lambda: self.strike(fault, timing),
                                  self.args.writers_delay)
        wall = time.monotonic() - began
        counts = self.settle(year)
        errors = {k: v - errors_before.get(k, 0)
                  for k, v in self.ledger.errors.items()
                  if v - errors_before.get(k, 0) > 0}
        return {"fault": fault, "year": year, "wall": wall,
                "acked": sum(1 for (y, _) in self.ledger.submitted if y == year),
                "failed": failures, "errors": errors,
                "stale": self.ledger.stale - stale_before,
                "mail": counts["mail"] - counts_before["mail"],
                "mail_dup": counts["mail_dup"] - counts_before["mail_dup"],
                "hook": counts["hook"] - counts_before["hook"],
                "hook_dup": counts["hook_dup"] - counts_before["hook_dup"],
                "details": dict(self.ledger.details),
                "recover": self.recovery(fault, timing, errors)}

    def recovery(self, fault, timing, errors):
        """Seconds from the fault until clients (or sinks) saw it mended."""
        if "sink_recovered" in timing:
            return timing["sink_recovered"] - timing["t0"]
        if "sink_stuck" in timing:
            return None
        failed_kinds = {k.split(":")[0] for k in errors}
        if not failed_kinds:
            return 0.0
        mended = []
        for kind in failed_kinds:
            last_error = self.ledger.last_error[kind]
            after = [t for t in self.ledger.first_ok_after.get(kind, [])
                     if t > last_error]
            if not after:
                return None
            mended.append(min(after))
        return max(mended) - timing["t0"]

    def verify(self):
        """Reads back every acknowledged write: the ones not found are lost."""
        spb, sub = self.pb["submission"], self.stubs["submission"]
        lost = {}
        for (year, county), (planned, issued) in sorted(self.ledger.submitted.items()):
            r = workload_mod.call(self.ledger, "verify", sub.GetReport,
                                  spb.GetReportRequest(org=county,
                                                       programme="rental",
                                                       year=year))
            facts = r.facts
            if (r.state != spb.REPORT_STATE_SUBMITTED_TO_CITY or
                    facts["subsidy_planned_households"].number != planned or
                    facts["subsidy_issued_households"].number != issued):
                lost[year] = lost.get(year, 0) + 1
        rpb, reg = self.pb["registry"], self.stubs["registry"]
        import grpc
        for pid, (county, name) in self.ledger.projects.items():
            try:
                p = reg.GetProject(rpb.GetProjectRequest(id=pid), timeout=5)
                ok = p.name == name and p.org == county
            except grpc.RpcError:
                ok = False
            if not ok:
                year = int(name.split("故障注入")[1].split("-")[0])
                lost[year] = lost.get(year, 0) + 1
        return lost

    def run(self):
        print(f"fault injection: backend {self.args.backend}, run folder "
              f"{self.suite.run}", file=sys.stderr)
        self.suite.start_all([2030 + i for i in range(len(self.args.faults))])
        try:
            self.connect()
            self.seed()
            for i, fault in enumerate(self.args.faults):
                print(f"  phase {i + 1}/{len(self.args.faults)}: {fault} …",
                      file=sys.stderr, flush=True)
                row = self.phase(i, fault)
                if row:
                    self.rows.append(row)
            lost = self.verify()
            for row in self.rows:
                row["lost"] = lost.get(row["year"], 0)
        finally:
            self.suite.stop_all()
        return self.report()

    def report(self):
        print(f"\n### Fault injection, backend {self.args.backend}: "
              f"{len(self.counties)} counties per phase, {self.args.writers} "
              f"writers, {self.args.pollers} pollers, outage {self.args.outage} s\n")
        print("| fault | writes acked | lost | duplicate notices (mail / webhook) "
              "| notices delivered (mail / webhook) | stale totals | client errors "
              "| writes given up | time to recover | phase wall |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        bad = False
        for r in self.rows:
            acked = r["acked"] * (self.args.drafts + 1) + sum(
                1 for (c, n) in self.ledger.projects.values()
                if n.startswith(f"故障注入{r['year']}-"))
            errors = ", ".join(f"{k} {v}" for k, v in sorted(r["errors"].items())) or "0"
            rec = "—" if r["recover"] == 0.0 else (
                "not recovered" if r["recover"] is None else f"{r['recover']:.2f} s")
            print(f"| {r['fault']} | {acked} | {r['lost']} | {r['mail_dup']} / "
                  f"{r['hook_dup']} | {r['mail']} / {r['hook']} | {r['stale']} | "
                  f"{errors} | {len(r['failed'])} | {rec} | {r['wall']:.1f} s |")
            bad |= bool(r["lost"] or r["mail_dup"] or r["hook_dup"] or r["stale"]
                        or r["recover"] is None)
        for r in self.rows:
            for key in sorted(r["errors"]):
                print(f"- {r['fault']}: {key}: {r['details'].get(key, '')[:160]}")
            for county, code, details in r["failed"][:5]:
                print(f"- {r['fault']}: county {county} gave up: {code} {details}")
        print(f"\nacked: {self.args.drafts} SaveDraft + SubmitReport + CreateProject per county; "
              "'—': no client saw an error (for the notice paths: nothing was left to deliver).")
        return 1 if bad else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--build", default=os.environ.get("ANJU_BUILD_DIR",
                                                         os.path.join(ROOT, "build")))
    parser.add_argument("--faults", default=",".join(FAULTS))
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--pollers", type=int, default=2)
    parser.add_argument("--drafts", type=int, default=5,
                        help="drafts saved per county before it submits")
    parser.add_argument("--outage", type=float, default=1.0)
    parser.add_argument("--strike-after", type=float, default=1.3,
                        help="seconds into a phase (notices start at once)")
    parser.add_argument("--writers-delay", type=float, default=1.0,
                        help="seconds into a phase before the counties file")
    parser.add_argument("--keep", help="run folder to keep (default: a temporary one)")
    args = parser.parse_args()
    args.faults = [f for f in args.faults.split(",") if f]
    # A CTest timeout or Ctrl-C still stops every process started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    for f in args.faults:
        if f not in FAULTS:
            parser.error(f"unknown fault {f}; known: {', '.join(FAULTS)}")
    run_dir = args.keep or tempfile.mkdtemp(prefix="anju-fault-")
    os.makedirs(run_dir, exist_ok=True)
    os.chmod(run_dir, 0o755)  # PostgreSQL's own user must reach its folder
    try:
        generate_stubs(os.path.join(run_dir, "gen"))
        status = Runner(args, run_dir).run()
    finally:
        if not args.keep:
            shutil.rmtree(run_dir, ignore_errors=True)
    sys.exit(status)


if __name__ == "__main__":
    main()
