"""tests/webhook_sink.py - a webhook receiver for the tests, on 127.0.0.1.

    /usr/bin/python3 tests/webhook_sink.py DIR SECRET_FILE

Listens on a free port (written to DIR/port) and checks every POST as a
receiver should: the X-Refready-Signature header ("t=UNIX,v1=HEX", HEX
being HMAC-SHA-256 with the secret over UNIX "." body) must verify, the
body must be JSON with an id equal to X-Refready-Event-Id, and the
Content-Type must be application/json.  A request that fails a check is
answered 401 (or 400) and written to DIR/bad.

Every verified request is written to DIR/received (its event id) as it
arrives, and to DIR/attempts as "ID STATUS" when it is answered; each
event answered 200 is appended to DIR/events as its body, one line
each.

What it answers is read from files in DIR at every request, so a test
can change it while it runs:
  DIR/fail   N: answer 500 to the first N requests of each event id
  DIR/sleep  S: wait S seconds (a float) before answering
The secret file is read at every request too (the daemon's may change
on SIGHUP).
"""
import hashlib
import hmac
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DIR = sys.argv[1]
SECRET = sys.argv[2]
lock = threading.Lock()
tries = {}


def setting(name, default, kind):
    try:
        with open(os.path.join(DIR, name)) as f:
            return kind(f.read().strip() or default)
    except (OSError, ValueError):
        return default


def append(name, line):
    with lock, open(os.path.join(DIR, name), "a") as f:
        f.write(line + "\n")


def secret():
    with open(SECRET, "rb") as f:
        s = f.read()
    if s.endswith(b"\n"):
        s = s[:-1]
    return s


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def answer(self, code):
        self.send_response(code)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def problem(self, code, why, body):
        append("bad", "%d %s %r" % (code, why, body[:200]))
        self.answer(code)

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n)
        sig = self.headers.get("X-Refready-Signature", "")
        parts = dict(p.split("=", 1) for p in sig.split(",") if "=" in p)
        if "t" not in parts or "v1" not in parts:
            return self.problem(401, "no signature", body)
        mac = hmac.new(secret(), parts["t"].encode() + b"." + body,
                       hashlib.sha256).hexdigest()
        if not hmac.compare_digest(mac, parts["v1"]):
            return self.problem(401, "bad signature", body)
        if self.headers.get("Content-Type") != "application/json":
            return self.problem(400, "content type", body)
        try:
            ev = json.loads(body)
        except ValueError:
            return self.problem(400, "not JSON", body)
        if ev.get("id") != self.headers.get("X-Refready-Event-Id"):
            return self.problem(400, "id differs from the header", body)
        with lock:
            tries[ev["id"]] = tries.get(ev["id"], 0) + 1
            k = tries[ev["id"]]
        append("received", ev["id"])
        time.sleep(setting("sleep", 0.0, float))
        code = 500 if k <= setting("fail", 0, int) else 200
        append("attempts", "%s %d" % (ev["id"], code))
        if code == 200:
            append("events", body.decode())
        self.answer(code)

    def log_message(self, fmt, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
with open(os.path.join(DIR, "port.tmp"), "w") as f:
    f.write("%d\n" % server.server_address[1])
os.rename(os.path.join(DIR, "port.tmp"), os.path.join(DIR, "port"))
server.serve_forever()
