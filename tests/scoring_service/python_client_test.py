#!/usr/bin/python3
"""Calls anju-scoring from Python, knowing nothing but protos/anju/v1/*.proto.

Another government system would do just this: generate stubs from the
.proto files, send facts under the spec's names, read scores. Stubs are
generated into a temporary folder with Debian's protoc and
grpc_python_plugin; the server is the real anju-scoring binary, started on
a free port (port 0, read back from its "listening" log line) and stopped
with SIGTERM.

Run by CTest; by hand:
  /usr/bin/python3 tests/scoring_service/python_client_test.py \
      --binary build/bin/anju-scoring --protos protos
"""

import argparse
import glob
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import unittest

ARGS = None
SERVER = None
STUBS = None  # (scoring_pb2, common_pb2, scoring_pb2_grpc)


def generate_stubs(out_dir):
    protos = sorted(glob.glob(os.path.join(ARGS.protos, "anju", "v1", "*.proto")))
    subprocess.run(
        [ARGS.protoc, f"--proto_path={ARGS.protos}",
         f"--python_out={out_dir}", f"--grpc_python_out={out_dir}",
         f"--plugin=protoc-gen-grpc_python={ARGS.grpc_python_plugin}"]
        + protos,
        check=True)
    sys.path.insert(0, out_dir)
    from anju.v1 import common_pb2, scoring_pb2, scoring_pb2_grpc
    return scoring_pb2, common_pb2, scoring_pb2_grpc


class Server:
    """anju-scoring as a child process; its log lines are kept."""

    def __init__(self, binary):
        self.proc = subprocess.Popen(
            [binary, "--listen", "127.0.0.1:0"],
            stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.lines = []
        self.port = self._wait_for_port()
        threading.Thread(target=self._drain, daemon=True).start()

    def _wait_for_port(self):
        for line in self.proc.stderr:
            self.lines.append(line)
            entry = json.loads(line)
            if entry.get("msg") == "listening":
                return entry["port"]
        raise RuntimeError("anju-scoring exited before listening:\n"
                           + "".join(self.lines))

    def _drain(self):
        for line in self.proc.stderr:
            self.lines.append(line)

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=30)


def shanty_request():
    scoring_pb2, _, _ = STUBS
    request = scoring_pb2.EvaluateRequest(programme="shanty", year=2023)
    flags = {
        "fund_rules_established": True, "funds_allocated_on_time": True,
        "monitoring_mechanism": True, "severe_violation": False,
        "reserve_established": True, "reserve_archived_ranked_planned": True,
        "submitted_on_time": True, "report_complete": True,
        "project_list_provided": True, "casualty_accident": False,
    }
    numbers = {
        "budget_execution_rate_pct": 93, "violations": 0,
        "shanty_planned_units": 2198, "shanty_started_units": 2198,
        "deliverable_units": 100, "allocated_units": 55,
        "quality_issues": 0, "satisfaction_pct": 92, "unhandled_petitions": 0,
    }
    for name, value in flags.items():
        request.facts[name].flag = value
    for name, value in numbers.items():
        request.facts[name].number = value
    judged = request.self_scores["shanty.fund_raising"]
    judged.score = 5
    judged.reason = "中央和自治区资金足额到位"
    judged.evidence.append("资金文件.pdf")
    return request


class PythonClientTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        import grpc
        cls.grpc = grpc
        cls.channel = grpc.insecure_channel(f"127.0.0.1:{SERVER.port}")
        cls.stub = STUBS[2].ScoringServiceStub(cls.channel)

    @classmethod
    def tearDownClass(cls):
        cls.channel.close()

    def indicator(self, response, indicator_id):
        return next(i for i in response.indicators if i.id == indicator_id)

    def test_evaluate_scores_the_facts(self):
        response = self.stub.Evaluate(shanty_request(), timeout=10)
        self.assertEqual(response.programme, "shanty")
        self.assertTrue(response.complete)
        self.assertEqual(response.total, 94)
        self.assertEqual(response.grade, STUBS[1].GRADE_EXCELLENT)
        self.assertEqual(response.grade_label, "优")
        subtotals = {s.level1: s.score for s in response.subtotals}
        self.assertEqual(subtotals, {"资金管理": 24, "项目管理": 15, "产出效益": 55})
        plan = self.indicator(response, "shanty.plan_completion")
        self.assertEqual(plan.score, 30)
        self.assertIn("2198", plan.reason)
        self.assertFalse(plan.HasField("self_score"))
        judged = self.indicator(response, "shanty.fund_raising")
        self.assertTrue(judged.HasField("self_score"))
        self.assertEqual(judged.self_score, 5)
        # Every score is the double nearest its 2-decimal value.
        for s in response.indicators:
            self.assertEqual(round(s.score * 100) / 100, s.score, s.id)

    def test_missing_fact_is_not_scorable(self):
        request = shanty_request()
        del request.facts["shanty_started_units"]
        response = self.stub.Evaluate(request, timeout=10)
        plan = self.indicator(response, "shanty.plan_completion")
        self.assertFalse(plan.scorable)
        self.assertIn("shanty_started_units", plan.missing_facts)
        self.assertFalse(response.complete)

    def test_bad_input_is_invalid_argument_naming_the_field(self):
        request = shanty_request()
        request.facts["budget_execution_rate_pct"].number = 120
        with self.assertRaises(self.grpc.RpcError) as caught:
            self.stub.Evaluate(request, timeout=10)
        self.assertEqual(caught.exception.code(),
                         self.grpc.StatusCode.INVALID_ARGUMENT)
        self.assertIn('facts["budget_execution_rate_pct"]',
                      caught.exception.details())

    def test_unknown_programme_lists_the_known_ones(self):
        request = shanty_request()
        request.programme = "housing"
        with self.assertRaises(self.grpc.RpcError) as caught:
            self.stub.Evaluate(request, timeout=10)
        self.assertEqual(caught.exception.code(),
                         self.grpc.StatusCode.INVALID_ARGUMENT)
        self.assertIn("programme", caught.exception.details())
        self.assertIn("rental", caught.exception.details())


def main():
    global ARGS, SERVER, STUBS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--protos", required=True)
    parser.add_argument("--protoc", default="/usr/bin/protoc")
    parser.add_argument("--grpc-python-plugin",
                        default="/usr/bin/grpc_python_plugin")
    ARGS, rest = parser.parse_known_args()
    with tempfile.TemporaryDirectory(prefix="anju-py-") as out_dir:
        STUBS = generate_stubs(out_dir)
        SERVER = Server(ARGS.binary)
        try:
            result = unittest.main(argv=[sys.argv[0]] + rest, exit=False).result
        finally:
            code = SERVER.stop()
        if code != 0:
            print(f"anju-scoring exited {code} on SIGTERM:\n"
                  + "".join(SERVER.lines), file=sys.stderr)
            return 1
        return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
