#!/usr/bin/env python3
"""Cold vs warm `sls package` of a service with a large node_modules (the deflate cache).

    python3 bench/package_cache.py --sls build/sls [--mb 150] [--runs 5] [--work DIR]

Generates the service with bench/gen_node_modules.py (unless DIR already holds it), waits until
its files are older than the cache's 2-second doubt window, then times, median of --runs:
  * cold: an empty cache folder (XDG_CACHE_HOME pointing at a fresh folder) each run;
  * warm: the cache filled by the run before;
  * off:  SLS_NO_CACHE=1.
Wall time of the whole process and its CPU time (user + sys), and checks that every zip is
byte-identical to the one written with the cache off."""
import argparse
import filecmp
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def run(sls, svc, out, env):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run([sls, "package", "--package", out], cwd=svc, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sls", default=os.path.join(HERE, "..", "build", "sls"))
    ap.add_argument("--mb", type=int, default=150)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--work")
    a = ap.parse_args()
    sls = os.path.abspath(a.sls)
    work = a.work or tempfile.mkdtemp(prefix="sls-cache-bench-")
    svc = os.path.join(work, "service")
    if not os.path.exists(os.path.join(svc, "serverless.yml")):
        subprocess.run([sys.executable, os.path.join(HERE, "gen_node_modules.py"), svc, "--mb", str(a.mb)], check=True)
        time.sleep(2.5)
    outs = os.path.join(work, "out")
    cache_root = os.path.join(work, "cache")
    base = dict(os.environ)
    base.pop("SLS_NO_CACHE", None)

    off_env = dict(base, SLS_NO_CACHE="1")
    run(sls, svc, os.path.join(outs, "off"), off_env)  # warm-up: file pages in memory
    reference = os.path.join(outs, "off", "big-deps.zip")
    results = {"cold": [], "warm": [], "off": []}
    identical = True
    for i in range(a.runs):
        cold_cache = os.path.join(cache_root, f"cold{i}")
        shutil.rmtree(cold_cache, ignore_errors=True)
        results["cold"].append(run(sls, svc, os.path.join(outs, f"cold{i}"), dict(base, XDG_CACHE_HOME=cold_cache)))
        identical &= filecmp.cmp(reference, os.path.join(outs, f"cold{i}", "big-deps.zip"), shallow=False)
        # warm: the cache the first cold run filled
        warm_env = dict(base, XDG_CACHE_HOME=os.path.join(cache_root, "cold0"))
        results["warm"].append(run(sls, svc, os.path.join(outs, f"warm{i}"), warm_env))
        identical &= filecmp.cmp(reference, os.path.join(outs, f"warm{i}", "big-deps.zip"), shallow=False)
        results["off"].append(run(sls, svc, os.path.join(outs, f"off{i}"), off_env))
        shutil.rmtree(cold_cache if i else os.path.join(outs, f"cold{i}"), ignore_errors=True)
    files = sum(len(f) for _, _, f in os.walk(os.path.join(svc, "node_modules")))
    mb = sum(os.path.getsize(os.path.join(d, n)) for d, _, f in os.walk(os.path.join(svc, "node_modules"))
             for n in f) / (1 << 20)
    print(f"service: {mb:.0f} MB in {files} files; zip {os.path.getsize(reference) / (1 << 20):.1f} MB")
    print(f"{'run':<6}{'wall median':>14}{'cpu median':>14}")
    med = {}
    for k, v in results.items():
        med[k] = (statistics.median(w for w, _ in v), statistics.median(c for _, c in v))
        print(f"{k:<6}{med[k][0] * 1000:>11.0f} ms{med[k][1] * 1000:>11.0f} ms")
    print(f"warm vs cold: {med['cold'][0] / med['warm'][0]:.1f}x wall, {med['cold'][1] / med['warm'][1]:.1f}x cpu")
    print("zips byte-identical to the cache-off zip:", "yes" if identical else "NO")
    if not a.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
