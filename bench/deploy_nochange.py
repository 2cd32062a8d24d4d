#!/usr/bin/env python3
"""No-change `sls deploy` of billing-service against a local moto server: client time.

Usage: bench/deploy_nochange.py [--sls build/sls] [--osls PATH] [--runs N]
Deploys once, then times N further deploys that find nothing to change (median).
osls is tried against the same moto; where it cannot deploy there, the reason is printed.
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


def timed(cmd, cwd, env, timeout=300):
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    return time.perf_counter() - start, proc


def bench(name, cmd, service, env, runs):
    first, proc = timed(cmd + ["deploy"], service, env)
    if proc.returncode != 0:
        lines = [l for l in (proc.stdout + proc.stderr).splitlines() if l.strip()]
        print(f"| {name} | first deploy failed against moto: {lines[-1][:160] if lines else '?'} |")
        return None
    samples = []
    for _ in range(runs):
        elapsed, proc = timed(cmd + ["deploy"], service, env)
        if proc.returncode != 0 or "No changes" not in proc.stdout + proc.stderr:
            print(f"| {name} | a repeated deploy was not skipped (exit {proc.returncode}) |")
            return None
        samples.append(elapsed)
    median = statistics.median(samples)
    print(f"| {name} | {median * 1000:.0f} ms (first deploy {first * 1000:.0f} ms) |", flush=True)
    return median


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sls", default=os.path.join(ROOT, "build", "sls"))
    ap.add_argument("--osls", default=os.path.join(HERE, ".cache", "osls", "node_modules", ".bin", "osls"))
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    if not shutil.which("moto_server"):
        sys.exit("moto_server is not on PATH")
    work = tempfile.mkdtemp(prefix="sls-deploy-bench-")
    try:
        print("| tool | no-change deploy, median |")
        print("|---|---|")
        results = {}
        for name, cmd in (("sls", [os.path.abspath(args.sls)]), ("osls 4.3.1", [args.osls])):
            if name.startswith("osls") and not os.path.exists(args.osls):
                print(f"| {name} | not installed at {args.osls} (bench/run.py installs it) |")
                continue
            service = os.path.join(work, name.split()[0])
            shutil.copytree(os.path.join(ROOT, "examples", "billing-service"), service,
                            ignore=shutil.ignore_patterns(".serverless"))
            with MotoServer() as moto:  # a fresh moto for each tool
                env = moto.env()
                env["SLS_AWS_MONITORING_FREQUENCY"] = "200"
                env["SLS_TELEMETRY_DISABLED"] = "1"
                results[name] = bench(name, cmd, service, env, args.runs)
        if results.get("sls") and results.get("osls 4.3.1"):
            print(f"\nratio: {results['osls 4.3.1'] / results['sls']:.0f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
