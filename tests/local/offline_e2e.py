#!/usr/bin/env python3
"""End-to-end tests of `sls offline`: services written to a temporary folder (Node.js CommonJS
with `serverless-offline` listed under plugins and nothing installed, Node.js ESM, Python), each
served by `sls offline --httpPort PORT` on a free loopback port; requests over HTTP check the API
Gateway v1 proxy event the handler received (it echoes it) field by field, routing, the stage
prefix, status codes and headers, CORS preflight, 502 for a malformed result, a thrown error and
a crashing worker (and a fresh worker afterwards), 504 on a timeout, init code running once
across 100 requests, a malformed HTTP request (400, and the server keeps serving), and
`custom.serverless-offline` / `--noPrependStageInUrl` / `--prefix`; `httpApi` routes (v2.0 event,
payload 1.0, response inference, $default) beside a REST API; reload after an edit; the Lambda
Invoke API on --lambdaPort (and `aws lambda invoke --endpoint-url` when the aws CLI is installed).

  offline_e2e.py [--sls PATH]      (PATH defaults to $SLS)
Every wait is bounded (server start 20 s, each request 15 s).
"""
import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

CJS = {
    "serverless.yml": """service: offcjs
plugins:
  - serverless-offline
provider:
  name: aws
  runtime: nodejs24.x
  stage: test
  environment:
    SHARED_VAR: shared
functions:
  echo:
    handler: handler.echo
    events:
      - http:
          path: users/{id}
          method: get
          cors: true
      - http: GET /users/me
      - http: ANY /files/{proxy+}
      - http: POST /
  bad:
    handler: handler.bad
    timeout: 1
    events:
      - http: GET /bad/{kind}
""",
    "handler.js": """let inits = 0;
inits += 1;
exports.echo = async (event, context) => ({
  statusCode: 200,
  headers: { 'x-inits': String(inits), 'x-request-id': context.awsRequestId },
  body: JSON.stringify({ event, env: { shared: process.env.SHARED_VAR, offline: process.env.IS_OFFLINE,
                                       name: process.env.AWS_LAMBDA_FUNCTION_NAME },
                         fn: context.functionName }),
});
exports.bad = async (event) => {
  const kind = event.pathParameters.kind;
  if (kind === 'crash') process.exit(1);
  if (kind === 'slow') await new Promise((r) => setTimeout(r, 5000));
  if (kind === 'throw') throw new Error('boom');
  if (kind === 'malformed') return 'not a proxy result';
  if (kind === 'nostatus') return { body: 'x' };
  if (kind === 'binary') return { statusCode: 200, isBase64Encoded: true, headers: { 'content-type': 'image/png' }, body: Buffer.from([1, 2, 3]).toString('base64') };
  return { statusCode: 201, headers: { 'x-single': 'one' }, multiValueHeaders: { 'set-cookie': ['a=1', 'b=2'] }, body: 'created' };
};
""",
}

ESM = {
    "serverless.yml": """service: offesm
provider:
  name: aws
  runtime: nodejs24.x
custom:
  serverless-offline:
    noPrependStageInUrl: true
functions:
  hello:
    handler: src/app.hello
    events:
      - http: GET /hello
""",
    "package.json": '{"type": "module"}\n',
    "src/app.js": """export const hello = (event, context, callback) => {
  callback(null, { statusCode: 200, body: JSON.stringify({ esm: true, q: event.queryStringParameters }) });
};
""",
}

PY = {
    "serverless.yml": """service: offpy
provider:
  name: aws
  runtime: python3.12
functions:
  hello:
    handler: app.hello
    events:
      - http: PUT /items/{id}
""",
    "app.py": """import json
def hello(event, context):
    return {"statusCode": 202, "headers": {"Content-Type": "text/plain"},
            "body": json.dumps({"id": event["pathParameters"]["id"], "body": event["body"],
                                "name": context.function_name})}
""",
}

