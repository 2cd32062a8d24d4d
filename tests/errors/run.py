#!/usr/bin/env python3
"""Bad-input tests: `sls package` must fail cleanly and explain what is wrong (or, for a case
expecting exit 0, warn and still package).

Each folder next to this file is a case: a service (serverless.yml, ...), optional `args`
(CLI arguments, shell quoting allowed), optional `command` (the command instead of `package`,
e.g. a plugin's `hello`), optional `env` (KEY=VALUE lines), optional
`seed-serverless/` (copied to `.serverless/` before the run: it must be left untouched), and
`expect`:
    # comments (what osls 4.3.1 prints, for reference)
    exit: 1                      expected exit code
    contains: TEXT               the output (stdout + stderr) must contain TEXT (case-sensitive)
    any: A | B | C               the output must contain at least one of them (case-insensitive)
    lacks: TEXT                  the output must not contain TEXT (case-sensitive)
    wrote: FILE                  the run must leave .serverless/FILE (for `exit: 0` cases)
A failing run must also leave no `.serverless/` behind when there was none before, and an
existing one unchanged.

  run.py [--sls PATH] [--keep] [CASE ...]      (PATH defaults to $SLS)
Prints `PASS name` / `FAIL name` per case and ends with `N passed, M failed`; exits 1 on failure.
"""
import argparse
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from case_runner import case_args, case_env, run_cases  # noqa: E402
CASE_META = {"expect", "args", "command", "env", "seed-serverless", "README.md"}
def parse_expect(path):
    exit_code, contains, any_of, lacks, wrote = 1, [], [], [], []
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            key, _, value = line.partition(":")
            key, value = key.strip(), value.strip()
            if key == "exit":
                exit_code = int(value)
            elif key == "contains":
                contains.append(value)
            elif key == "lacks":
                lacks.append(value)
            elif key == "wrote":
                wrote.append(value)
            elif key == "any":
                any_of.append([v.strip() for v in value.split(" | ") if v.strip()])
            else:
                raise ValueError(f"{path}: unknown line {line!r}")
    return exit_code, contains, any_of, lacks, wrote


def snapshot(directory):
    """{relative path: bytes} of every file under directory (None when it does not exist)."""
    if not os.path.isdir(directory):
        return None
    files = {}
    for root, dirs, names in os.walk(directory):
        for name in dirs + names:
            full = os.path.join(root, name)
            rel = os.path.relpath(full, directory)
            if os.path.isdir(full) and not os.path.islink(full):
                files[rel + "/"] = None
            else:
                with open(full, "rb") as f:
                    files[rel] = f.read()
    return files


def copy_shared_parts(case_dir, dst):
    """A case's symlink to a folder outside it (e.g. a plugin shared with a golden case) becomes
    a copy of that folder in the case's temporary copy; other symlinks stay links."""
    for root, dirs, names in os.walk(dst):
        for name in dirs + names:
            link = os.path.join(root, name)
            if not os.path.islink(link):
                continue
            source = os.path.realpath(os.path.join(case_dir, os.path.relpath(link, dst)))
            if os.path.isdir(source) and not source.startswith(os.path.realpath(case_dir) + os.sep):
                os.unlink(link)
                shutil.copytree(source, link)


def run_case(sls, case_dir, work_root):
    name = os.path.basename(os.path.normpath(case_dir))
    dst = os.path.join(work_root, name)
    shutil.copytree(case_dir, dst, symlinks=True,
                    ignore=lambda d, names: [n for n in names if d == case_dir and n in CASE_META])
    copy_shared_parts(case_dir, dst)
    seed = os.path.join(case_dir, "seed-serverless")
    if os.path.isdir(seed):
        shutil.copytree(seed, os.path.join(dst, ".serverless"))
    before = snapshot(os.path.join(dst, ".serverless"))
    args = case_args(case_dir)
    command = ["package"]
    if os.path.exists(os.path.join(case_dir, "command")):
        with open(os.path.join(case_dir, "command"), encoding="utf-8") as f:
            command = f.read().split()
    try:
        proc = subprocess.run([sls, *command, *args], cwd=dst, env=case_env(case_dir),
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=120)
        code, out = proc.returncode, proc.stdout.decode("utf-8", "replace")
    except subprocess.TimeoutExpired as e:
        code, out = None, (e.stdout or b"").decode("utf-8", "replace") + "\n(timed out)"
    except OSError as e:
        code, out = None, f"cannot run {sls}: {e}"
    after = snapshot(os.path.join(dst, ".serverless"))

    want_code, contains, any_of, lacks, wrote = parse_expect(os.path.join(case_dir, "expect"))
    problems = []
    if code != want_code:
        problems.append(f"exit code {code}, expected {want_code}")
    for text in contains:
        if text not in out:
            problems.append(f"output lacks {text!r}")
    for text in lacks:
        if text in out:
            problems.append(f"output has {text!r}")
    for name in wrote:
        if name not in (after or {}):
            problems.append(f".serverless/{name} was not written")
    lower = out.lower()
    for options in any_of:
        if not any(o.lower() in lower for o in options):
            problems.append(f"output lacks any of {options!r}")
    if want_code == 0:
        return problems, out
    if before is None and after is not None:
        problems.append(".serverless/ was created: " + ", ".join(sorted(after)))
    elif before is not None and after != before:
        changed = sorted(k for k in set(before) | set((after or {}))
                         if (after or {}).get(k, b"\0missing") != before.get(k, b"\0missing"))
        problems.append(".serverless/ was changed: " + ", ".join(changed or ["(removed)"]))
    return problems, out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sls", default=os.environ.get("SLS"), help="sls binary (default $SLS)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary copies")
    ap.add_argument("cases", nargs="*")
    a = ap.parse_args()
    if not a.sls:
        ap.error("give --sls PATH or set SLS")
    sls = os.path.abspath(a.sls) if os.path.sep in a.sls else a.sls
    cases = a.cases or sorted(d for d in os.listdir(HERE)
                              if os.path.isfile(os.path.join(HERE, d, "expect")))

    def run_one(name, work_root):
        problems, out = run_case(sls, os.path.join(HERE, name.rstrip("/")), work_root)
        print(f"{'FAIL' if problems else 'PASS'} {name}", flush=True)
        if problems:
            for p in problems:
                print(f"  {p}")
            print("  output:")
            for line in out.strip().splitlines()[:40]:
                print(f"    {line}")
        return not problems

    return run_cases(cases, run_one, a.keep, "sls-errors-")


if __name__ == "__main__":
    sys.exit(main())
