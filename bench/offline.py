#!/usr/bin/env python3
"""Benchmark of `sls offline` (not a test): wrk at 16 connections against a Node.js hello handler
on an `http` route and an `httpApi` route, beside serverless-offline 14 (installed from npm into the
scratch folder, run by osls, the open-source Serverless Framework) and a bare Node.js `http`
server (the ceiling), one after the other on this machine in the same run, each after a warm-up.
Reports requests/s, p99 latency, RSS of the server plus its workers (after the run; also PSS, which
counts a page shared by several processes, such as the node binary's, once in all), and
time-to-ready (start until the first 200), the ratios to serverless-offline, and the load average
before and after (the machine may be shared: figures are only comparable within one run).

  bench/offline.py --sls build/sls [--duration 10] [--warmup 3] [--scratch DIR] [--json OUT]
Needs node, npm and wrk (`apt-get install wrk`). Every request goes to 127.0.0.1.
"""
import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "local"))
from offline_memory_e2e import tree_pss_kb, tree_rss_kb  # noqa: E402  (of a process and its descendants)

SERVICE = """service: bench
frameworkVersion: '4'
plugins:
  - serverless-offline
provider:
  name: aws
  runtime: nodejs20.x
  stage: dev
functions:
  hello:
    handler: handler.hello
    events:
      - http: GET /hello
      - httpApi: GET /v2/hello
"""
HANDLER = """exports.hello = async () => ({ statusCode: 200, headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ message: 'hello' }) });
"""
BARE = """require('http').createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ message: 'hello' }));
}).listen(Number(process.env.PORT), '127.0.0.1');
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port, proc, limit=60):
    start = time.monotonic()
    while time.monotonic() - start < limit:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited ({proc.returncode}) before listening on {port}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.001)
    raise RuntimeError(f"port {port} not listening within {limit} s")


def wait_ready(url, proc, limit=60):
    start = time.monotonic()
    while time.monotonic() - start < limit:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited ({proc.returncode}) before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.002)
    raise RuntimeError(f"{url} did not answer within {limit} s")


def wrk(url, seconds, connections=16):
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
                         capture_output=True, text=True, timeout=seconds + 60).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    m = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
    p99_ms = float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {"rps": rps, "p99_ms": p99_ms, "non2xx": int(non2xx.group(1)) if non2xx else 0,
            "socket_errors": errors.group(1) if errors else ""}


def stop(proc):
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def measure(name, argv, cwd, urls, env, duration, warmup):
    log = open(os.path.join(cwd, f"{name}.log"), "w")
    t0 = time.monotonic()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    results = {}
    try:
        wait_listening(int(urls[0][1].split(":")[2].split("/")[0]), proc)
        results["listening_ms"] = (time.monotonic() - t0) * 1000
        wait_ready(urls[0][1], proc)
        results["ready_ms"] = (time.monotonic() - t0) * 1000
        for label, url in urls:
            wrk(url, warmup)
            r = wrk(url, duration)
            r["rss_mb"] = tree_rss_kb(proc.pid) / 1024
            r["pss_mb"] = tree_pss_kb(proc.pid) / 1024
            results[label] = r
            print(f"  {name:18} {label:8} {r['rps']:9.0f} req/s  p99 {r['p99_ms']:7.2f} ms  "
                  f"RSS {r['rss_mb']:7.1f} MB  PSS {r['pss_mb']:7.1f} MB  non-2xx {r['non2xx']}", flush=True)
    finally:
        stop(proc)
        log.close()
    return results


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sls", required=True)
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--scratch", default="/tmp/sls_bench_offline")
    ap.add_argument("--json")
    args = ap.parse_args()
    for tool in ("wrk", "node", "npm"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is needed (wrk: apt-get install wrk)")
    sls = os.path.abspath(args.sls)
    os.makedirs(args.scratch, exist_ok=True)
    for name, text in (("serverless.yml", SERVICE), ("handler.js", HANDLER), ("bare.js", BARE)):
        with open(os.path.join(args.scratch, name), "w") as f:
            f.write(text)
    osls = os.path.join(args.scratch, "node_modules", ".bin", "osls")
    if not os.path.exists(os.path.join(args.scratch, "node_modules", "serverless-offline")) or not os.path.exists(osls):
        print("installing serverless-offline@14 and osls into", args.scratch, flush=True)
        with open(os.path.join(args.scratch, "package.json"), "w") as f:
            f.write('{"name": "bench", "private": true}\n')
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--legacy-peer-deps", "--ignore-scripts",
                        "serverless-offline@14", "osls@4"], cwd=args.scratch, check=True, timeout=600)
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update({"AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x", "SLS_TELEMETRY_DISABLED": "1",
                "SLS_NOTIFICATIONS_MODE": "off"})
    results = {}
    port, lport = free_port(), free_port()
    base = f"http://127.0.0.1:{port}"
    urls = [("http", base + "/dev/hello"), ("httpApi", base + "/v2/hello")]
    load_before = os.getloadavg()
    print(f"wrk -t2 -c16 -d{args.duration}s after a {args.warmup} s warm-up, on {os.cpu_count()} cores, "
          f"load average {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}", flush=True)
    results["bare node"] = measure("bare-node", ["node", "bare.js"], args.scratch, [("http", base + "/")],
                                   {**env, "PORT": str(port)}, args.duration, args.warmup)
    port, lport = free_port(), free_port()
    base = f"http://127.0.0.1:{port}"
    urls = [("http", base + "/dev/hello"), ("httpApi", base + "/v2/hello")]
    results["sls offline"] = measure("sls-offline", [sls, "offline", "--host", "127.0.0.1", "--httpPort", str(port),
                                                     "--lambdaPort", str(lport)], args.scratch, urls, env,
                                     args.duration, args.warmup)
    port, lport = free_port(), free_port()
    base = f"http://127.0.0.1:{port}"
    urls = [("http", base + "/dev/hello"), ("httpApi", base + "/v2/hello")]
    results["serverless-offline"] = measure(
        "serverless-offline", [osls, "offline", "--host", "127.0.0.1", "--httpPort", str(port), "--lambdaPort",
                               str(lport), "--websocketPort", str(free_port()), "--albPort", str(free_port())],
        args.scratch, urls, env, args.duration, args.warmup)
    ours, theirs, bare = results["sls offline"], results["serverless-offline"], results["bare node"]
    print()
    print(f"time to listening / first 200: sls offline {ours['listening_ms']:.0f} / {ours['ready_ms']:.0f} ms, "
          f"serverless-offline {theirs['listening_ms']:.0f} / {theirs['ready_ms']:.0f} ms, "
          f"bare node {bare['listening_ms']:.0f} / {bare['ready_ms']:.0f} ms")
    for label in ("http", "httpApi"):
        o, t = ours[label], theirs[label]
        print(f"{label:8} req/s {o['rps']:.0f} = {o['rps'] / t['rps']:.1f}x serverless-offline ({o['rps'] / bare['http']['rps']:.0%} of bare "
              f"node), p99 {o['p99_ms']:.2f} ms vs {t['p99_ms']:.2f} ms, RSS {o['rss_mb'] / t['rss_mb']:.2f} "
              f"(PSS {o['pss_mb'] / t['pss_mb']:.2f}) of theirs")
    load_after = os.getloadavg()
    print(f"load average before / after: {load_before[0]:.2f} / {load_after[0]:.2f} (1 min)")
    results["load_average"] = {"before": load_before, "after": load_after}
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
