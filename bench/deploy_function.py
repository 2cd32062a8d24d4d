#!/usr/bin/env python3
"""A code change shipped with `sls deploy function -f F` vs a full `sls deploy`, against a local
moto server (billing-service, client time, median of N).

Usage: bench/deploy_function.py [--sls build/sls] [--runs N]
Deploys once, then N times: edits the handler, times `sls deploy` (package, upload, change set,
stack update); edits it again, times `sls deploy function -f fetchBillingRecord` (package one
zip, UpdateFunctionCode, wait until the update is Successful). The stack is polled at
CloudFormation's pace as users get it (SLS_AWS_MONITORING_FREQUENCY unset: every 5 s) and at
200 ms, the fastest it can see moto finish.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))
from moto_harness import MotoServer  # noqa: E402


def timed(cmd, cwd, env):
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd[1:])} failed: {(proc.stdout + proc.stderr)[-800:]}")
    return time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sls", default=os.path.join(ROOT, "build", "sls"))
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    if not shutil.which("moto_server"):
        sys.exit("moto_server is not on PATH")
    sls = os.path.abspath(args.sls)
    work = tempfile.mkdtemp(prefix="sls-deploy-function-bench-")
    try:
        print("| stack polled every | full `sls deploy` | `sls deploy function` | ratio |")
        print("|---|---|---|---|")
        for frequency in (None, "200"):
            service = os.path.join(work, f"svc-{frequency or 'default'}")
            shutil.copytree(os.path.join(ROOT, "examples", "billing-service"), service,
                            ignore=shutil.ignore_patterns(".serverless", "node_modules"))
            handler = os.path.join(service, "src", "handler.js")
            counter = [0]

            def change_code():
                counter[0] += 1
                with open(handler, "a") as f:
                    f.write(f"// change {counter[0]}\n")

            with MotoServer() as moto:
                env = moto.env()
                if frequency:
                    env["SLS_AWS_MONITORING_FREQUENCY"] = frequency
                timed([sls, "deploy"], service, env)
                full, single = [], []
                for _ in range(args.runs):
                    change_code()
                    full.append(timed([sls, "deploy"], service, env))
                    change_code()
                    single.append(timed([sls, "deploy", "function", "-f", "fetchBillingRecord"], service, env))
            f, s = statistics.median(full), statistics.median(single)
            label = f"{frequency} ms" if frequency else "5 s (default)"
            print(f"| {label} | {f:.2f} s | {s * 1000:.0f} ms | {f / s:.0f}x |", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
