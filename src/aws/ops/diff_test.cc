// The artifact plan of `sls diff` (which functions keep their deployed S3 key)
// and the completion of moto's detail-less change sets.
#include "aws/ops/diff.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>

#include "aws/api/test_server.h"
#include "aws/deploy/check_for_changes.h"
#include "util/error.h"

namespace sls::aws::ops {
namespace {

namespace fs = std::filesystem;

Json function(const std::string& key) {
  return {{"Type", "AWS::Lambda::Function"},
          {"Properties", {{"Code", {{"S3Bucket", {{"Ref", "ServerlessDeploymentBucket"}}}, {"S3Key", key}}},
                          {"Timeout", 6}}}};
}

struct DiffPlan : ::testing::Test {
  fs::path dir = fs::temp_directory_path() / ("sls-diff-test-" + std::to_string(::getpid()));
  deploy::Package package;
  void SetUp() override {
    fs::create_directories(dir);
    std::ofstream(dir / "a.zip") << "code a";
    std::ofstream(dir / "b.zip") << "code b changed";
    package.dir = dir;
    package.artifact_directory = "serverless/svc/dev/2-new";
    // a.zip is the service artifact; b.zip the function B's own.
    package.state = {{"service",
                      {{"service", "svc"},
                       {"functions",
                        {{"a", {{"name", "svc-dev-a"}}},
                         {"b", {{"name", "svc-dev-b"}, {"package", {{"artifact", (dir / "b.zip").string()}}}}},
                         {"c", {{"name", "svc-dev-c"}}}}}}},
                     {"package", {{"artifact", "a.zip"}}}};
    std::ofstream(dir / "serverless-state.json") << package.state.dump();
    package.compiled_template = {{"Resources",
                                  {{"ALambdaFunction", function("serverless/svc/dev/2-new/a.zip")},
                                   {"BLambdaFunction", function("serverless/svc/dev/2-new/b.zip")},
                                   {"CLambdaFunction", function("serverless/svc/dev/2-new/a.zip")},
                                   {"Queue", {{"Type", "AWS::SQS::Queue"}}}}}};
  }
  void TearDown() override { fs::remove_all(dir); }
};

TEST_F(DiffPlan, UnchangedCodeKeepsTheDeployedKeyNewCodeIsReported) {
  Json deployed = {{"Resources",
                    {{"ALambdaFunction", function("serverless/svc/dev/1-old/a.zip")},
                     {"BLambdaFunction", function("serverless/svc/dev/1-old/b.zip")}}}};
  const std::string hash_a = deploy::file_hash(dir / "a.zip");
  std::vector<std::string> asked;
  ArtifactPlan plan = plan_artifacts(package, deployed, [&](const std::string& id, const std::string& key) {
    asked.push_back(id + " " + key);
    return key.find("a.zip") != std::string::npos ? hash_a : std::string("old-b=");
  });
  const Json& r = plan.template_to_plan["Resources"];
  EXPECT_EQ(r["ALambdaFunction"]["Properties"]["Code"]["S3Key"], "serverless/svc/dev/1-old/a.zip");
  EXPECT_EQ(r["BLambdaFunction"]["Properties"]["Code"]["S3Key"], "serverless/svc/dev/2-new/b.zip");
  EXPECT_EQ(r["CLambdaFunction"]["Properties"]["Code"]["S3Key"], "serverless/svc/dev/2-new/a.zip");  // new function
  EXPECT_EQ(plan.new_code.size(), 2u);
  EXPECT_EQ(plan.new_code["BLambdaFunction"], deploy::file_hash(dir / "b.zip"));
  EXPECT_EQ(plan.new_code["CLambdaFunction"], hash_a);
  EXPECT_EQ(asked, (std::vector<std::string>{"ALambdaFunction serverless/svc/dev/1-old/a.zip",
                                             "BLambdaFunction serverless/svc/dev/1-old/b.zip"}));
}

TEST_F(DiffPlan, NoStackEverythingIsAnAddition) {
  ArtifactPlan plan = plan_artifacts(package, Json::object(), [](const std::string&, const std::string&) {
    return std::string();
  });
  DiffReport report = additions_only("svc-dev", package.compiled_template, plan.new_code);
  EXPECT_FALSE(report.stack_exists);
  ASSERT_EQ(report.changes.size(), 4u);
  EXPECT_EQ(report.changes[0].action, "Add");
  EXPECT_EQ(report.changes[0].code_hash, deploy::file_hash(dir / "a.zip"));
  EXPECT_EQ(report.changes[3].type, "AWS::SQS::Queue");
  EXPECT_EQ(report.changes[3].code_hash, "");
  EXPECT_NE(render_diff(report, [](const std::string& s) { return s; }).find("does not exist yet"), std::string::npos);
}

TEST_F(DiffPlan, DetaillessModifyGetsTheTemplatesPropertyPaths) {
  Json before = {{"Resources", {{"ALambdaFunction", function("k")}, {"Gone", {{"DeletionPolicy", "Retain"}}}}}};
  Json after = before;
  after["Resources"]["ALambdaFunction"]["Properties"]["Timeout"] = 10;
  DiffReport report{"svc-dev", true, {}};
  report.changes.push_back({"Modify", "ALambdaFunction", "", "AWS::Lambda::Function", "", {}, ""});
  report.changes.push_back({"Remove", "Gone", "", "AWS::SQS::Queue", "", {}, ""});
  complete_changes(report, before, after, {{"ALambdaFunction", "h="}, {"Gone", "x"}});
  ASSERT_EQ(report.changes[0].properties.size(), 1u);
  EXPECT_EQ(report.changes[0].properties[0].path, "Timeout");
  EXPECT_EQ(report.changes[0].properties[0].change_source, "Template");
  EXPECT_EQ(report.changes[0].code_hash, "h=");
  EXPECT_EQ(report.changes[1].code_hash, "");
  EXPECT_TRUE(report.changes[1].retained);
  EXPECT_NE(render_diff(report, [](const std::string& s) { return s; })
                .find("  - Gone (AWS::SQS::Queue) (retained: DeletionPolicy Retain)\n"),
            std::string::npos);
}

const auto action_of = api::testing::query_action;
const auto xml = api::testing::query_reply;

std::string change(const std::string& action, const std::string& id) {
  return "<member><Type>Resource</Type><ResourceChange><Action>" + action + "</Action><LogicalResourceId>" + id +
         "</LogicalResourceId><ResourceType>AWS::SQS::Queue</ResourceType></ResourceChange></member>";
}

// Against a scripted CloudFormation: `status` is what DescribeChangeSet reports while waiting.
struct ScriptedStack {
  api::testing::LocalServer server;
  std::vector<std::string> calls;
  std::string create_body;
  explicit ScriptedStack(const std::string& status) {
    setenv("SLS_AWS_MONITORING_FREQUENCY", "1", 1);
    server.server.Post("/", [this, status](const httplib::Request& req, httplib::Response& res) {
      std::string action = action_of(req.body);
      calls.push_back(action);
      std::string inner;
      if (action == "DescribeStacks")
        inner = "<Stacks><member><StackName>svc-dev</StackName><StackStatus>UPDATE_COMPLETE</StackStatus></member></Stacks>";
      if (action == "GetTemplate")
        inner = "<TemplateBody>{\"Resources\":{\"Old\":{\"Type\":\"AWS::SQS::Queue\"}}}</TemplateBody>";
      if (action == "CreateChangeSet") create_body = req.body, inner = "<Id>arn:cs</Id>";
      if (action == "DescribeChangeSet") {
        bool paging = req.body.find("IncludePropertyValues=true") != std::string::npos;
        bool second = req.body.find("NextToken=p2") != std::string::npos;
        inner = "<Status>" + status + "</Status><StatusReason>bad</StatusReason>";
        if (paging && !second) inner += "<Changes>" + change("Add", "Queue") + "</Changes><NextToken>p2</NextToken>";
        if (paging && second) inner += "<Changes>" + change("Remove", "Old") + "</Changes>";
      }
      res.set_content(xml(action, inner), "text/xml");
    });
    server.start();
  }
};

// A package folder holding only serverless-state.json ({}), and `resources` as its template.
deploy::Package bare_package(const Json& resources) {
  deploy::Package package;
  package.dir = fs::temp_directory_path() / ("sls-diff-service-test-" + std::to_string(::getpid()));
  fs::create_directories(package.dir);
  std::ofstream(package.dir / "serverless-state.json") << "{}";
  package.state = Json::object();
  package.compiled_template = {{"Resources", resources}};
  return package;
}

TEST(DiffService, ReadsEveryPageAndDeletesItsChangeSet) {
  ScriptedStack stack("CREATE_COMPLETE");
  api::HttpClient http;
  deploy::Package package = bare_package({{"Queue", {{"Type", "AWS::SQS::Queue"}}}});
  deploy::Target target{"svc", "dev", "us-east-1", "svc-dev", Json::object()};
  DiffReport report = diff_service(stack.server.context(http), target, package, deploy::Reporter{});
  ASSERT_EQ(report.changes.size(), 2u);
  EXPECT_EQ(report.changes[0].logical_id, "Queue");
  EXPECT_EQ(report.changes[1].action, "Remove");
  EXPECT_EQ(stack.calls.back(), "DeleteChangeSet");
  EXPECT_NE(stack.create_body.find("ChangeSetName=sls-diff-"), std::string::npos);
  EXPECT_NE(stack.create_body.find("ClientToken=sls-"), std::string::npos);
  EXPECT_NE(stack.create_body.find("ChangeSetType=UPDATE"), std::string::npos);
  EXPECT_NE(stack.create_body.find("TemplateBody="), std::string::npos);
  // IncludePropertyValues belongs to DescribeChangeSet (where it gives Target.Path), not CreateChangeSet.
  EXPECT_EQ(stack.create_body.find("IncludePropertyValues"), std::string::npos);
  fs::remove_all(package.dir);
}

TEST(DiffService, AFailedChangeSetIsDeletedToo) {
  ScriptedStack stack("FAILED");
  api::HttpClient http;
  deploy::Package package = bare_package(Json::object());
  deploy::Target target{"svc", "dev", "us-east-1", "svc-dev", Json::object()};
  EXPECT_THROW(diff_service(stack.server.context(http), target, package, deploy::Reporter{}), UserError);
  EXPECT_EQ(stack.calls.back(), "DeleteChangeSet");
  fs::remove_all(package.dir);
}

}  // namespace
}  // namespace sls::aws::ops
