// The request sequence of `sls deploy` against a scripted loopback fake:
// covers what moto cannot show (an update whose change set holds no changes).
#include "aws/deploy/deploy.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <mutex>

#include "aws/api/test_server.h"
#include "util/error.h"

namespace sls::aws::deploy {

TEST(Deploy, StackNameValidation) {
  EXPECT_NO_THROW(validate_stack_name("billing-service-prod"));
  EXPECT_THROW(validate_stack_name("1billing"), UserError);
  EXPECT_THROW(validate_stack_name("billing_service"), UserError);
  EXPECT_THROW(validate_stack_name(std::string(129, 'a')), UserError);
}

TEST(Deploy, EmptyChangeSetDetection) {
  EXPECT_TRUE(change_set_without_changes("FAILED", "The submitted information didn't contain changes. Submit..."));
  EXPECT_TRUE(change_set_without_changes("FAILED", "No updates are to be performed."));
  EXPECT_FALSE(change_set_without_changes("FAILED", "Template error"));
  EXPECT_FALSE(change_set_without_changes("CREATE_COMPLETE", ""));
}

namespace {

const auto action_of = api::testing::query_action;
const auto xml = api::testing::query_reply;

}  // namespace

namespace {

struct ForcedUpdateRun {
  DeployResult result;
  std::vector<std::string> calls;
  std::vector<std::string> warnings;
};

// A forced update whose change set holds no changes, against a scripted fake;
// with `listing_fails`, S3 refuses to list the bucket (the clean-up step).
ForcedUpdateRun forced_empty_update(bool listing_fails, bool record_events = false) {
  ForcedUpdateRun run;
  std::vector<std::string>& calls = run.calls;
  setenv("SLS_AWS_MONITORING_FREQUENCY", "1", 1);
  auto dir = std::filesystem::temp_directory_path() / ("sls-deploy-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string artdir = "serverless/svc/dev/1700000000000-2023-11-14T22:13:20.000Z";
  std::ofstream(dir / "serverless-state.json")
      << R"({"service":{"service":"svc","functions":{"hello":{"name":"svc-dev-hello","package":{}}}},)"
      << R"("package":{"artifactDirectoryName":")" << artdir << R"(","artifact":"svc.zip"}})";
  std::ofstream(dir / "cloudformation-template-update-stack.json") << R"({"Resources":{}})";
  std::ofstream(dir / "cloudformation-template-create-stack.json") << R"({"Resources":{}})";
  std::ofstream(dir / "svc.zip") << "PK-fake";
  Package package = read_package(dir);

  api::testing::LocalServer s;
  std::mutex mu;
  s.server.Post("/", [&](const httplib::Request& req, httplib::Response& res) {
    std::string action = action_of(req.body);
    {
      std::lock_guard<std::mutex> lock(mu);
      calls.push_back(action);
    }
    if (action == "DescribeStacks") {
      res.set_content(xml(action, "<Stacks><member><StackName>svc-dev</StackName><StackId>arn:stack/1</StackId>"
                                  "<StackStatus>UPDATE_COMPLETE</StackStatus></member></Stacks>"), "text/xml");
    } else if (action == "DescribeStackResource") {
      res.set_content(xml(action, "<StackResourceDetail><LogicalResourceId>ServerlessDeploymentBucket"
                                  "</LogicalResourceId><PhysicalResourceId>bkt</PhysicalResourceId>"
                                  "</StackResourceDetail>"), "text/xml");
    } else if (action == "CreateChangeSet") {
      EXPECT_NE(req.body.find("ChangeSetType=UPDATE"), std::string::npos);
      EXPECT_NE(req.body.find("TemplateURL=https%3A%2F%2Fs3.amazonaws.com%2Fbkt%2Fserverless%2Fsvc"), std::string::npos);
      res.set_content(xml(action, "<Id>cs</Id><StackId>arn:stack/1</StackId>"), "text/xml");
    } else if (action == "DescribeChangeSet") {
      res.set_content(xml(action, "<Status>FAILED</Status><StatusReason>The submitted information didn't contain "
                                  "changes. Submit different information to create a change set.</StatusReason>"),
                      "text/xml");
    } else {
      res.set_content(xml(action, ""), "text/xml");
    }
  });
  auto s3 = [&](const httplib::Request& req, httplib::Response& res) {
    {
      std::lock_guard<std::mutex> lock(mu);
      calls.push_back(req.method + " " + req.path + (req.has_param("delete") ? "?delete" : ""));
    }
    if (req.method == "GET" && listing_fails) {
      res.status = 403;
      res.set_content("<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>", "application/xml");
    } else if (req.method == "GET") {
      res.set_content("<ListBucketResult><Contents><Key>" + artdir + "/svc.zip</Key></Contents></ListBucketResult>",
                      "application/xml");
    } else if (req.method == "POST") {
      res.set_content("<DeleteResult></DeleteResult>", "application/xml");
    }
  };
  s.server.Put(R"(/bkt/.*)", s3);
  s.server.Get(R"(/bkt/?)", s3);
  s.server.Post(R"(/bkt/?)", s3);
  s.start();
  api::HttpClient http;
  Target target{"svc", "dev", "us-east-1", "svc-dev", Json::object()};
  Reporter reporter;
  reporter.warning = [&](const std::string& w) { run.warnings.push_back(w); };
  DeployOptions options{true};
  if (record_events)
    options.event = [&](const std::string& e) {
      std::lock_guard<std::mutex> lock(mu);
      calls.push_back("event " + e);
    };
  run.result = deploy_service(s.context(http), target, package, options, reporter);
  std::filesystem::remove_all(dir);
  return run;
}

}  // namespace

TEST(Deploy, EventsInOsslsOrderAroundTheSteps) {
  ForcedUpdateRun run = forced_empty_update(false, true);
  std::vector<std::string> seen;  // the events and the CloudFormation calls, in order
  for (const auto& c : run.calls)
    if (c.starts_with("event ") || c.find('/') == std::string::npos) seen.push_back(c);
  const std::vector<std::string> want = {
      "event before:deploy:deploy",
      "event before:aws:deploy:deploy:createStack", "DescribeStacks", "event aws:deploy:deploy:createStack",
      "event after:aws:deploy:deploy:createStack",
      "event before:aws:deploy:deploy:checkForChanges", "DescribeStackResource",
      "event aws:deploy:deploy:checkForChanges", "event after:aws:deploy:deploy:checkForChanges",
      "event before:aws:deploy:deploy:uploadArtifacts", "event aws:deploy:deploy:uploadArtifacts",
      "event after:aws:deploy:deploy:uploadArtifacts",
      "event before:aws:deploy:deploy:validateTemplate", "ValidateTemplate",
      "event aws:deploy:deploy:validateTemplate", "event after:aws:deploy:deploy:validateTemplate",
      "event before:aws:deploy:deploy:updateStack"};
  ASSERT_GE(seen.size(), want.size());
  EXPECT_EQ(std::vector<std::string>(seen.begin(), seen.begin() + want.size()), want);
  const std::vector<std::string> tail = {"event aws:deploy:deploy:updateStack", "event after:aws:deploy:deploy:updateStack",
                                         "event deploy:deploy", "event after:deploy:deploy",
                                         "event before:deploy:finalize", "event before:aws:deploy:finalize:cleanup",
                                         "event aws:deploy:finalize:cleanup", "event after:aws:deploy:finalize:cleanup",
                                         "event deploy:finalize", "event after:deploy:finalize"};
  EXPECT_EQ(std::vector<std::string>(seen.end() - tail.size(), seen.end()), tail);
  EXPECT_EQ(run.result.outcome, DeployOutcome::EmptyChangeSet);
}

TEST(Deploy, ForcedUpdateWithEmptyChangeSetRemovesItsArtifacts) {
  const std::string artdir = "serverless/svc/dev/1700000000000-2023-11-14T22:13:20.000Z";
  ForcedUpdateRun run = forced_empty_update(false);
  const DeployResult& r = run.result;
  const std::vector<std::string>& calls = run.calls;
  EXPECT_TRUE(run.warnings.empty());
  EXPECT_EQ(r.outcome, DeployOutcome::EmptyChangeSet);
  EXPECT_EQ(r.bucket, "bkt");
  std::vector<std::string> cfn;
  for (const auto& c : calls)
    if (c.find('/') == std::string::npos) cfn.push_back(c);
  EXPECT_EQ(cfn, (std::vector<std::string>{"DescribeStacks", "DescribeStackResource", "ValidateTemplate",
                                           "DeleteChangeSet", "CreateChangeSet", "DescribeChangeSet",
                                           "DeleteChangeSet"}));
  auto has = [&](const std::string& c) { return std::find(calls.begin(), calls.end(), c) != calls.end(); };
  EXPECT_TRUE(has("PUT /bkt/" + artdir + "/compiled-cloudformation-template.json"));
  EXPECT_TRUE(has("PUT /bkt/" + artdir + "/serverless-state.json"));
  EXPECT_TRUE(has("PUT /bkt/" + artdir + "/svc.zip"));
  EXPECT_TRUE(has("POST /bkt?delete"));  // the empty change set's artifacts are removed
}

TEST(Deploy, CleanUpFailureAfterTheStackStepIsAWarning) {
  ForcedUpdateRun run = forced_empty_update(true);
  EXPECT_EQ(run.result.outcome, DeployOutcome::EmptyChangeSet);
  ASSERT_EQ(run.warnings.size(), 1u);
  EXPECT_NE(run.warnings[0].find("The stack is deployed, but sls could not remove the artifacts"), std::string::npos)
      << run.warnings[0];
  EXPECT_NE(run.warnings[0].find("AccessDenied"), std::string::npos) << run.warnings[0];
}

TEST(Deploy, PostDeployStepTurnsUserErrorsIntoWarnings) {
  std::vector<std::string> warnings;
  Reporter reporter;
  reporter.warning = [&](const std::string& w) { warnings.push_back(w); };
  run_post_deploy_step(reporter, "list the stack's outputs", [] { throw UserError("cloudformation gave up"); });
  bool ran = false;
  run_post_deploy_step(reporter, "count", [&] { ran = true; });
  EXPECT_TRUE(ran);
  EXPECT_EQ(warnings, (std::vector<std::string>{
                          "The stack is deployed, but sls could not list the stack's outputs: cloudformation gave up"}));
}

}  // namespace sls::aws::deploy

namespace sls::aws::deploy {

// A stack deployed with provider.deploymentBucket that no longer names one:
// the core template's bucket is merged into the deployed template first.
TEST(Deploy, AddsTheDeploymentBucketToAStackWithoutOne) {
  setenv("SLS_AWS_MONITORING_FREQUENCY", "1", 1);
  auto dir = std::filesystem::temp_directory_path() / ("sls-deploy-test-b-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string artdir = "serverless/svc/dev/1700000000000-2023-11-14T22:13:20.000Z";
  std::ofstream(dir / "serverless-state.json")
      << R"({"service":{"service":"svc","functions":{}},"package":{"artifactDirectoryName":")" << artdir << R"("}})";
  std::ofstream(dir / "cloudformation-template-update-stack.json") << R"({"Resources":{}})";
  std::ofstream(dir / "cloudformation-template-create-stack.json")
      << R"({"Resources":{"ServerlessDeploymentBucket":{"Type":"AWS::S3::Bucket"}},"Outputs":{"ServerlessDeploymentBucketName":{"Value":{"Ref":"ServerlessDeploymentBucket"}}}})";
  Package package = read_package(dir);

  api::testing::LocalServer s;
  std::vector<std::string> calls;
  std::mutex mu;
  bool bucket_added = false;
  int change_sets = 0;
  s.server.Post("/", [&](const httplib::Request& req, httplib::Response& res) {
    std::string action = action_of(req.body);
    {
      std::lock_guard<std::mutex> lock(mu);
      calls.push_back(action);
    }
    if (action == "DescribeStacks") {
      res.set_content(xml(action, "<Stacks><member><StackName>svc-dev</StackName><StackId>arn:stack/1</StackId>"
                                  "<StackStatus>UPDATE_COMPLETE</StackStatus></member></Stacks>"), "text/xml");
    } else if (action == "DescribeStackResource") {
      if (!bucket_added) {
        res.status = 400;
        res.set_content("<ErrorResponse><Error><Code>ValidationError</Code><Message>Resource "
                        "ServerlessDeploymentBucket does not exist for stack svc-dev</Message></Error></ErrorResponse>",
                        "text/xml");
      } else {
        res.set_content(xml(action, "<StackResourceDetail><PhysicalResourceId>bkt</PhysicalResourceId>"
                                    "</StackResourceDetail>"), "text/xml");
      }
    } else if (action == "GetTemplate") {
      res.set_content(xml(action, "<TemplateBody>{&quot;Resources&quot;:{&quot;Old&quot;:{&quot;Type&quot;:"
                                  "&quot;AWS::SNS::Topic&quot;}}}</TemplateBody>"), "text/xml");
    } else if (action == "CreateChangeSet") {
      if (++change_sets == 1) {
        EXPECT_NE(req.body.find("ServerlessDeploymentBucket"), std::string::npos);
        EXPECT_NE(req.body.find("Old"), std::string::npos);  // the deployed resources stay
      }
      res.set_content(xml(action, "<Id>cs</Id><StackId>arn:stack/1</StackId>"), "text/xml");
    } else if (action == "DescribeChangeSet") {
      if (change_sets == 1) {
        res.set_content(xml(action, "<Status>CREATE_COMPLETE</Status><Changes><member></member></Changes>"), "text/xml");
      } else {
        res.set_content(xml(action, "<Status>FAILED</Status><StatusReason>No updates are to be performed.</StatusReason>"),
                        "text/xml");
      }
    } else if (action == "ExecuteChangeSet") {
      bucket_added = true;
      res.set_content(xml(action, ""), "text/xml");
    } else if (action == "DescribeStackEvents") {
      res.set_content(xml(action, "<StackEvents><member><EventId>2</EventId><LogicalResourceId>svc-dev"
                                  "</LogicalResourceId><ResourceType>AWS::CloudFormation::Stack</ResourceType>"
                                  "<ResourceStatus>UPDATE_COMPLETE</ResourceStatus></member><member><EventId>1"
                                  "</EventId><LogicalResourceId>svc-dev</LogicalResourceId><ResourceType>"
                                  "AWS::CloudFormation::Stack</ResourceType><ResourceStatus>UPDATE_IN_PROGRESS"
                                  "</ResourceStatus></member></StackEvents>"), "text/xml");
    } else {
      res.set_content(xml(action, ""), "text/xml");
    }
  });
  auto s3 = [&](const httplib::Request& req, httplib::Response& res) {
    if (req.method == "GET") res.set_content("<ListBucketResult></ListBucketResult>", "application/xml");
    if (req.method == "POST") res.set_content("<DeleteResult></DeleteResult>", "application/xml");
  };
  s.server.Put(R"(/bkt/.*)", s3);
  s.server.Get(R"(/bkt/?)", s3);
  s.server.Post(R"(/bkt/?)", s3);
  s.start();
  api::HttpClient http;
  Target target{"svc", "dev", "us-east-1", "svc-dev", Json::object()};
  DeployResult r = deploy_service(s.context(http), target, package, {true}, Reporter{});
  EXPECT_EQ(r.bucket, "bkt");
  EXPECT_EQ(r.outcome, DeployOutcome::EmptyChangeSet);
  ASSERT_GE(calls.size(), 4u);
  EXPECT_EQ(calls[2], "GetTemplate");
  std::filesystem::remove_all(dir);
}

}  // namespace sls::aws::deploy

namespace sls::aws::deploy {

// CloudFormation would refuse a template over its limits: nothing is called or uploaded.
TEST(Deploy, TemplateOverCloudFormationLimitsStopsBeforeAnyCall) {
  api::testing::LocalServer s;
  int requests = 0;
  s.server.Post("/", [&](const httplib::Request&, httplib::Response&) { ++requests; });
  s.server.Put(R"(/.*)", [&](const httplib::Request&, httplib::Response&) { ++requests; });
  s.start();
  api::HttpClient http;
  Package package;
  package.compiled_template = {{"Resources", Json::object()}};
  for (int i = 0; i < 501; ++i) package.compiled_template["Resources"]["T" + std::to_string(i)] = {{"Type", "AWS::SNS::Topic"}};
  Target target{"svc", "dev", "us-east-1", "svc-dev", Json::object()};
  try {
    deploy_service(s.context(http), target, package, {}, Reporter{});
    FAIL() << "expected a UserError";
  } catch (const UserError& e) {
    EXPECT_EQ(e.code, "CLOUDFORMATION_LIMITS_EXCEEDED");
    EXPECT_NE(std::string(e.what()).find("501 resources (the limit is 500)"), std::string::npos);
  }
  EXPECT_EQ(requests, 0);
}

TEST(Deploy, NoExecuteWithDirectDeploymentStopsBeforeAnyCall) {
  api::testing::LocalServer s;
  int requests = 0;
  s.server.Post("/", [&](const httplib::Request&, httplib::Response&) { ++requests; });
  s.start();
  api::HttpClient http;
  Package package;
  package.compiled_template = {{"Resources", Json::object()}};
  Target target{"svc", "dev", "us-east-1", "svc-dev", {{"deploymentMethod", "direct"}}};
  DeployOptions options;
  options.no_execute = true;
  try {
    deploy_service(s.context(http), target, package, options, Reporter{});
    FAIL() << "expected a UserError";
  } catch (const UserError& e) {
    EXPECT_EQ(e.code, "NO_EXECUTE_WITH_DIRECT_DEPLOYMENT");
  }
  EXPECT_EQ(requests, 0);
}

// `deploy --changeset NAME` refuses a change set CloudFormation could not create
// (moto never leaves one FAILED with changes), and never calls ExecuteChangeSet.
TEST(Deploy, ReviewedChangeSetThatFailedIsNotExecuted) {
  setenv("SLS_AWS_MONITORING_FREQUENCY", "1", 1);
  api::testing::LocalServer s;
  std::vector<std::string> calls;
  s.server.Post("/", [&](const httplib::Request& req, httplib::Response& res) {
    std::string action = action_of(req.body);
    calls.push_back(action);
    if (action == "DescribeStacks")
      res.set_content(xml(action, "<Stacks><member><StackName>svc-dev</StackName><StackId>arn:s</StackId>"
                                  "<StackStatus>UPDATE_COMPLETE</StackStatus></member></Stacks>"),
                      "text/xml");
    else if (action == "DescribeChangeSet")
      res.set_content(xml(action, "<Status>FAILED</Status><StatusReason>Template format error</StatusReason>"
                                  "<ExecutionStatus>UNAVAILABLE</ExecutionStatus>"),
                      "text/xml");
  });
  s.start();
  api::HttpClient http;
  Target target{"svc", "dev", "us-east-1", "svc-dev", Json::object()};
  try {
    execute_reviewed_change_set(s.context(http), target, "svc-dev-change-set", Reporter{});
    FAIL() << "expected a UserError";
  } catch (const UserError& e) {
    EXPECT_EQ(e.code, "CHANGE_SET_NOT_EXECUTABLE");
    EXPECT_NE(std::string(e.what()).find("FAILED (Template format error), execution status UNAVAILABLE"),
              std::string::npos);
  }
  EXPECT_EQ(calls, (std::vector<std::string>{"DescribeStacks", "DescribeChangeSet"}));
}

}  // namespace sls::aws::deploy
