"""What the case-folder suites (tests/golden, tests/errors) share: the environment a case
runs in, its `args` file, and the loop that runs every case in a temporary folder."""
import os
import shlex
import shutil
import tempfile

# Settings of the developer's shell that would change what sls or osls do.
SCRUBBED_PREFIXES = ("SLS_", "SERVERLESS_", "AWS_")
KEPT = {"AWS_CA_BUNDLE"}


def case_env(case_dir, extra=None):
    """Our environment minus AWS/SLS settings, plus `extra`, plus the case's `env` file
    (KEY=VALUE lines, # comments)."""
    env = {k: v for k, v in os.environ.items() if k in KEPT or not k.startswith(SCRUBBED_PREFIXES)}
    env["SLS_TELEMETRY_DISABLED"] = "1"
    env.update(extra or {})
    path = os.path.join(case_dir, "env")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                if not line.strip() or line.lstrip().startswith("#"):
                    continue
                key, _, value = line.partition("=")
                env[key.strip()] = value
    return env


def case_args(case_dir):
    """The CLI arguments in the case's `args` file (shell quoting allowed)."""
    path = os.path.join(case_dir, "args")
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return shlex.split(f.read(), comments=True)


def run_cases(names, run_one, keep, prefix):
    """Calls run_one(name, work_root) -> bool for each case in a fresh temporary folder,
    prints `N passed, M failed` and returns the exit code (1 on any failure)."""
    work_root = tempfile.mkdtemp(prefix=prefix)
    passed = failed = 0
    try:
        for name in names:
            if run_one(name, work_root):
                passed += 1
            else:
                failed += 1
    finally:
        if keep:
            print(f"(kept {work_root})")
        else:
            shutil.rmtree(work_root, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0
