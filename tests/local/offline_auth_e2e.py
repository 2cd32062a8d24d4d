#!/usr/bin/env python3
"""End-to-end tests of what `sls offline` puts before an integration: REST lambda authorizers
(TOKEN and REQUEST, identity sources in headers and the query string, identityValidationExpression,
resultTtlInSeconds caching with the cached policy judged against each request's ARN, Allow/Deny with
wildcards, the context and principalId in requestContext.authorizer, API Gateway's 401/403/500
bodies), HTTP API authorizers (lambda `request` with simple and IAM responses, `jwt` with the
claims checked and the RS256 signature checked against the issuer's JWKS served on loopback, or
not with --ignoreJWTSignature), `private: true` endpoints and their API keys (provider.apiGateway
.apiKeys, --apiKey, the generated key printed at start), and --noAuth.

  offline_auth_e2e.py [--sls PATH]      (PATH defaults to $SLS)
Every wait is bounded (server start 20 s, each request 15 s).
"""
import argparse
import base64
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from offline_e2e import FAILURES, Offline, check, free_port, write  # noqa: E402

AUTH_JS = """let calls = 0;
const policy = (principalId, Effect, Resource) => ({
  principalId,
  policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect, Resource }] },
});
exports.token = async (event) => {
  calls += 1;
  const t = event.authorizationToken;
  if (t === 'Bearer deny') return policy('user-d', 'Deny', event.methodArn);
  if (t === 'Bearer unauthorized') throw new Error('Unauthorized');
  if (t === 'Bearer post-only') return policy('user-p', 'Allow', 'arn:aws:execute-api:*:*:*/dev/POST/*');
  if (t === 'Bearer badctx') return { ...policy('u', 'Allow', event.methodArn), context: { nested: { a: 1 } } };
  if (t === 'Bearer boom') throw new Error('boom');
  if (t === 'Bearer carol') return { ...policy('user-carol', 'Allow', '*'), context: { num: 7 } };
  if (t === 'Bearer noprincipal') return { policyDocument: policy('x', 'Allow', '*').policyDocument };
  return { ...policy('user-' + t.split(' ')[1], 'Allow', 'arn:aws:execute-api:*:*:*/dev/GET/*'),
           context: { calls, num: 7, flag: true, event: JSON.stringify(event) }, usageIdentifierKey: 'key-from-authorizer' };
};
exports.request = async (event) => ({
  ...policy('req-user', 'Allow', event.methodArn),
  context: { a: event.headers['X-A'] || event.headers['x-a'], q: event.queryStringParameters.q, type: event.type,
             path: event.path, arn: event.methodArn, hasBody: 'body' in event },
});
exports.simple = async (event) => ({
  isAuthorized: event.headers['x-token'] === 'yes',
  context: { who: 'simple', route: event.routeKey, version: event.version, source: event.identitySource.join(',') },
});
exports.policyV2 = async (event) => ({
  ...policy('p2', event.headers['x-token'] === 'yes' ? 'Allow' : 'Deny', event.routeArn),
  context: { who: 'iam', n: 3 },
});
"""

HANDLER_JS = """exports.echo = async (event) => ({ statusCode: 200, body: JSON.stringify(event) });
exports.li = async (event) => {
  if (event.path.id === 'missing') throw new Error('[404] no such item');
  if (event.path.id === 'other') throw new Error('something else');
  return { got: event };
};
"""

