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

}  // namespace sls::aws::deploy
