#!/usr/bin/python3
"""A webhook receiver for tests: checks the signature, records every request.

    webhook_receiver.py --log FILE [--secret S] [--port-file FILE]
                        [--fail-first N] [--always CODE] [--delay SECONDS]
                        [--max-age SECONDS]

Listens on 127.0.0.1 on a port the kernel picks and prints that port as the
first line of stdout (and writes it to --port-file when given). HTTP/1.1 with
keep-alive, one thread per connection.

Each request is appended to --log as one JSON line, flushed before the
response is sent:

    {"seq": 1, "method": "POST", "path": "/hook",
     "headers": {"content-type": "...", "idempotency-key": "...", ...},
     "body": "<the body as UTF-8 text>",
     "signature_ok": true,   X-Anju-Signature = sha256=HMAC(secret,
                             "<X-Anju-Timestamp>.<body>"), timestamp fresh
     "json_ok": true,        the body parses as a JSON object
     "duplicate": false,     an Idempotency-Key seen in an earlier 2xx
     "status": 200}          what it answered

Answers: 401 for a bad or missing signature when --secret is given (a
replay: timestamp older than --max-age, default 300 s); 500 for the first
--fail-first requests (then it recovers); --always CODE for every request
(e.g. 400); otherwise 200 with {"ok":true}. --delay sleeps before answering
(timeouts). Debian packages only: python3.
"""

import argparse
import hashlib
import hmac
import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_BODY = 4 << 20


class State:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.seq = 0
        self.accepted_keys = set()
        self.log = open(args.log, "a", encoding="utf-8")


def signature_ok(state, headers, body):
    secret = state.args.secret
    if secret is None:
        return True
    timestamp = headers.get("x-anju-timestamp", "")
    given = headers.get("x-anju-signature", "")
    try:
        age = abs(time.time() - int(timestamp))
    except ValueError:
        return False
    if age > state.args.max_age:
        return False
    expected = "sha256=" + hmac.new(
        secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body,
        hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, given)


def is_json_object(body):
    try:
        return isinstance(json.loads(body.decode("utf-8")), dict)
    except (ValueError, UnicodeDecodeError):
        return False


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "anju-webhook-receiver"

    def log_message(self, fmt, *args):  # quiet: the JSON log is the record
        pass

    def do_POST(self):
        state = self.server.state
        length = int(self.headers.get("Content-Length", "0") or 0)
        if length > MAX_BODY:
            self.answer(413, b'{"error":"too large"}')
            return
        body = self.rfile.read(length)
        headers = {k.lower(): v for k, v in self.headers.items()}
        if state.args.delay:
            time.sleep(state.args.delay)
        sig_ok = signature_ok(state, headers, body)
        key = headers.get("idempotency-key", "")
        with state.lock:
            state.seq += 1
            seq = state.seq
            if not sig_ok:
                status = 401
            elif seq <= state.args.fail_first:
                status = 500
            elif state.args.always:
                status = state.args.always
            else:
                status = 200
            duplicate = key in state.accepted_keys
            if 200 <= status < 300:
                state.accepted_keys.add(key)
            record = {
                "seq": seq, "method": self.command, "path": self.path,
                "headers": headers,
                "body": body.decode("utf-8", "replace"),
                "signature_ok": sig_ok, "json_ok": is_json_object(body),
                "duplicate": duplicate, "status": status,
            }
            state.log.write(json.dumps(record, ensure_ascii=False) + "\n")
            state.log.flush()
        reply = b'{"ok":true}' if status == 200 else (
            b'{"error":"status %d"}' % status)
        self.answer(status, reply)

    def answer(self, status, body):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--log", required=True)
    parser.add_argument("--secret")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file")
    parser.add_argument("--fail-first", type=int, default=0)
    parser.add_argument("--always", type=int, default=0)
    parser.add_argument("--delay", type=float, default=0.0)
    parser.add_argument("--max-age", type=int, default=300)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    server.state = State(args)
    port = server.server_address[1]
    if args.port_file:
        with open(args.port_file + ".tmp", "w") as out:
            out.write("%d\n" % port)
        os.rename(args.port_file + ".tmp", args.port_file)
    print(port, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
