#include "aws/deploy/info.h"

#include <gtest/gtest.h>

namespace sls::aws::deploy {

namespace {
InfoInput input() {
  InfoInput in;
  in.target = {"billing", "prod", "us-east-1", "billing-prod", Json::object()};
  in.functions = Json::parse(R"J({
    "create": {"name": "billing-prod-create", "events": [{"http": {"path": "billing", "method": "post"}}]},
    "fetch": {"name": "billing-prod-fetch", "events": [{"http": "GET billing/{id}"}]},
    "report": {"name": "billing-prod-report", "events": [{"schedule": "rate(5 minutes)"}]}})J");
  in.outputs = {{"ServerlessDeploymentBucketName", "bkt"},
                {"ServiceEndpoint", "https://abc.execute-api.us-east-1.amazonaws.com/prod"}};
  return in;
}
}  // namespace

TEST(Info, InfoCommandSections) {
  InfoInput in = input();
  in.info_command = true;
  EXPECT_EQ(render_sections(info_sections(in)),
            "service: billing\nstage: prod\nregion: us-east-1\nstack: billing-prod\n"
            "endpoints:\n"
            "  POST - https://abc.execute-api.us-east-1.amazonaws.com/prod/billing\n"
            "  GET - https://abc.execute-api.us-east-1.amazonaws.com/prod/billing/{id}\n"
            "functions:\n  create: billing-prod-create\n  fetch: billing-prod-fetch\n  report: billing-prod-report\n");
}

TEST(Info, DeploySummaryWithSizesAndVerboseOutputs) {
  InfoInput in = input();
  in.functions.erase("fetch");
  in.artifact_sizes["create"] = 1658;
  in.verbose = true;
  std::string text = render_sections(info_sections(in));
  EXPECT_NE(text.find("endpoint: POST - https://abc.execute-api.us-east-1.amazonaws.com/prod/billing\n"), std::string::npos);
  EXPECT_NE(text.find("  create: billing-prod-create (1.7 kB)\n"), std::string::npos);
  EXPECT_NE(text.find("\nStack Outputs:\n  ServerlessDeploymentBucketName: bkt\n"), std::string::npos);
}

TEST(Info, FunctionUrlAndLayers) {
  InfoInput in;
  in.target = {"s", "dev", "us-east-1", "s-dev", Json::object()};
  in.functions = Json::parse(R"({"api": {"name": "s-dev-api", "url": true}})");
  in.layers = Json::parse(R"({"deps": {"path": "layer"}})");
  in.outputs = {{"ApiLambdaFunctionUrl", "https://x.lambda-url.us-east-1.on.aws/"},
                {"DepsLambdaLayerQualifiedArn", "arn:aws:lambda:us-east-1:1:layer:deps:1"}};
  std::string text = render_sections(info_sections(in));
  EXPECT_NE(text.find("endpoint: https://x.lambda-url.us-east-1.on.aws/\n"), std::string::npos);
  EXPECT_NE(text.find("layers:\n  deps: arn:aws:lambda:us-east-1:1:layer:deps:1\n"), std::string::npos);
}

TEST(Info, ResourceCountWarning) {
  EXPECT_EQ(resource_count_warning(449), "");
  EXPECT_EQ(resource_count_warning(450).substr(0, 37), "You have 450 resources in your servic");
}

// moto has no ApiGatewayV2, so a deploy against moto cannot create an HTTP API:
// these tests cover the info output over a stack description (its outputs) instead.
// (osls 4.3.1 `info` of tests/golden/httpapi-basic over a stubbed DescribeStacks
// reply with these outputs prints the same endpoint lines as sls.)
static InfoInput http_api_input() {
  InfoInput in;
  in.target = {"web", "dev", "us-east-1", "web-dev", Json::object()};
  in.functions = Json::parse(R"J({
    "hello": {"name": "web-dev-hello", "events": [{"httpApi": "get /hello"},
        {"httpApi": {"method": "*", "path": "/things/{id}"}}, {"httpApi": {"method": "post", "path": "/x/{proxy+}"}}]},
    "fallback": {"name": "web-dev-fallback", "events": [{"httpApi": "*"}, {"httpApi": {"path": "*"}},
        {"schedule": "rate(1 day)"}, {"httpApi": null}]}})J");
  return in;
}

TEST(Info, HttpApiEndpointsFromTheHttpApiUrlOutput) {
  InfoInput in = http_api_input();
  in.outputs = {{"HttpApiId", "abc123"}, {"HttpApiUrl", "https://abc123.execute-api.us-east-1.amazonaws.com"}};
  EXPECT_EQ(render_sections(info_sections(in)),
            "endpoints:\n"
            "  GET - https://abc123.execute-api.us-east-1.amazonaws.com/hello\n"
            "  ANY - https://abc123.execute-api.us-east-1.amazonaws.com/things/{id}\n"
            "  POST - https://abc123.execute-api.us-east-1.amazonaws.com/x/{proxy+}\n"
            "  ANY - https://abc123.execute-api.us-east-1.amazonaws.com\n"
            "  ANY - https://abc123.execute-api.us-east-1.amazonaws.com\n"
            "functions:\n  hello: web-dev-hello\n  fallback: web-dev-fallback\n");
}

TEST(Info, HttpApiEndpointsOfAnExistingApi) {
  InfoInput in = http_api_input();
  in.functions.erase("fallback");
  in.outputs = {{"ServerlessDeploymentBucketName", "bkt"}};
  in.external_http_api_endpoint = "https://ext42.execute-api.us-east-1.amazonaws.com";
  const std::string text = render_sections(info_sections(in));
  EXPECT_NE(text.find("endpoints:\n  GET - https://ext42.execute-api.us-east-1.amazonaws.com/hello\n"
                      "  ANY - https://ext42.execute-api.us-east-1.amazonaws.com/things/{id}\n"),
            std::string::npos)
      << text;
}

}  // namespace sls::aws::deploy

namespace sls::aws::deploy {

// A stack without outputs (moto after a change set, a stack from an older tool):
// `sls info` lists the configured functions and says the endpoints are unknown.
TEST(Info, InfoWithoutOutputsListsConfiguredFunctions) {
  InfoInput in = input();
  in.outputs.clear();
  in.info_command = true;
  const std::string text = render_sections(info_sections(in));
  EXPECT_NE(text.find("stack: billing-prod\nendpoints: unknown (the stack reports no outputs"), std::string::npos) << text;
  EXPECT_NE(text.find("functions:\n  create: billing-prod-create\n  fetch: billing-prod-fetch\n"), std::string::npos);
  // The deploy summary keeps osls's silence.
  in.info_command = false;
  EXPECT_EQ(render_sections(info_sections(in)), "");
}

}  // namespace sls::aws::deploy
