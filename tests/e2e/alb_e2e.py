#!/usr/bin/env python3
"""End-to-end: deploy a service with `alb` events against a local moto_server.

Creates a VPC, two subnets, an application load balancer and an HTTP listener
with boto3, then `sls deploy`s a service whose functions attach to that
listener by ARN (path and method conditions, a header condition, priorities,
multiValueHeaders, a health check), and checks what moto's ElasticLoadBalancingV2
holds afterwards: one lambda target group per function with its attributes and
health check, one listener rule per event with its priority, conditions and
forward action to that target group, and the Lambda permissions in the stack.
Then `sls remove` removes the stack. Prints PASS/FAIL lines and
"N passed, M failed"; exits 1 on any failure, 77 (skipped) without moto_server.

moto's gaps (moto 5.2; the product is not bent for them):
  * CloudFormation in moto ignores a target group's `Targets` (it registers no
    Lambda target) and `HealthCheckEnabled`: the registered target and the flag
    are checked in the template (and by the golden cases), not in moto.
  * moto's ElasticLoadBalancingV2 models have no CloudFormation delete, so the
    rules and target groups outlive `sls remove`; only the stack's removal is checked.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from moto_harness import Checks, MotoServer, SKIP  # noqa: E402

check = Checks()


SERVICE = """service: albe2e
provider:
  name: aws
  runtime: nodejs24.x
  region: us-east-1
functions:
  users:
    handler: handler.run
    events:
      - alb:
          listenerArn: {listener}
          priority: 10
          multiValueHeaders: true
          healthCheck:
            path: /health
            intervalSeconds: 60
          conditions:
            path: /users
            method: [GET, POST]
  orders:
    handler: handler.run
    events:
      - alb:
          listenerArn: {listener}
          priority: 20
          conditions:
            path: /orders/*
            header:
              name: X-Tenant
              values: [acme]
"""


def make_listener(session, endpoint):
    ec2 = session.client("ec2", endpoint_url=endpoint)
    elb = session.client("elbv2", endpoint_url=endpoint)
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24", AvailabilityZone=f"us-east-1{z}")
               ["Subnet"]["SubnetId"] for i, z in ((1, "a"), (2, "b"))]
    lb = elb.create_load_balancer(Name="albe2e-lb", Subnets=subnets, Type="application")["LoadBalancers"][0]
    listener = elb.create_listener(
        LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTP", Port=80,
        DefaultActions=[{"Type": "fixed-response",
                         "FixedResponseConfig": {"StatusCode": "404", "ContentType": "text/plain"}}])
    return elb, listener["Listeners"][0]["ListenerArn"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sls", default=os.path.join(ROOT, "build", "sls"))
    args = ap.parse_args()
    sls = os.path.abspath(args.sls)
    if shutil.which("moto_server") is None:
        print("SKIP moto_server not on PATH")
        return SKIP
    import boto3

    moto = MotoServer().start()
    tmp = tempfile.mkdtemp(prefix="sls-alb-e2e-")
    try:
        session = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing",
                                        region_name="us-east-1")
        elb, listener = make_listener(session, moto.endpoint)
        cfn = session.client("cloudformation", endpoint_url=moto.endpoint)
        svc = os.path.join(tmp, "albe2e")
        os.makedirs(svc)
        with open(os.path.join(svc, "serverless.yml"), "w") as f:
            f.write(SERVICE.format(listener=listener))
        with open(os.path.join(svc, "handler.js"), "w") as f:
            f.write("module.exports.run = async () => ({ statusCode: 200, body: 'ok' });\n")
        env = moto.env(dict(os.environ, HOME=tmp, SLS_AWS_MONITORING_FREQUENCY="200"))

        def sls_run(*argv):
            p = subprocess.run([sls, *argv], cwd=svc, env=env, capture_output=True, text=True, timeout=300)
            return p.returncode, p.stdout, p.stderr

        rc, out, err = sls_run("deploy")
        check("deploy exits 0", rc == 0 and "Service deployed to stack albe2e-dev" in err, err[-2000:])
        if rc != 0:
            return 1
        status = cfn.describe_stacks(StackName="albe2e-dev")["Stacks"][0]["StackStatus"]
        check("stack is complete", status in ("CREATE_COMPLETE", "UPDATE_COMPLETE"), status)
        resources = {r["LogicalResourceId"]: r for r in
                     cfn.list_stack_resources(StackName="albe2e-dev")["StackResourceSummaries"]}
        lb_id = listener.split("/")[-2]
        for logical in (f"UsersAlbMultiValueTargetGroup{lb_id}", f"OrdersAlbTargetGroup{lb_id}",
                        "UsersAlbListenerRule10", "OrdersAlbListenerRule20", "UsersLambdaPermissionAlb",
                        "UsersLambdaPermissionRegisterTarget", "OrdersLambdaPermissionAlb"):
            check(f"stack has {logical}", logical in resources, str(sorted(resources)))

        groups = {g["TargetGroupArn"]: g for g in elb.describe_target_groups()["TargetGroups"]}
        users_tg = resources.get(f"UsersAlbMultiValueTargetGroup{lb_id}", {}).get("PhysicalResourceId")
        orders_tg = resources.get(f"OrdersAlbTargetGroup{lb_id}", {}).get("PhysicalResourceId")
        check("two target groups", len(groups) == 2 and users_tg in groups and orders_tg in groups,
              json.dumps(list(groups), default=str))
        with open(os.path.join(svc, ".serverless", "cloudformation-template-update-stack.json")) as f:
            template = json.load(f)["Resources"]
        if users_tg in groups:
            g = groups[users_tg]
            check("target group has the generated name",
                  g.get("TargetGroupName") == template[f"UsersAlbMultiValueTargetGroup{lb_id}"]["Properties"]["Name"],
                  str(g))
            check("target group is of type lambda", g.get("TargetType") == "lambda", str(g))
            check("health check settings applied",
                  g.get("HealthCheckPath") == "/health" and g.get("HealthCheckIntervalSeconds") == 60, str(g))

        rules = [r for r in elb.describe_rules(ListenerArn=listener)["Rules"] if not r.get("IsDefault")]
        by_priority = {r["Priority"]: r for r in rules}
        check("two listener rules, priorities 10 and 20", sorted(by_priority) == ["10", "20"], str(rules))
        users_rule = by_priority.get("10", {})
        fields = sorted(c.get("Field") for c in users_rule.get("Conditions", []))
        check("rule 10 matches path and method", fields == ["http-request-method", "path-pattern"], str(users_rule))
        forward = [a for a in users_rule.get("Actions", []) if a.get("Type") == "forward"]
        check("rule 10 forwards to the users target group",
              bool(forward) and forward[0].get("TargetGroupArn") == users_tg, str(users_rule))
        orders_rule = by_priority.get("20", {})
        headers = [c for c in orders_rule.get("Conditions", []) if c.get("Field") == "http-header"]
        check("rule 20 matches the header",
              bool(headers) and headers[0].get("HttpHeaderConfig", {}).get("HttpHeaderName") == "X-Tenant",
              str(orders_rule))

        rc, out, err = sls_run("remove")
        check("remove exits 0", rc == 0, err[-1500:])
        stacks = [st["StackName"] for st in cfn.list_stacks()["StackSummaries"]
                  if st["StackStatus"] != "DELETE_COMPLETE"]
        check("no stack left", "albe2e-dev" not in stacks, str(stacks))
    finally:
        moto.stop()
        shutil.rmtree(tmp, ignore_errors=True)

    return check.summary()


if __name__ == "__main__":
    sys.exit(main())
