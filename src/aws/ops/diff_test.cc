// The artifact plan of `sls diff` (which functions keep their deployed S3 key)
// and the completion of moto's detail-less change sets.
#include "aws/ops/diff.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>

#include "aws/deploy/check_for_changes.h"

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

}  // namespace
}  // namespace sls::aws::ops
