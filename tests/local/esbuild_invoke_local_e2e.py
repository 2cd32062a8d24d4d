#!/usr/bin/env python3
"""`sls invoke local` and `sls offline` with the built-in serverless-esbuild: a TypeScript handler
(which Node.js cannot load as it is) runs from its esbuild bundle, `--path` is still read from the
service folder, and the .esbuild/ build folder is gone afterwards; under `sls offline` an edit of
an imported .ts module is bundled again and served without a restart, and a source that does not
compile is logged while the server keeps serving. esbuild comes from npm into the golden cases'
cache (tests/golden/npm_deps.py); without npm the test is skipped (exit 77).

  esbuild_invoke_local_e2e.py [--sls PATH]      (PATH defaults to $SLS)
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "golden"))
sys.path.insert(0, HERE)
import npm_deps  # noqa: E402
from offline_e2e import Offline  # noqa: E402

ESBUILD = "esbuild@0.28.2"
FILES = {
    "serverless.yml": """service: ts-local
provider:
  name: aws
  runtime: nodejs24.x
plugins:
  - serverless-esbuild
functions:
  hello:
    handler: src/hello.handler
  web:
    handler: src/web.handler
    events:
      - http: GET /web
  py:
    handler: py_handler.main
    runtime: python3.12
    events:
      - http: GET /py
""",
    "py_handler.py": "def main(event, context):\n    return {'statusCode': 200, 'body': 'from python'}\n",
    "src/web.ts": """import { shout } from "./shout";
export const handler = async (): Promise<{ statusCode: number; body: string }> => ({ statusCode: 200, body: shout("web") });
""",
    "src/hello.ts": """import { shout } from "./shout";
type Event = { name: string };
export const handler = async (event: Event): Promise<{ greeting: string }> => ({ greeting: shout(event.name) });
""",
    "src/shout.ts": "export const shout = (s: string): string => s.toUpperCase() + '!';\n",
    "event.json": '{"name": "ts"}\n',
}


def write_files(root):
    for rel, text in FILES.items():
        os.makedirs(os.path.dirname(os.path.join(root, rel)), exist_ok=True)
        with open(os.path.join(root, rel), "w", encoding="utf-8") as f:
            f.write(text)


def report(label, ok, detail=""):
    print(("PASS " if ok else "FAIL ") + label)
    if not ok and detail:
        print("  " + str(detail)[-2000:])
    return ok


def test_invoke_local(sls, root):
    proc = subprocess.run([sls, "invoke", "local", "-f", "hello", "--path", "event.json"],
                          cwd=root, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)
    ok = proc.returncode == 0 and json.loads(proc.stdout or "null") == {"greeting": "TS!"}
    ok = ok and not os.path.exists(os.path.join(root, ".esbuild"))
    return report("invoke local runs the esbuild bundle of a TypeScript handler", ok,
                  f"exit {proc.returncode}\n  stdout: {proc.stdout!r}\n  stderr: {proc.stderr!r}")


def test_invoke_local_python(sls, root):
    proc = subprocess.run([sls, "invoke", "local", "-f", "py"], cwd=root, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=120)
    ok = proc.returncode == 0 and json.loads(proc.stdout or "null") == {"statusCode": 200, "body": "from python"}
    return report("invoke local: a Python function beside the bundled ones runs from the sources", ok,
                  f"exit {proc.returncode}\n  stdout: {proc.stdout!r}\n  stderr: {proc.stderr!r}")


def poll(srv, want, limit=20):
    body = None
    deadline = time.time() + limit
    while time.time() < deadline:
        _, _, _, body = srv.request("GET", "/dev/web")
        if body == want:
            break
        time.sleep(0.1)
    return body


def test_offline(sls, root):
    ok = True
    srv = Offline(sls, root)
    try:
        status, _, _, body = srv.request("GET", "/dev/web")
        ok &= report("offline serves the esbuild bundle of a TypeScript handler", status == 200 and body == b"WEB!",
                     (status, body, srv.output()))
        status, _, _, body = srv.request("GET", "/dev/py")
        ok &= report("offline: a Python function beside them runs from the sources", status == 200
                     and body == b"from python", (status, body, srv.output()[-1500:]))
        ok &= report("offline: the bundles are in .esbuild/.build",
                     os.path.exists(os.path.join(root, ".esbuild", ".build", "src", "web.js")), os.listdir(root))
        with open(os.path.join(root, "src", "shout.ts"), "w", encoding="utf-8") as f:
            f.write("export const shout = (s: string): string => s + '?';\n")
        body = poll(srv, b"web?")
        ok &= report("offline: an edited imported module is bundled again and served", body == b"web?",
                     (body, srv.output()[-1500:]))
        ok &= report("offline: the rebuild is logged", "Bundling again: src/shout.ts changed" in srv.output(),
                     srv.output()[-1500:])
        with open(os.path.join(root, "src", "shout.ts"), "w", encoding="utf-8") as f:
            f.write("export const shout = (s: string): string => s +;\n")
        deadline = time.time() + 20
        while time.time() < deadline and "Bundling failed" not in srv.output():
            time.sleep(0.1)
        ok &= report("offline: a source that does not compile is logged", "Bundling failed" in srv.output(),
                     srv.output()[-1500:])
        with open(os.path.join(root, "src", "shout.ts"), "w", encoding="utf-8") as f:
            f.write("export const shout = (s: string): string => s + '!!';\n")
        body = poll(srv, b"web!!")
        ok &= report("offline: fixed, it is served again", body == b"web!!", (body, srv.output()[-1500:]))
    finally:
        srv.stop()
    ok &= report("offline: .esbuild/ is gone after the server stops", not os.path.exists(os.path.join(root, ".esbuild")),
                 os.listdir(root))
    return ok


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sls", default=os.environ.get("SLS"))
    args = ap.parse_args()
    if not args.sls:
        sys.exit("--sls PATH (or $SLS) is required")
    try:
        modules = npm_deps.install([ESBUILD])
    except RuntimeError as e:
        print(f"SKIP: {e}")
        return 77
    sls = os.path.abspath(args.sls)
    root = tempfile.mkdtemp(prefix="sls_esbuild_local_")
    try:
        svc = os.path.join(root, "svc")
        os.makedirs(svc)
        write_files(svc)
        os.symlink(modules, os.path.join(svc, "node_modules"))
        ok = test_invoke_local(sls, svc)
        ok &= test_invoke_local_python(sls, svc)
        ok = test_offline(sls, svc) and ok
        return 0 if ok else 1
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