HTTPAPI = {
    "serverless.yml": """service: offhttpapi
provider:
  name: aws
  runtime: nodejs24.x
functions:
  v2:
    handler: handler.v2
    timeout: 1
    events:
      - httpApi: GET /users/{id}
      - httpApi: GET /users/me
      - httpApi: '*'
      - httpApi:
          method: POST
          path: /files/{proxy+}
  v1:
    handler: handler.v1
    httpApi:
      payload: '1.0'
    events:
      - httpApi: GET /old
  rest:
    handler: handler.v1
    events:
      - http: GET /rest
""",
    "handler.js": """exports.v2 = async (event) => {
  if (event.rawPath === '/str') return 'plain';
  if (event.rawPath === '/obj') return { a: 1 };
  if (event.rawPath === '/throw') throw new Error('x');
  if (event.rawPath === '/slow') await new Promise((r) => setTimeout(r, 5000));
  return { statusCode: 200, cookies: ['c=1'], headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) };
};
exports.v1 = async (event) => ({ statusCode: 200, body: JSON.stringify(event) });
""",
}

FAILURES = []


def check(label, cond, detail=""):
    print(("PASS " if cond else "FAIL ") + label)
    if not cond:
        FAILURES.append(label)
        if detail:
            print("  " + str(detail)[:2000])


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write(root, files):
    for rel, text in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)


