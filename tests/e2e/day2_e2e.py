#!/usr/bin/env python3
"""End-to-end: `sls deploy function`, `sls deploy list [functions]`, `sls rollback [function]`
and the `sls info` fallback against a local moto_server.

Deploys examples/billing-service twice (the second time with an SQS queue added), then:
  * `deploy list` shows both deployments with osls's lines (date, Timestamp, Files);
  * `deploy function -f fetchBillingRecord` after a handler change updates only that
    function's code (CodeSha256 of the others unchanged) and leaves the stack as it was
    (template, status and last-updated time); unchanged code is skipped; `--force` deploys;
    `--update-config` sends a changed timeout and description without touching the code;
  * `deploy list functions` lists each function's versions;
  * `rollback` without --timestamp lists the deployments; `rollback --timestamp <first>`
    returns the stack to the first deployment's template; an unknown timestamp exits 1;
  * `rollback function`: a missing version exits 1 with osls's message; moto's Code.Location
    names an S3 host that does not exist, so the download fails cleanly (exit 1) here and
    src/aws/ops/rollback_test.cc covers download + UpdateFunctionCode on a scripted Lambda;
  * `sls info` on moto's stack without outputs lists the functions and says endpoints are unknown.
Prints PASS/FAIL lines and "N passed, M failed"; exits 1 on any failure (0 with a SKIP when
moto_server is not installed)."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from moto_harness import Checks, MotoServer, sls_under_test  # noqa: E402

STACK = "billing-service-prod"
FUNCTIONS = ["createBillingRecord", "fetchBillingRecord", "billingReport"]
check = Checks()


def main():
    sls = sls_under_test(ROOT)
    if sls is None:
        return 0
    import boto3

    moto = MotoServer().start()
    tmp = tempfile.mkdtemp(prefix="sls-day2-e2e-")
    try:
        # Lambda stays on moto's default backend: with {"lambda": {"use_docker": false}} its API
        # answers from a separate backend that does not see the functions CloudFormation created.
        svc = os.path.join(tmp, "billing-service")
        shutil.copytree(os.path.join(ROOT, "examples", "billing-service"), svc,
                        ignore=shutil.ignore_patterns(".serverless", "node_modules"))
        env = moto.env()
        env.update({"SLS_AWS_MONITORING_FREQUENCY": "200", "HOME": tmp})
        aws = dict(endpoint_url=moto.endpoint, region_name="us-east-1",
                   aws_access_key_id="testing", aws_secret_access_key="testing")
        cfn = boto3.client("cloudformation", **aws)
        lam = boto3.client("lambda", **aws)

        def sls_run(*argv, timeout=300):
            p = subprocess.run([sls, *argv], cwd=svc, env=env, capture_output=True, text=True,
                               timeout=timeout, stdin=subprocess.DEVNULL)
            return p.returncode, p.stdout, p.stderr

        def edit(path, old, new):
            full = os.path.join(svc, path)
            with open(full) as f:
                text = f.read()
            assert old in text, (path, old)
            with open(full, "w") as f:
                f.write(text.replace(old, new, 1))

        def template():
            return json.loads(json.dumps(cfn.get_template(StackName=STACK)["TemplateBody"]))

        def stack_state():
            s = cfn.describe_stacks(StackName=STACK)["Stacks"][0]
            return s["StackStatus"], str(s.get("LastUpdatedTime")), json.dumps(template(), sort_keys=True)

        def code_hashes():
            return {f: lam.get_function(FunctionName=f"billing-service-prod-{f}")["Configuration"]["CodeSha256"]
                    for f in FUNCTIONS}

        rc, out, err = sls_run("deploy")
        if not check("first deploy exits 0", rc == 0, err[-2000:]):
            return 1
        first_template = template()
        rc, out, err = sls_run("deploy", "list")
        check("deploy list exits 0", rc == 0, err[-1000:])
        stamps = re.findall(r"^Timestamp: (\d+)$", out, re.M)
        check("deploy list shows the first deployment", len(stamps) == 1, out)
        check("deploy list prints osls's lines",
              re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\nTimestamp: \d+\nFiles:\n  - billing-service.zip\n"
                       r"  - compiled-cloudformation-template.json\n  - serverless-state.json\n$", out) is not None,
              repr(out))

        # A change outside the functions: moto deletes a whole function when the stack drops
        # one of its version resources, which a changed function setting would do.
        edit("serverless.yml", "  Resources:\n", "  Resources:\n    ExtraQueue:\n      Type: AWS::SQS::Queue\n")
        rc, out, err = sls_run("deploy")
        check("second deploy (a queue added) exits 0", rc == 0, err[-2000:])
        rc, out, err = sls_run("deploy", "list")
        stamps = re.findall(r"^Timestamp: (\d+)$", out, re.M)
        check("deploy list shows each deployment", len(stamps) == 2 and stamps[0] < stamps[1], out)
        check("the second template differs from the first", template() != first_template)

        # deploy function: only that function's code, the stack untouched
        before_stack, before_code = stack_state(), code_hashes()
        edit("src/handler.js", "", "// changed by day2_e2e\n")
        rc, out, err = sls_run("deploy", "function", "-f", "fetchBillingRecord")
        check("deploy function exits 0", rc == 0, err[-1500:])
        check("deploy function says the code was deployed", "✔ Function code deployed" in err, err[-1500:])
        check("deploy function starts as osls does",
              "Deploying function fetchBillingRecord to stage prod (us-east-1)" in err, err[-1500:])
        after_code = code_hashes()
        check("deploy function changes that function's code",
              after_code["fetchBillingRecord"] != before_code["fetchBillingRecord"], str(after_code))
        check("deploy function leaves the other functions' code",
              all(after_code[f] == before_code[f] for f in ("createBillingRecord", "billingReport")), str(after_code))
        check("deploy function leaves the stack untouched", stack_state() == before_stack)
        rc, out, err = sls_run("deploy", "function", "-f", "fetchBillingRecord")
        check("unchanged code is skipped",
              rc == 0 and "Code did not change. Function deployment skipped." in err
              and "Function configuration did not change, and the update was skipped." in err, err[-1500:])
        rc, out, err = sls_run("deploy", "function", "-f", "fetchBillingRecord", "--force")
        check("--force deploys unchanged code", rc == 0 and "✔ Function code deployed" in err, err[-1500:])

        edit("serverless.yml", "    handler: src/handler.fetch\n",
             "    handler: src/handler.fetch\n    timeout: 17\n    description: fetch one record\n")
        code_before = code_hashes()["fetchBillingRecord"]
        rc, out, err = sls_run("deploy", "function", "-f", "fetchBillingRecord", "--update-config")
        check("--update-config exits 0", rc == 0 and "✔ Function configuration updated" in err, err[-1500:])
        conf = lam.get_function_configuration(FunctionName="billing-service-prod-fetchBillingRecord")
        check("--update-config sends the changed settings",
              conf["Timeout"] == 17 and conf.get("Description") == "fetch one record", str(conf))
        check("--update-config leaves the code", conf["CodeSha256"] == code_before)
        check("--update-config leaves the stack untouched", stack_state() == before_stack)
        rc, out, err = sls_run("deploy", "function", "-f", "fetchBillingRecord", "-u")
        check("unchanged configuration is skipped",
              rc == 0 and "Function configuration did not change" in err, err[-1500:])

        rc, out, err = sls_run("deploy", "function", "-f", "nope")
        check("deploy function of an unknown function exits 1",
              rc == 1 and "Function \"nope\" doesn't exist in this Service" in err, err[-800:])
        rc, out, err = sls_run("deploy", "function")
        check("deploy function without -f names the option",
              rc == 1 and "requires \"--function\" option" in err, err[-800:])

        rc, out, err = sls_run("deploy", "list", "functions")
        check("deploy list functions lists each function's versions",
              rc == 0 and all(f"{f}\n  All versions: $LATEST, " in out for f in FUNCTIONS), out + err[-800:])

        # sls info on moto's stack without outputs
        rc, out, err = sls_run("info")
        check("info lists the configured functions when the stack has no outputs",
              rc == 0 and "endpoints: unknown" in out
              and "  fetchBillingRecord: billing-service-prod-fetchBillingRecord" in out, out + err[-800:])

        # rollback
        rc, out, err = sls_run("rollback")
        check("rollback without --timestamp lists the deployments",
              rc == 0 and "Select a timestamp from the deploy list below" in err
              and re.findall(r"^Timestamp: (\d+)$", out, re.M) == stamps, out + err[-800:])
        rc, out, err = sls_run("rollback", "--timestamp", stamps[0])
        check("rollback --timestamp exits 0", rc == 0, err[-2000:])
        check("rollback says what it did", f"Service rolled back to timestamp \"{stamps[0]}\"" in err, err[-800:])
        check("rollback returns the stack to the first template", template() == first_template)
        resources = [r["LogicalResourceId"] for r in cfn.list_stack_resources(StackName=STACK)["StackResourceSummaries"]]
        check("rollback removes the queue the second deployment added", "ExtraQueue" not in resources, str(resources))
        rc, out, err = sls_run("rollback", "-t", "1")
        check("rollback to an unknown timestamp exits 1",
              rc == 1 and "Couldn't find a deployment for the timestamp: 1." in err, err[-800:])

        rc, out, err = sls_run("rollback", "function", "-f", "fetchBillingRecord", "--function-version", "99")
        check("rollback function to a missing version exits 1",
              rc == 1 and "Function \"fetchBillingRecord\" with version \"99\" not found." in err, err[-800:])
        rc, out, err = sls_run("rollback", "function", "-f", "fetchBillingRecord", "--function-version", "1",
                               timeout=120)
        check("rollback function: moto's unreachable code location is a clean error",
              rc == 1 and "Could not download function code" in err, err[-800:])

        rc, out, err = sls_run("remove")
        check("remove exits 0", rc == 0, err[-1000:])
    finally:
        moto.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    return check.summary()


if __name__ == "__main__":
    sys.exit(main())
