#!/usr/bin/env python3
"""Memory stays flat under `sls offline`: RSS of the server plus its workers after
$SLS_MEMORY_REQUESTS requests (default 200000) is within 10% of RSS after the first 10000.
A small keep-alive load generator (raw sockets, 8 connections in threads) sends GET requests in
turn to an `http` route, an `httpApi` route and an `http` route behind a TOKEN authorizer (with
distinct tokens, so the authorizer cache is exercised), all answered by Node.js handlers, one
worker per function (reservedConcurrency: 1) so that what is measured is growth, not the pool
starting another worker on a busy machine.

  offline_memory_e2e.py [--sls PATH]      (PATH defaults to $SLS)
Bounded: server start 20 s, each request 15 s, the whole run stops after 600 s.
"""
import argparse
import os
import socket
import sys
import tempfile
import shutil
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from offline_e2e import FAILURES, Offline, check, write  # noqa: E402

SERVICE = {
    "serverless.yml": """service: offmem
provider:
  name: aws
  runtime: nodejs24.x
  stage: dev
functions:
  auth:
    handler: handler.auth
    reservedConcurrency: 1
  hello:
    handler: handler.hello
    reservedConcurrency: 1
    events:
      - http: GET /hello
      - httpApi: GET /v2/hello
      - http:
          path: secured
          method: get
          authorizer: auth
""",
    "handler.js": """exports.hello = async (event) => ({ statusCode: 200, body: JSON.stringify({ message: 'hello', path: event.rawPath || event.path }) });
exports.auth = async (event) => ({ principalId: 'u', policyDocument: { Version: '2012-10-17',
  Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }] } });
""",
}

CONNECTIONS = 8
DEADLINE = time.time() + 600


def tree_pids(pid):
    """The process and all its descendants."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    children.setdefault(int(f.read().rsplit(")", 1)[1].split()[1]), []).append(int(entry))
            except (OSError, ValueError, IndexError):
                pass
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def tree_kb(pid, path, field):
    total = 0
    for p in tree_pids(pid):
        try:
            with open(f"/proc/{p}/{path}") as f:
                total += next(int(line.split()[1]) for line in f if line.startswith(field))
        except (OSError, StopIteration):
            pass
    return total


def tree_rss_kb(pid):
    """RSS summed over the tree (a page shared by several processes, e.g. the node binary's, counts in each)."""
    return tree_kb(pid, "status", "VmRSS:")


def tree_pss_kb(pid):
    """PSS summed over the tree: each shared page divided among the processes that map it."""
    return tree_kb(pid, "smaps_rollup", "Pss:")


def load(port, count, start_index, errors):
    """Sends `count` requests over one keep-alive connection; non-200 answers are counted."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=15)
    buf = b""
    try:
        for i in range(start_index, start_index + count):
            if time.time() > DEADLINE:
                errors.append("deadline")
                return
            kind = i % 3
            if kind == 0:
                req = b"GET /dev/hello HTTP/1.1\r\nHost: localhost\r\n\r\n"
            elif kind == 1:
                req = b"GET /v2/hello HTTP/1.1\r\nHost: localhost\r\n\r\n"
            else:
                req = (f"GET /dev/secured HTTP/1.1\r\nHost: localhost\r\nAuthorization: t{i % 5000}\r\n\r\n").encode()
            sock.sendall(req)
            while b"\r\n\r\n" not in buf:
                chunk = sock.recv(65536)
                if not chunk:
                    raise ConnectionError("closed")
                buf += chunk
            head, buf = buf.split(b"\r\n\r\n", 1)
            length = 0
            for line in head.split(b"\r\n")[1:]:
                k, _, v = line.partition(b":")
                if k.strip().lower() == b"content-length":
                    length = int(v)
            while len(buf) < length:
                chunk = sock.recv(65536)
                if not chunk:
                    raise ConnectionError("closed")
                buf += chunk
            buf = buf[length:]
            if not head.startswith(b"HTTP/1.1 200"):
                errors.append(head.split(b"\r\n")[0].decode())
    finally:
        sock.close()


def run_load(port, total, offset):
    errors, threads = [], []
    per = total // CONNECTIONS
    for c in range(CONNECTIONS):
        t = threading.Thread(target=load, args=(port, per, offset + c * per, errors))
        t.start()
        threads.append(t)
    for t in threads:
        t.join()
    return per * CONNECTIONS, errors


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sls", default=os.environ.get("SLS"))
    args = ap.parse_args()
    if not args.sls:
        sys.exit("--sls PATH (or $SLS) is required")
    total = int(os.environ.get("SLS_MEMORY_REQUESTS", "200000"))
    root = tempfile.mkdtemp(prefix="sls_offmem_")
    try:
        svc = os.path.join(root, "svc")
        write(svc, SERVICE)
        srv = Offline(os.path.abspath(args.sls), svc)
        try:
            # One request per route first: the workers start before the load comes.
            for path, headers in (("/dev/hello", {}), ("/v2/hello", {}), ("/dev/secured", {"Authorization": "t"})):
                srv.request("GET", path, headers=headers)
            t0 = time.time()
            sent, errors = run_load(srv.port, 10000, 0)
            rss_10k = tree_rss_kb(srv.proc.pid)
            more, more_errors = run_load(srv.port, total - sent, sent)
            rss_end = tree_rss_kb(srv.proc.pid)
            took = time.time() - t0
            errors += more_errors
            print(f"{sent + more} requests in {took:.0f} s ({(sent + more) / took:.0f}/s); "
                  f"RSS after 10k {rss_10k / 1024:.1f} MB, after {sent + more}: {rss_end / 1024:.1f} MB "
                  f"({(rss_end / rss_10k - 1) * 100:+.1f}%)")
            check("every request answered 200", not errors, errors[:5])
            check(f"RSS after {sent + more} requests within 10% of RSS after 10k", rss_end <= rss_10k * 1.10,
                  (rss_10k, rss_end))
            check("the server is still serving", srv.request("GET", "/dev/hello")[0] == 200)
        finally:
            srv.stop()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"{len(FAILURES)} failed")
    sys.exit(1 if FAILURES else 0)


if __name__ == "__main__":
    main()
