#!/usr/bin/env python3
"""End-to-end: `sls diff`, `sls deploy --no-execute` / `--changeset` and `sls metrics` against a
local moto_server.

A small service (written here) is diffed before it exists (every resource an addition, nothing
created), deployed, diffed unchanged (no changes, exit 0 with --detailed-exitcode), then changed:
a function added, a property changed and a handler edited. `sls diff` must show the added
function, the modified one with the changed property and its new code hash, exit 3 with
--detailed-exitcode, give the same as JSON, and leave the stack, its change sets, the bucket and
.serverless/ as they were. `deploy --no-execute` leaves a change set and prints its name without
touching the stack; `deploy --changeset NAME` executes it.

moto's DescribeChangeSet carries only Action, LogicalResourceId and ResourceType (no Details,
Replacement or PhysicalResourceId): sls falls back to comparing the two templates for the property
paths, which is what this test sees; Replacement and CloudFormation's own property paths are
covered by src/aws/ops/change_set_test.cc. moto runs no function, so it records no Lambda
metrics: `sls metrics` prints zeros first, then the sums and average of data points written here
with PutMetricData (the values osls 4.3.1 prints for the same data; paging is covered by
src/aws/ops/metrics_test.cc over a scripted reply).
Prints PASS/FAIL lines and "N passed, M failed"; exits 1 on any failure (0 with a SKIP when
moto_server is not installed)."""
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from moto_harness import Checks, MotoServer, sls_under_test  # noqa: E402

CONFIG = """service: diffsvc
frameworkVersion: '4'
provider:
  name: aws
  runtime: nodejs24.x
functions:
  hello:
    handler: handler.hello
    timeout: 6
    environment:
      GREETING: hi
{extra}"""
WORLD = """  world:
    handler: handler.world
resources:
  Resources:
    Padded:
      Type: AWS::SQS::Queue
      Metadata:
        Padding: %s
""" % ("x" * 60000)  # the template passes CloudFormation's 51,200-byte TemplateBody limit


check = Checks()


def tree(path):
    out = {}
    for d, _, files in os.walk(path):
        for f in files:
            p = os.path.join(d, f)
            st = os.stat(p)
            out[os.path.relpath(p, path)] = (st.st_size, st.st_mtime_ns)
    return out


