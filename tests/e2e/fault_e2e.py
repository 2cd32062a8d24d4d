#!/usr/bin/env python3
"""End-to-end: `sls deploy` / `sls remove` survive injected AWS faults.

Starts moto_server and tests/e2e/fault_proxy.py in front of it, points
AWS_ENDPOINT_URL at the proxy and deploys examples/billing-service (copied to a
temp dir) while ~20% of requests get a throttling error, a 500 or a dropped
connection. Checks (against moto directly, not through the proxy): the stack
is complete, every artifact is in the bucket exactly once under one
deployment prefix, faults were really injected; then a changed-handler deploy
and `sls remove` through the proxy. Then a non-retryable 403 AccessDenied on
CreateChangeSet must fail the deploy (exit 1) with AWS's message, unretried; a deploy, info and
remove through replies cut short (30% of idempotent requests) succeed; and Ctrl-C during the first
call of a deploy exits 130 with no mutating call sent after it.
`sls info` and an unchanged (skipped) deploy run through the faults as well.

Prints PASS/FAIL lines and "N passed, M failed"; exits 1 on any failure, 77
when moto_server is not installed.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
from fault_proxy import FaultProxy  # noqa: E402
from moto_harness import MotoServer  # noqa: E402

SKIP = 77
STACK = "billing-service-prod"
PREFIX = "serverless/billing-service/prod/"
ARTIFACTS = ("compiled-cloudformation-template.json", "serverless-state.json", "billing-service.zip")

results = []


def check(name, ok, detail=""):
    results.append(bool(ok))
    print(("PASS " if ok else "FAIL ") + name + ("" if ok or not detail else ": " + str(detail)), flush=True)
    return ok


def deployment_dirs(s3, bucket):
    """{timestamp folder: [file names]} under the service's deployment prefix."""
    dirs = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=PREFIX):
        for o in page.get("Contents", []):
            rest = o["Key"][len(PREFIX):].split("/", 1)
            dirs.setdefault(rest[0], []).append(rest[1] if len(rest) > 1 else "")
    return dirs