SERVICE = """service: offauth
provider:
  name: aws
  runtime: nodejs24.x
  stage: dev
  apiGateway:
    apiKeys:
      - name: k1
        value: key-one-1234567890abcdef
      - free:
          - name: k2
            value: key-two-1234567890abcdef
  httpApi:
    authorizers:
      jwtAuth:
        identitySource: $request.header.Authorization
        issuerUrl: ISSUER
        audience:
          - aud1
      simpleAuth:
        type: request
        functionName: simpleAuth
        enableSimpleResponses: true
        identitySource: $request.header.X-Token
      iamAuth:
        type: request
        functionName: policyAuth
        identitySource:
          - $request.header.X-Token
functions:
  tokenAuth:
    handler: auth.token
  requestAuth:
    handler: auth.request
  simpleAuth:
    handler: auth.simple
  policyAuth:
    handler: auth.policyV2
  lambdaIntegration:
    handler: handler.li
    events:
      - http:
          path: li/{id}
          method: post
          integration: lambda
          authorizer:
            name: tokenAuth
            resultTtlInSeconds: 0
          response:
            headers:
              X-Static: "'yes'"
            statusCodes:
              201:
                pattern: ''
              404:
                pattern: '[\\s\\S]*\\[404\\][\\s\\S]*'
  echo:
    handler: handler.echo
    events:
      - http:
          path: token/{id}
          method: any
          authorizer: tokenAuth
      - http:
          path: nocache
          method: get
          authorizer:
            name: tokenAuth
            resultTtlInSeconds: 0
      - http:
          path: req
          method: get
          authorizer:
            name: requestAuth
            type: request
            identitySource: method.request.header.X-A, method.request.querystring.q
            resultTtlInSeconds: 0
      - http:
          path: validated
          method: get
          authorizer:
            name: tokenAuth
            identityValidationExpression: ^Bearer [a-z]+$
            resultTtlInSeconds: 0
      - http:
          path: private
          method: get
          private: true
      - http:
          path: private-auth
          method: get
          private: true
          authorizer:
            name: tokenAuth
            resultTtlInSeconds: 0
      - http: GET /open
      - httpApi:
          method: GET
          path: /jwt
          authorizer:
            name: jwtAuth
            scopes:
              - read
      - httpApi:
          method: GET
          path: /simple
          authorizer: simpleAuth
      - httpApi:
          method: GET
          path: /iam
          authorizer:
            name: iamAuth
"""

NOKEYS = {
    "serverless.yml": """service: offkeys
provider:
  name: aws
  runtime: nodejs24.x
functions:
  echo:
    handler: handler.echo
    events:
      - http:
          path: p
          method: get
          private: true
""",
    "handler.js": HANDLER_JS,
}

# Makes an RSA key pair, its JWKS, and signed tokens (node's crypto: no Python package needed).
TOKENS_JS = r"""
const crypto = require('crypto');
const issuer = process.env.ISSUER;
const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256', use: 'sig' };
const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
const now = Math.floor(Date.now() / 1000);
const sign = (claims, key = privateKey) => {
  const input = b64({ alg: 'RS256', typ: 'JWT', kid: 'k1' }) + '.' + b64(claims);
  return input + '.' + crypto.sign('sha256', Buffer.from(input), key).toString('base64url');
};
const base = { iss: issuer, aud: 'aud1', sub: 'user-1', exp: now + 3600, scope: 'read write', groups: ['a', 'b'] };
console.log(JSON.stringify({
  jwks: { keys: [jwk] },
  good: sign(base),
  expired: sign({ ...base, exp: now - 10 }),
  wrongAud: sign({ ...base, aud: 'other' }),
  clientId: sign({ ...base, aud: undefined, client_id: 'aud1' }),
  wrongIss: sign({ ...base, iss: 'http://elsewhere' }),
  noScope: sign({ ...base, scope: 'write' }),
  badSig: sign(base, other),
}));
"""


class Issuer:
    """An OpenID issuer on loopback: /.well-known/openid-configuration and /jwks.json."""

    def __init__(self):
        self.jwks = {"keys": []}
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        issuer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                if self.path == "/.well-known/openid-configuration":
                    body = json.dumps({"issuer": issuer.url, "jwks_uri": issuer.url + "/jwks.json"})
                elif self.path == "/jwks.json":
                    body = json.dumps(issuer.jwks)
                else:
                    self.send_response(404)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body.encode())

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()


def body_json(body):
    try:
        return json.loads(body)
    except ValueError:
        return body