def main():
    sls = sls_under_test(ROOT)
    if sls is None:
        return 0
    import boto3

    moto = MotoServer().start()
    tmp = tempfile.mkdtemp(prefix="sls-diff-e2e-")
    try:
        svc = os.path.join(tmp, "svc")
        os.makedirs(svc)

        def write(extra="", handler="exports.hello = async () => 'hi';\n"):
            with open(os.path.join(svc, "serverless.yml"), "w") as f:
                f.write(CONFIG.format(extra=extra))
            with open(os.path.join(svc, "handler.js"), "w") as f:
                f.write(handler + "exports.world = async () => 'world';\n")

        env = moto.env()
        env.update({"SLS_AWS_MONITORING_FREQUENCY": "200", "HOME": tmp, "TMPDIR": tmp})

        def sls_run(*argv, timeout=300):
            p = subprocess.run([sls, *argv], cwd=svc, env=env, capture_output=True, text=True,
                               timeout=timeout, stdin=subprocess.DEVNULL)
            return p.returncode, p.stdout, p.stderr

        kw = dict(endpoint_url=moto.endpoint, region_name="us-east-1", aws_access_key_id="testing",
                  aws_secret_access_key="testing", aws_session_token="testing")
        cfn = boto3.client("cloudformation", **kw)
        s3 = boto3.client("s3", **kw)
        lam = boto3.client("lambda", **kw)
        stack = "diffsvc-dev"

        write()
        rc, out, err = sls_run("diff", "--detailed-exitcode")
        check("diff without a stack exits 3 with --detailed-exitcode", rc == 3, out + err[-1500:])
        check("diff without a stack lists everything as an addition",
              "does not exist yet" in out and "+ HelloLambdaFunction" in out and "+ ServerlessDeploymentBucket" in out
              and "Modified" not in out, out)
        check("diff without a stack creates none", not cfn.list_stacks()["StackSummaries"]
              and not s3.list_buckets()["Buckets"])
        check("diff leaves no .serverless/ behind", not os.path.exists(os.path.join(svc, ".serverless")))
        check("diff leaves no scratch package behind", not [n for n in os.listdir(tmp) if n.startswith("sls-diff-")],
              str(os.listdir(tmp)))

        rc, out, err = sls_run("deploy")
        if not check("deploy exits 0", rc == 0, err[-2000:]):
            return 1

        rc, out, err = sls_run("diff", "--detailed-exitcode")
        check("diff of the deployed service: no changes, exit 0", rc == 0 and "No changes" in out, out + err[-1500:])

        template_before = cfn.get_template(StackName=stack)["TemplateBody"]
        bucket = cfn.describe_stack_resource(StackName=stack, LogicalResourceId="ServerlessDeploymentBucket")[
            "StackResourceDetail"]["PhysicalResourceId"]
        objects_before = sorted(o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", []))
        package_before = tree(os.path.join(svc, ".serverless"))
        # moto keeps the deploy's executed change set; the diff's own must be gone again.
        change_sets_before = cfn.list_change_sets(StackName=stack).get("Summaries")
        hello_sha = lam.get_function(FunctionName="diffsvc-dev-hello")["Configuration"]["CodeSha256"]

        write(extra=WORLD, handler="exports.hello = async () => 'hello, changed';\n")
        with open(os.path.join(svc, "serverless.yml")) as f:
            text = f.read().replace("timeout: 6", "timeout: 10")
        with open(os.path.join(svc, "serverless.yml"), "w") as f:
            f.write(text)

        rc, out, err = sls_run("diff", "--debug")
        check("diff exits 0 without --detailed-exitcode", rc == 0, err[-1500:])
        check("diff puts a template over 51,200 bytes in the bucket", "/sls-diff-" in err and "PUT" in err,
              err[-1500:])
        check("diff shows the added function and resource",
              "Added" in out and "+ WorldLambdaFunction" in out and "+ Padded" in out, out)
        check("diff shows the modified function with the changed property",
              "~ HelloLambdaFunction" in out and "      Timeout\n" in out, out)
        check("diff shows the new code hash of the changed handler", "code sha256 " in out, out)

        rc, out, err = sls_run("diff", "--json", "--detailed-exitcode")
        check("diff --json --detailed-exitcode exits 3", rc == 3, err[-1500:])
        try:
            j = json.loads(out)
        except ValueError:
            j = {}
        added = {a["logicalId"]: a for a in j.get("added", [])}
        modified = {m["logicalId"]: m for m in j.get("modified", [])}
        check("diff --json: stack and summary", j.get("stack") == stack and j.get("hasChanges") is True
              and j.get("stackExists") is True, out)
        check("diff --json: added function with its code hash",
              "WorldLambdaFunction" in added and added["WorldLambdaFunction"].get("codeSha256"), out)
        hello = modified.get("HelloLambdaFunction", {})
        check("diff --json: modified function, property path and new code hash",
              any(p["path"] == "Timeout" for p in hello.get("properties", []))
              and hello.get("codeSha256") not in (None, "", hello_sha), out)

        check("diff leaves the template as it was", cfn.get_template(StackName=stack)["TemplateBody"] == template_before)
        check("diff leaves no change set", cfn.list_change_sets(StackName=stack).get("Summaries") == change_sets_before,
              str(cfn.list_change_sets(StackName=stack).get("Summaries")))
        check("diff leaves the bucket as it was",
              sorted(o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])) == objects_before)
        check("diff leaves .serverless/ as it was", tree(os.path.join(svc, ".serverless")) == package_before)
        check("diff leaves the function's code", lam.get_function(FunctionName="diffsvc-dev-hello")[
            "Configuration"]["CodeSha256"] == hello_sha)

        rc, out, err = sls_run("deploy", "--no-execute")
        name = out.strip()
        check("deploy --no-execute prints the change set's name", rc == 0 and name == stack + "-change-set",
              out + err[-1500:])
        check("deploy --no-execute leaves the stack as it was",
              cfn.get_template(StackName=stack)["TemplateBody"] == template_before)
        check("deploy --no-execute leaves the change set",
              cfn.describe_change_set(StackName=stack, ChangeSetName=name)["Status"] == "CREATE_COMPLETE")

        rc, out, err = sls_run("deploy", "--changeset", "no-such-change-set")
        check("deploy --changeset of an unknown change set exits 1", rc == 1 and "no-such-change-set" in err,
              err[-1500:])
        rc, out, err = sls_run("deploy", "--changeset", name)
        check("deploy --changeset executes the reviewed change set", rc == 0 and "Service deployed" in err,
              err[-1500:])
        resources = {r["LogicalResourceId"] for r in cfn.list_stack_resources(StackName=stack)["StackResourceSummaries"]}
        check("the executed change set added the function", "WorldLambdaFunction" in resources, str(resources))
        rc, out, err = sls_run("diff", "--detailed-exitcode")
        check("diff after executing it: no changes", rc == 0 and "No changes" in out, out + err[-1500:])

        rc, out, err = sls_run("metrics")
        check("metrics prints the service-wide table", rc == 0 and out.startswith("Service wide metrics\n")
              and "invocations: 0\nthrottles: 0\nerrors: 0\nduration (avg.): 0ms\n" in out, out + err[-1500:])
        cw = boto3.client("cloudwatch", **kw)
        now = datetime.datetime.now(datetime.timezone.utc)
        for name, fn, value, unit, minutes in [("Invocations", "hello", 3, "Count", 10),
                                               ("Invocations", "hello", 2, "Count", 70),
                                               ("Invocations", "world", 4, "Count", 10),
                                               ("Errors", "world", 1, "Count", 10),
                                               ("Throttles", "hello", 1, "Count", 10),
                                               ("Duration", "hello", 10.5, "Milliseconds", 10),
                                               ("Duration", "world", 20, "Milliseconds", 10)]:
            cw.put_metric_data(Namespace="AWS/Lambda", MetricData=[{
                "MetricName": name, "Dimensions": [{"Name": "FunctionName", "Value": "diffsvc-dev-" + fn}],
                "Value": value, "Unit": unit, "Timestamp": now - datetime.timedelta(minutes=minutes)}])
        rc, out, err = sls_run("metrics", "--startTime", "3h")
        check("metrics sums the service's data points and averages their durations",
              rc == 0 and out.endswith("invocations: 9\nthrottles: 1\nerrors: 1\nduration (avg.): 15.25ms\n"),
              out + err[-800:])
        rc, out, err = sls_run("metrics", "-f", "world", "--startTime", "3h")
        check("metrics -f F counts only that function",
              rc == 0 and out.startswith("world\n") and "invocations: 4\nthrottles: 0\nerrors: 1\n" in out,
              out + err[-800:])
        rc, out, err = sls_run("metrics", "-f", "hello", "--startTime", "2h", "--endTime", "1h")
        check("metrics -f F prints that function's table", rc == 0 and out.startswith("hello\n"), out + err[-800:])
        rc, out, err = sls_run("metrics", "--startTime", "yesterday-ish")
        check("metrics rejects a bad --startTime", rc == 1 and 'Invalid "--startTime" value' in err, err[-800:])
        rc, out, err = sls_run("metrics", "-f", "nope")
        check("metrics -f of an unknown function exits 1", rc == 1 and "doesn't exist in this Service" in err,
              err[-800:])

        rc, out, err = sls_run("remove")
        check("remove exits 0", rc == 0, err[-1500:])
    finally:
        moto.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    return check.summary()


if __name__ == "__main__":
    sys.exit(main())
