"""npm packages a golden case needs, installed into a cache folder and linked into the
temporary copy of the case as its node_modules (never into the repository).

  plugins.txt    `name@version` lines: the npm plugins osls needs to produce expected/
                 (installed only when regenerating; sls has them built in).
  test-deps.txt  `name@version` lines: packages both tools need at run time (e.g. the
                 `esbuild` binary serverless-esbuild and sls both run).

The cache is $SLS_TEST_NPM_CACHE, else ~/.cache/sls-tests/npm, one folder per list of specs.
"""
import fcntl
import hashlib
import os
import shutil
import subprocess


def _specs(case_dir, name):
    path = os.path.join(case_dir, name)
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [l.split("#")[0].strip() for l in f if l.split("#")[0].strip()]


def case_specs(case_dir, regenerating):
    """The specs to install for this run of the case (sorted, without duplicates)."""
    specs = _specs(case_dir, "test-deps.txt")
    if regenerating:
        specs += _specs(case_dir, "plugins.txt")
    return sorted(set(specs))


def cache_root():
    return os.environ.get("SLS_TEST_NPM_CACHE") or os.path.join(
        os.path.expanduser("~"), ".cache", "sls-tests", "npm")


_FAILED = {}  # specs -> why their install failed in this run (not retried)


def install(specs):
    """The node_modules folder holding `specs`, installing them once; raises RuntimeError
    with the reason when npm is missing or the install fails (or takes over 10 minutes)."""
    key = hashlib.sha256("\n".join(specs).encode()).hexdigest()[:16]
    if key in _FAILED:
        raise RuntimeError(_FAILED[key])
    try:
        return _install(specs, key)
    except RuntimeError as e:
        _FAILED[key] = str(e)
        raise


def _install(specs, key):
    """Under a lock on the cache folder: the test suites run in parallel (ctest -j)."""
    folder = os.path.join(cache_root(), key)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(cache_root(), key + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _install_locked(specs, folder)


def _install_locked(specs, folder):
    modules = os.path.join(folder, "node_modules")
    if os.path.exists(os.path.join(folder, ".complete")):
        return modules
    npm = shutil.which("npm")
    if not npm:
        raise RuntimeError("npm is not installed (needed to install " + ", ".join(specs) + ")")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "package.json"), "w", encoding="utf-8") as f:
        f.write('{"name": "sls-golden-deps", "version": "1.0.0", "private": true}\n')
    try:
        proc = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--no-save", "--prefix", folder]
                              + specs, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=600)
    except subprocess.TimeoutExpired:
        raise RuntimeError("npm install " + " ".join(specs) + " took over 10 minutes (is the registry reachable?)")
    if proc.returncode != 0:
        tail = proc.stdout.decode("utf-8", "replace").strip().splitlines()[-5:]
        raise RuntimeError("npm install " + " ".join(specs) + " failed:\n    " + "\n    ".join(tail))
    open(os.path.join(folder, ".complete"), "w").close()
    return modules


def link_into(case_copy, specs):
    """Makes the installed `specs` the case copy's node_modules (a symlink)."""
    if specs:
        os.symlink(install(specs), os.path.join(case_copy, "node_modules"))