def test_rest(srv):
    status, _, _, body = srv.request("GET", "/dev/token/1", headers={"Authorization": "Bearer alice"})
    check("TOKEN authorizer allows: 200", status == 200, (status, body))
    ev = json.loads(body)
    a = ev["requestContext"].get("authorizer", {})
    check("requestContext.authorizer has principalId and the context as strings",
          a.get("principalId") == "user-alice" and a.get("num") == "7" and a.get("flag") == "true"
          and a.get("calls") == "1", a)
    auth_event = json.loads(a.get("event", "{}"))
    check("the TOKEN event is {type, authorizationToken, methodArn}",
          auth_event.get("type") == "TOKEN" and auth_event.get("authorizationToken") == "Bearer alice"
          and auth_event.get("methodArn", "").endswith("/dev/GET/token/1")
          and auth_event["methodArn"].startswith("arn:aws:execute-api:us-east-1:"), auth_event)
    status, _, _, body = srv.request("GET", "/dev/token/2", headers={"Authorization": "Bearer alice"})
    a = json.loads(body)["requestContext"]["authorizer"]
    check("resultTtlInSeconds: the answer is cached per token (the authorizer not called again)",
          status == 200 and a.get("calls") == "1", (status, a))
    status, _, _, body = srv.request("POST", "/dev/token/2", headers={"Authorization": "Bearer alice"})
    check("the cached policy is judged against the new ARN (POST not allowed): 403",
          status == 403 and body_json(body) == {"message": "User is not authorized to access this resource"}, (status, body))
    status, _, _, body = srv.request("GET", "/dev/nocache", headers={"Authorization": "Bearer alice"})
    a = json.loads(body)["requestContext"]["authorizer"]
    check("resultTtlInSeconds: 0 calls the authorizer each time", status == 200 and a.get("calls") != "1", a)

    status, h, _, body = srv.request("GET", "/dev/token/1")
    check("no Authorization header: 401 Unauthorized",
          status == 401 and body_json(body) == {"message": "Unauthorized"}, (status, body))
    status, h, _, body = srv.request("GET", "/dev/token/1", headers={"Authorization": "Bearer deny"})
    check("explicit Deny: 403 with API Gateway's body",
          status == 403 and body_json(body) == {"message": "User is not authorized to access this resource with an explicit deny"}
          and h.get("x-amzn-errortype") == "AccessDeniedException", (status, body, h))
    status, _, _, body = srv.request("GET", "/dev/token/1", headers={"Authorization": "Bearer unauthorized"})
    check("the authorizer throws 'Unauthorized': 401", status == 401 and body_json(body) == {"message": "Unauthorized"}, (status, body))
    status, _, _, body = srv.request("GET", "/dev/token/1", headers={"Authorization": "Bearer post-only"})
    check("Allow for another method only: 403",
          status == 403 and body_json(body) == {"message": "User is not authorized to access this resource"}, (status, body))
    status, _, _, body = srv.request("POST", "/dev/token/1", headers={"Authorization": "Bearer post-only"})
    check("wildcard Allow .../dev/POST/* lets POST through", status == 200, (status, body))
    for token, label in (("badctx", "a context with an object value"), ("boom", "an authorizer error"),
                         ("noprincipal", "an answer without principalId")):
        status, h, _, body = srv.request("GET", "/dev/token/1", headers={"Authorization": "Bearer " + token})
        check(f"{label}: 500 AuthorizerConfigurationException",
              status == 500 and body_json(body) == {"message": None}
              and h.get("x-amzn-errortype") == "AuthorizerConfigurationException", (status, body, h))

    status, _, _, body = srv.request("GET", "/dev/req?q=qq", headers={"X-A": "aa"})
    check("REQUEST authorizer with header + query identity sources: 200", status == 200, (status, body))
    a = json.loads(body)["requestContext"]["authorizer"]
    check("the REQUEST event carries headers, query, path, type and methodArn, no body",
          a.get("a") == "aa" and a.get("q") == "qq" and a.get("type") == "REQUEST" and a.get("path") == "/req"
          and a.get("arn", "").endswith("/dev/GET/req") and a.get("hasBody") == "false"
          and a.get("principalId") == "req-user", a)
    status, _, _, body = srv.request("GET", "/dev/req", headers={"X-A": "aa"})
    check("REQUEST authorizer: a missing identity source (query q) gives 401", status == 401, (status, body))

    status, _, _, body = srv.request("GET", "/dev/validated", headers={"Authorization": "Bearer Bob1"})
    check("identityValidationExpression not matched: 401 without calling the authorizer", status == 401, (status, body))
    status, _, _, body = srv.request("GET", "/dev/validated", headers={"Authorization": "Bearer bob"})
    check("identityValidationExpression matched: 200", status == 200, (status, body))

    status, h, _, body = srv.request("GET", "/dev/private")
    check("private endpoint without x-api-key: 403 Forbidden",
          status == 403 and body_json(body) == {"message": "Forbidden"} and h.get("x-amzn-errortype") == "ForbiddenException",
          (status, body, h))
    status, _, _, body = srv.request("GET", "/dev/private", headers={"x-api-key": "wrong"})
    check("private endpoint with a wrong key: 403", status == 403, (status, body))
    status, _, _, body = srv.request("GET", "/dev/private", headers={"x-api-key": "key-one-1234567890abcdef"})
    check("private endpoint with provider.apiGateway.apiKeys' value: 200, identity.apiKey set",
          status == 200 and json.loads(body)["requestContext"]["identity"]["apiKey"] == "key-one-1234567890abcdef",
          (status, body))
    status, _, _, body = srv.request("GET", "/dev/private", headers={"x-api-key": "key-two-1234567890abcdef"})
    check("a key inside a usage-plan group is valid too", status == 200, (status, body))
    status, _, _, body = srv.request("GET", "/dev/private", headers={"x-api-key": "cli-key"})
    check("--apiKey's value is valid", status == 200, (status, body))
    status, _, _, body = srv.request("GET", "/dev/private-auth", headers={"Authorization": "Bearer alice"})
    check("private + authorizer: the authorizer's usageIdentifierKey (not a known key): 403", status == 403, (status, body))
    test_lambda_integration(srv)
    status, _, _, body = srv.request("GET", "/dev/open")
    ev = json.loads(body)
    check("a route without authorizer: no requestContext.authorizer", status == 200 and "authorizer" not in ev["requestContext"],
          (status, body))


