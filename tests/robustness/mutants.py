#!/usr/bin/env python3
"""Robustness: `sls package` on deterministic mutants of the golden cases' configurations.

For each case under tests/golden, MUTANTS_PER_CASE mutants of its serverless.yml (lines deleted,
duplicated, swapped or re-indented, values replaced by hostile ones, the file cut short, bytes
inserted), each packaged with the release binary in a copy of the case that holds a seeded
`.serverless/`. Every run must:
  * end by itself within 10 s, under 1 GiB of address space, without a signal;
  * never exit 2 (an internal error: a bug in sls);
  * when it fails (exit 1), leave the seeded `.serverless/` exactly as it was.
The mutants are the same on every run (seeded by case name), so a failure reproduces with
`mutants.py --sls build/sls --keep CASE`. Prints one line per failure and ends with
`N passed, M failed`."""
import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(os.path.dirname(HERE), "golden")
MUTANTS_PER_CASE = 8
TIMEOUT_S = 10
MEMORY_BYTES = 1 << 30

HOSTILE_VALUES = [
    "~", "''", "[]", "{}", "-1", "0", "1e309", "true", "'${self:}'", "'${self:custom.nope}'",
    "'${file(/dev/zero)}'", "'${file(./missing.yml)}'", "'${opt:stage, }'", "'${env:}'", "!Ref",
    "!GetAtt", "&anchor x", "*nope", "'" + "x" * 5000 + "'", "\"\\u0000\"", "[1, [2, [3, [4]]]]",
    "{a: {b: {c: {d: 1}}}}", "'${sls:instanceId}${sls:instanceId}'", "'${strToBool(maybe)}'",
]


def mutate(text, rng):
    lines = text.split("\n")
    kind = rng.randrange(8)
    i = rng.randrange(len(lines)) if lines else 0
    if kind == 0 and lines:  # delete a line
        del lines[i]
    elif kind == 1 and lines:  # duplicate a line
        lines.insert(i, lines[i])
    elif kind == 2 and len(lines) > 1:  # swap two lines
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == 3 and lines:  # change the indentation
        lines[i] = " " * rng.choice([0, 1, 3, 5, 8]) + lines[i].lstrip()
    elif kind == 4:  # replace a value by a hostile one
        candidates = [n for n, line in enumerate(lines) if ":" in line and not line.strip().startswith("#")]
        if candidates:
            n = rng.choice(candidates)
            key = lines[n].split(":", 1)[0]
            lines[n] = key + ": " + rng.choice(HOSTILE_VALUES)
    elif kind == 5:  # cut the file short
        return text[: rng.randrange(len(text) + 1)]
    elif kind == 6:  # insert a byte
        pos = rng.randrange(len(text) + 1)
        return text[:pos] + rng.choice(["\t", "\x00", ":", "-", "[", "{", "'", "\"", "&", "*", "!", "%", "\xff"]) + text[pos:]
    else:  # two mutations
        return mutate(mutate(text, rng), rng)
    return "\n".join(lines)


def limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


def snapshot(directory):
    out = {}
    for root, _, names in os.walk(directory):
        for name in names:
            p = os.path.join(root, name)
            with open(p, "rb") as f:
                out[os.path.relpath(p, directory)] = f.read()
    return out


def run_mutant(sls, case_dir, text, work, env):
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(case_dir, work, ignore=shutil.ignore_patterns("expected", "args", "env", ".serverless"))
    with open(os.path.join(work, "serverless.yml"), "w", encoding="utf-8", errors="surrogateescape") as f:
        f.write(text)
    seed = os.path.join(work, ".serverless")
    os.makedirs(seed)
    with open(os.path.join(seed, "seed.txt"), "w") as f:
        f.write("left by an earlier run\n")
    before = snapshot(seed)
    try:
        p = subprocess.run([sls, "package"], cwd=work, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                           timeout=TIMEOUT_S, preexec_fn=limit_memory)
    except subprocess.TimeoutExpired:
        return f"no answer within {TIMEOUT_S} s"
    out = (p.stdout + p.stderr).decode("utf-8", "replace")
    if p.returncode < 0:
        return f"killed by signal {-p.returncode}\n{out[-1500:]}"
    if p.returncode == 2:
        return f"exit 2 (internal error)\n{out[-1500:]}"
    if p.returncode != 0 and snapshot(seed) != before:
        return f"exit {p.returncode} but .serverless/ changed\n{out[-800:]}"
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sls", default=os.environ.get("SLS"))
    ap.add_argument("--keep", action="store_true", help="keep the failing mutants' folders")
    ap.add_argument("--per-case", type=int, default=MUTANTS_PER_CASE, help="mutants per case")
    ap.add_argument("cases", nargs="*")
    a = ap.parse_args()
    if not a.sls:
        ap.error("give --sls PATH or set SLS")
    sls = os.path.abspath(a.sls)
    cases = a.cases or sorted(d for d in os.listdir(GOLDEN) if os.path.isfile(os.path.join(GOLDEN, d, "serverless.yml")))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "SLS_", "SERVERLESS_"))}
    # Nothing here should reach AWS; a variable that tries fails at once on a closed port.
    env.update({"AWS_ACCESS_KEY_ID": "AKIAMUTANTTESTKEY000", "AWS_SECRET_ACCESS_KEY": "mutant-secret",
                "AWS_ENDPOINT_URL": "http://127.0.0.1:1", "AWS_MAX_ATTEMPTS": "1", "SLS_TELEMETRY_DISABLED": "1"})
    root = tempfile.mkdtemp(prefix="sls-mutants-")
    passed = failed = 0
    try:
        for case in cases:
            case_dir = os.path.join(GOLDEN, case)
            with open(os.path.join(case_dir, "serverless.yml"), encoding="utf-8") as f:
                original = f.read()
            rng = random.Random("mutants:" + case)
            for n in range(a.per_case):
                text = mutate(original, rng)
                work = os.path.join(root, f"{case}-{n}")
                problem = run_mutant(sls, case_dir, text, work, env)
                if problem:
                    failed += 1
                    print(f"FAIL {case} mutant {n}: {problem}")
                    if not a.keep:
                        shutil.rmtree(work, ignore_errors=True)
                else:
                    passed += 1
                    shutil.rmtree(work, ignore_errors=True)
    finally:
        if a.keep and failed:
            print(f"(kept failing mutants under {root})")
        else:
            shutil.rmtree(root, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
