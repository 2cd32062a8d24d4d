#!/usr/bin/env python3
"""End-to-end tests of `sls offline` beyond HTTP routes: the WebSocket API on --websocketPort
($connect with its query string and headers, a rejected $connect, $disconnect, custom routes by
the route selection expression with the reply body, $default answering through the connections
management API as the AWS SDK calls it, a throwing route, GET/POST/DELETE /@connections/{id}),
a `provided.al2023` function whose own shell `bootstrap` (curl) runs against our Lambda Runtime API
under `sls offline` and `sls invoke local`, and `schedule` events (--runSchedulesOnInit, input,
--noSchedule); and serverless.yml edits restarting the routes. The WebSocket client is a small one written here over a socket.

  offline_ws_e2e.py [--sls PATH]      (PATH defaults to $SLS)
Every wait is bounded (server start 20 s, each request or frame 15 s).
"""
import argparse
import base64
import glob
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from offline_e2e import FAILURES, Offline, check, free_port, write  # noqa: E402

WS = {
    "serverless.yml": """service: offws
provider:
  name: aws
  runtime: nodejs24.x
  stage: dev
  environment:
    OUT_DIR: {out}
    WS_ENDPOINT: http://127.0.0.1:{port}/dev
functions:
  conn:
    handler: handler.connect
    events:
      - websocket: $connect
  disconn:
    handler: handler.disconnect
    events:
      - websocket:
          route: $disconnect
  echo:
    handler: handler.echo
    events:
      - websocket:
          route: echo
          routeResponseSelectionExpression: $default
  fallback:
    handler: handler.fallback
    events:
      - websocket: $default
  boom:
    handler: handler.boom
    events:
      - websocket: boom
""",
    "handler.js": """const fs = require('fs');
const path = require('path');
const save = (name, event) => fs.writeFileSync(path.join(process.env.OUT_DIR, name + '.json'), JSON.stringify(event));
exports.connect = async (event) => {
  save('connect-' + event.requestContext.connectionId, event);
  if (event.queryStringParameters && event.queryStringParameters.deny) return { statusCode: 403 };
  return { statusCode: 200 };
};
exports.disconnect = async (event) => {
  save('disconnect-' + event.requestContext.connectionId, event);
  return { statusCode: 200 };
};
exports.echo = async (event) => ({ statusCode: 200, body: JSON.stringify({ route: 'echo', event }) });
// Replies as the AWS SDK's postToConnection does: POST {endpoint}/@connections/{id}.
exports.fallback = async (event) => {
  const id = event.requestContext.connectionId;
  const url = `${process.env.WS_ENDPOINT}/@connections/${encodeURIComponent(id)}`;
  const res = await fetch(url, { method: 'POST', body: JSON.stringify({ route: '$default', event }) });
  return { statusCode: res.status, body: 'not sent back: no route response' };
};
exports.boom = async () => { throw new Error('boom'); };
""",
}

BOOTSTRAP = r"""#!/bin/sh
# A custom runtime as Lambda runs it: poll the Runtime API, answer each invocation.
set -eu
API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
while true; do
  H="$(mktemp)"
  EVENT="$(curl -sS -D "$H" "$API/invocation/next")"
  ID="$(grep -i '^lambda-runtime-aws-request-id:' "$H" | tr -d '\r' | cut -d' ' -f2)"
  ARN="$(grep -i '^lambda-runtime-invoked-function-arn:' "$H" | tr -d '\r' | cut -d' ' -f2)"
  rm -f "$H"
  case "$EVENT" in
    *'"path":"/fail"'*)
      curl -sS -o /dev/null -X POST "$API/invocation/$ID/error" -H 'Lambda-Runtime-Function-Error-Type: Unhandled' \
        -d '{"errorMessage":"failed on purpose","errorType":"Failure"}' ;;
    *)
      BODY="$(printf '%s' "$EVENT" | sed 's/\\/\\\\/g; s/"/\\"/g')"
      curl -sS -o /dev/null -X POST "$API/invocation/$ID/response" \
        -d "{\"statusCode\":200,\"headers\":{\"x-request-id\":\"$ID\",\"x-pid\":\"$$\",\"x-handler\":\"$_HANDLER\",\"x-arn\":\"$ARN\",\"x-fn\":\"$AWS_LAMBDA_FUNCTION_NAME\"},\"body\":\"$BODY\"}" ;;
  esac
done
"""

