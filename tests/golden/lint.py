#!/usr/bin/env python3
"""cfn-lint over the golden cases: `sls package`'s templates may have no cfn-lint error that
osls 4.3.1's own template for the case (expected/) lacks.

  lint.py [--sls PATH] [CASE ...]
Packages each case with sls (as compare.py does), runs cfn-lint once over sls's and osls's
update-stack templates, and compares, per case, how often each error rule (E....) fires.
Warnings are not compared. Errors osls's template has too are listed as known (they come
from osls or from the case on purpose, e.g. E1020 on a retained layer's Ref).
Prints `PASS name` / `FAIL name` and ends with `N passed, M failed` (or says it skipped when
cfn-lint is not installed: exit code 77)."""
import argparse
import collections
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import compare  # noqa: E402

TEMPLATE = "cloudformation-template-update-stack.json"


def lint(files):
    """{file: Counter of error rule ids} for each file, from one cfn-lint run."""
    proc = subprocess.run(["cfn-lint", "--format", "parseable", "--"] + files,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode not in (0, 2, 4, 6, 8, 10, 12, 14) and not proc.stdout:
        raise RuntimeError(f"cfn-lint failed ({proc.returncode}): {proc.stderr[-2000:]}")
    found = {f: collections.Counter() for f in files}
    for line in proc.stdout.splitlines():
        # file:line:col:endline:endcol:RULE:message
        parts = line.split(":", 6)
        if len(parts) < 7 or not parts[5].startswith("E"):
            continue
        found.setdefault(parts[0], collections.Counter())[parts[5]] += 1
    return found


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sls", default=os.environ.get("SLS"), help="sls binary (default $SLS)")
    ap.add_argument("cases", nargs="*")
    a = ap.parse_args()
    if not shutil.which("cfn-lint"):
        print("cfn-lint not installed: skipped")
        return 77
    if not a.sls:
        ap.error("give --sls PATH or set SLS")
    sls = os.path.abspath(a.sls) if os.path.sep in a.sls else a.sls
    cases = a.cases or compare.all_cases()
    work_root = tempfile.mkdtemp(prefix="sls-lint-")
    try:
        pairs, failed_runs = {}, []
        for name in cases:
            case_dir = os.path.join(HERE, name)
            theirs = os.path.join(case_dir, "expected", TEMPLATE)
            if not os.path.exists(theirs):
                continue
            try:
                dst, code, out = compare.run_package(sls, case_dir, work_root)
            except RuntimeError as e:  # npm packages the case needs are unavailable
                print(f"SKIP {name}: {e}")
                continue
            ours = os.path.join(dst, ".serverless", TEMPLATE)
            if code != 0 or not os.path.exists(ours):
                failed_runs.append((name, out))
                continue
            pairs[name] = (ours, theirs)
        found = lint([f for pair in pairs.values() for f in pair])
        passed = failed = 0
        for name, out in failed_runs:
            failed += 1
            print(f"FAIL {name}: sls package failed\n{out[-2000:]}")
        for name, (ours, theirs) in sorted(pairs.items()):
            extra = found[ours] - found[theirs]
            known = sorted(found[theirs])
            if extra:
                failed += 1
                print(f"FAIL {name}: errors osls's template lacks: {dict(extra)}")
            else:
                passed += 1
                print(f"PASS {name}" + (f" (osls's own: {', '.join(known)})" if known else ""))
        print(f"{passed} passed, {failed} failed")
        return 1 if failed else 0
    finally:
        shutil.rmtree(work_root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
