#!/usr/bin/env python3
"""sls package vs osls package, same machine, same run: medians, ratio, peak memory.

Usage: bench/run.py --sls build/sls [--osls PATH] [--runs N]
Without --osls, osls@4.3.1 is installed with npm into bench/.cache (not committed).
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
sys.path.insert(0, HERE)
from gen_service import generate  # noqa: E402


def ensure_osls():
    cache = os.path.join(HERE, ".cache", "osls")
    binary = os.path.join(cache, "node_modules", ".bin", "osls")
    if not os.path.exists(binary):
        os.makedirs(cache, exist_ok=True)
        subprocess.run(["npm", "install", "--no-save", "--prefix", cache, "osls@4.3.1"], check=True,
                       stdout=subprocess.DEVNULL)
    return binary


def run_once(cmd, cwd):
    shutil.rmtree(os.path.join(cwd, ".serverless"), ignore_errors=True)
    env = dict(os.environ, SLS_TELEMETRY_DISABLED="1")
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, cwd=cwd, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed in {cwd}:\n{proc.stderr}")
    peak_kib = int(proc.stderr.strip().splitlines()[-1])
    return elapsed, peak_kib


def measure(cmd, cwd, runs):
    run_once(cmd, cwd)  # warm-up (page cache, npm caches)
    samples = [run_once(cmd, cwd) for _ in range(runs)]
    return statistics.median(s[0] for s in samples), max(s[1] for s in samples)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sls", default=os.path.join(ROOT, "build", "sls"))
    ap.add_argument("--osls")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    sls = os.path.abspath(args.sls)
    osls = args.osls or ensure_osls()

    work = tempfile.mkdtemp(prefix="sls-bench-")
    try:
        cases = {}
        billing = os.path.join(work, "billing-service")
        shutil.copytree(os.path.join(ROOT, "examples", "billing-service"), billing,
                        ignore=shutil.ignore_patterns(".serverless"))
        cases["billing-service"] = billing
        hundred = os.path.join(work, "fn100")
        generate(hundred, 100)
        cases["100 functions (http + schedule)"] = hundred

        print("| service | osls median | sls median | ratio | sls peak RSS |")
        print("|---|---|---|---|---|")
        for name, path in cases.items():
            o_time, _ = measure([osls, "package"], path, args.runs)
            s_time, s_peak = measure([sls, "package"], path, args.runs)
            print(f"| {name} | {o_time * 1000:.0f} ms | {s_time * 1000:.1f} ms | "
                  f"{o_time / s_time:.0f}x | {s_peak / 1024:.1f} MiB |", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