def test_lambda_integration(srv):
    status, h, _, body = srv.request("POST", "/dev/li/7?q=1", body=b'{"k": [1, 2]}',
                                     headers={"Authorization": "Bearer carol", "Content-Type": "application/json"})
    check("integration: lambda: the default response code (201) and static header", status == 201
          and h.get("x-static") == "yes" and h.get("content-type") == "application/json", (status, h, body))
    e = json.loads(body).get("got", {}) if status == 201 else {}
    check("integration: lambda: the default request template's fields",
          list(e) == ["body", "method", "principalId", "stage", "cognitoPoolClaims", "enhancedAuthContext", "headers",
                      "query", "path", "identity", "stageVariables", "requestPath"], list(e))
    check("integration: lambda: body parsed, method, stage, path, query, requestPath",
          e.get("body") == {"k": [1, 2]} and e.get("method") == "POST" and e.get("stage") == "dev"
          and e.get("path") == {"id": "7"} and e.get("query") == {"q": "1"} and e.get("requestPath") == "/li/{id}", e)
    check("integration: lambda: principalId and enhancedAuthContext from the authorizer",
          e.get("principalId") == "user-carol" and e.get("enhancedAuthContext", {}).get("num") == "7"
          and e.get("enhancedAuthContext", {}).get("principalId") == "user-carol", e)
    status, _, _, body = srv.request("POST", "/dev/li/missing", headers={"Authorization": "Bearer carol"})
    check("integration: lambda: an error matching a selection pattern takes its code, the error as body",
          status == 404 and body_json(body).get("errorMessage") == "[404] no such item", (status, body))
    status, _, _, body = srv.request("POST", "/dev/li/other", headers={"Authorization": "Bearer carol"})
    check("integration: lambda: an error matching no pattern takes the default code",
          status == 201 and body_json(body).get("errorMessage") == "something else", (status, body))


