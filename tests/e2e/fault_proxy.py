#!/usr/bin/env python3
"""A loopback HTTP proxy in front of moto_server that injects AWS-style faults.

    with FaultProxy("http://127.0.0.1:5000", rate=0.2, seed=7) as proxy:
        env["AWS_ENDPOINT_URL"] = proxy.endpoint

For a share (`rate`) of requests, chosen by a seeded random generator, the
proxy answers with one of these (taking turns):

  throttle  the protocol's throttling error, BEFORE forwarding (moto never sees it):
              Query (CloudFormation, STS): 400 <ErrorResponse>..<Code>Throttling</Code>..
              S3 (REST-XML):               503 <Error><Code>SlowDown</Code>..
              JSON (Lambda, Logs, SSM..):  400 {"__type":"ThrottlingException"}
  internal  500 InternalError in the same formats, BEFORE forwarding
  drop      the socket closed without a reply, BEFORE forwarding
  drop-after the request IS forwarded to moto and its reply thrown away (socket
            closed); only for idempotent requests (GET/HEAD, S3 PUT/DELETE object,
            Describe*/List*/Get* actions), where a repeat does no harm
  truncate  the request IS forwarded and moto's reply cut in half: by turns with its full
            Content-Length announced (the client sees a short read) or, for a 2xx reply, with
            none and the connection closed (the client sees a complete but unparsable body); only for
            idempotent requests, like drop-after. Not among the default kinds.

A request "signature" (method, path, action/target, body digest) never gets
more than `max_consecutive` (2) faults in a row, so a client that makes 3
attempts always gets through. Every injected fault is logged (`faults`, and a
line to `log` when given).

`rules` add deterministic, non-random replies: a list of (predicate, kind,
code, message) where predicate(RequestInfo) -> bool and kind is "denied"
(403), "throttle" or "internal"; the first match answers instead of moto, in
the protocol's error format (e.g. 403 AccessDenied for CreateChangeSet). Kind
"drop" / "drop-after" (code and message unused) drops the connection instead.

Run standalone: fault_proxy.py --target http://127.0.0.1:5000 --rate 0.2 --seed 1
"""
import argparse
import hashlib
import http.client
import http.server
import json
import random
import socket
import sys
import threading
import urllib.parse

HOP_HEADERS = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade"}
IDEMPOTENT_PREFIXES = ("Describe", "List", "Get", "Head", "Validate", "Estimate")


class RequestInfo:
    """What the proxy knows about one request."""

    def __init__(self, method, path, headers, body):
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
        self.protocol, self.action = classify(method, path, headers, body)
        digest = hashlib.sha256(body).hexdigest()[:16]
        self.signature = f"{method} {urllib.parse.urlsplit(path).path} {self.action} {digest}"

    @property
    def idempotent(self):
        if self.method in ("GET", "HEAD"):
            return True
        if self.protocol == "s3":
            # Whole-object PUT / DELETE of a key: repeating it leaves the same state.
            parts = urllib.parse.urlsplit(self.path)
            key_path = parts.path.strip("/").split("/", 1)
            query = urllib.parse.parse_qs(parts.query, keep_blank_values=True)
            return self.method in ("PUT", "DELETE") and len(key_path) == 2 and not query
        return self.action.startswith(IDEMPOTENT_PREFIXES)


def classify(method, path, headers, body):
    """-> (protocol, action): protocol is query, json, rest-json or s3."""
    target = headers.get("X-Amz-Target", "")
    if target:
        return "json", target.rsplit(".", 1)[-1]
    ctype = headers.get("Content-Type", "")
    if method == "POST" and "x-www-form-urlencoded" in ctype:
        form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
        if "Action" in form:
            return "query", form["Action"][0]
    parsed = urllib.parse.urlsplit(path)
    if method == "GET" and "Action=" in parsed.query:
        return "query", urllib.parse.parse_qs(parsed.query).get("Action", [""])[0]
    # Lambda and the other REST-JSON services use versioned paths: /2015-03-31/functions/...
    first = parsed.path.strip("/").split("/", 1)[0]
    if len(first) == 10 and first[4] == "-" and first[7] == "-" and first.replace("-", "").isdigit():
        return "rest-json", f"{method} {parsed.path}"
    return "s3", f"{method} {parsed.path}"


def error_reply(protocol, kind, code, message):
    """(status, content_type, body, extra_headers) of an AWS error in the protocol's format."""
    if protocol == "query":
        status = {"internal": 500, "denied": 403}.get(kind, 400)
        etype = "Receiver" if kind == "internal" else "Sender"
        body = (f"<ErrorResponse><Error><Type>{etype}</Type><Code>{code}</Code><Message>{message}</Message>"
                f"</Error><RequestId>fault-proxy</RequestId></ErrorResponse>")
        return status, "text/xml", body.encode(), {}
    if protocol == "s3":
        status = {"throttle": 503, "internal": 500}.get(kind, 403)
        body = (f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{code}</Code><Message>{message}</Message>'
                f"<RequestId>fault-proxy</RequestId></Error>")
        return status, "application/xml", body.encode(), {}
    status = 500 if kind == "internal" else 400
    if kind == "denied":
        status = 403
    body = json.dumps({"__type": code, "message": message}).encode()
    extra = {"x-amzn-ErrorType": code} if protocol == "rest-json" else {}
    return status, "application/x-amz-json-1.1", body, extra