def put_counts(proxy):
    """Per S3 object key: PUTs that reached moto and whose reply got back to sls."""
    counts = Counter()
    with proxy.lock:
        for protocol, _action, method, path, outcome in proxy.requests:
            if protocol == "s3" and method == "PUT" and outcome == "ok" and PREFIX in path:
                counts[path.split("?", 1)[0]] += 1
    return counts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sls", default=os.path.join(ROOT, "build", "sls"))
    ap.add_argument("--rate", type=float, default=0.2)
    ap.add_argument("--seed", type=int, default=20261126)
    ap.add_argument("--verbose", action="store_true", help="print every injected fault")
    args = ap.parse_args()
    sls = os.path.abspath(args.sls)
    if shutil.which("moto_server") is None:
        print("SKIP moto_server not on PATH")
        return SKIP
    import boto3  # moto depends on boto3, so it is there whenever moto_server is

    moto = MotoServer().start()
    moto_url = moto.endpoint
    tmp = tempfile.mkdtemp(prefix="sls-fault-e2e-")
    log = open(os.path.join(tmp, "faults.log"), "w")
    proxy = FaultProxy(moto_url, rate=args.rate, seed=args.seed, log=log).start()
    try:
        svc = os.path.join(tmp, "billing-service")
        shutil.copytree(os.path.join(ROOT, "examples", "billing-service"), svc,
                        ignore=shutil.ignore_patterns(".serverless", "node_modules"))
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update({
            "AWS_ENDPOINT_URL": proxy.endpoint,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_REGION": "us-east-1",
            "AWS_CONFIG_FILE": os.devnull,
            "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
            "AWS_EC2_METADATA_DISABLED": "true",
            "SLS_AWS_MONITORING_FREQUENCY": "200",
            "HOME": tmp,
        })

        def sls_run(*argv, endpoint=None, timeout=600):
            e = dict(env, AWS_ENDPOINT_URL=endpoint or env["AWS_ENDPOINT_URL"])
            p = subprocess.run([sls, *argv], cwd=svc, env=e, capture_output=True, text=True, timeout=timeout)
            return p.returncode, p.stdout, p.stderr

        session = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing",
                                        region_name="us-east-1")
        cfn = session.client("cloudformation", endpoint_url=moto_url)  # moto directly, never the proxy
        s3 = session.client("s3", endpoint_url=moto_url)

        def stack_status():
            try:
                st = cfn.describe_stacks(StackName=STACK)["Stacks"]
                return st[0]["StackStatus"] if st else "gone"
            except Exception:  # noqa: BLE001
                return "gone"

        # 1. First deploy through the faulty proxy.
        t0 = time.time()
        rc, out, err = sls_run("deploy")
        first_faults = proxy.count()
        check("deploy through faults exits 0", rc == 0, err[-2500:])
        check("deploy prints success", f"Service deployed to stack {STACK}" in err, err[-1500:])
        status = stack_status()
        check("stack is CREATE_COMPLETE/UPDATE_COMPLETE", status in ("CREATE_COMPLETE", "UPDATE_COMPLETE"), status)
        check("faults were injected during the deploy", first_faults > 0, first_faults)
        print(f"INFO first deploy {time.time() - t0:.1f}s, {len(proxy.requests)} requests, "
              f"{first_faults} faults {dict(Counter(f[0] for f in proxy.faults))}", flush=True)
        bucket = ""
        if status != "gone":
            bucket = cfn.describe_stack_resource(StackName=STACK, LogicalResourceId="ServerlessDeploymentBucket")[
                "StackResourceDetail"]["PhysicalResourceId"]
        dirs = deployment_dirs(s3, bucket) if bucket else {}
        check("one deployment folder in the bucket", len(dirs) == 1, dirs)
        for files in dirs.values():
            for name in ARTIFACTS:
                check(f"artifact {name} uploaded", files.count(name) == 1, files)
            check("no other objects in the deployment folder", sorted(files) == sorted(ARTIFACTS), files)
        puts = put_counts(proxy)
        check("each artifact PUT succeeded exactly once", len(puts) == len(ARTIFACTS) and set(puts.values()) == {1},
              dict(puts))

        # 2. info and an unchanged (skipped) deploy through the faults; the skip
        # check reads the bucket and Lambda (REST-JSON) as well as CloudFormation.
        before = proxy.count()
        rc, out, err = sls_run("info")
        check("info through faults exits 0", rc == 0 and f"stack: {STACK}" in out, err[-1500:])
        # Lambda's GetFunction decides the skip: throttle its first two attempts
        # (JSON error format) so the skip proves the third one got through.
        throttled = Counter()

        def first_two_get_functions(info):
            if info.protocol != "rest-json" or info.method != "GET" or "/functions/" not in info.path:
                return False
            throttled[info.path] += 1
            return throttled[info.path] <= 2
        proxy.rules.append((first_two_get_functions, "throttle", "ThrottlingException", "Rate exceeded"))
        rc, out, err = sls_run("deploy")
        proxy.rules.clear()
        check("unchanged deploy through faults is skipped",
              rc == 0 and "No changes to deploy. Deployment skipped." in err, err[-1500:])
        check("GetFunction answered 3 times per function (2 throttled)",
              throttled and set(throttled.values()) == {3}, dict(throttled))

        lambda_calls = sum(1 for r in proxy.requests if r[0] == "rest-json")
        print(f"INFO info + unchanged deploy: {proxy.count() - before} faults, {lambda_calls} Lambda calls", flush=True)

        # 3. A changed handler deploys (an update) through the faults.
        before = proxy.count()
        with open(os.path.join(svc, "src", "handler.js"), "a") as f:
            f.write("\n// changed by the fault e2e test\n")
        with proxy.lock:
            proxy.requests.clear()
        rc, out, err = sls_run("deploy")
        check("changed-handler deploy through faults exits 0",
              rc == 0 and f"Service deployed to stack {STACK}" in err, err[-2500:])
        status = stack_status()
        check("stack is UPDATE_COMPLETE", status == "UPDATE_COMPLETE", status)
        dirs = deployment_dirs(s3, bucket) if bucket else {}
        check("two deployment folders in the bucket", len(dirs) == 2, dirs)
        check("each folder holds every artifact once", all(sorted(f) == sorted(ARTIFACTS) for f in dirs.values()),
              dirs)
        puts = put_counts(proxy)
        check("update: each artifact PUT succeeded exactly once",
              len(puts) == len(ARTIFACTS) and set(puts.values()) == {1}, dict(puts))
        print(f"INFO update deploy: {proxy.count() - before} faults", flush=True)

        # 4. remove through the faults.
        before = proxy.count()
        rc, out, err = sls_run("remove")
        check("remove through faults exits 0", rc == 0 and "has been successfully removed" in err, err[-2500:])
        check("no stack left", stack_status() in ("gone", "DELETE_COMPLETE"), stack_status())
        buckets = [b["Name"] for b in s3.list_buckets().get("Buckets", [])]
        check("no deployment bucket left", bucket not in buckets, buckets)
        print(f"INFO remove: {proxy.count() - before} faults", flush=True)
        total = proxy.count()
        kinds = Counter(f[0] for f in proxy.faults)
        check("every fault kind was injected", all(kinds[k] > 0 for k in FaultProxy.KINDS), dict(kinds))
        print(f"INFO faults injected: {total} {dict(kinds)} "
              f"by protocol {dict(Counter(f[1] for f in proxy.faults))}", flush=True)

        # 5. A non-retryable error: 403 AccessDenied on CreateChangeSet.
        message = ("User: arn:aws:iam::123456789012:user/ci is not authorized to perform: "
                   "cloudformation:CreateChangeSet on resource: billing-service-prod")
        denied = FaultProxy(moto_url, rate=0.0, log=log, rules=[
            (lambda info: info.action == "CreateChangeSet", "denied", "AccessDenied", message)]).start()
        try:
            rc, out, err = sls_run("deploy", endpoint=denied.endpoint)
            check("AccessDenied deploy exits 1", rc == 1, f"rc={rc} {err[-1500:]}")
            check("AccessDenied message printed", message in err and "AccessDenied" in err, err[-1500:])
            tries = sum(1 for r in denied.requests if r[1] == "CreateChangeSet")
            check("AccessDenied is not retried", tries == 1, tries)
        finally:
            denied.stop()
        sls_run("remove", endpoint=moto_url)

        # 6. Replies cut short (announced length not met, or no length and an unparsable body),
        # at 30% of the idempotent requests: retried as transient; never an internal error.
        cut = FaultProxy(moto_url, rate=0.3, seed=args.seed + 1, kinds=("truncate",), log=log).start()
        try:
            rc, out, err = sls_run("deploy", endpoint=cut.endpoint)
            check("deploy through cut-short replies exits 0", rc == 0, f"rc={rc} {err[-2000:]}")
            check("cut-short replies were injected", cut.count("truncate") > 0, cut.count())
            check("stack deployed through cut-short replies",
                  stack_status() in ("CREATE_COMPLETE", "UPDATE_COMPLETE"), stack_status())
            rc, out, err = sls_run("info", endpoint=cut.endpoint)
            check("info through cut-short replies is no internal error", rc in (0, 1), f"rc={rc} {err[-1500:]}")
            rc, out, err = sls_run("remove", endpoint=cut.endpoint)
            check("remove through cut-short replies exits 0", rc == 0, f"rc={rc} {err[-2000:]}")
            print(f"INFO cut-short replies: {cut.count('truncate')} of {len(cut.requests)} requests", flush=True)
        finally:
            cut.stop()
        sls_run("remove", endpoint=moto_url)

        # 7. Ctrl-C before the stack is touched: no CreateChangeSet / ExecuteChangeSet after it.
        # The proxy holds the first DescribeStacks until the signal is sent.
        seen, signalled = threading.Event(), threading.Event()

        def hold_first_describe(info):
            if info.action == "DescribeStacks" and not seen.is_set():
                seen.set()
                signalled.wait(30)
            return False  # then forwarded as usual

        slow = FaultProxy(moto_url, rate=0.0, log=log, rules=[(hold_first_describe, "internal", "", "")]).start()
        try:
            e = dict(env, AWS_ENDPOINT_URL=slow.endpoint)
            p = subprocess.Popen([sls, "deploy"], cwd=svc, env=e, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 text=True)
            seen.wait(120)
            p.send_signal(2)  # SIGINT, as Ctrl-C sends
            time.sleep(0.2)
            signalled.set()
            try:
                out, err = p.communicate(timeout=120)
            except subprocess.TimeoutExpired:
                p.kill()
                out, err = p.communicate()
            after = [r[1] for r in slow.requests]
            mutating = [a for a in after if a in ("CreateChangeSet", "ExecuteChangeSet", "CreateStack", "UpdateStack")]
            check("Ctrl-C during the first calls exits 130", p.returncode == 130, f"rc={p.returncode} {err[-1500:]}")
            check("no mutating call after Ctrl-C", not mutating, after)
            check("Ctrl-C says what was not started", "Interrupted" in err, err[-1500:])
        finally:
            slow.stop()
        sls_run("remove", endpoint=moto_url)
        if args.verbose:
            log.flush()
            print(open(log.name).read(), end="")
    finally:
        proxy.stop()
        log.close()
        moto.stop()
        shutil.rmtree(tmp, ignore_errors=True)

    passed = sum(1 for r in results if r)
    failed = len(results) - passed
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
