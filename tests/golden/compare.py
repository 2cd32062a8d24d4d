#!/usr/bin/env python3
"""Golden tests: `sls package` must produce the CloudFormation osls 4.3.1 produces.

Each folder next to this file is a case: a service (serverless.yml, handlers, ...),
optional `args` (CLI arguments, shell quoting allowed) and `env` (KEY=VALUE lines),
and `expected/` written by osls 4.3.1 (see regenerate.sh):
  cloudformation-template-update-stack.json, cloudformation-template-create-stack.json,
  files.txt (one `<zip name>:<entry>` per line, sorted), print.yml (the output of
  `print` with the case's args, compared line for line), and any other JSON or YAML file
  osls writes into .serverless/ (but serverless-state.json), e.g. the
  configuration-template-*.yml of serverless-google-cloudfunctions or the nested stack templates of
  serverless-plugin-split-stacks (see other_files; CloudFormation templates compared as templates).

  compare.py [--sls PATH] [--keep] [--strict-order] [CASE ...]
      Package every case (or the named ones) with PATH (default: $SLS) in a temporary copy
      and compare with expected/. Prints `PASS name` / `FAIL name` per case and ends with
      `N passed, M failed`; exits 1 on any failure.
  compare.py --regenerate --sls OSLS [CASE ...]
      Write expected/ from OSLS's output (used by regenerate.sh).
  compare.py --list-zips DIR
      Print the files.txt lines for the zips in DIR.

Before comparing, both templates are normalised by erasing only what differs from run to
run: the timestamped artifact folder (`.../<digits>-<ISO time>/` -> `.../TIMESTAMP/`), the
hash suffix of `*LambdaVersion<hash>` logical IDs (and every reference to them),
`CodeSha256`, the `*LambdaLayerHash` output values (sha1 of the zip bytes) and the
`ApiGatewayDeployment<digits>` suffix and the `ForceDeploy` time (Date.now() at packaging) of
custom resources. Everything else, including key order inside each entry, must match. Zip entry
lists must be equal, except the handler files of osls's own custom resources that sls does not
write into custom-resources.zip (OSLS_ONLY_CUSTOM_RESOURCE_ENTRIES).
"""
import argparse
import http.server
import threading
import urllib.parse
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import case_runner  # noqa: E402
from case_runner import case_args  # noqa: E402
import npm_deps  # noqa: E402
TEMPLATES = ("cloudformation-template-update-stack.json",
             "cloudformation-template-create-stack.json")
# Not compared: what `deploy` reads back, full of absolute paths and run-specific state.
STATE_FILE = "serverless-state.json"


# Files in a case folder that describe the case rather than belong to the service.
CASE_META = {"expected", "args", "env", "README", "README.md", "plugins.txt", "test-deps.txt"}

# ---------------------------------------------------------------- running a case

class _MissingStackHandler(http.server.BaseHTTPRequestHandler):
    """Answers every CloudFormation call with "stack does not exist" (a first deploy).

    osls's layer compiler asks CloudFormation for the previous stack's layer hash even
    during `package`; this stub lets it run offline. `sls` is expected not to call it."""

    def do_POST(self):  # noqa: N802 (http.server naming)
        request = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8", "replace")
        # The stack asked for, as CloudFormation names it (plugins such as
        # serverless-plugin-split-stacks match the message on it).
        stack = urllib.parse.parse_qs(request).get("StackName", ["golden"])[0]
        stack = stack.replace("&", "").replace("<", "").encode()
        body = (b'<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">'
                b"<Error><Type>Sender</Type><Code>ValidationError</Code>"
                b"<Message>Stack with id " + stack + b" does not exist</Message></Error>"
                b"<RequestId>00000000-0000-0000-0000-000000000000</RequestId></ErrorResponse>")
        self.send_response(400)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


_STUB_URL = None


def _stub_url():
    global _STUB_URL  # started once per process, on the loopback interface only
    if _STUB_URL is None:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _MissingStackHandler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        _STUB_URL = f"http://127.0.0.1:{server.server_address[1]}"
    return _STUB_URL


def case_env(case_dir):
    """The environment a case runs in: fake credentials and a local CloudFormation that
    knows no stack (see above), on top of case_runner.case_env."""
    return case_runner.case_env(case_dir, {
        "SLS_NOTIFICATIONS_MODE": "off",
        "AWS_ACCESS_KEY_ID": "AKIAGOLDENTESTKEY000",
        "AWS_SECRET_ACCESS_KEY": "golden-test-secret",
        "AWS_ENDPOINT_URL_CLOUDFORMATION": _stub_url(),
    })