PROVIDED = {
    "serverless.yml": """service: offprov
provider:
  name: aws
  runtime: provided.al2023
  stage: dev
  environment:
    OUT_DIR: {out}
functions:
  hello:
    handler: hello.handler
    events:
      - http: GET /hello
      - http: GET /fail
  tick:
    handler: tick.handler
    runtime: nodejs24.x
    events:
      - schedule: rate(1 minute)
      - schedule:
          rate: cron(0 0 1 1 ? 2099)
          input:
            fixed: true
      - schedule:
          rate: rate(2 minutes)
          enabled: false
""",
    "bootstrap": BOOTSTRAP,
    "tick.js": """const fs = require('fs');
const path = require('path');
exports.handler = async (event) => {
  fs.writeFileSync(path.join(process.env.OUT_DIR, `tick-${Date.now()}-${Math.random()}.json`), JSON.stringify(event));
};
""",
}

WS_AUTH = {
    "serverless.yml": """service: offwsauth
provider:
  name: aws
  runtime: nodejs24.x
  stage: dev
  region: eu-west-1
  environment:
    OUT_DIR: {out}
functions:
  auth:
    handler: handler.auth
  conn:
    handler: handler.connect
    events:
      - websocket:
          route: $connect
          authorizer:
            name: auth
            identitySource:
              - route.request.header.Auth
              - route.request.querystring.token
  echo:
    handler: handler.echo
    events:
      - websocket:
          route: $default
          routeResponseSelectionExpression: $default
""",
    "handler.js": """const fs = require('fs');
const path = require('path');
const save = (name, event) => fs.writeFileSync(path.join(process.env.OUT_DIR, name + '.json'), JSON.stringify(event));
exports.auth = async (event) => {
  save('auth-' + event.queryStringParameters.token, event);
  const who = event.headers.Auth;
  if (who === 'bad') throw new Error('Unauthorized');
  if (who === 'broken') throw new Error('boom');
  return { principalId: 'user-' + who, context: { user: who, n: 7, ok: true },
    policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke',
      Effect: who === 'deny' ? 'Deny' : 'Allow', Resource: event.methodArn }] } };
};
exports.connect = async (event) => {
  save('connect-' + event.requestContext.connectionId, event);
  return { statusCode: 200 };
};
exports.echo = async (event) => ({ statusCode: 200, body: JSON.stringify(event) });
""",
}


