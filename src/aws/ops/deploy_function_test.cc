// The configuration diff of `sls deploy function` (osls's updateFunctionConfiguration):
// only what differs from the deployed configuration is sent.
#include "aws/ops/deploy_function.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <mutex>

#include "aws/api/test_server.h"
#include "aws/deploy/check_for_changes.h"
#include "util/digest.h"
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

// The calls in order, against a scripted Lambda (moto neither reports a conflicting
// update nor an update in progress): UpdateFunctionCode, UpdateFunctionConfiguration
// retried after a ResourceConflictException, GetFunction polled until Successful.
namespace {

struct FakeLambda {
  api::testing::LocalServer s;
  std::mutex mu;
  std::string code_sha = "old";
  std::string uploaded;
  Json config_sent;
  std::atomic<int> config_calls{0}, polls_after_update{0};
  bool exists = true;
  bool updating = false;
  FakeLambda() {
    s.server.Get("/2015-03-31/functions/svc-dev-fn", [this](const httplib::Request&, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu);
      if (!exists) {
        res.status = 404;
        res.set_header("x-amzn-ErrorType", "ResourceNotFoundException");
        res.set_content(R"({"Message": "Function not found"})", "application/json");
        return;
      }
      if (updating) ++polls_after_update;
      const bool done = !updating || polls_after_update > 1;
      Json config = Json::parse(kRemote);
      config["CodeSha256"] = code_sha;
      config["PackageType"] = "Zip";
      config["State"] = "Active";
      config["LastUpdateStatus"] = done ? "Successful" : "InProgress";
      res.set_content(Json{{"Configuration", config}}.dump(), "application/json");
    });
    s.server.Put("/2015-03-31/functions/svc-dev-fn/code", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu);
      uploaded = digest::base64_decode(Json::parse(req.body)["ZipFile"].get<std::string>()).value_or("?");
      updating = true;
      res.set_content("{}", "application/json");
    });
    s.server.Put("/2015-03-31/functions/svc-dev-fn/configuration",
                 [this](const httplib::Request& req, httplib::Response& res) {
                   std::lock_guard<std::mutex> lock(mu);
                   if (config_calls++ == 0) {
                     res.status = 409;
                     res.set_header("x-amzn-ErrorType", "ResourceConflictException");
                     res.set_content(R"({"Message": "An update is in progress"})", "application/json");
                     return;
                   }
                   config_sent = Json::parse(req.body);
                   updating = true;
                   res.set_content("{}", "application/json");
                 });
    s.start();
  }
};

struct Recorder {
  std::vector<std::string> results;
  std::vector<std::string> infos;
  DeployFunctionReport report() {
    DeployFunctionReport r;
    r.info = [this](const std::string& s) { infos.push_back(s); };
    r.result = [this](const std::string& text, bool success) { results.push_back((success ? "+ " : "- ") + text); };
    return r;
  }
};

DeployFunctionInput input(const std::string& zip_path) {
  DeployFunctionInput in;
  in.function = "fn";
  in.function_obj = Json::parse(kSameAsDeployed);
  in.function_obj["name"] = "svc-dev-fn";
  in.provider = Json::parse(kProvider);
  in.artifact = zip_path;
  return in;
}

std::string write_zip(const std::string& bytes) {
  const std::string path = ::testing::TempDir() + "deploy_function_test_" + std::to_string(getpid()) + ".zip";
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

}  // namespace

TEST(DeployFunction, CodeThenConfigurationRetriedThenWaitsUntilSuccessful) {
  FakeLambda fake;
  api::HttpClient http;
  auto ctx = fake.s.context(http);
  DeployFunctionInput in = input(write_zip("PK new code"));
  in.function_obj["timeout"] = 20;
  in.provider["role"] = "arn:aws:iam::123456789012:role/svc-dev-us-east-1-lambdaRole";  // = deployed: not sent
  Recorder run;
  deploy_function(ctx, in, run.report());
  EXPECT_EQ(fake.uploaded, "PK new code");
  EXPECT_EQ(fake.config_calls.load(), 2);
  EXPECT_EQ(fake.config_sent, Json::parse(R"({"Timeout": 20})"));
  EXPECT_EQ(run.results, (std::vector<std::string>{"+ Function code deployed", "+ Function configuration updated"}));
  ASSERT_GE(run.infos.size(), 2u);
  EXPECT_EQ(run.infos[0].rfind("Retrying configuration update for function: fn. Reason: ", 0), 0u) << run.infos[0];
  EXPECT_EQ(run.infos.back(), "Retrying ensure function state for function: fn.");
}

TEST(DeployFunction, UnchangedCodeAndConfigurationAreSkipped) {
  FakeLambda fake;
  const std::string zip = write_zip("PK same code");
  fake.code_sha = deploy::file_hash(zip);
  api::HttpClient http;
  auto ctx = fake.s.context(http);
  Recorder run;
  deploy_function(ctx, input(zip), run.report());
  EXPECT_EQ(fake.uploaded, "");
  EXPECT_EQ(fake.config_calls.load(), 0);
  ASSERT_EQ(run.results.size(), 2u);
  EXPECT_EQ(run.results[0], "- Code did not change. Function deployment skipped.");
  EXPECT_EQ(run.results[1].rfind("- Function configuration did not change, and the update was skipped.", 0), 0u);
  // --force deploys the same code
  DeployFunctionInput forced = input(zip);
  forced.force = true;
  deploy_function(ctx, forced, run.report());
  EXPECT_EQ(fake.uploaded, "PK same code");
}

TEST(DeployFunction, NotYetDeployedIsOslsError) {
  FakeLambda fake;
  fake.exists = false;
  api::HttpClient http;
  auto ctx = fake.s.context(http);
  Recorder run;
  try {
    deploy_function(ctx, input(write_zip("PK")), run.report());
    FAIL() << "expected an error";
  } catch (const UserError& e) {
    EXPECT_EQ(e.code, "FUNCTION_NOT_YET_DEPLOYED");
    EXPECT_EQ(std::string(e.what()).rfind("The function \"fn\" you want to update is not yet deployed.", 0), 0u);
  }
}

}  // namespace sls::aws::ops