class Offline:
    def __init__(self, sls, cwd, extra=()):
        self.port = free_port()
        self.lambda_port = free_port()
        self.log_path = cwd.rstrip("/") + ".offline.log"
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen([sls, "offline", "--httpPort", str(self.port),
                                      "--lambdaPort", str(self.lambda_port), *extra], cwd=cwd,
                                     stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 20
        while time.time() < deadline:
            if self.proc.poll() is not None:
                break
            if "Server ready" in self.output():
                return
            time.sleep(0.05)
        raise RuntimeError("sls offline did not start:\n" + self.output())

    def output(self):
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def request(self, method, path, body=None, headers=None, port=None):
        conn = http.client.HTTPConnection("127.0.0.1", port or self.port, timeout=15)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            r = conn.getresponse()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, r.getheaders(), r.read()
        finally:
            conn.close()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def test_cjs(sls, root):
    write(root, CJS)
    srv = Offline(sls, root)
    try:
        status, h, _, body = srv.request("GET", "/test/users/42?x=1&x=2&y=a%20b", headers={"X-Test": "t1"})
        check("cjs: GET /users/{id} is 200", status == 200, (status, body))
        out = json.loads(body)
        e = out["event"]
        check("event key order as API Gateway's",
              list(e) == ["resource", "path", "httpMethod", "headers", "multiValueHeaders", "queryStringParameters",
                          "multiValueQueryStringParameters", "pathParameters", "stageVariables", "requestContext",
                          "body", "isBase64Encoded"], list(e))
        check("event.resource / path / httpMethod",
              (e["resource"], e["path"], e["httpMethod"]) == ("/users/{id}", "/users/42", "GET"), e)
        check("event.headers and multiValueHeaders", e["headers"].get("X-Test") == "t1"
              and e["multiValueHeaders"].get("X-Test") == ["t1"], e["headers"])
        check("event.queryStringParameters (last value) and multiValue",
              e["queryStringParameters"] == {"x": "2", "y": "a b"}
              and e["multiValueQueryStringParameters"] == {"x": ["1", "2"], "y": ["a b"]}, e)
        check("event.pathParameters", e["pathParameters"] == {"id": "42"}, e["pathParameters"])
        check("event.stageVariables null, body null, isBase64Encoded false",
              e["stageVariables"] is None and e["body"] is None and e["isBase64Encoded"] is False, e)
        rc = e["requestContext"]
        check("requestContext fields", rc["stage"] == "test" and rc["resourcePath"] == "/users/{id}"
              and rc["httpMethod"] == "GET" and rc["path"] == "/test/users/42" and rc["protocol"] == "HTTP/1.1"
              and isinstance(rc["requestTimeEpoch"], int) and abs(rc["requestTimeEpoch"] / 1000 - time.time()) < 60
              and len(rc["requestId"]) == 36 and rc["identity"]["sourceIp"] == "127.0.0.1", rc)
        check("handler environment (provider env, IS_OFFLINE, function name)",
              out["env"] == {"shared": "shared", "offline": "true", "name": "offcjs-test-echo"}, out["env"])
        check("default Content-Type application/json", h.get("content-type") == "application/json", h)
        check("context.awsRequestId reaches the handler", len(h.get("x-request-id", "")) == 36, h)

        status, _, _, body = srv.request("GET", "/test/users/me")
        check("static segment wins over {id}", json.loads(body)["event"]["resource"] == "/users/me", body)
        status, _, _, body = srv.request("DELETE", "/test/files/a/b/c.txt")
        e = json.loads(body)["event"]
        check("ANY + greedy {proxy+}", status == 200 and e["resource"] == "/files/{proxy+}"
              and e["pathParameters"] == {"proxy": "a/b/c.txt"} and e["httpMethod"] == "DELETE", (status, e))
        status, _, _, body = srv.request("POST", "/test", body=b'{"k": 1}', headers={"Content-Type": "application/json"})
        e = json.loads(body)["event"]
        check("POST / with a body", status == 200 and e["resource"] == "/" and e["body"] == '{"k": 1}', e)
        status, _, _, body = srv.request("GET", "/test/nothing")
        check("unknown route: 403 Missing Authentication Token",
              status == 403 and json.loads(body) == {"message": "Missing Authentication Token"}, (status, body))
        status, _, _, body = srv.request("GET", "/prod/users/1")
        check("wrong stage: 403", status == 403, status)
        status, _, _, body = srv.request("GET", "/users/1")
        check("stage is required in the URL", status == 403, status)

        status, h, _, _ = srv.request("OPTIONS", "/test/users/7", headers={"Origin": "http://example.com"})
        check("CORS preflight", status == 200 and h.get("access-control-allow-origin") == "*"
              and h.get("access-control-allow-methods") == "OPTIONS,GET"
              and "Content-Type" in h.get("access-control-allow-headers", ""), (status, h))

        status, h, raw_headers, body = srv.request("GET", "/test/bad/fine")
        cookies = [v for k, v in raw_headers if k.lower() == "set-cookie"]
        check("statusCode, headers and multiValueHeaders mapped",
              status == 201 and body == b"created" and h.get("x-single") == "one" and cookies == ["a=1", "b=2"],
              (status, raw_headers, body))
        status, h, _, body = srv.request("GET", "/test/bad/binary")
        check("isBase64Encoded response decoded", status == 200 and body == b"\x01\x02\x03"
              and h.get("content-type") == "image/png", (status, body))
        for kind in ("malformed", "nostatus", "throw"):
            status, _, _, body = srv.request("GET", "/test/bad/" + kind)
            check(f"{kind}: 502 Internal server error",
                  status == 502 and body == b'{"message": "Internal server error"}', (status, body))
        start = time.time()
        status, _, _, body = srv.request("GET", "/test/bad/slow")
        check("timeout: 504 within the function's 1 s timeout",
              status == 504 and json.loads(body) == {"message": "Endpoint request timed out"}
              and time.time() - start < 4, (status, body, time.time() - start))
        status, _, _, body = srv.request("GET", "/test/bad/crash")
        check("crashing worker: 502", status == 502, status)
        status, _, _, body = srv.request("GET", "/test/bad/fine")
        check("a fresh worker serves after the crash", status == 201, status)

        inits = set()
        statuses = set()
        for _ in range(100):
            status, h, _, _ = srv.request("GET", "/test/users/1")
            statuses.add(status)
            inits.add(h.get("x-inits"))
        check("init code ran once across 100 requests", statuses == {200} and inits == {"1"}, (statuses, inits))

        with socket.create_connection(("127.0.0.1", srv.port), timeout=5) as s:
            s.sendall(b"NOT A REQUEST\r\n\r\n")
            reply = s.recv(1000)
        check("malformed HTTP request: 400", reply.startswith(b"HTTP/1.1 400"), reply)
        status, _, _, _ = srv.request("GET", "/test/users/1")
        check("server keeps serving after a malformed request", status == 200, status)
        log = srv.output()
        check("per-request log lines", "GET /test/users/42 (λ: echo)" in log and "Duration:" in log, log[-2000:])
        check("serverless-offline under plugins: no plugin error", "PLUGIN" not in log and "not installed" not in log, log[:2000])
    finally:
        srv.stop()
    check("SIGTERM stops the server", srv.proc.returncode == 0, srv.proc.returncode)


def test_esm(sls, root):
    write(root, ESM)
    srv = Offline(sls, root)
    try:
        status, _, _, body = srv.request("GET", "/hello?name=x")
        check("esm: custom.serverless-offline noPrependStageInUrl; callback handler",
              status == 200 and json.loads(body) == {"esm": True, "q": {"name": "x"}}, (status, body))
    finally:
        srv.stop()
    srv = Offline(sls, root, ["--prefix", "api"])
    try:
        status, _, _, body = srv.request("GET", "/api/hello")
        check("esm: --prefix", status == 200, (status, body))
    finally:
        srv.stop()


def test_python(sls, root):
    write(root, PY)
    srv = Offline(sls, root)
    try:
        status, h, _, body = srv.request("PUT", "/dev/items/9", body=b"payload", headers={"Content-Type": "text/plain"})
        check("python: PUT with body, status and Content-Type from the result",
              status == 202 and h.get("content-type") == "text/plain"
              and json.loads(body) == {"id": "9", "body": "payload", "name": "offpy-dev-hello"}, (status, h, body))
    finally:
        srv.stop()


def test_http_api(sls, root):
    write(root, HTTPAPI)
    srv = Offline(sls, root)
    try:
        status, h, raw, body = srv.request("GET", "/users/42?x=1&x=2&y=z", headers={"Cookie": "a=1; b=2", "X-Two": "t"})
        e = json.loads(body)
        check("httpApi: v2.0 event key order",
              list(e) == ["version", "routeKey", "rawPath", "rawQueryString", "cookies", "headers",
                          "queryStringParameters", "requestContext", "pathParameters", "isBase64Encoded"], list(e))
        check("httpApi: version, routeKey, rawPath, rawQueryString, cookies",
              (e["version"], e["routeKey"], e["rawPath"], e["rawQueryString"], e["cookies"])
              == ("2.0", "GET /users/{id}", "/users/42", "x=1&x=2&y=z", ["a=1", "b=2"]), e)
        check("httpApi: lower-case headers, comma-joined query values, pathParameters",
              e["headers"].get("x-two") == "t" and e["queryStringParameters"] == {"x": "1,2", "y": "z"}
              and e["pathParameters"] == {"id": "42"}, e)
        rc = e["requestContext"]
        check("httpApi: requestContext.http and stage", rc["http"]["method"] == "GET" and rc["http"]["path"] == "/users/42"
              and rc["http"]["sourceIp"] == "127.0.0.1" and rc["stage"] == "$default" and rc["routeKey"] == "GET /users/{id}"
              and isinstance(rc["timeEpoch"], int), rc)
        cookies = [v for k, v in raw if k.lower() == "set-cookie"]
        check("httpApi: cookies in the result become Set-Cookie", status == 200 and cookies == ["c=1"], raw)
        status, _, _, body = srv.request("GET", "/users/me")
        check("httpApi: static over parameter", json.loads(body)["routeKey"] == "GET /users/me", body)
        status, h, _, body = srv.request("GET", "/str")
        check("httpApi: a bare string is a 200 body", status == 200 and body == b"plain", (status, body))
        status, h, _, body = srv.request("GET", "/obj")
        check("httpApi: an object without statusCode is a 200 JSON body",
              status == 200 and json.loads(body) == {"a": 1} and h.get("content-type") == "application/json", (status, h, body))
        status, _, _, body = srv.request("DELETE", "/any/where")
        e = json.loads(body)
        check("httpApi: '*' is the $default route", e["routeKey"] == "$default" and e["rawPath"] == "/any/where", e)
        status, _, _, body = srv.request("POST", "/files/a/b.txt", body=b"data")
        e = json.loads(body)
        check("httpApi: greedy path and body", e["pathParameters"] == {"proxy": "a/b.txt"} and e["body"] == "data", e)
        status, _, _, body = srv.request("GET", "/old")
        e = json.loads(body)
        check("httpApi: payload 1.0", e["version"] == "1.0" and e["routeKey"] == "GET /old" and e["httpMethod"] == "GET"
              and e["resource"] == "/old", e)
        status, _, _, body = srv.request("GET", "/throw")
        check("httpApi: an error is 500 Internal Server Error",
              status == 500 and json.loads(body) == {"message": "Internal Server Error"}, (status, body))
        status, _, _, body = srv.request("GET", "/slow")
        check("httpApi: a timeout is 503", status == 503, (status, body))
        status, _, _, body = srv.request("GET", "/dev/rest")
        check("REST and HTTP API side by side", status == 200 and json.loads(body)["resource"] == "/rest", (status, body))
    finally:
        srv.stop()


RELOAD = {
    "serverless.yml": """service: offreload
provider:
  name: aws
  runtime: nodejs24.x
functions:
  hello:
    handler: handler.hello
    events:
      - http: GET /hello
""",
    "handler.js": "exports.hello = async () => ({ statusCode: 200, body: 'version 1' });\n",
}


def test_invoke_api(sls, root):
    write(root, CJS)
    srv = Offline(sls, root)
    try:
        path = "/2015-03-31/functions/%s/invocations"
        status, h, _, body = srv.request("POST", path % "echo", body=b'{"k": 1}', port=srv.lambda_port)
        out = json.loads(body)
        check("invoke API: RequestResponse by function key", status == 200 and out["statusCode"] == 200
              and json.loads(out["body"])["event"] == {"k": 1} and h.get("x-amz-executed-version") == "$LATEST",
              (status, body))
        status, _, _, body = srv.request("POST", path % "offcjs-test-echo", body=b"{}", port=srv.lambda_port)
        check("invoke API: by deployed name", status == 200, (status, body))
        status, _, _, body = srv.request(
            "POST", path % "arn:aws:lambda:us-east-1:000000000000:function:offcjs-test-echo", body=b"{}", port=srv.lambda_port)
        check("invoke API: by ARN", status == 200, (status, body))
        status, h, _, body = srv.request("POST", path % "bad", body=b'{"pathParameters": {"kind": "throw"}}',
                                         port=srv.lambda_port)
        check("invoke API: a handler error is 200 with X-Amz-Function-Error",
              status == 200 and h.get("x-amz-function-error") == "Unhandled" and json.loads(body)["errorMessage"] == "boom",
              (status, h, body))
        status, _, _, _ = srv.request("POST", path % "echo", body=b"{}", headers={"X-Amz-Invocation-Type": "Event"},
                                      port=srv.lambda_port)
        check("invoke API: Event invocation is 202", status == 202, status)
        status, h, _, body = srv.request("POST", path % "missing", body=b"{}", port=srv.lambda_port)
        check("invoke API: unknown function 404 ResourceNotFoundException",
              status == 404 and h.get("x-amzn-errortype") == "ResourceNotFoundException", (status, h, body))
        aws = shutil.which("aws")
        if aws:
            outfile = os.path.join(root, "..", "invoke-out.json")
            env = dict(os.environ, AWS_ACCESS_KEY_ID="x", AWS_SECRET_ACCESS_KEY="x", AWS_DEFAULT_REGION="us-east-1")
            version = subprocess.run([aws, "--version"], capture_output=True, text=True, timeout=60)
            v1 = "aws-cli/1." in version.stdout + version.stderr
            binary = [] if v1 else ["--cli-binary-format", "raw-in-base64-out"]  # v2 wants base64 otherwise
            p = subprocess.run([aws, "lambda", "invoke", "--endpoint-url", f"http://127.0.0.1:{srv.lambda_port}",
                                "--function-name", "echo", *binary, "--payload", '{"via": "aws"}', outfile],
                               env=env, capture_output=True, text=True, timeout=60)
            ok = p.returncode == 0 and json.loads(json.load(open(outfile))["body"])["event"] == {"via": "aws"}
            check("invoke API: aws lambda invoke --endpoint-url", ok, (p.returncode, p.stdout, p.stderr))
        else:
            print("SKIP invoke API: aws lambda invoke (no aws CLI on PATH)")
    finally:
        srv.stop()


def served_within(srv, path, want, seconds):
    """Asks for `path` until its body is `want` or `seconds` pass; the last body."""
    deadline, body = time.time() + seconds, b""
    while time.time() < deadline:
        _, _, _, body = srv.request("GET", path)
        if body == want:
            break
        time.sleep(0.1)
    return body


def test_reload(sls, root):
    write(root, RELOAD)
    srv = Offline(sls, root)
    try:
        _, _, _, body = srv.request("GET", "/dev/hello")
        check("reload: first version served", body == b"version 1", body)
        with open(os.path.join(root, "handler.js"), "w") as f:
            f.write("exports.hello = async () => ({ statusCode: 200, body: 'version 2' });\n")
        body = served_within(srv, "/dev/hello", b"version 2", 5)
        check("reload: an edited handler is served without a restart", body == b"version 2", body)
        check("reload: logged", "Reloading handlers: handler.js changed" in srv.output(), srv.output()[-1000:])
        # Saves while requests keep coming: every request answered, none hung, the last version served
        # (workers retired while busy finish their request first).
        results, stop_at = [], time.time() + 2.5

        def hammer():
            while time.time() < stop_at:
                try:
                    results.append(srv.request("GET", "/dev/hello")[0])
                except OSError as e:
                    results.append(repr(e))

        threads = [threading.Thread(target=hammer) for _ in range(4)]
        for t in threads:
            t.start()
        for n in range(3, 13):
            # Saved as editors that write a new file and rename it over the old one do: a worker
            # booting meanwhile never reads a half-written handler (an in-place save can give it
            # an empty file, and that request an error, under serverless-offline too).
            tmp = os.path.join(root, ".handler.js.tmp")
            with open(tmp, "w") as f:
                f.write("exports.hello = async () => ({ statusCode: 200, body: 'version %d' });\n" % n)
            os.replace(tmp, os.path.join(root, "handler.js"))
            time.sleep(0.15)
        for t in threads:
            t.join(timeout=30)
        check("reload under load: every request answered 200, none hung",
              not any(t.is_alive() for t in threads) and results and all(r == 200 for r in results),
              [r for r in results if r != 200][:5] or len(results))
        body = served_within(srv, "/dev/hello", b"version 12", 5)
        check("reload under load: the last save is served", body == b"version 12", body)
    finally:
        srv.stop()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sls", default=os.environ.get("SLS"))
    args = ap.parse_args()
    if not args.sls:
        sys.exit("--sls PATH (or $SLS) is required")
    sls = os.path.abspath(args.sls)
    root = tempfile.mkdtemp(prefix="sls_offline_")
    try:
        for name, test in (("cjs", test_cjs), ("esm", test_esm), ("python", test_python), ("httpapi", test_http_api), ("reload", test_reload), ("invoke", test_invoke_api)):
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
