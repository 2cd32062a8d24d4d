// provider.logs.restApi: the resources osls 4.3.1 adds (golden http-logs-* hold the whole
// templates) and the custom-resources.zip sls writes for them.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "aws/compile/custom_resources.h"
#include "aws/compile/events/events_test_util.h"
#include "aws/compile/events/registry.h"

namespace sls::compile::events {
namespace {
namespace fs = std::filesystem;

struct LogsFixture : testing::Fixture {
  fs::path dir = fs::temp_directory_path() / ("sls_http_stage_test_" + std::to_string(::getpid()));
  explicit LogsFixture(const std::string& provider_extra)
      : testing::Fixture(Json::parse(R"({"service": "svc", "provider": {"name": "aws", "runtime": "nodejs24.x")" +
                                     provider_extra +
                                     R"(}, "functions": {"f": {"handler": "h.run", "events": [{"http": "GET /x"}]}}})")) {
    fs::remove_all(dir);
    fs::create_directories(dir);
    ctx.package_dir = dir;
    ctx.artifact_directory_name = "serverless/svc/dev/1-2026-01-01T00:00:00.000Z";
  }
  ~LogsFixture() { fs::remove_all(dir); }
  std::vector<std::string> keys() {
    std::vector<std::string> out;
    for (const auto& [k, v] : ctx.resources().items()) out.push_back(k);
    return out;
  }
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

TEST(HttpStage, LogsTrueAddsTheAccountRoleCustomResource) {
  LogsFixture f(R"(, "logs": {"restApi": true})");
  compile_events(f.ctx);
  std::vector<std::string> k = f.keys();
  ASSERT_GE(k.size(), 4u);
  EXPECT_EQ(std::vector<std::string>(k.end() - 4, k.end()),
            (std::vector<std::string>{"ApiGatewayLogGroup", "CustomApiGatewayAccountCloudWatchRole",
                                      "IamRoleCustomResourcesLambdaExecution",
                                      "CustomDashresourceDashapigwDashcwDashroleLambdaFunction"}));
  const Json& fn = f.ctx.resources()["CustomDashresourceDashapigwDashcwDashroleLambdaFunction"];
  EXPECT_EQ(fn["Properties"]["Code"]["S3Key"],
            "serverless/svc/dev/1-2026-01-01T00:00:00.000Z/custom-resources.zip");
  EXPECT_EQ(fn["Properties"]["Handler"], "api-gateway-cloud-watch-role/handler.handler");
  EXPECT_FALSE(f.ctx.resources()["CustomApiGatewayAccountCloudWatchRole"]["Properties"].contains("RoleArn"));
  EXPECT_TRUE(fs::exists(f.dir / "custom-resources.zip"));
}

TEST(HttpStage, ExternallyManagedRoleOrNoAccessLoggingAddsNoCustomResource) {
  LogsFixture managed(R"(, "logs": {"restApi": {"roleManagedExternally": true}})");
  compile_events(managed.ctx);
  EXPECT_TRUE(managed.ctx.resources().contains("ApiGatewayLogGroup"));
  EXPECT_FALSE(managed.ctx.resources().contains("CustomApiGatewayAccountCloudWatchRole"));
  EXPECT_FALSE(fs::exists(managed.dir / "custom-resources.zip"));
  LogsFixture off(R"(, "logs": {"restApi": {"accessLogging": false}})");
  compile_events(off.ctx);
  EXPECT_FALSE(off.ctx.resources().contains("ApiGatewayLogGroup"));
  EXPECT_FALSE(off.ctx.resources().contains("CustomApiGatewayAccountCloudWatchRole"));
}

TEST(HttpStage, DeploymentRoleReplacesTheSharedRole) {
  LogsFixture f(R"(, "cfnRole": "arn:aws:iam::1:role/cfn", "logs": {"restApi": {"role": "arn:aws:iam::1:role/logs"}})");
  compile_events(f.ctx);
  EXPECT_FALSE(f.ctx.resources().contains("IamRoleCustomResourcesLambdaExecution"));
  const Json& fn = f.ctx.resources()["CustomDashresourceDashapigwDashcwDashroleLambdaFunction"];
  EXPECT_EQ(fn["Properties"]["Role"], "arn:aws:iam::1:role/cfn");
  EXPECT_EQ(fn["DependsOn"], Json::array());
  EXPECT_EQ(f.ctx.resources()["CustomApiGatewayAccountCloudWatchRole"]["Properties"]["RoleArn"],
            "arn:aws:iam::1:role/logs");
}

TEST(CustomResources, AccountRoleIsAddedOnceForRestAndWebsocketLogs) {
  LogsFixture f(R"(, "logs": {"restApi": true, "websocket": true})");
  compile_events(f.ctx);
  custom_resources::ensure_api_gateway_cloud_watch_role(f.ctx);  // what the websocket stage calls
  EXPECT_EQ(f.ctx.resources()["IamRoleCustomResourcesLambdaExecution"]["Properties"]["Policies"][0]
                ["PolicyDocument"]["Statement"].size(),
            2u);
}

TEST(CustomResources, ZipIsDeterministicAndHoldsTheEmbeddedHandlers) {
  LogsFixture a(""), b("");
  custom_resources::write_artifact(a.ctx);
  custom_resources::write_artifact(b.ctx);
  const std::string bytes = slurp(a.dir / "custom-resources.zip");
  EXPECT_EQ(bytes, slurp(b.dir / "custom-resources.zip"));
  for (const char* name : {"README.md", "api-gateway-cloud-watch-role/handler.js", "utils.js"})
    EXPECT_NE(bytes.find(name), std::string::npos) << name;
  bool has_handler = false;
  for (const auto& file : custom_resources::embedded_files())
    if (file.name == "api-gateway-cloud-watch-role/handler.js")
      has_handler = file.data.find("UpdateAccountCommand") != std::string_view::npos;
  EXPECT_TRUE(has_handler);
}

}  // namespace
}  // namespace sls::compile::events
