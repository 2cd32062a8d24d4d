#!/usr/bin/env python3
"""End-to-end: a local plugin's commands, pluginManager.spawn and variable source through the
Node.js plugin bridge (the service and plugin of tests/golden/plugin-bridge-commands):
  * `sls hello -n Ann --shout`: initialize hook, then before:/plain/after: hooks of hello:greet in
    that order, the shortcut and boolean option reaching the plugin, provider.environment resolved
    by the plugin's ${greeting:world} source;
  * `sls hello twice --name Bob` (a nested command), `sls hello --help` / `sls --help` listing the
    plugin's commands, `sls hello --nme x` (did-you-mean of its options), `sls helo` (did-you-mean
    among the plugin's commands), `sls greeter` (an entrypoint: not callable from the CLI);
  * `sls repackage`: pluginManager.spawn('package') runs sls's package flow with the plugin's hooks
    (its package:compileEvents hook spawns its entrypoint greeter:stamp) and hands the state back;
  * with moto_server on PATH: `sls whoami` calls provider.request('STS', 'getCallerIdentity').
Prints PASS/FAIL lines and "N passed, M failed"; exits 1 on any failure, 77 without node."""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from moto_harness import Checks, MotoServer  # noqa: E402

CASE = os.path.join(ROOT, "tests", "golden", "plugin-bridge-commands")
check = Checks()

# Hooks invoke local's events; an environment variable set after loadEnvVars must not reach the
# handler (osls 4.3.1 reads the environment at loadEnvVars).
INVOKE_PROBE = """'use strict';
module.exports = class InvokeProbe {
  constructor(serverless, options) {
    // An option this plugin adds to sls's own `invoke local` (osls merges it into that command's).
    this.commands = { invoke: { commands: { local: { options: { probeFlag: { usage: 'probe', type: 'string' } } } } } };
    const seen = (e) => () => console.error('HOOK ' + e + (e === 'finalize' && options.probeFlag ? ' ' + options.probeFlag : ''));
    this.hooks = {
      initialize: seen('initialize'),
      'invoke:local:loadEnvVars': seen('invoke:local:loadEnvVars'),
      'before:invoke:local:invoke': () => {
        seen('before:invoke:local:invoke')();
        serverless.service.functions.hello.environment = { LATE: 'LATE' };
      },
      'after:invoke:local:invoke': seen('after:invoke:local:invoke'),
      finalize: seen('finalize'),
    };
  }
};
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sls", default=os.path.join(ROOT, "build", "sls"))
    sls = os.path.abspath(ap.parse_args().sls)
    if shutil.which("node") is None:
        print("SKIP node not on PATH")
        return 77
    tmp = tempfile.mkdtemp(prefix="sls-plugin-commands-")
    service = os.path.join(tmp, "service")
    shutil.copytree(CASE, service, ignore=shutil.ignore_patterns("expected"))

    def run(*args, env=None):
        p = subprocess.run([sls, *args], cwd=service, env=env, capture_output=True, text=True, timeout=300)
        return p.returncode, p.stdout, p.stderr

    try:
        rc, out, err = run("hello", "-n", "Ann", "--shout")
        lines = out.splitlines()
        check("hello exits 0", rc == 0, err[-800:])
        check("hello runs before:, plain and after: hooks in order with its options",
              lines == ["before hello:greet", "HELLO, ANN (HELLO-WORLD)", "after hello:greet"], repr(out))
        check("hello runs the initialize hook first", "initialize hook" in err, err[-800:])

        rc, out, err = run("hello", "twice", "--name", "Bob")
        check("nested command hello twice", rc == 0 and out.splitlines() == ["Hello, Bob (hello-world)"] * 2,
              repr(out) + err[-500:])

        rc, out, err = run("hello", "--help")
        check("hello --help lists the command, its subcommand and options",
              rc == 0 and "Says hello twice" in out and "--name / -n (required)" in out and "--shout" in out,
              out + err[-500:])
        rc, out, err = run("--help")
        check("--help lists the plugin's commands", rc == 0 and "\nGreeter\n" in out and
              "repackage" in out and "greeter stamp" not in out, out[-1500:] + err[-500:])

        rc, out, err = run("hello", "--nme", "x")
        check("unknown option of a plugin command: did-you-mean", rc == 1 and
              'Detected unrecognized CLI options: "--nme". Did you mean "--name"?' in err, err[-800:])
        rc, out, err = run("helo")
        check("unknown command: did-you-mean among plugin commands", rc == 1 and
              'Serverless command "helo" not found. Did you mean "hello"?' in err, err[-800:])
        rc, out, err = run("greeter", "stamp")
        check("entrypoint commands are not callable from the CLI", rc == 1 and
              'Serverless command "greeter" not found' in err, err[-800:])

        rc, out, err = run("repackage")
        check("spawn('package') packages and hands the state back", rc == 0 and
              "packaged, stamp present" in out, out + err[-800:])
        template_file = os.path.join(service, ".serverless", "cloudformation-template-update-stack.json")
        ok = os.path.isfile(template_file)
        if ok:
            with open(template_file, encoding="utf-8") as f:
                resources = json.load(f)["Resources"]
            ok = resources.get("GreeterStamp", {}).get("Properties", {}).get("Value") == "HELLO-THERE"
        check("spawned package wrote the template with the spawned entrypoint's resource", ok)

        # invoke local with a plugin on its events (a second local plugin, added to the copy)
        with open(os.path.join(service, "plugins", "invoke-probe.js"), "w", encoding="utf-8") as f:
            f.write(INVOKE_PROBE)
        yml = os.path.join(service, "serverless.yml")
        with open(yml, encoding="utf-8") as f:
            text = f.read()
        with open(yml, "w", encoding="utf-8") as f:
            f.write(text.replace("  - ./plugins/greeter\n", "  - ./plugins/greeter\n  - ./plugins/invoke-probe\n"))
        with open(os.path.join(service, "handler.js"), "w", encoding="utf-8") as f:
            f.write("module.exports.hello = async () => ({ statusCode: 200, late: process.env.LATE || null });\n")
        rc, out, err = run("invoke", "local", "-f", "hello", "--probeFlag", "given")
        hooks = [l[len("HOOK "):] for l in err.splitlines() if l.startswith("HOOK ")]
        check("invoke local runs initialize, invoke:local:* and finalize hooks in osls's order",
              rc == 0 and hooks == ["initialize", "invoke:local:loadEnvVars", "before:invoke:local:invoke",
                                    "after:invoke:local:invoke", "finalize given"], str(hooks) + err[-800:])
        check("invoke local: the handler's environment is the one of loadEnvVars (as osls)",
              '"statusCode": 200' in out and '"late": null' in out, out)
        rc, out, err = run("invoke", "local", "-f", "hello", "--probeFlg", "x")
        check("an option plugins add to an sls command: a typo of it is the usual did-you-mean",
              rc == 1 and 'Did you mean "--probeFlag"' in err, err[-800:])

        if shutil.which("moto_server") is None:
            print("SKIP whoami: moto_server not on PATH")
        else:
            with MotoServer() as moto:
                rc, out, err = run("whoami", env=moto.env())
            check("whoami: provider.request STS getCallerIdentity against moto",
                  rc == 0 and out.strip() == "account 123456789012", out + err[-800:])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return check.summary()


if __name__ == "__main__":
    sys.exit(main())