def run_package(sls, case_dir, work_root, extra_ignore=(), regenerating=False):
    """Copies the case to work_root/<name>, links the npm packages it lists (npm_deps.py;
    raises RuntimeError when they cannot be installed) and runs `sls package` there."""
    name = os.path.basename(os.path.normpath(case_dir))
    dst = os.path.join(work_root, name)
    ignore = set(CASE_META) | set(extra_ignore)
    shutil.copytree(case_dir, dst, symlinks=True,
                    ignore=lambda d, names: [n for n in names if d == case_dir and n in ignore])
    npm_deps.link_into(dst, npm_deps.case_specs(case_dir, regenerating))
    cmd = [sls, "package"] + case_args(case_dir)
    try:
        proc = subprocess.run(cmd, cwd=dst, env=case_env(case_dir), stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
        out, code = proc.stdout.decode("utf-8", "replace"), proc.returncode
    except subprocess.TimeoutExpired as e:
        out, code = (e.stdout or b"").decode("utf-8", "replace") + "\n(timed out)", -1
    except OSError as e:
        out, code = f"cannot run {cmd[0]}: {e}", -1
    return dst, code, out


def run_print(sls, dst, case_dir):
    """`sls print` (YAML) in the copied case, after its package run; (code, stdout)."""
    cmd = [sls, "print"] + case_args(case_dir)
    try:
        proc = subprocess.run(cmd, cwd=dst, env=case_env(case_dir), stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
        return proc.returncode, proc.stdout.decode("utf-8", "replace")
    except (subprocess.TimeoutExpired, OSError) as e:
        return -1, f"cannot run print: {e}"


def print_diff(want, got):
    """The first differing line of two `print` outputs, or None."""
    if want == got:
        return None
    w, g = want.split("\n"), got.split("\n")
    for i in range(max(len(w), len(g))):
        wl = w[i] if i < len(w) else "<end>"
        gl = g[i] if i < len(g) else "<end>"
        if wl != gl:
            return f"print: line {i + 1} differs\n      ours:   {gl!r}\n      osls:   {wl!r}"
    return "print: outputs differ"


def zip_listing(serverless_dir):
    lines = []
    for name in sorted(os.listdir(serverless_dir)):
        if not name.endswith(".zip"):
            continue
        with zipfile.ZipFile(os.path.join(serverless_dir, name)) as z:
            lines.extend(f"{name}:{entry}" for entry in z.namelist())
    return sorted(lines)

# osls's custom-resources.zip holds the handlers of all four of its custom resources, and so does
# sls's (its own handlers under osls's file names, EventBridge's too although osls 4.3.1 no longer
# creates Custom::EventBridge). Nothing is left out any more; kept as the place to name an entry
# only osls writes.
OSLS_ONLY_CUSTOM_RESOURCE_ENTRIES = frozenset()


def comparable_zip_entries(lines):
    return [l for l in lines if l not in OSLS_ONLY_CUSTOM_RESOURCE_ENTRIES]

# ---------------------------------------------------------------- normalisation

# (also at the end of a string: a plugin joins the folder and a file name with Fn::Join)
_TIMESTAMP_DIR = re.compile(r"/\d+-\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z(?=/|$)")
_VERSION_ID = re.compile(r"\b([A-Za-z0-9]+LambdaVersion)[A-Za-z0-9]+\b")
_DEPLOYMENT_ID = re.compile(r"\b((?:ApiGateway|Websockets)Deployment)\d+\b")
# A retained layer's logical ids end in the sha1 of its zip's bytes (like the LayerHash
# output): a code hash, since no two zip writers produce the same bytes.
_RETAINED_LAYER_ID = re.compile(r"\b([A-Za-z0-9]+LambdaLayer(?:Permission)?)[0-9a-f]{40}\b")


def norm_str(s):
    s = _TIMESTAMP_DIR.sub("/TIMESTAMP", s)
    s = _VERSION_ID.sub(r"\1HASH", s)
    s = _RETAINED_LAYER_ID.sub(r"\1HASH", s)
    return _DEPLOYMENT_ID.sub(r"\1TIMESTAMP", s)


def normalise(value):
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k == "CodeSha256":
                out[k] = "<CodeSha256>"
            elif k == "ForceDeploy" and isinstance(v, int) and not isinstance(v, bool):
                out[k] = "<ForceDeploy>"
            else:
                out[norm_str(k)] = normalise(v)
        return out
    if isinstance(value, list):
        return [normalise(v) for v in value]
    if isinstance(value, str):
        return norm_str(value)
    return value


def normalise_template(tpl):
    tpl = normalise(tpl)
    outputs = tpl.get("Outputs")
    if isinstance(outputs, dict):
        for key, out in outputs.items():
            if key.endswith("LambdaLayerHash") and isinstance(out, dict) and "Value" in out:
                out["Value"] = "<LayerHash>"
    return tpl

# ---------------------------------------------------------------- other .serverless files

# JSON and YAML files a provider plugin (or any plugin) writes into .serverless/ besides the
# two templates; serverless-state.json (absolute paths, sls's own layout) is not compared.
OTHER_SUFFIXES = (".json", ".yml", ".yaml")
NOT_OTHER = set(TEMPLATES) | {"serverless-state.json", "files.txt", "print.yml"}
# serverless-google-cloudfunctions names its deployment bucket sls-<service>-<stage>-<Date.now()>.
_TIMESTAMPED_BUCKET = re.compile(r"\b(sls-[A-Za-z0-9-]+?-)\d{13}\b")
# The temporary copy a case runs in (absolute artifact paths, e.g. serverless-aliyun-function-compute's
# LocalPath).
_WORK_COPY = re.compile(r"[^\"\s]*/sls-golden-[A-Za-z0-9_]+/")


def other_files(folder):
    if not os.path.isdir(folder):
        return []
    return sorted(n for n in os.listdir(folder) if n.endswith(OTHER_SUFFIXES) and n not in NOT_OTHER)


def norm_other(s):
    return _WORK_COPY.sub("<WORK>/", _TIMESTAMPED_BUCKET.sub(r"\1TIMESTAMP", norm_str(s)))


def normalise_other(value):
    if isinstance(value, dict):
        return {norm_other(k): normalise_other(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise_other(v) for v in value]
    return norm_other(value) if isinstance(value, str) else value


def is_template(doc):
    return isinstance(doc, dict) and ("Resources" in doc or "AWSTemplateFormatVersion" in doc)


def compare_other_files(produced, expected, strict_order):
    """(problems, notes) for the other files: same names, and the same content once
    normalised (CloudFormation templates as the two templates, other JSON as data, YAML as
    text line for line)."""
    problems, notes = [], []
    want, got = other_files(expected), other_files(produced)
    problems += [f"{n}: was not written" for n in want if n not in got]
    problems += [f"{n}: was written; osls writes none" for n in got if n not in want]
    for name in (n for n in want if n in got):
        with open(os.path.join(produced, name), encoding="utf-8") as f:
            ours = f.read()
        with open(os.path.join(expected, name), encoding="utf-8") as f:
            theirs = f.read()
        if not name.endswith(".json"):
            d = print_diff(norm_other(theirs), norm_other(ours))
            if d:
                problems.append(name + d[len("print"):])
            continue
        try:
            ours_doc, theirs_doc = json.loads(ours), json.loads(theirs)
        except ValueError as e:
            problems.append(f"{name}: not valid JSON: {e}")
            continue
        if is_template(theirs_doc):
            p, n = compare_templates(normalise_other(ours_doc), normalise_other(theirs_doc), name, strict_order)
            problems += p
            notes += n
            continue
        d = first_diff(normalise_other(ours_doc), normalise_other(theirs_doc))
        if d:
            problems.append(f"{name}: differs at {d[0]}\n      ours:   {_short(d[1])}\n"
                            f"      osls:   {_short(d[2])}")
    return problems, notes

# ---------------------------------------------------------------- comparison


def _same_type(a, b):
    # bool is an int in Python, and JSON 1 vs 1.0 vs true are different documents.
    return type(a) is type(b)


def first_diff(ours, theirs, path="$", check_order=True):
    """(path, ours, theirs, kind) of the first difference, or None.

    kind is 'value' for a real difference and 'order' when only key order differs."""
    if not _same_type(ours, theirs):
        return (path, ours, theirs, "value")
    if isinstance(ours, dict):
        for k in theirs:
            if k not in ours:
                return (f"{path}.{k}", "<missing>", theirs[k], "value")
        for k in ours:
            if k not in theirs:
                return (f"{path}.{k}", ours[k], "<missing>", "value")
        for k in theirs:
            d = first_diff(ours[k], theirs[k], f"{path}.{k}", check_order)
            if d and d[3] == "value":
                return d
        if check_order and list(ours) != list(theirs):
            return (path, list(ours), list(theirs), "order")
        for k in theirs:
            d = first_diff(ours[k], theirs[k], f"{path}.{k}", check_order)
            if d:
                return d
        return None
    if isinstance(ours, list):
        if len(ours) != len(theirs):
            for i, (a, b) in enumerate(zip(ours, theirs)):
                d = first_diff(a, b, f"{path}[{i}]", check_order)
                if d and d[3] == "value":
                    return d
            return (f"{path} (length)", len(ours), len(theirs), "value")
        order_diff = None
        for i, (a, b) in enumerate(zip(ours, theirs)):
            d = first_diff(a, b, f"{path}[{i}]", check_order)
            if d and d[3] == "value":
                return d
            order_diff = order_diff or d
        return order_diff
    if ours != theirs:
        return (path, ours, theirs, "value")
    return None


def _short(v, limit=400):
    s = json.dumps(v, ensure_ascii=False)
    return s if len(s) <= limit else s[:limit] + "..."


_ERASED_ID = re.compile(r"^(?:[A-Za-z0-9]+LambdaVersion[A-Za-z0-9]+|"
                        r"(?:ApiGateway|Websockets)Deployment\d+)$")


def dangling_erased_refs(tpl):
    """IDs whose suffix normalisation erases, referenced in tpl but not defined in it."""
    resources = tpl.get("Resources") if isinstance(tpl, dict) else None
    defined = set(resources) if isinstance(resources, dict) else set()
    found = set()

    def walk(v):
        if isinstance(v, dict):
            for k, x in v.items():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
        elif isinstance(v, str) and _ERASED_ID.match(v):
            found.add(v)
    walk(tpl)
    return sorted(found - defined)


def compare_templates(ours, theirs, label, strict_order):
    """Returns (problems, notes): lists of message lines."""
    problems, notes = [], []
    for ref in dangling_erased_refs(ours):
        problems.append(f"{label}: reference to {ref}, which is not a resource of the template")
    ours, theirs = normalise_template(ours), normalise_template(theirs)
    if not isinstance(ours, dict):
        return [f"{label}: not a JSON object"], notes

    def report(where, d):
        path, a, b, kind = d
        if kind == "order":
            problems.append(f"{label} {where}: KEY ORDER differs at {path}\n"
                            f"      ours:   {_short(a)}\n      osls:   {_short(b)}")
        else:
            problems.append(f"{label} {where}: differs at {path}\n"
                            f"      ours:   {_short(a)}\n      osls:   {_short(b)}")

    for key in theirs:
        if key not in ours:
            problems.append(f"{label}: missing top-level key {key}")
    for key in ours:
        if key not in theirs:
            problems.append(f"{label}: unexpected top-level key {key}: {_short(ours[key])}")
    for key in theirs:
        if key not in ours:
            continue
        if key in ("Resources", "Outputs") and isinstance(theirs[key], dict) \
                and isinstance(ours[key], dict):
            mine, want = ours[key], theirs[key]
            for entry in want:
                if entry not in mine:
                    problems.append(f"{label} {key}.{entry}: missing\n"
                                    f"      osls:   {_short(want[entry])}")
            for entry in mine:
                if entry not in want:
                    problems.append(f"{label} {key}.{entry}: unexpected\n"
                                    f"      ours:   {_short(mine[entry])}")
            for entry in want:
                if entry in mine:
                    d = first_diff(mine[entry], want[entry], f"{key}.{entry}")
                    if d:
                        report(f"{key}.{entry}", d)
            common_mine = [e for e in mine if e in want]
            common_want = [e for e in want if e in mine]
            if common_mine != common_want:
                msg = (f"{label} {key}: entry order differs\n"
                       f"      ours:   {_short(common_mine)}\n      osls:   {_short(common_want)}")
                (problems if strict_order else notes).append(msg)
        else:
            d = first_diff(ours[key], theirs[key], key)
            if d:
                report(key, d)
    common_ours = [k for k in ours if k in theirs]
    common_theirs = [k for k in theirs if k in ours]
    if common_ours != common_theirs:
        msg = (f"{label}: top-level key order differs: ours {common_ours}, "
               f"osls {common_theirs}")
        (problems if strict_order else notes).append(msg)
    return problems, notes


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def check_case(sls, case_dir, work_root, strict_order):
    """Returns (ok, lines)."""
    try:
        dst, code, out = run_package(sls, case_dir, work_root)
    except RuntimeError as e:  # the npm packages the case needs cannot be installed
        return True, [f"  SKIPPED: {e}"]
    lines = []
    if code != 0:
        return False, [f"`package` exited with {code}:", *("    " + l for l in out.splitlines())]
    produced = os.path.join(dst, ".serverless")
    expected = os.path.join(case_dir, "expected")
    problems, notes = [], []
    for tpl in TEMPLATES:
        short = "update" if "update" in tpl else "create"
        ours_path = os.path.join(produced, tpl)
        if not os.path.exists(os.path.join(expected, tpl)):
            if os.path.exists(ours_path):
                problems.append(f"{short}: {tpl} was written; osls writes none here")
            continue
        if not os.path.exists(ours_path):
            problems.append(f"{short}: {tpl} was not written")
            continue
        try:
            ours = load_json(ours_path)
        except ValueError as e:
            problems.append(f"{short}: {tpl} is not valid JSON: {e}")
            continue
        p, n = compare_templates(ours, load_json(os.path.join(expected, tpl)), short, strict_order)
        problems += p
        notes += n
    with open(os.path.join(expected, "files.txt"), encoding="utf-8") as f:
        want_files = [l for l in f.read().splitlines() if l]
    try:
        got_files = zip_listing(produced) if os.path.isdir(produced) else []
    except (zipfile.BadZipFile, OSError) as e:
        problems.append(f"zip: cannot read: {e}")
        got_files = want_files
    want_files, got_files = comparable_zip_entries(want_files), comparable_zip_entries(got_files)
    missing = [f for f in want_files if f not in got_files]
    extra = [f for f in got_files if f not in want_files]
    if missing:
        problems.append("zip entries missing: " + ", ".join(missing))
    if extra:
        problems.append("zip entries unexpected: " + ", ".join(extra))
    p, n = compare_other_files(produced, expected, strict_order)
    problems += p
    notes += n
    print_expected = os.path.join(expected, "print.yml")
    if os.path.exists(print_expected):
        code, text = run_print(sls, dst, case_dir)
        with open(print_expected, encoding="utf-8") as f:
            d = print_diff(f.read(), text) if code == 0 else f"print: exited with {code}"
        if d:
            problems.append(d)
    lines += ["  " + p for p in problems] + ["  note: " + n for n in notes]
    return not problems, lines


def regenerate_case(sls, case_dir, work_root):
    dst, code, out = run_package(sls, case_dir, work_root, regenerating=True)
    if code != 0:
        print(out)
        return False
    produced = os.path.join(dst, ".serverless")
    expected = os.path.join(case_dir, "expected")
    if os.path.isdir(expected):
        shutil.rmtree(expected)
    os.makedirs(expected)
    for tpl in TEMPLATES:
        # osls writes no create-stack template when the deployment bucket is the user's.
        if os.path.exists(os.path.join(produced, tpl)):
            shutil.copyfile(os.path.join(produced, tpl), os.path.join(expected, tpl))
    for name in other_files(produced):
        shutil.copyfile(os.path.join(produced, name), os.path.join(expected, name))
    with open(os.path.join(expected, "files.txt"), "w", encoding="utf-8") as f:
        f.writelines(l + "\n" for l in zip_listing(produced))
    code, text = run_print(sls, dst, case_dir)
    if code != 0:
        print(f"print exited with {code}")
        return False
    with open(os.path.join(expected, "print.yml"), "w", encoding="utf-8") as f:
        f.write(text)
    return True


def all_cases():
    return sorted(d for d in os.listdir(HERE)
                  if os.path.isfile(os.path.join(HERE, d, "serverless.yml"))
                  or os.path.isfile(os.path.join(HERE, d, "serverless.yaml"))
                  or os.path.isfile(os.path.join(HERE, d, "serverless.json")))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sls", default=os.environ.get("SLS"), help="sls binary (default $SLS)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary copies")
    ap.add_argument("--strict-order", action="store_true",
                    help="also fail when Resources/Outputs entries come in another order")
    ap.add_argument("--regenerate", action="store_true", help="write expected/ (osls only)")
    ap.add_argument("--list-zips", metavar="DIR")
    ap.add_argument("cases", nargs="*")
    a = ap.parse_args()

    if a.list_zips:
        print("\n".join(zip_listing(a.list_zips)))
        return 0
    if not a.sls:
        ap.error("give --sls PATH or set SLS")
    sls = os.path.abspath(a.sls) if os.path.sep in a.sls else a.sls
    cases = a.cases or all_cases()

    def run_one(name, work_root):
        case_dir = os.path.join(HERE, name.rstrip("/"))
        if a.regenerate:
            ok = regenerate_case(sls, case_dir, work_root)
            print(f"{'WROTE' if ok else 'ERROR'} {name}", flush=True)
            return ok
        ok, lines = check_case(sls, case_dir, work_root, a.strict_order)
        print(f"{'PASS' if ok else 'FAIL'} {name}", flush=True)
        for line in lines:
            print(line)
        return ok

    return case_runner.run_cases(cases, run_one, a.keep, "sls-golden-")


if __name__ == "__main__":
    sys.exit(main())
