"""The whole Anju suite as child processes, each restartable on its own port.

Redis, the SMTP sink and the webhook receiver of tests/sinks/, optionally a
throwaway PostgreSQL 15 cluster, and the four services with authentication
off (the faults are about durability and recovery, not identity), the
notification service in simulated time (--clock-file). Every process keeps
its port across restarts, as a Kubernetes Service would, so clients only
see the outage.
"""

import datetime
import glob
import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time

PG_BIN = "/usr/lib/postgresql/15/bin"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port):
    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex(("127.0.0.1", port)) == 0


class Child:
    """One restartable process: its command, its log, its port."""

    def __init__(self, name, argv, log_path, port=None, env=None, cwd=None):
        self.name, self.argv, self.log_path = name, argv, log_path
        self.port, self.env, self.cwd = port, env, cwd
        self.proc = None

    def start(self):
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(self.argv, stdout=log, stderr=log,
                                     env=self.env, cwd=self.cwd,
                                     start_new_session=True)
        log.close()

    def kill9(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill9()

    def alive(self):
        return self.proc is not None and self.proc.poll() is None


class Postgres:
    """A throwaway cluster on a unix socket, fsync on (durability is tested).

    As root, initdb must run as the `postgres` user of Debian's package.
    """

    def __init__(self, folder):
        self.folder = folder
        self.data = os.path.join(folder, "pgdata")
        self.run_as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *argv):
        subprocess.run(self.run_as + list(argv), check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def init(self, databases):
        os.makedirs(self.folder, exist_ok=True)
        if self.run_as:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run(f"{PG_BIN}/initdb", "-D", self.data, "-A", "trust",
                  "-U", "postgres", "--no-sync")
        self.start()
        for db in databases:
            self._run(f"{PG_BIN}/psql", "-h", self.folder, "-U", "postgres",
                      "-d", "postgres", "-qc", f"CREATE DATABASE {db}")

    def start(self):
        self._run(f"{PG_BIN}/pg_ctl", "-D", self.data, "-w", "-l",
                  os.path.join(self.folder, "postgres.log"), "-o",
                  f"-k {self.folder} -c listen_addresses='' -c fsync=on",
                  "start")

    def stop(self, mode="immediate"):
        self._run(f"{PG_BIN}/pg_ctl", "-D", self.data, "-w", "-m", mode, "stop")

    def dsn(self, db):
        return f"host={self.folder} dbname={db} user=postgres connect_timeout=5"


class Suite:
    """Starts and restarts the components by name."""

    SERVICES = ["scoring", "submission", "registry", "notification"]

    def __init__(self, root, build, run_dir, backend):
        self.root, self.build, self.run = root, build, run_dir
        self.backend = backend
        self.children = {}
        self.ports = {n: free_port() for n in
                      ["redis", "smtp", "webhook"] + self.SERVICES}
        self.pg = Postgres(os.path.join(run_dir, "pg")) if backend == "postgres" else None
        self.clock_file = os.path.join(run_dir, "clock")
        self.clock_lock = threading.Lock()
        self.clock_thread = None
        self.smtp_starts = 0
        for d in ["logs", "mail", "data/submission", "data/registry",
                  "data/notification"]:
            os.makedirs(os.path.join(run_dir, d), exist_ok=True)

    def address(self, name):
        return f"127.0.0.1:{self.ports[name]}"

    def set_clock(self, rfc3339):
        """Simulated time starts at `rfc3339` and runs at real speed (retry
        backoffs are due in the notification service's clock)."""
        with self.clock_lock:
            self.clock_base = datetime.datetime.fromisoformat(rfc3339)
            self.clock_set_at = time.monotonic()
        self._write_clock()
        if self.clock_thread is None:
            self.clock_thread = threading.Thread(target=self._tick, daemon=True)
            self.clock_thread.start()

    def _write_clock(self):
        with self.clock_lock:
            now = self.clock_base + datetime.timedelta(
                seconds=time.monotonic() - self.clock_set_at)
        tmp = self.clock_file + ".tmp"
        with open(tmp, "w") as f:
            f.write(now.isoformat(timespec="seconds") + "\n")
        os.replace(tmp, self.clock_file)

    def _tick(self):
        while True:
            time.sleep(0.1)
            self._write_clock()

    def _database_yaml(self, service):
        if self.pg is None:
            return ""
        return f'database:\n  backend: postgres\n  dsn: "{self.pg.dsn(service)}"\n'

    def _write_configs(self):
        for service in ["submission", "registry", "notification"]:
            text = self._database_yaml(service)
            if service == "notification":
                text += ("tick_ms: 100\ninitial_lookback_hours: 1\n"
                         f"smtp:\n  url: smtp://127.0.0.1:{self.ports['smtp']}\n"
                         "  timeout_ms: 1000\n"
                         '  from: "安居绩效评价 <noreply@anju.local>"\n'
                         "retry:\n  initial_backoff_ms: 200\n  max_backoff_ms: 1000\n"
                         # The sinks are local: short timeouts allow a short
                         # claim lease, so the delivery a killed process held
                         # is taken over within 2 s (the default lease is 5 min).
                         "webhook:\n  timeout_ms: 1000\nclaim_lease_ms: 2000\n")
            with open(os.path.join(self.run, f"{service}.yaml"), "w") as f:
                f.write(text)

    def _define(self):
        bin_ = os.path.join(self.build, "bin")
        logs = os.path.join(self.run, "logs")
        sinks = os.path.join(self.root, "tests", "sinks")
        p = self.ports
        self.children = {
            "redis": Child("redis", [
                "redis-server", "--port", str(p["redis"]), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", self.run],
                f"{logs}/redis.log", p["redis"]),
            "smtp": Child("smtp", [
                "/usr/bin/python3", f"{sinks}/smtp_sink.py", "--dir",
                os.path.join(self.run, "mail"), "--port", str(p["smtp"])],
                f"{logs}/smtp.log", p["smtp"]),
            "webhook": Child("webhook", [
                "/usr/bin/python3", f"{sinks}/webhook_receiver.py", "--log",
                os.path.join(self.run, "webhooks.jsonl"), "--secret",
                WEBHOOK_SECRET, "--port", str(p["webhook"])],
                f"{logs}/webhook.log", p["webhook"]),
            "scoring": Child("scoring", [
                f"{bin_}/anju-scoring", "--listen", self.address("scoring"),
                "--submission", self.address("submission"),
                "--redis", self.address("redis"),
                "--rubrics", os.path.join(self.run, "rubrics")],
                f"{logs}/scoring.log", p["scoring"]),
            "submission": Child("submission", [
                f"{bin_}/anju-submission", "--listen", self.address("submission"),
                "--config", os.path.join(self.run, "submission.yaml"),
                "--data", os.path.join(self.run, "data/submission"),
                "--scoring", self.address("scoring"),
                "--registry", self.address("registry"),
                "--consistency-rules", os.path.join(self.run, "rules")],
                f"{logs}/submission.log", p["submission"]),
            "registry": Child("registry", [
                f"{bin_}/anju-registry", "--listen", self.address("registry"),
                "--config", os.path.join(self.run, "registry.yaml"),
                "--data", os.path.join(self.run, "data/registry")],
                f"{logs}/registry.log", p["registry"]),
            "notification": Child("notification", [
                f"{bin_}/anju-notification", "--listen",
                self.address("notification"),
                "--config", os.path.join(self.run, "notification.yaml"),
                "--data", os.path.join(self.run, "data/notification"),
                "--submission", self.address("submission"),
                "--clock-file", self.clock_file],
                f"{logs}/notification.log", p["notification"]),
        }

    def copy_year(self, years):
        """Each phase is a campaign year of its own: the 2023 rubrics and
        consistency rules, copied as data for those years (a new year needs
        no code change)."""
        for kind in ["rubrics", "rules"]:
            for year in years:
                out = os.path.join(self.run, kind, str(year))
                os.makedirs(out, exist_ok=True)
                for path in glob.glob(os.path.join(self.root, kind, "2023", "*.yaml")):
                    with open(path, encoding="utf-8") as f:
                        text = f.read()
                    text = re.sub(r"^year: 2023$", f"year: {year}", text, flags=re.M)
                    text = re.sub(r'^version: "2023\.', f'version: "{year}.', text,
                                  flags=re.M)
                    with open(os.path.join(out, os.path.basename(path)), "w",
                              encoding="utf-8") as f:
                        f.write(text)

    def start_all(self, years):
        self.copy_year(years)
        self.set_clock("2030-01-01T09:00:00+08:00")
        self._write_configs()
        self._define()
        if self.pg:
            self.pg.init(["submission", "registry", "notification"])
        for name in ["redis", "smtp", "webhook", "registry", "scoring",
                     "submission", "notification"]:
            self.start(name)

    def start(self, name):
        if name == "smtp":
            # The sink numbers its files from 1 each start: a folder a start.
            self.smtp_starts += 1
            folder = os.path.join(self.run, "mail", str(self.smtp_starts))
            os.makedirs(folder, exist_ok=True)
            self.children["smtp"].argv[3] = folder
        self.children[name].start()
        self.wait_up(name)

    def wait_up(self, name, timeout=30):
        """Seconds until the component accepts connections."""
        began = time.monotonic()
        child = self.children[name]
        while time.monotonic() - began < timeout:
            if port_open(child.port):
                return time.monotonic() - began
            if not child.alive():
                break
            time.sleep(0.02)
        raise RuntimeError(f"{name} did not come up; see {child.log_path}")

    def kill9(self, name):
        self.children[name].kill9()

    def stop_all(self):
        for child in reversed(list(self.children.values())):
            child.stop()
        if self.pg:
            try:
                self.pg.stop("fast")
            except subprocess.CalledProcessError:
                pass


WEBHOOK_SECRET = "fault-injection-secret"