def fault_error(protocol, kind):
    """The injected throttling / internal error in the protocol's format."""
    if kind == "throttle":
        code = {"query": "Throttling", "s3": "SlowDown"}.get(protocol, "ThrottlingException")
        message = "Please reduce your request rate." if protocol == "s3" else "Rate exceeded"
    else:
        code = "InternalFailure" if protocol in ("json", "rest-json") else "InternalError"
        message = "We encountered an internal error. Please try again."
    return error_reply(protocol, kind, code, message)


class FaultProxy:
    KINDS = ("throttle", "internal", "drop", "drop-after")

    def __init__(self, target, rate=0.2, seed=1, kinds=KINDS, max_consecutive=2, rules=(), log=None):
        self.target = urllib.parse.urlsplit(target)
        self.rate = rate
        self.kinds = tuple(kinds)
        self.max_consecutive = max_consecutive
        self.rules = list(rules)
        self.log = log
        self.random = random.Random(seed)
        self.lock = threading.Lock()
        self.consecutive = {}  # signature -> faults in a row
        self.faults = []       # (kind, protocol, action, method, path)
        self.requests = []     # (protocol, action, method, path, outcome)
        self.server = None
        self.thread = None

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def count(self, kind=None):
        with self.lock:
            return sum(1 for f in self.faults if kind is None or f[0] == kind)

    def decide(self, info):
        """The fault to inject for this request, or None (and book-keeping)."""
        with self.lock:
            in_row = self.consecutive.get(info.signature, 0)
            roll = self.random.random()
            # Kinds take turns, so even a short run sees each of them.
            pick = self.kinds[len(self.faults) % len(self.kinds)] if self.kinds else None
            if in_row >= self.max_consecutive or roll >= self.rate or pick is None:
                self.consecutive[info.signature] = 0
                return None
            if pick in ("drop-after", "truncate") and not info.idempotent:
                pick = "drop"
            self.consecutive[info.signature] = in_row + 1
            self.faults.append((pick, info.protocol, info.action, info.method, info.path))
            if self.log:
                print(f"fault-proxy: inject {pick} into {info.protocol} {info.action} "
                      f"({info.method} {urllib.parse.urlsplit(info.path).path}) [{in_row + 1} in a row]",
                      file=self.log, flush=True)
            return pick

    def start(self):
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                info = RequestInfo(self.command, self.path, self.headers, body)
                fault = None
                for predicate, kind, code, message in proxy.rules:
                    if predicate(info):
                        if proxy.log:
                            print(f"fault-proxy: rule answers {info.action} with {code or kind}", file=proxy.log,
                                  flush=True)
                        with proxy.lock:
                            proxy.requests.append((info.protocol, info.action, info.method, info.path, "rule"))
                            proxy.faults.append((kind, info.protocol, info.action, info.method, info.path))
                            # Counts toward the faults in a row, so random ones never add a third.
                            proxy.consecutive[info.signature] = proxy.consecutive.get(info.signature, 0) + 1
                        if kind not in ("drop", "drop-after"):
                            return self._reply(*error_reply(info.protocol, kind, code, message))
                        fault = kind
                        break
                else:
                    fault = proxy.decide(info)
                    with proxy.lock:
                        proxy.requests.append((info.protocol, info.action, info.method, info.path, fault or "ok"))
                if fault in ("throttle", "internal"):
                    return self._reply(*fault_error(info.protocol, fault))
                if fault == "drop":
                    return self._drop()
                try:
                    status, headers, reply = self._forward(body)
                except OSError as e:
                    return self._reply(502, "text/plain", f"fault-proxy: upstream failed: {e}".encode(), {})
                if fault == "drop-after":
                    return self._drop()
                if fault == "truncate" and reply and self.command != "HEAD":
                    return self._truncated(status, headers, reply)
                self.send_response(status)
                for k, v in headers:
                    if k.lower() not in HOP_HEADERS and k.lower() != "content-length":
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(reply)) if self.command != "HEAD"
                                 else dict((k.lower(), v) for k, v in headers).get("content-length", "0"))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(reply)

            def _forward(self, body):
                conn = http.client.HTTPConnection(proxy.target.hostname, proxy.target.port, timeout=120)
                try:
                    headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_HEADERS}
                    conn.request(self.command, self.path, body=body if body or self.command in ("POST", "PUT")
                                 else None, headers=headers)
                    r = conn.getresponse()
                    data = r.read()
                    return r.status, r.getheaders(), data
                finally:
                    conn.close()

            def _reply(self, status, ctype, body, extra):
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("x-amzn-RequestId", "fault-proxy")
                for k, v in extra.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            def _truncated(self, status, headers, reply):
                with proxy.lock:
                    announce = sum(1 for f in proxy.faults if f[0] == "truncate") % 2 == 1
                self.send_response(status)
                for k, v in headers:
                    if k.lower() not in HOP_HEADERS and k.lower() != "content-length":
                        self.send_header(k, v)
                if announce or not 200 <= status < 300:  # AWS always frames its error replies
                    self.send_header("Content-Length", str(len(reply)))
                else:
                    self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(reply[: len(reply) // 2])
                self.wfile.flush()
                self._drop()

            def _drop(self):
                self.close_connection = True
                try:
                    self.connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

            do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = do_PATCH = do_OPTIONS = _handle

        class Server(http.server.ThreadingHTTPServer):
            daemon_threads = True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self):
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--target", required=True, help="moto_server URL, e.g. http://127.0.0.1:5000")
    ap.add_argument("--rate", type=float, default=0.2)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    with FaultProxy(args.target, args.rate, args.seed, log=sys.stderr) as proxy:
        print(proxy.endpoint, flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
