// The configuration diff of `sls deploy function` (osls's updateFunctionConfiguration):
// only what differs from the deployed configuration is sent.
#include "aws/ops/deploy_function.h"

#include <gtest/gtest.h>

#include "util/error.h"

namespace sls::aws::ops {
namespace {

const char* kRemote = R"({
  "FunctionName": "svc-dev-fn", "Handler": "src/handler.fetch", "MemorySize": 1024, "Timeout": 6,
  "Role": "arn:aws:iam::123456789012:role/svc-dev-us-east-1-lambdaRole",
  "Environment": {"Variables": {"TABLE": "t", "LEVEL": "info"}},
  "Layers": [{"Arn": "arn:aws:lambda:us-east-1:1:layer:a:1"}],
  "VpcConfig": {"SecurityGroupIds": ["sg-1"], "SubnetIds": ["s-1", "s-2"]}})";

Json diff(const std::string& fn, const std::string& provider = "{}", const std::string& role = "") {
  ConfigUpdateInput in;
  in.function = Json::parse(fn);
  in.function["name"] = "svc-dev-fn";
  in.provider = Json::parse(provider);
  in.remote = Json::parse(kRemote);
  in.role_arn = role;
  return config_update_params(in);
}

const char* kSameAsDeployed = R"({"handler": "src/handler.fetch", "layers": ["arn:aws:lambda:us-east-1:1:layer:a:1"],
  "vpc": {"securityGroupIds": ["sg-1"], "subnetIds": ["s-2", "s-1"]}})";
const char* kProvider = R"({"memorySize": 1024, "timeout": 6, "environment": {"TABLE": "t", "LEVEL": "info"}})";

}  // namespace

TEST(DeployFunctionConfig, NothingChangedSendsOnlyTheName) {
  Json p = diff(kSameAsDeployed, kProvider, "arn:aws:iam::123456789012:role/svc-dev-us-east-1-lambdaRole");
  EXPECT_EQ(p, Json::parse(R"({"FunctionName": "svc-dev-fn"})"));
  EXPECT_FALSE(has_config_updates(p));
}

TEST(DeployFunctionConfig, ChangedSettingsOnly) {
  Json fn = Json::parse(kSameAsDeployed);
  fn["handler"] = "src/other.fetch";
  fn["memorySize"] = 512;                    // function wins over provider
  fn["description"] = "hello";
  fn["environment"] = {{"LEVEL", "debug"}, {"PORT", 8080}, {"ON", true}};
  Json p = diff(fn.dump(), kProvider);
  EXPECT_TRUE(has_config_updates(p));
  EXPECT_EQ(p["Handler"], "src/other.fetch");
  EXPECT_EQ(p["MemorySize"], 512);
  EXPECT_EQ(p["Description"], "hello");
  EXPECT_FALSE(p.contains("Timeout"));  // provider timeout 6 = deployed
  // provider and function environments merged, values as strings
  EXPECT_EQ(p["Environment"]["Variables"], Json::parse(R"({"TABLE": "t", "LEVEL": "debug", "PORT": "8080", "ON": "true"})"));
  EXPECT_FALSE(p.contains("Layers"));
  EXPECT_FALSE(p.contains("VpcConfig"));
}

TEST(DeployFunctionConfig, LayersVpcRoleAndDeadLetter) {
  Json p = diff(R"({"handler": "src/handler.fetch", "layers": [], "onError": "arn:aws:sns:us-east-1:1:dlq",
                    "vpc": {"securityGroupIds": ["sg-9"], "subnetIds": ["s-1", "s-2"]}})",
                kProvider, "arn:aws:iam::1:role/other");
  EXPECT_EQ(p["Layers"], Json::array());  // removed layers: an empty list
  EXPECT_EQ(p["VpcConfig"], Json::parse(R"({"SecurityGroupIds": ["sg-9"], "SubnetIds": ["s-1", "s-2"]})"));
  EXPECT_EQ(p["Role"], "arn:aws:iam::1:role/other");
  EXPECT_EQ(p["DeadLetterConfig"], Json::parse(R"({"TargetArn": "arn:aws:sns:us-east-1:1:dlq"})"));
  // Intrinsic layers or environment values: only a full deploy resolves them, nothing sent.
  Json q = diff(R"({"layers": [{"Ref": "ALambdaLayer"}], "environment": {"A": {"Ref": "X"}}})", kProvider);
  EXPECT_FALSE(q.contains("Layers"));
  EXPECT_FALSE(q.contains("Environment"));
}

TEST(DeployFunctionConfig, AlwaysSentAndRejected) {
  Json p = diff(R"({"handler": "src/handler.fetch", "snapStart": true, "recursiveLoop": "Allow", "kmsKeyArn": "k"})",
                kProvider);
  EXPECT_EQ(p["SnapStart"], Json::parse(R"({"ApplyOn": "PublishedVersions"})"));
  EXPECT_EQ(p["RecursiveLoop"], "Allow");
  EXPECT_EQ(p["KMSKeyArn"], "k");
  try {
    diff(R"({"environment": {"BAD-NAME": "x"}})");
    FAIL() << "expected an error";
  } catch (const UserError& e) {
    EXPECT_EQ(e.code, "DEPLOY_FUNCTION_INVALID_ENV_VARIABLE");
    EXPECT_STREQ(e.what(), "Invalid characters in environment variable");
  }
}

}  // namespace sls::aws::ops
