#!/usr/bin/env python3
"""End-to-end: pruning Lambda versions against a local moto_server.

A service with two functions and a layer, listing serverless-prune-plugin with
`custom.prune: {automatic: true, number: 2, includeLayers: true}` (nothing of it installed:
sls handles the plugin itself):
  * deployed 4 times with changed code, each deploy publishing a new version of every function
    and of the layer; an alias made with boto3 after the first deploy points at version 1;
  * after each deploy at most the 2 newest versions (plus the aliased one) remain, the layer
    keeps its 2 newest;
  * `sls prune -n 1 --dryRun` deletes nothing, `sls prune -n 1 -f first` prunes only that function,
    `sls prune -n 1 --includeLayers` the rest, aliased version 1 always kept;
  * then without the plugin, `provider.pruneFunctionVersions: {number: 1}` (osls 4.3.1's built-in
    prune) keeps 1 after a further deploy, and says "Pruned N function versions";
  * `sls prune` without `-n` is a clear error (exit 1).
provider.deletionProtection is covered by src/aws/deploy/deletion_protection_test.cc: moto 5.2
has no UpdateTerminationProtection.
Prints PASS/FAIL lines and "N passed, M failed"; exits 1 on any failure (0 with a SKIP when
moto_server is not installed)."""
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from moto_harness import Checks, MotoServer, sls_under_test  # noqa: E402

check = Checks()

CONFIG = """service: prune-e2e
provider:
  name: aws
  runtime: nodejs24.x
  stage: dev
{provider_extra}
{plugins}
custom:
  prune:
    automatic: true
    number: 2
    includeLayers: true
layers:
  deps:
    path: layer
functions:
  first:
    handler: handler.first
  second:
    handler: handler.second
"""


