#!/usr/bin/python3
"""A real SMTP server for tests (aiosmtpd): stores every message it accepts.

    smtp_sink.py --dir DIR [--port-file FILE] [--fail REGEX=CODE ...]

Listens on 127.0.0.1 on a port the kernel picks and prints that port as the
first line of stdout (and writes it to --port-file when given). Each
accepted message becomes one file DIR/NNNNNN.json (written to a temporary
name and renamed, so a reader never sees half a file):

    {"seq": 1, "mail_from": "noreply@anju.local", "rcpt_tos": ["a@b"],
     "raw_b64": "<the DATA bytes, base64>",
     "from": "...", "to": "...",          decoded (RFC 2047) header values
     "subject": "...", "message_id": "<...>", "date": "...",
     "content_type": "text/plain", "charset": "utf-8",
     "transfer_encoding": "base64",
     "body": "...",                       the decoded text, line ends as sent
     "max_line": 76}                      longest raw line, CRLF excluded

--auth USER:PASSWORD requires SMTP AUTH (PLAIN or LOGIN, without TLS: a
test server) with these credentials: 535 for wrong ones, 530 without.

--fail REGEX=CODE answers RCPT TO for a matching address with CODE (e.g.
"later@.*=451" for a temporary, "nobody@.*=550" for a permanent refusal);
nothing is stored for a message none of whose recipients was accepted.
Debian packages only: python3, python3-aiosmtpd.
"""

import argparse
import asyncio
import base64
import email
import email.header
import email.policy
import json
import os
import re
import sys
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

REPLIES = {
    "421": "421 4.3.0 service not available, try later",
    "450": "450 4.2.0 mailbox busy, try later",
    "451": "451 4.3.0 local error, try later",
    "452": "452 4.3.1 insufficient storage",
    "550": "550 5.1.1 mailbox unavailable: no such user",
    "551": "551 5.1.6 user not local",
    "552": "552 5.2.2 mailbox full",
    "553": "553 5.1.3 mailbox name not allowed",
}


def decoded(value):
    if value is None:
        return ""
    return str(email.header.make_header(email.header.decode_header(value)))


def summary(seq, envelope):
    raw = envelope.original_content or envelope.content
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogateescape")
    message = email.message_from_bytes(raw, policy=email.policy.compat32)
    payload = message.get_payload(decode=True) or b""
    charset = message.get_content_charset() or "us-ascii"
    lines = raw.split(b"\r\n")
    return {
        "seq": seq,
        "mail_from": envelope.mail_from,
        "rcpt_tos": list(envelope.rcpt_tos),
        "raw_b64": base64.b64encode(raw).decode("ascii"),
        "from": decoded(message.get("From")),
        "to": decoded(message.get("To")),
        "subject": decoded(message.get("Subject")),
        "message_id": message.get("Message-ID", ""),
        "date": message.get("Date", ""),
        "content_type": message.get_content_type(),
        "charset": charset,
        "transfer_encoding": message.get("Content-Transfer-Encoding", ""),
        "body": payload.decode(charset, "replace"),
        "max_line": max((len(l) for l in lines), default=0),
    }


class Sink:
    def __init__(self, folder, failures):
        self.folder = folder
        self.failures = failures  # [(compiled regex, reply)]
        self.seq = 0

    async def handle_RCPT(self, server, session, envelope, address, options):
        for pattern, reply in self.failures:
            if pattern.fullmatch(address):
                return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.seq += 1
        record = summary(self.seq, envelope)
        path = os.path.join(self.folder, "%06d.json" % self.seq)
        with open(path + ".tmp", "w", encoding="utf-8") as out:
            json.dump(record, out, ensure_ascii=False)
        os.rename(path + ".tmp", path)
        return "250 2.0.0 Ok: queued as %06d" % self.seq


def parse_failures(specs):
    failures = []
    for spec in specs:
        pattern, _, code = spec.rpartition("=")
        if not pattern or code not in REPLIES:
            sys.exit("smtp_sink: --fail wants REGEX=CODE with CODE in %s"
                     % ", ".join(sorted(REPLIES)))
        failures.append((re.compile(pattern), REPLIES[code]))
    return failures


def authenticator_for(credentials):
    user, _, password = credentials.partition(":")

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login.decode() == user
              and auth_data.password.decode() == password)
        return AuthResult(success=ok, handled=False)
    return authenticate


async def serve(args):
    os.makedirs(args.dir, exist_ok=True)
    sink = Sink(args.dir, parse_failures(args.fail))
    options = {"hostname": "sink.anju.local", "ident": "anju-smtp-sink"}
    if args.auth:
        # A test server on 127.0.0.1: AUTH without TLS is the point.
        warnings.filterwarnings("ignore", message="Requiring AUTH")
        options.update(auth_required=True, auth_require_tls=False,
                       authenticator=authenticator_for(args.auth))
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(sink, **options),
                                      host="127.0.0.1", port=args.port)
    port = server.sockets[0].getsockname()[1]
    if args.port_file:
        with open(args.port_file + ".tmp", "w") as out:
            out.write("%d\n" % port)
        os.rename(args.port_file + ".tmp", args.port_file)
    print(port, flush=True)
    await server.serve_forever()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", required=True, help="where messages go")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file")
    parser.add_argument("--auth", metavar="USER:PASSWORD")
    parser.add_argument("--fail", action="append", default=[],
                        metavar="REGEX=CODE")
    args = parser.parse_args()
    try:
        asyncio.run(serve(args))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
