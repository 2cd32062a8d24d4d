#!/usr/bin/env python3
"""End-to-end: the day-2 commands `sls invoke` and `sls logs` against a local moto_server.

Deploys examples/billing-service, then:
  * `sls invoke -f F --data ...` prints the reply as JSON indented by 4 (moto without Docker
    echoes the payload back), `--path event.yml` sends the YAML file as JSON, an unknown
    function is a clear error (exit 1); `--raw` is covered by src/aws/ops/invoke_test.cc (moto
    answers 500 to a payload that is no JSON object);
  * `sls logs -f F` prints the events of the function's log group (written here with boto3:
    moto runs no real function, so it writes no logs of its own), START/REPORT lines shortened
    as osls shows them and END lines left out; `--filter` narrows them; a function without
    log streams says "No existing streams for the function" (exit 1).
Prints PASS/FAIL lines and "N passed, M failed"; exits 1 on any failure (0 with a SKIP when
moto_server is not installed)."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from moto_harness import Checks, MotoServer, sls_under_test  # noqa: E402

check = Checks()


def main():
    sls = sls_under_test(ROOT)
    if sls is None:
        return 0
    import boto3

    moto = MotoServer().start()
    tmp = tempfile.mkdtemp(prefix="sls-ops-e2e-")
    try:
        req = urllib.request.Request(moto.endpoint + "/moto-api/config", method="POST",
                                     data=json.dumps({"lambda": {"use_docker": False}}).encode(),
                                     headers={"Content-Type": "application/json"})
        urllib.request.urlopen(req, timeout=10).read()
        svc = os.path.join(tmp, "billing-service")
        shutil.copytree(os.path.join(ROOT, "examples", "billing-service"), svc,
                        ignore=shutil.ignore_patterns(".serverless", "node_modules"))
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update({"AWS_ENDPOINT_URL": moto.endpoint, "AWS_ACCESS_KEY_ID": "testing",
                    "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": "us-east-1",
                    "SLS_AWS_MONITORING_FREQUENCY": "200", "HOME": tmp})

        def sls_run(*argv, timeout=300):
            p = subprocess.run([sls, *argv], cwd=svc, env=env, capture_output=True, text=True,
                               timeout=timeout, stdin=subprocess.DEVNULL)
            return p.returncode, p.stdout, p.stderr

        rc, out, err = sls_run("deploy")
        if not check("deploy exits 0", rc == 0, err[-2000:]):
            return 1

        rc, out, err = sls_run("invoke", "-f", "createBillingRecord", "--data", '{"amount": 12, "b": [1]}')
        check("invoke exits 0", rc == 0, err[-1500:])
        check("invoke prints the reply indented by 4", out == '{\n    "amount": 12,\n    "b": [\n        1\n    ]\n}\n', repr(out))

        with open(os.path.join(svc, "event.yml"), "w") as f:
            f.write("id: 7\nname: from-yaml\n")
        rc, out, err = sls_run("invoke", "-f", "fetchBillingRecord", "--path", "event.yml")
        check("invoke --path sends a YAML file as JSON", rc == 0 and json.loads(out) == {"id": 7, "name": "from-yaml"},
              out + err[-800:])

        # --raw (the data sent as a JSON string): moto answers 500 to a payload that is no
        # JSON object, so invoke_test.cc covers the payload instead.

        rc, out, err = sls_run("invoke", "-f", "nope")
        check("invoke of an unknown function exits 1", rc == 1, err[-800:])
        check("invoke names the missing function", "Function \"nope\" doesn't exist in this Service" in err, err[-800:])

        logs = boto3.client("logs", endpoint_url=moto.endpoint, region_name="us-east-1",
                            aws_access_key_id="testing", aws_secret_access_key="testing")
        group = "/aws/lambda/billing-service-prod-createBillingRecord"
        try:
            logs.create_log_group(logGroupName=group)
        except logs.exceptions.ResourceAlreadyExistsException:
            pass
        logs.create_log_stream(logGroupName=group, logStreamName="2026/12/01/[$LATEST]abc")
        now = int(time.time() * 1000)
        lines = [
            "START RequestId: 1111 Version: $LATEST",
            "2026-12-01T10:00:00.123Z\t1111\tINFO\tcreated record 42",
            "2026-12-01T10:00:00.200Z\t1111\tWARN\tslow table",
            "END RequestId: 1111",
            "REPORT RequestId: 1111\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 256 MB\t"
            "Max Memory Used: 70 MB\tInit Duration: 150.00 ms\t",
        ]
        logs.put_log_events(logGroupName=group, logStreamName="2026/12/01/[$LATEST]abc",
                            logEvents=[{"timestamp": now - 1000 + i, "message": m} for i, m in enumerate(lines)])
        rc, out, err = sls_run("logs", "-f", "createBillingRecord")
        check("logs exits 0", rc == 0, err[-1500:])
        got = out.splitlines()
        check("logs shortens START", got[:1] == ["START"], repr(got))
        check("logs shows message lines with local time and level",
              len(got) > 2 and got[1].endswith("\tINFO\tcreated record 42") and got[1][:4] == "2026", repr(got))
        check("logs leaves END out", not any(line.startswith("END RequestId") for line in got), repr(got))
        check("logs shortens REPORT",
              got[-1:] == ["END Duration: 12.34 ms (init: 150.00 ms) Memory Used: 70 MB"], repr(got))

        rc, out, err = sls_run("logs", "-f", "createBillingRecord", "--filter", "slow", "--startTime", "1h")
        check("logs --filter narrows the events", rc == 0 and "slow table" in out and "created record" not in out,
              out + err[-800:])

        rc, out, err = sls_run("logs", "-f", "createBillingRecord", "--startTime", "yesterday-ish")
        check("logs rejects a bad --startTime", rc == 1 and 'Invalid "--startTime" value' in err, err[-800:])

        try:
            logs.create_log_group(logGroupName="/aws/lambda/billing-service-prod-billingReport")
        except logs.exceptions.ResourceAlreadyExistsException:
            pass
        rc, out, err = sls_run("logs", "-f", "billingReport")
        check("logs without streams exits 1", rc == 1 and "No existing streams for the function" in err, err[-800:])

        rc, out, err = sls_run("remove")
        check("remove exits 0", rc == 0, err[-1500:])
    finally:
        moto.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    return check.summary()


if __name__ == "__main__":
    sys.exit(main())
