#!/usr/bin/env python3
"""Runs a command against a private, loopback-only moto server.

    python3 tests/e2e/moto_harness.py -- ./build/sls deploy --stage dev

starts `moto_server -H 127.0.0.1 -p <free port>`, waits until it answers, runs
the command with AWS_ENDPOINT_URL pointing at it and fake credentials
(AWS_ACCESS_KEY_ID=testing, ...), stops the server and exits with the
command's status. Exits 77 (the "skipped" status of ctest/automake) when
moto_server is not on PATH.

Importable as well:

    with MotoServer() as moto:
        subprocess.run(cmd, env=moto.env())
"""
import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

SKIP = 77


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class MotoServer:
    def __init__(self, port=None, region="us-east-1", timeout=60.0):
        self.port = port or free_port()
        self.region = region
        self.timeout = timeout
        self.process = None

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}"

    def env(self, base=None):
        env = dict(os.environ if base is None else base)
        for name in list(env):
            # Never let a real profile or key reach the command.
            if name.startswith("AWS_") and name not in ("AWS_DEBUG",):
                del env[name]
        env.update({
            "AWS_ENDPOINT_URL": self.endpoint,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_SESSION_TOKEN": "testing",
            "AWS_REGION": self.region,
            "AWS_DEFAULT_REGION": self.region,
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
            "AWS_CONFIG_FILE": os.devnull,
        })
        return env

    def start(self):
        self.process = subprocess.Popen(
            ["moto_server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"moto_server exited with status {self.process.returncode}")
            try:
                with urllib.request.urlopen(self.endpoint + "/moto-api/", timeout=1) as reply:
                    if reply.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"moto_server did not answer on {self.endpoint} within {self.timeout}s")

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)  # the session we started, by its id
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.process = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def sls_under_test(root):
    """The binary an e2e script runs (`--sls`, default build/sls under `root`), or None after a
    "SKIP" line when moto_server is not installed."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--sls", default=os.path.join(root, "build", "sls"))
    sls = os.path.abspath(ap.parse_args().sls)
    if shutil.which("moto_server") is None:
        print("SKIP moto_server not on PATH")
        return None
    return sls


class Checks:
    """PASS/FAIL lines of an e2e script: `check(name, ok, detail)`, then `summary()` prints
    "N passed, M failed" and returns the exit status."""

    def __init__(self):
        self.results = []

    def __call__(self, name, ok, detail=""):
        self.results.append(bool(ok))
        print(("PASS " if ok else "FAIL ") + name + ("" if ok or not detail else ": " + detail), flush=True)
        return ok

    def summary(self):
        passed = sum(self.results)
        print(f"{passed} passed, {len(self.results) - passed} failed")
        return 0 if passed == len(self.results) else 1


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=None)
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command to run after --")
    if not shutil.which("moto_server"):
        print("moto_server is not on PATH; skipping", file=sys.stderr)
        return SKIP
    with MotoServer(args.port, args.region) as moto:
        return subprocess.run(command, env=moto.env()).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
