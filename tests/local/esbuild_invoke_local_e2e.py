#!/usr/bin/env python3
"""`sls invoke local` with the built-in serverless-esbuild: a TypeScript handler (which Node.js
cannot load as it is) runs from its esbuild bundle, `--path` is still read from the service
folder, and the .esbuild/ build folder is gone afterwards. esbuild comes from npm into the
golden cases' cache (tests/golden/npm_deps.py); without npm the test is skipped (exit 77).

  esbuild_invoke_local_e2e.py [--sls PATH]      (PATH defaults to $SLS)
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "golden"))
import npm_deps  # noqa: E402

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
""",
    "src/hello.ts": """import { shout } from "./shout";
type Event = { name: string };
export const handler = async (event: Event): Promise<{ greeting: string }> => ({ greeting: shout(event.name) });
""",
    "src/shout.ts": "export const shout = (s: string): string => s.toUpperCase() + '!';\n",
    "event.json": '{"name": "ts"}\n',
}


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
    root = tempfile.mkdtemp(prefix="sls_esbuild_local_")
    try:
        for rel, text in FILES.items():
            os.makedirs(os.path.dirname(os.path.join(root, rel)), exist_ok=True)
            with open(os.path.join(root, rel), "w", encoding="utf-8") as f:
                f.write(text)
        os.symlink(modules, os.path.join(root, "node_modules"))
        proc = subprocess.run([os.path.abspath(args.sls), "invoke", "local", "-f", "hello", "--path", "event.json"],
                              cwd=root, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)
        ok = proc.returncode == 0 and json.loads(proc.stdout or "null") == {"greeting": "TS!"}
        ok = ok and not os.path.exists(os.path.join(root, ".esbuild"))
        print(("PASS" if ok else "FAIL") + " invoke local runs the esbuild bundle of a TypeScript handler")
        if not ok:
            print(f"  exit {proc.returncode}\n  stdout: {proc.stdout!r}\n  stderr: {proc.stderr!r}")
        return 0 if ok else 1
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