def test_http_api(srv, tokens, signature_checked):
    def get(path, **headers):
        status, h, _, body = srv.request("GET", path, headers=headers)
        return status, h, body_json(body)

    status, _, ev = get("/jwt", Authorization="Bearer " + tokens["good"])
    check("jwt: a valid token: 200", status == 200, (status, ev))
    jwt = ev.get("requestContext", {}).get("authorizer", {}).get("jwt", {}) if isinstance(ev, dict) else {}
    check("jwt: claims (as strings) and scopes in requestContext.authorizer.jwt",
          jwt.get("claims", {}).get("sub") == "user-1" and jwt["claims"].get("aud") == "aud1"
          and isinstance(jwt["claims"].get("exp"), str) and jwt["claims"].get("groups") == "[a b]"
          and jwt.get("scopes") == ["read", "write"], jwt)
    status, _, _ = get("/jwt", Authorization="Bearer " + tokens["clientId"])
    check("jwt: client_id stands for aud", status == 200, status)
    for name, label in (("expired", "an expired token"), ("wrongAud", "another audience"), ("wrongIss", "another issuer")):
        status, h, body = get("/jwt", Authorization="Bearer " + tokens[name])
        check(f"jwt: {label}: 401 Unauthorized", status == 401 and body == {"message": "Unauthorized"}, (status, body))
    status, _, body = get("/jwt")
    check("jwt: no token: 401", status == 401, (status, body))
    status, _, body = get("/jwt", Authorization="Bearer " + tokens["noScope"])
    check("jwt: none of the route's scopes: 403 Forbidden", status == 403 and body == {"message": "Forbidden"}, (status, body))
    status, _, body = get("/jwt", Authorization="Bearer " + tokens["badSig"])
    if signature_checked:
        check("jwt: a token signed by another key: 401", status == 401, (status, body))
    else:
        check("jwt: --ignoreJWTSignature accepts a token signed by another key", status == 200, (status, body))

    status, _, ev = get("/simple", **{"X-Token": "yes"})
    lam = ev.get("requestContext", {}).get("authorizer", {}).get("lambda", {}) if isinstance(ev, dict) else {}
    check("simple response isAuthorized: 200, context in requestContext.authorizer.lambda",
          status == 200 and lam == {"who": "simple", "route": "GET /simple", "version": "2.0", "source": "yes"}, (status, ev))
    status, _, body = get("/simple", **{"X-Token": "no"})
    check("simple response isAuthorized false: 403 Forbidden", status == 403 and body == {"message": "Forbidden"}, (status, body))
    status, _, body = get("/simple")
    check("httpApi lambda authorizer, identity source missing: 401", status == 401 and body == {"message": "Unauthorized"},
          (status, body))
    status, _, ev = get("/iam", **{"X-Token": "yes"})
    lam = ev.get("requestContext", {}).get("authorizer", {}).get("lambda", {}) if isinstance(ev, dict) else {}
    check("IAM policy response Allow on routeArn: 200, context kept as given", status == 200 and lam == {"who": "iam", "n": 3},
          (status, ev))
    status, _, body = get("/iam", **{"X-Token": "no"})
    check("IAM policy response Deny: 403 Forbidden", status == 403 and body == {"message": "Forbidden"}, (status, body))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sls", default=os.environ.get("SLS"))
    args = ap.parse_args()
    if not args.sls:
        sys.exit("--sls PATH (or $SLS) is required")
    sls = os.path.abspath(args.sls)
    root = tempfile.mkdtemp(prefix="sls_offauth_")
    issuer = None
    try:
        issuer = Issuer()
        tokens = json.loads(subprocess.run(["node", "-e", TOKENS_JS], check=True, env={**os.environ, "ISSUER": issuer.url},
                                           capture_output=True, text=True, timeout=60).stdout)
        issuer.jwks = tokens["jwks"]
        svc = os.path.join(root, "svc")
        write(svc, {"serverless.yml": SERVICE.replace("ISSUER", issuer.url), "auth.js": AUTH_JS, "handler.js": HANDLER_JS})
        for label, extra, checked in (("verified", ["--apiKey", "cli-key"], True),
                                      ("ignoreJWTSignature", ["--apiKey", "cli-key", "--ignoreJWTSignature"], False)):
            srv = Offline(sls, svc, extra)
            try:
                print(f"-- {label}")
                if checked:
                    test_rest(srv)
                test_http_api(srv, tokens, checked)
            except Exception as exc:  # noqa: BLE001 - reported as a failure
                check(f"{label}: ran without an exception", False, repr(exc))
            finally:
                srv.stop()
        srv = Offline(sls, svc, ["--noAuth"])
        try:
            print("-- noAuth")
            status, _, _, body = srv.request("GET", "/dev/token/1")
            check("--noAuth: a REST authorizer is skipped", status == 200, (status, body))
            status, _, _, body = srv.request("GET", "/dev/private")
            check("--noAuth: no API key needed", status == 200, (status, body))
            status, _, _, body = srv.request("GET", "/jwt")
            check("--noAuth: an httpApi jwt authorizer is skipped", status == 200, (status, body))
            check("--noAuth: says so at start", "Authorizers are turned off" in srv.output(), srv.output()[-1000:])
        finally:
            srv.stop()
        keys = os.path.join(root, "keys")
        write(keys, NOKEYS)
        srv = Offline(sls, keys)
        try:
            print("-- generated key")
            generated = "d41d8cd98f00b204e9800998ecf8427e"
            check("no key configured: the generated key is printed as serverless-offline prints it",
                  f"Key with token: '{generated}'" in srv.output()
                  and "Remember to use 'x-api-key' on the request headers." in srv.output(), srv.output()[-1500:])
            status, _, _, _ = srv.request("GET", "/dev/p", headers={"x-api-key": generated})
            check("the generated key opens the private endpoint", status == 200, status)
            status, _, _, _ = srv.request("GET", "/dev/p")
            check("without it: 403", status == 403, status)
        finally:
            srv.stop()
    finally:
        if issuer:
            issuer.stop()
        if FAILURES and os.environ.get("KEEP"):
            print("kept " + root)
        else:
            shutil.rmtree(root, ignore_errors=True)
    print(f"{len(FAILURES)} failed")
    sys.exit(1 if FAILURES else 0)


if __name__ == "__main__":
    main()
