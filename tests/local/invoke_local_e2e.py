#!/usr/bin/env python3
"""End-to-end tests of `sls invoke local` over three small services written to a temporary
folder: Node.js CommonJS, Node.js ESM (package.json "type": "module") and Python. Each case runs
`sls invoke local ...` with stdin closed and checks the exit code and stdout exactly (what osls
4.3.1 prints for the same service and options; the handler's own stdout comes first).

  invoke_local_e2e.py [--sls PATH]      (PATH defaults to $SLS)
Prints PASS/FAIL per case; exits 1 on any failure. Every run is bounded by a 60 s timeout.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

SERVICES = {
    "node-cjs": {
        "serverless.yml": """service: cjs
provider:
  name: aws
  runtime: nodejs24.x
  environment:
    SHARED_VAR: shared
functions:
  hello:
    handler: handler.hello
    environment:
      FUNCTION_VAR: fn
  fail:
    handler: handler.fail
  text:
    handler: handler.text
  nothing:
    handler: handler.nothing
  callback:
    handler: handler.callback
  slow:
    handler: handler.slow
    timeout: 1
  context:
    handler: handler.context
""",
        "handler.js": """exports.hello = async (event, context) => {
  console.log('log line');
  return { event, shared: process.env.SHARED_VAR, fn: process.env.FUNCTION_VAR, cli: process.env.CLI_VAR,
           name: context.functionName, envName: process.env.AWS_LAMBDA_FUNCTION_NAME, n: 1.5, uni: 'é' };
};
exports.fail = async () => { throw new TypeError('bad thing'); };
exports.text = async () => 'just text';
exports.nothing = async () => undefined;
exports.callback = (event, context, callback) => { setTimeout(() => callback(null, { via: 'callback' }), 10); };
exports.slow = async () => { await new Promise((r) => setTimeout(r, 10000)); return 'late'; };
exports.context = async (event, context) => ({ custom: context.custom, version: context.functionVersion,
  memory: context.memoryLimitInMB, group: context.logGroupName, remaining: context.getRemainingTimeInMillis() > 0 });
""",
        "event.yml": "a: 1\nb:\n  - x\n",
        "context.json": '{"custom": "yes"}\n',
    },
    "node-esm": {
        "serverless.yml": """service: esm
provider:
  name: aws
  runtime: nodejs24.x
functions:
  hello:
    handler: src/app.hello
  done:
    handler: src/app.done
  fail:
    handler: src/app.fail
""",
        "package.json": '{"name": "esm", "type": "module"}\n',
        "src/app.js": """export const hello = async (event) => ({ esm: true, event });
export const done = (event, context) => { context.done(null, { via: 'done' }); };
export const fail = (event, context) => { context.fail('plain failure'); };
""",
    },
    "python": {
        "serverless.yml": """service: py
provider:
  name: aws
  runtime: python3.12
  environment:
    SHARED_VAR: shared
functions:
  hello:
    handler: app.hello
  fail:
    handler: app.fail
""",
        "app.py": """import os
def hello(event, context):
    print("py log")
    return {"event": event, "name": context.function_name, "shared": os.environ["SHARED_VAR"], "uni": "\u00e9"}
def fail(event, context):
    raise ValueError("py bad")