def main():
    sls = sls_under_test(ROOT)
    if sls is None:
        return 0
    import boto3

    moto = MotoServer().start()
    tmp = tempfile.mkdtemp(prefix="sls-prune-e2e-")
    try:
        # No {"lambda": {"use_docker": false}} here: moto's CloudFormation then creates functions
        # in a backend its Lambda API does not list.
        svc = os.path.join(tmp, "svc")
        os.makedirs(os.path.join(svc, "layer"))
        env = dict(moto.env(), SLS_AWS_MONITORING_FREQUENCY="200", HOME=tmp)
        lam = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing",
                                    region_name=moto.region).client("lambda", endpoint_url=moto.endpoint)

        def write_service(revision, plugins=True, provider_extra=""):
            with open(os.path.join(svc, "serverless.yml"), "w") as f:
                f.write(CONFIG.format(plugins="plugins:\n  - serverless-prune-plugin" if plugins else "",
                                      provider_extra=provider_extra))
            with open(os.path.join(svc, "handler.js"), "w") as f:
                f.write(f"exports.first = async () => {revision};\nexports.second = async () => -{revision};\n")
            with open(os.path.join(svc, "layer", "lib.js"), "w") as f:
                f.write(f"module.exports = {revision};\n")

        def sls_run(*argv, timeout=300):
            p = subprocess.run([sls, *argv], cwd=svc, env=env, capture_output=True, text=True,
                               timeout=timeout, stdin=subprocess.DEVNULL)
            return p.returncode, p.stdout, p.stderr

        def versions(fn):
            out = []
            for page in lam.get_paginator("list_versions_by_function").paginate(FunctionName=fn):
                out += [v["Version"] for v in page["Versions"] if v["Version"] != "$LATEST"]
            return sorted(out, key=int)

        def layer_versions():
            return sorted(v["Version"] for v in lam.list_layer_versions(LayerName="deps")["LayerVersions"])

        def newest(got, keep, *also):
            top = max((int(v) for v in got), default=0)
            want = {str(v) for v in range(max(1, top - keep + 1), top + 1)} | set(also)
            return sorted(want, key=int)

        def publish_layer_versions(count):
            # moto's CloudFormation makes no layer version its Lambda API lists: publish them here.
            for i in range(count):
                lam.publish_layer_version(LayerName="deps", Content={"ZipFile": b"PK\x05\x06" + b"\0" * 18},
                                          CompatibleRuntimes=["nodejs24.x"], Description=str(i))

        first, second = "prune-e2e-dev-first", "prune-e2e-dev-second"
        for revision in range(1, 5):
            write_service(revision)
            rc, out, err = sls_run("deploy", "--verbose")
            if not check(f"deploy {revision} exits 0", rc == 0, err[-2000:]):
                return 1
            if revision == 1:
                lam.create_alias(FunctionName=first, Name="live", FunctionVersion=versions(first)[0])
                aliased = versions(first)[0]
            check(f"deploy {revision}: the plugin's automatic prune ran", "Pruning of functions complete" in err
                  and "Pruning of layers complete" in err, err[-1500:])
            # Versions are numbered 1, 2, ...: what is left must be the 2 newest (and the aliased one).
            got = versions(first)
            check(f"deploy {revision}: first keeps the 2 newest and the aliased version",
                  got == newest(got, 2, aliased), repr(got))
            check(f"deploy {revision}: second keeps the 2 newest", versions(second) == newest(versions(second), 2),
                  repr(versions(second)))
        check("the deletions were shown with --verbose", "Deleting function version " + second + ":" in err, err[-1500:])
        check("versions were deleted during the deploys", versions(second)[0] != "1", repr(versions(second)))

        kept = versions(second)
        write_service(5)
        rc, out, err = sls_run("deploy", "--skip-plugins", "serverless-prune-plugin")
        check("deploy with the plugin skipped exits 0 and warns", rc == 0 and "skipped" in err, err[-1500:])
        check("a skipped plugin prunes nothing", "Pruning of functions complete" not in err
              and set(kept) <= set(versions(second)), repr(versions(second)) + err[-800:])
        newest_first = versions(first)[-1]
        publish_layer_versions(3)

        before = (versions(first), versions(second), layer_versions())
        rc, out, err = sls_run("prune", "-n", "1", "--dryRun", "--verbose")
        check("prune --dryRun exits 0", rc == 0, err[-1500:])
        check("prune --dryRun deletes nothing", (versions(first), versions(second), layer_versions()) == before)
        check("prune --dryRun lists the candidates", f"{second}:" in err and "selected for deletion." in err, err)

        rc, out, err = sls_run("prune", "-n", "1", "-f", "first")
        check("prune -f first exits 0", rc == 0, err[-1500:])
        check("prune -f first keeps the newest and the aliased version of first",
              versions(first) == sorted([aliased, newest_first], key=int), repr(versions(first)))
        check("prune -f first leaves second alone", versions(second) == before[1], repr(versions(second)))

        rc, out, err = sls_run("prune", "-n", "1", "--includeLayers")
        check("prune --includeLayers exits 0", rc == 0, err[-1500:])
        check("prune -n 1 keeps 1 version of second", len(versions(second)) == 1, repr(versions(second)))
        check("prune --includeLayers keeps the newest layer version", layer_versions() == [max(before[2])],
              repr(layer_versions()))

        rc, out, err = sls_run("prune")
        check("prune without -n exits 1", rc == 1, err[-800:])
        check("prune without -n names the option", '"--number"' in err, err[-800:])

        # osls 4.3.1's built-in prune, without the plugin.
        publish_layer_versions(2)
        write_service(6, plugins=False, provider_extra="  pruneFunctionVersions:\n    number: 1")
        rc, out, err = sls_run("deploy")
        check("deploy with provider.pruneFunctionVersions exits 0", rc == 0, err[-2000:])
        check("built-in prune keeps 1 version of second", len(versions(second)) == 1, repr(versions(second)))
        check("built-in prune keeps the newest and the aliased version of first",
              len(versions(first)) == 2 and aliased in versions(first), repr(versions(first)))
        check("built-in prune reports what it deleted", "Pruned 1 function version" in err
              or "Pruned 2 function versions" in err, err[-1500:])
        check("built-in prune keeps 1 layer version", len(layer_versions()) == 1, repr(layer_versions()))
        check("built-in prune reports the layer versions", "Pruned 2 layer versions" in err, err[-1500:])

        write_service(7, plugins=False, provider_extra="  versionFunctions: false\n  pruneFunctionVersions: true")
        rc, out, err = sls_run("deploy")
        check("pruneFunctionVersions with versionFunctions false exits 1 before deploying", rc == 1 and
              "provider.pruneFunctionVersions cannot be used when provider.versionFunctions is false" in err, err[-800:])
    finally:
        moto.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    return check.summary()


if __name__ == "__main__":
    sys.exit(main())
