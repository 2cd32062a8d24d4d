#!/usr/bin/env python3
"""Benchmark of the Node.js plugin bridge (not a test), same machine, same run:

1. start-up cost: `sls package` of the golden service plugin-bridge-local (a local plugin with
   hooks, schema and naming) against the same service with its `plugins:` removed;
2. a real npm plugin: `sls package` and `osls package` (4.3.1) of the golden service
   plugin-step-functions (serverless-step-functions from npm, installed into the golden tests'
   npm cache by tests/golden/npm_deps.py, as a devDependency of the service).

Runs alternate A B A B ... after a warm-up each; prints the median wall time of each command and
the ratio of the medians, as whole-process figures.

  bench/plugin_bridge.py --sls build/sls [--osls PATH] [--runs N]
Without --osls, osls@4.3.1 is installed with npm into bench/.cache (as bench/run.py does).
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
GOLDEN = os.path.join(ROOT, "tests", "golden")
sys.path.insert(0, HERE)
sys.path.insert(0, GOLDEN)
from run import ensure_osls  # noqa: E402
import compare  # noqa: E402  (a case's environment: fake credentials, local CloudFormation stub)
import npm_deps  # noqa: E402


def copy_case(name, work, strip_plugins=False):
    src = os.path.join(GOLDEN, name)
    dst = os.path.join(work, name + ("-plain" if strip_plugins else ""))
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("expected", "test-deps.txt", "plugins.txt", "env"))
    npm_deps.link_into(dst, npm_deps.case_specs(src, regenerating=False))
    if strip_plugins:
        path = os.path.join(dst, "serverless.yml")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        # The plugin's own settings stay (as top-level and custom keys they need its schema,
        # so the plain service drops the top-level one too).
        text = re.sub(r"^plugins:\n(  - .*\n)+", "", text, flags=re.M)
        text = re.sub(r"^topicPerFunction:\n(  .*\n)+", "", text, flags=re.M)
        text = re.sub(r"^    alertsEmail: .*\n", "", text, flags=re.M)
        text = re.sub(r"^    events:\n      - topicAlert:\n(          .*\n)+", "", text, flags=re.M)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    return src, dst


def run_once(cmd, cwd, env):
    shutil.rmtree(os.path.join(cwd, ".serverless"), ignore_errors=True)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed in {cwd}:\n{proc.stderr}")
    return elapsed


def paired(a, b, runs):
    """Median seconds of a and b ((cmd, cwd, env) each), run in turn after one warm-up each."""
    run_once(*a)
    run_once(*b)
    sa, sb = [], []
    for _ in range(runs):
        sa.append(run_once(*a))
        sb.append(run_once(*b))
    return statistics.median(sa), statistics.median(sb)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sls", default=os.path.join(ROOT, "build", "sls"))
    ap.add_argument("--osls")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    sls = os.path.abspath(args.sls)
    osls = args.osls or ensure_osls()
    work = tempfile.mkdtemp(prefix="sls-bench-bridge-")
    try:
        src, bridged = copy_case("plugin-bridge-local", work)
        _, plain = copy_case("plugin-bridge-local", work, strip_plugins=True)
        env = compare.case_env(src)
        with_plugin, without = paired(([sls, "package"], bridged, env), ([sls, "package"], plain, env), args.runs)
        print(f"sls package, local plugin through the bridge: {with_plugin * 1000:.0f} ms; "
              f"without plugins: {without * 1000:.0f} ms; bridge cost {1000 * (with_plugin - without):.0f} ms "
              f"(x{with_plugin / without:.2f})")
        bare = statistics.median(run_once(["node", "-e", ""], plain, env) for _ in range(args.runs))
        print(f"of which a bare `node -e ''` start: {bare * 1000:.0f} ms")

        src, sfn = copy_case("plugin-step-functions", work)
        env = compare.case_env(src)
        ours, theirs = paired(([sls, "package"], sfn, env), ([osls, "package"], sfn, env), args.runs)
        print(f"serverless-step-functions service: sls {ours * 1000:.0f} ms, osls 4.3.1 {theirs * 1000:.0f} ms "
              f"(sls/osls {ours / theirs:.2f}, osls is x{theirs / ours:.1f} slower)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