""",
    },
}

# (service, args, exit code, exact stdout or a callable checking it)
CASES = [
    ("node-cjs", ["-f", "hello", "--data", '{"a":1}', "--env", "CLI_VAR=x"], 0,
     'log line\n{\n    "event": {\n        "a": 1\n    },\n    "shared": "shared",\n    "fn": "fn",\n'
     '    "cli": "x",\n    "name": "cjs-dev-hello",\n    "envName": "cjs-dev-hello",\n    "n": 1.5,\n'
     '    "uni": "é"\n}\n'),
    ("node-cjs", ["-f", "hello", "--path", "event.yml"], 0,
     lambda out: json.loads(out.split("\n", 1)[1])["event"] == {"a": 1, "b": ["x"]}),
    ("node-cjs", ["-f", "hello", "--data", '{"a":1}', "--raw"], 0,
     lambda out: json.loads(out.split("\n", 1)[1])["event"] == '{"a":1}'),
    ("node-cjs", ["-f", "hello"], 0, lambda out: json.loads(out.split("\n", 1)[1])["event"] == ""),
    ("node-cjs", ["-f", "text"], 0, '"just text"\n'),
    ("node-cjs", ["-f", "nothing"], 0, ""),
    ("node-cjs", ["-f", "callback"], 0, '{\n    "via": "callback"\n}\n'),
    ("node-cjs", ["-f", "fail"], 1,
     lambda out: (lambda e: e["errorMessage"] == "bad thing" and e["errorType"] == "TypeError"
                  and e["stackTrace"][0] == "TypeError: bad thing")(json.loads(out))
     and out.startswith('{\n    "errorMessage": "bad thing",\n    "errorType": "TypeError",\n    "stackTrace": [\n')),
    ("node-cjs", ["-f", "slow"], 1, lambda out: "Task timed out after 1.00 seconds" in out),
    ("node-cjs", ["-f", "context", "--contextPath", "context.json"], 0,
     '{\n    "custom": "yes",\n    "version": "$LATEST",\n    "memory": "1024",\n'
     '    "group": "/aws/lambda/cjs-dev-context",\n    "remaining": true\n}\n'),
    ("node-cjs", ["-f", "nope"], 1, ""),
    ("node-esm", ["-f", "hello", "--data", '{"k":"v"}'], 0,
     '{\n    "esm": true,\n    "event": {\n        "k": "v"\n    }\n}\n'),
    ("node-esm", ["-f", "done"], 0, '{\n    "via": "done"\n}\n'),
    ("node-esm", ["-f", "fail"], 1, '{\n    "errorMessage": "plain failure"\n}\n'),
    ("python", ["-f", "hello", "--data", '{"b":2}'], 0,
     'py log\n{\n    "event": {\n        "b": 2\n    },\n    "name": "py-dev-hello",\n'
     '    "shared": "shared",\n    "uni": "\\u00e9"\n}\n'),
    ("python", ["-f", "hello"], 0, lambda out: json.loads(out.split("\n", 1)[1])["event"] == {}),
    ("python", ["-f", "fail"], 1,
     lambda out: out.startswith("Traceback (most recent call last):\n") and out.endswith("ValueError: py bad\n")
     and "bootstrap" not in out),
]

STDERR_CHECKS = {
    ("node-cjs", ("-f", "nope")): 'Function "nope" doesn\'t exist in this Service',
}


def write_services(root):
    for name, files in SERVICES.items():
        for rel, text in files.items():
            path = os.path.join(root, name, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sls", default=os.environ.get("SLS"))
    args = ap.parse_args()
    if not args.sls:
        sys.exit("--sls PATH (or $SLS) is required")
    sls = os.path.abspath(args.sls)
    root = tempfile.mkdtemp(prefix="sls_invoke_local_")
    failed = 0
    try:
        write_services(root)
        for service, cli, code, expected in CASES:
            label = f"{service}: invoke local {' '.join(cli)}"
            proc = subprocess.run([sls, "invoke", "local", *cli], cwd=os.path.join(root, service),
                                  stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
            ok = proc.returncode == code
            ok = ok and (expected(proc.stdout) if callable(expected) else proc.stdout == expected)
            need = STDERR_CHECKS.get((service, tuple(cli)))
            ok = ok and (need is None or need in proc.stderr)
            print(("PASS " if ok else "FAIL ") + label)
            if not ok:
                failed += 1
                print(f"  exit {proc.returncode} (want {code})\n  stdout: {proc.stdout!r}\n  stderr: {proc.stderr!r}")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"{len(CASES) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