class WsClient:
    """A minimal RFC 6455 client: the handshake, masked text frames out, frames in."""

    def __init__(self, port, target="/", headers=None):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=15)
        key = base64.b64encode(os.urandom(16)).decode()
        lines = [f"GET {target} HTTP/1.1", f"Host: localhost:{port}", "Upgrade: websocket", "Connection: Upgrade",
                 f"Sec-WebSocket-Key: {key}", "Sec-WebSocket-Version: 13"]
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        buf = b""
        while b"\r\n\r\n" not in buf:
            chunk = self.sock.recv(4096)
            if not chunk:
                break
            buf += chunk
        head, _, self.buf = buf.partition(b"\r\n\r\n")
        self.status = int(head.split(b" ")[1]) if head else 0

    def _read(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("connection closed")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def send(self, text, opcode=1):
        data = text.encode() if isinstance(text, str) else text
        mask = os.urandom(4)
        n = len(data)
        head = bytes([0x80 | opcode])
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 65536:
            head += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            head += bytes([0x80 | 127]) + struct.pack(">Q", n)
        self.sock.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def recv(self):
        """(opcode, payload bytes) of the next frame."""
        b0, b1 = self._read(2)
        n = b1 & 0x7F
        if n == 126:
            n = struct.unpack(">H", self._read(2))[0]
        elif n == 127:
            n = struct.unpack(">Q", self._read(8))[0]
        return b0 & 0x0F, self._read(n)

    def recv_text(self):
        op, data = self.recv()
        return json.loads(data) if op == 1 else (op, data)

    def close(self):
        try:
            self.send(struct.pack(">H", 1000), opcode=8)
            self.recv()
        except (OSError, EOFError):
            pass
        self.sock.close()


def wait_for_file(pattern, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        found = glob.glob(pattern)
        if found:
            time.sleep(0.05)  # the handler's write is done
            return json.load(open(found[0]))
        time.sleep(0.05)
    return None


def test_websocket(sls, root):
    out = os.path.join(root, "..", "ws-out")
    os.makedirs(out, exist_ok=True)
    port = free_port()
    files = {k: v.replace("{out}", out).replace("{port}", str(port)) for k, v in WS.items()}
    write(root, files)
    srv = Offline(sls, root, ["--websocketPort", str(port)])
    try:
        check("ws: routes listed", f"ws://localhost:{port}" in srv.output() and "route echo" in srv.output(),
              srv.output()[-1500:])
        c = WsClient(port, "/?token=abc&x=1&x=2", {"X-Custom": "hdr", "User-Agent": "e2e-agent"})
        check("ws: $connect accepted (101)", c.status == 101, c.status)
        c.send(json.dumps({"action": "echo", "n": 1}))
        reply = c.recv_text()
        check("ws: custom route by $request.body.action, body sent back",
              isinstance(reply, dict) and reply.get("route") == "echo", reply)
        e = reply["event"]
        rc = e["requestContext"]
        conn_id = rc["connectionId"]
        check("ws: message event", e["body"] == json.dumps({"action": "echo", "n": 1}) and e["isBase64Encoded"] is False
              and rc["routeKey"] == "echo" and rc["eventType"] == "MESSAGE" and len(rc["messageId"]) == 36
              and rc["messageDirection"] == "IN" and rc["stage"] == "dev" and rc["domainName"] == "localhost"
              and rc["apiId"] == "private" and isinstance(rc["connectedAt"], int)
              and isinstance(rc["requestTimeEpoch"], int) and len(rc["requestId"]) == 36
              and rc["identity"]["sourceIp"] == "127.0.0.1", e)
        check("ws: connection id shaped as API Gateway's", len(conn_id) == 16 and conn_id.endswith("="), conn_id)
        ce = wait_for_file(os.path.join(out, f"connect-{conn_id}.json"))
        check("ws: $connect event saved", ce is not None, os.listdir(out))
        if ce:
            crc = ce["requestContext"]
            check("ws: $connect event shape", crc["routeKey"] == "$connect" and crc["eventType"] == "CONNECT"
                  and crc["connectionId"] == conn_id and crc["stage"] == "dev" and "messageId" not in crc
                  and crc["connectedAt"] == rc["connectedAt"] and crc["identity"]["userAgent"] == "e2e-agent"
                  and ce["isBase64Encoded"] is False, ce)
            check("ws: $connect query string", ce.get("queryStringParameters") == {"token": "abc", "x": "2"}
                  and ce.get("multiValueQueryStringParameters") == {"token": ["abc"], "x": ["1", "2"]}, ce)
            check("ws: $connect headers", ce["headers"].get("X-Custom") == "hdr"
                  and ce["multiValueHeaders"].get("X-Custom") == ["hdr"]
                  and ce["headers"].get("Sec-WebSocket-Version") == "13", ce["headers"])

        c.send("plain text, no action")
        reply = c.recv_text()
        check("ws: $default route replies through POST /@connections/{id} (stage in the endpoint)",
              isinstance(reply, dict) and reply.get("route") == "$default"
              and reply["event"]["requestContext"]["routeKey"] == "$default"
              and reply["event"]["body"] == "plain text, no action", reply)
        c.send(json.dumps({"action": "nosuchroute"}))
        reply = c.recv_text()
        check("ws: an unknown action goes to $default", isinstance(reply, dict) and reply.get("route") == "$default",
              reply)
        c.send(json.dumps({"action": "boom"}))
        reply = c.recv_text()
        check("ws: a throwing handler: Internal server error to the client",
              isinstance(reply, dict) and reply.get("message") == "Internal server error"
              and reply.get("connectionId") == conn_id, reply)

        quoted = conn_id.replace("=", "%3D")
        status, h, _, body = srv.request("GET", f"/@connections/{quoted}", port=port)
        info = json.loads(body) if status == 200 else {}
        check("ws: GET /@connections/{id} describes the connection",
              status == 200 and info.get("identity", {}).get("sourceIp") == "127.0.0.1"
              and info["identity"].get("userAgent") == "e2e-agent" and info.get("connectedAt", "").endswith("Z")
              and "lastActiveAt" in info, (status, body))
        status, _, _, _ = srv.request("POST", f"/@connections/{quoted}", body=b"pushed by the test", port=port)
        op, data = c.recv()
        check("ws: POST /@connections/{id} sends to the client", status == 200 and op == 1
              and data == b"pushed by the test", (status, op, data))
        status, h, _, _ = srv.request("POST", "/@connections/nope%3D", body=b"x", port=port)
        check("ws: POST to an unknown connection: 410 GoneException",
              status == 410 and h.get("x-amzn-errortype") == "GoneException", (status, h))
        status, _, _, _ = srv.request("GET", "/", port=port)
        check("ws: a plain GET on the websocket port: 426", status == 426, status)

        status, _, _, _ = srv.request("DELETE", f"/@connections/{quoted}", port=port)
        op, data = c.recv()
        check("ws: DELETE /@connections/{id} closes the connection", status == 204 and op == 8, (status, op, data))
        c.sock.close()
        de = wait_for_file(os.path.join(out, f"disconnect-{conn_id}.json"))
        check("ws: $disconnect event after DELETE", de is not None
              and de["requestContext"]["eventType"] == "DISCONNECT"
              and de["requestContext"]["routeKey"] == "$disconnect"
              and de["requestContext"]["connectionId"] == conn_id, de)
        status, _, _, _ = srv.request("GET", f"/@connections/{quoted}", port=port)
        check("ws: a closed connection is gone (410)", status == 410, status)

        d = WsClient(port, "/?deny=1")
        check("ws: $connect returning 403 rejects the upgrade", d.status == 403, d.status)
        d.sock.close()

        c2 = WsClient(port, "/")
        c2.send(json.dumps({"action": "echo"}))
        id2 = c2.recv_text()["event"]["requestContext"]["connectionId"]
        c2.close()
        de = wait_for_file(os.path.join(out, f"disconnect-{id2}.json"))
        check("ws: $disconnect after the client closes", de is not None and de["requestContext"]["connectionId"] == id2
              and de["requestContext"].get("disconnectStatusCode") == 1000, de)
        status, _, _, _ = srv.request("GET", "/dev/anything")
        check("ws: the http server still answers beside it", status in (403, 404), status)
    finally:
        srv.stop()
    check("ws: SIGTERM stops the server", srv.proc.returncode == 0, srv.proc.returncode)


def test_websocket_auth(sls, root):
    out = os.path.join(root, "..", "ws-auth-out")
    os.makedirs(out, exist_ok=True)
    port = free_port()
    write(root, {k: v.replace("{out}", out) for k, v in WS_AUTH.items()})
    srv = Offline(sls, root, ["--websocketPort", str(port)])
    try:
        c = WsClient(port, "/?token=t1", {"Auth": "good"})
        check("ws auth: an Allow policy accepts the upgrade", c.status == 101, (c.status, srv.output()[-1500:]))
        ae = wait_for_file(os.path.join(out, "auth-t1.json"))
        check("ws auth: the authorizer got a REQUEST event", ae is not None and ae.get("type") == "REQUEST"
              and ae.get("methodArn") == "arn:aws:execute-api:eu-west-1:123456789012:private/dev/$connect"
              and ae["headers"].get("Auth") == "good" and ae["multiValueHeaders"].get("Auth") == ["good"]
              and ae["queryStringParameters"] == {"token": "t1"}
              and ae["multiValueQueryStringParameters"] == {"token": ["t1"]}
              and ae["requestContext"]["eventType"] == "CONNECT" and ae["requestContext"]["routeKey"] == "$connect"
              and ae["requestContext"]["stage"] == "dev" and "body" not in ae, ae)
        c.send("hello")
        me = c.recv_text()
        conn_id = me["requestContext"]["connectionId"] if isinstance(me, dict) else ""
        want = {"user": "good", "n": "7", "ok": "true", "principalId": "user-good"}
        got = me["requestContext"].get("authorizer", {}) if isinstance(me, dict) else {}
        check("ws auth: the context reaches later route events (values as strings)",
              all(got.get(k) == v for k, v in want.items()) and "integrationLatency" in got, me)
        ce = wait_for_file(os.path.join(out, f"connect-{conn_id}.json"))
        check("ws auth: ... and the $connect event",
              ce is not None and ce["requestContext"].get("authorizer", {}).get("principalId") == "user-good", ce)
        c.close()
        for label, target, headers, status in (
                ("an explicit Deny: 403", "/?token=t2", {"Auth": "deny"}, 403),
                ("'Unauthorized' thrown: 401", "/?token=t3", {"Auth": "bad"}, 401),
                ("another error: 500", "/?token=t4", {"Auth": "broken"}, 500),
                ("a missing identity source (header): 401", "/?token=t5", {}, 401),
                ("a missing identity source (query string): 401", "/", {"Auth": "good"}, 401)):
            d = WsClient(port, target, headers)
            check(f"ws auth: {label}", d.status == status, d.status)
            d.sock.close()
        check("ws auth: a missing identity source does not run the authorizer",
              not os.path.exists(os.path.join(out, "auth-t5.json")), os.listdir(out))
        connects = glob.glob(os.path.join(out, "connect-*.json"))
        check("ws auth: $connect runs only for the allowed connection", len(connects) == 1, connects)
    finally:
        srv.stop()
    srv = Offline(sls, root, ["--websocketPort", str(port), "--noAuth"])
    try:
        d = WsClient(port, "/")
        check("ws auth: --noAuth accepts without the authorizer", d.status == 101, d.status)
        d.close()
    finally:
        srv.stop()


def test_websocket_idle(sls, root):
    out = os.path.join(root, "..", "ws-idle-out")
    os.makedirs(out, exist_ok=True)
    port = free_port()
    write(root, {k: v.replace("{out}", out).replace("{port}", str(port)) for k, v in WS.items()})
    srv = Offline(sls, root, ["--websocketPort", str(port), "--webSocketIdleTimeout", "1"])
    try:
        c = WsClient(port, "/")
        c.send(json.dumps({"action": "echo"}))
        conn_id = c.recv_text()["event"]["requestContext"]["connectionId"]
        start = time.time()
        op, data = c.recv()
        check("ws: --webSocketIdleTimeout closes an idle connection (1001 Going away)",
              op == 8 and data[:2] == struct.pack(">H", 1001) and time.time() - start < 5, (op, data))
        c.sock.close()
        de = wait_for_file(os.path.join(out, f"disconnect-{conn_id}.json"))
        check("ws: $disconnect after the idle timeout", de is not None
              and de["requestContext"].get("disconnectStatusCode") == 1001, de)
    finally:
        srv.stop()


def test_provided(sls, root):
    out = os.path.join(root, "..", "prov-out")
    os.makedirs(out, exist_ok=True)
    files = {k: v.replace("{out}", out) for k, v in PROVIDED.items()}
    write(root, files)
    os.chmod(os.path.join(root, "bootstrap"), 0o755)
    srv = Offline(sls, root, ["--runSchedulesOnInit", "--websocketPort", str(free_port())])
    try:
        status, h, _, body = srv.request("GET", "/dev/hello?q=1", headers={"X-Test": "t"})
        check("provided: the bootstrap answers over the Runtime API", status == 200, (status, body))
        if status == 200:
            e = json.loads(body)
            check("provided: the proxy event reached the bootstrap",
                  e["resource"] == "/hello" and e["queryStringParameters"] == {"q": "1"}
                  and e["headers"].get("X-Test") == "t", e)
            check("provided: request id, _HANDLER, function ARN and Lambda env",
                  len(h.get("x-request-id", "")) == 36 and h.get("x-handler") == "hello.handler"
                  and h.get("x-arn", "").endswith(":function:offprov-dev-hello")
                  and h.get("x-fn") == "offprov-dev-hello", h)
            pid = h.get("x-pid")
            status, h, _, _ = srv.request("GET", "/dev/hello")
            check("provided: the same warm bootstrap serves the next request", status == 200
                  and h.get("x-pid") == pid, (pid, h.get("x-pid")))
        status, _, _, body = srv.request("GET", "/dev/fail")
        check("provided: /invocation/{id}/error gives API Gateway's 502", status == 502, (status, body))
        check("provided: the error is logged", "Failure: failed on purpose" in srv.output(), srv.output()[-1500:])
        status, _, _, body = srv.request("POST", "/2015-03-31/functions/hello/invocations", body=b'{"path":"/x"}',
                                         port=srv.lambda_port)
        check("provided: through the Invoke API", status == 200 and json.loads(json.loads(body)["body"]) == {"path": "/x"},
              (status, body))

        deadline = time.time() + 10
        ticks = []
        while time.time() < deadline and len(ticks) < 2:
            ticks = [json.load(open(f)) for f in glob.glob(os.path.join(out, "tick-*.json"))]
            time.sleep(0.1)
        scheduled = [t for t in ticks if t.get("source") == "aws.events"]
        check("schedule: --runSchedulesOnInit runs each enabled schedule once at start",
              len(ticks) == 2 and {"fixed": True} in ticks and len(scheduled) == 1, ticks)
        if scheduled:
            s = scheduled[0]
            check("schedule: the scheduled event shape", s["detail-type"] == "Scheduled Event" and s["version"] == "0"
                  and s["region"] == "us-east-1" and s["detail"] == {} and s["time"].endswith("Z")
                  and s["resources"] == ["arn:aws:events:us-east-1:000000000000:rule/offprov-dev-tick-schedule-1"]
                  and len(s["id"]) == 36, s)
        log = srv.output()
        check("schedule: listed, disabled one noted", "schedule  | rate(1 minute)  (λ: tick)" in log
              and "Scheduling [tick rate(2 minutes)]: disabled" in log, log[:2000])
    finally:
        srv.stop()

    for f in glob.glob(os.path.join(out, "tick-*.json")):
        os.remove(f)
    srv = Offline(sls, root, ["--runSchedulesOnInit", "--noSchedule", "--websocketPort", str(free_port())])
    try:
        time.sleep(1.5)
        check("schedule: --noSchedule runs none", not glob.glob(os.path.join(out, "tick-*.json")), os.listdir(out))
    finally:
        srv.stop()

    p = subprocess.run([sls, "invoke", "local", "-f", "hello", "--data", '{"path":"/local"}'], cwd=root,
                       capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    try:
        result = json.loads(p.stdout)
        ok = p.returncode == 0 and result["statusCode"] == 200 and json.loads(result["body"]) == {"path": "/local"}
    except (ValueError, KeyError, TypeError):
        ok = False
    check("provided: sls invoke local runs the bootstrap", ok, (p.returncode, p.stdout, p.stderr))
    p = subprocess.run([sls, "invoke", "local", "-f", "hello", "--data", '{"path":"/fail"}'], cwd=root,
                       capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    check("provided: sls invoke local prints the error, exit 1",
          p.returncode == 1 and '"errorMessage": "failed on purpose"' in p.stdout, (p.returncode, p.stdout, p.stderr))
    os.remove(os.path.join(root, "bootstrap"))
    p = subprocess.run([sls, "invoke", "local", "-f", "hello"], cwd=root, capture_output=True, text=True, timeout=60,
                       stdin=subprocess.DEVNULL)
    check("provided: a missing bootstrap is a clear error, exit 1",
          p.returncode == 1 and "bootstrap" in p.stdout + p.stderr, (p.returncode, p.stdout, p.stderr))


CONFIG_RELOAD = {
    "serverless.yml": """service: offcfg
provider:
  name: aws
  runtime: nodejs24.x
functions:
  a:
    handler: handler.a
    events:
      - http: GET /a
""",
    "handler.js": "exports.a = async () => ({ statusCode: 200, body: 'a' });\n"
                  "exports.b = async () => ({ statusCode: 200, body: 'b' });\n",
}


def test_config_reload(sls, root):
    write(root, CONFIG_RELOAD)
    srv = Offline(sls, root)
    try:
        status, _, _, _ = srv.request("GET", "/dev/b")
        check("config reload: /b is not a route at first", status == 403, status)
        with open(os.path.join(root, "serverless.yml"), "a") as f:
            f.write("  b:\n    handler: handler.b\n    events:\n      - http: GET /b\n")
        deadline = time.time() + 10
        body = b""
        while time.time() < deadline:
            try:
                status, _, _, body = srv.request("GET", "/dev/b")
                if status == 200:
                    break
            except OSError:
                pass  # the moment the routes restart
            time.sleep(0.1)
        check("config reload: a route added to serverless.yml is served without a restart",
              status == 200 and body == b"b", (status, body))
        check("config reload: logged", "Reloading the routes: serverless.yml changed" in srv.output(),
              srv.output()[-1500:])
        with open(os.path.join(root, "serverless.yml"), "a") as f:
            f.write("  broken: [\n")
        deadline = time.time() + 10
        while time.time() < deadline and "keeping the previous one" not in srv.output():
            time.sleep(0.1)
        check("config reload: a config that does not load keeps the previous routes",
              "keeping the previous one" in srv.output(), srv.output()[-1500:])
        status, _, _, body = srv.request("GET", "/dev/b")
        check("config reload: still serving after a bad edit", status == 200 and body == b"b", (status, body))
    finally:
        srv.stop()
    check("config reload: SIGTERM stops the server", srv.proc.returncode == 0, srv.proc.returncode)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sls", default=os.environ.get("SLS"))
    args = ap.parse_args()
    if not args.sls:
        sys.exit("--sls PATH (or $SLS) is required")
    sls = os.path.abspath(args.sls)
    if not shutil.which("curl"):
        sys.exit("curl is required (the provided.al2023 bootstrap uses it)")
    root = tempfile.mkdtemp(prefix="sls_offline_ws_")
    try:
        for name, test in (("websocket", test_websocket), ("ws-auth", test_websocket_auth), ("ws-idle", test_websocket_idle), ("provided", test_provided),
                           ("config", test_config_reload)):
            try:
                test(sls, os.path.join(root, name))
            except Exception as exc:  # noqa: BLE001 - reported as a failure
                check(f"{name}: ran without an exception", False, repr(exc))
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"{len(FAILURES)} failed")
    sys.exit(1 if FAILURES else 0)


if __name__ == "__main__":
    main()
