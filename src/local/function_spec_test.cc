#include "local/function_spec.h"

#include <gtest/gtest.h>

#include "local/test_service.h"
#include "util/error.h"

namespace sls::local {
namespace {

Service service_with(const Json& config) { return test_service(config, "eu-central-1"); }

TEST(FunctionSpec, DefaultsAndOverrides) {
  Service s = service_with(Json::parse(R"({
    "provider": {"runtime": "python3.12", "timeout": 10, "memorySize": 512,
                 "environment": {"SHARED_VAR": "p", "OVERRIDDEN": "p", "DROPPED": null, "NUMBER_VAR": 3}},
    "functions": {
      "a": {"handler": "app.main", "environment": {"OVERRIDDEN": "f", "FLAG_VAR": true}},
      "b": {"handler": "h.x", "name": "custom", "runtime": "nodejs24.x", "timeout": 2, "memorySize": 128}
    }})"));
  FunctionSpec a = function_spec(s, "a");
  EXPECT_EQ(a.name, "svc-dev-a");
  EXPECT_EQ(a.runtime, "python3.12");
  EXPECT_EQ(a.timeout_seconds, 10);
  EXPECT_EQ(a.memory_mb, 512);
  EXPECT_EQ(a.region, "eu-central-1");
  EXPECT_EQ(a.environment, (EnvList{{"SHARED_VAR", "p"}, {"OVERRIDDEN", "f"}, {"NUMBER_VAR", "3"}, {"FLAG_VAR", "true"}}));
  FunctionSpec b = function_spec(s, "b");
  EXPECT_EQ(b.name, "custom");
  EXPECT_EQ(b.runtime, "nodejs24.x");
  EXPECT_EQ(b.timeout_seconds, 2);
  EXPECT_EQ(b.memory_mb, 128);
  EXPECT_EQ(function_keys(s), (std::vector<std::string>{"a", "b"}));
}

TEST(FunctionSpec, Errors) {
  Service s = service_with(Json::parse(R"({"provider": {}, "functions": {
      "img": {"image": "x"}, "go": {"handler": "bootstrap.x", "runtime": "java21"},
      "plain": {"handler": "h.x", "environment": {"REF_VAR": {"Ref": "X"}}}}})"));
  try {
    function_spec(s, "nope");
    FAIL();
  } catch (const UserError& e) {
    EXPECT_STREQ(e.what(), "Function \"nope\" doesn't exist in this Service");
    EXPECT_EQ(e.code, "FUNCTION_MISSING_IN_SERVICE");
  }
  EXPECT_THROW(function_spec(s, "img"), UserError);
  EXPECT_THROW(function_spec(s, "go"), UserError);
  EXPECT_THROW(function_spec(s, "plain"), UserError);
  EXPECT_EQ(function_spec(service_with(Json::parse(R"({"functions": {"f": {"handler": "h.x"}}})")), "f").runtime,
            "nodejs24.x");
}

TEST(FunctionSpec, LambdaEnvironmentOrderOfPrecedence) {
  FunctionSpec spec;
  spec.name = "svc-dev-a";
  spec.task_root = "/srv/app";
  spec.memory_mb = 256;
  spec.region = "us-west-2";
  spec.environment = {{"AWS_REGION", "from-config"}, {"MINE_VAR", "config"}};
  std::vector<std::string> env = lambda_environment(spec, {{"MINE_VAR", "cli"}});
  auto has = [&](const std::string& kv) { return std::find(env.begin(), env.end(), kv) != env.end(); };
  EXPECT_TRUE(has("AWS_LAMBDA_FUNCTION_NAME=svc-dev-a"));
  EXPECT_TRUE(has("AWS_LAMBDA_FUNCTION_MEMORY_SIZE=256"));
  EXPECT_TRUE(has("AWS_LAMBDA_FUNCTION_VERSION=$LATEST"));
  EXPECT_TRUE(has("AWS_LAMBDA_LOG_GROUP_NAME=/aws/lambda/svc-dev-a"));
  EXPECT_TRUE(has("LAMBDA_TASK_ROOT=/srv/app"));
  EXPECT_TRUE(has("AWS_REGION=from-config"));
  EXPECT_TRUE(has("AWS_DEFAULT_REGION=us-west-2"));
  EXPECT_TRUE(has("MINE_VAR=cli"));
  EXPECT_FALSE(has("MINE_VAR=config"));
}

}  // namespace
}  // namespace sls::local
