// Validation of `http` events: osls's error texts and defaults.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "aws/compile/events/registry.h"
#include "aws/compile/events/events_test_util.h"
#include "aws/compile/events/http_model.h"
#include "util/error.h"

namespace sls::compile::events {
namespace {
using testing::make_fixture;

std::string error_of(const std::string& config) {
  auto f = make_fixture(config);
  try {
    compile_events(f->ctx);
  } catch (const UserError& e) {
    return e.what();
  }
  return "";
}

TEST(HttpValidate, ExternalApiNeedsRootResourceId) {
  EXPECT_EQ(error_of(R"json({"service":"svc","provider":{"name":"aws","apiGateway":{"restApiId":"x"}},
      "functions":{"a":{"handler":"h.h","events":[{"http":"GET /x"}]}}})json"),
            "Missing required \"provider.apiGateway.restApiRootResourceId\" property (needed if "
            "\"provider.apiGateway.restApiId\" is provided)");
}

TEST(HttpValidate, UnknownAuthorizerFunction) {
  EXPECT_EQ(error_of(R"json({"service":"svc","provider":{"name":"aws"},"functions":{"a":{"handler":"h.h",
      "events":[{"http":{"path":"x","method":"get","authorizer":"nope"}}]}}})json"),
            "Function \"nope\" doesn't exist in this Service");
}

TEST(HttpValidate, CognitoClaimsNeedLambdaIntegration) {
  EXPECT_EQ(error_of(R"json({"service":"svc","provider":{"name":"aws"},"functions":{"a":{"handler":"h.h",
      "events":[{"http":{"path":"x","method":"get","authorizer":{
        "arn":"arn:aws:cognito-idp:us-east-1:1:userpool/us-east-1_A","claims":["email"]}}}]}}})json"),
            "Cognito claims can only be filtered when using the lambda integration type");
}

TEST(HttpValidate, HttpIntegrationNeedsUri) {
  EXPECT_EQ(error_of(R"json({"service":"svc","provider":{"name":"aws"},"functions":{"a":{"handler":"h.h",
      "events":[{"http":{"path":"x","method":"get","integration":"http-proxy"}}]}}})json"),
            "You need to set the request uri when using the HTTP_PROXY integration.");
}

TEST(HttpValidate, UnsupportedTransferModeIsRefused) {
  EXPECT_EQ(error_of(R"json({"service":"svc","provider":{"name":"aws"},"functions":{"a":{"handler":"h.h",
      "events":[{"http":{"path":"x","method":"post","response":{"transferMode":"STREAM"}}}]}}})json"),
            "functions.a.events.0.http: response.transferMode is not yet supported by this version of sls.");
}

TEST(HttpValidate, ProxyIgnoresRequestTemplatesWithAWarning) {
  auto f = make_fixture(R"json({"service":"svc","provider":{"name":"aws"},"functions":{"a":{"handler":"h.h",
      "events":[{"http":{"path":"x","method":"post","request":{"template":{"a/b":"x"}},
                         "response":{"headers":{"X":"'y'"}}}}]}}})json");
  compile_events(f->ctx);
  ASSERT_EQ(f->ctx.warnings.size(), 2u);
  EXPECT_EQ(f->ctx.warnings[0],
            "You're using the AWS_PROXY in combination with a request configuration in your "
            "function \"a\". Only the request.parameters, request.schema, request.schemas configs "
            "are available in conjunction with AWS_PROXY. osls will remove this configuration "
            "automatically before deployment.");
  EXPECT_EQ(f->ctx.resources()["ApiGatewayMethodXPost"]["Properties"]["MethodResponses"], Json::array());
}

TEST(HttpValidate, PredefinedResourceGapNeedsAnId) {
  // osls 4.3.1: "Resource ID for path a is required".
  EXPECT_EQ(error_of(R"json({"service":"svc","provider":{"name":"aws","apiGateway":{"restApiId":"x",
      "restApiRootResourceId":"r","restApiResources":{"a/b":"r1"}}},"functions":{"f":{"handler":"h.h",
      "events":[{"http":"GET /a"},{"http":"GET /a/b/c"}]}}})json"),
            "Resource ID for path a is required (add it to provider.apiGateway.restApiResources)");
}

TEST(HttpValidate, WorksWithoutAProviderBlock) {
  auto f = make_fixture(R"json({"service":"svc","functions":{"a":{"handler":"h.h","events":[{"http":"GET /x"}]}}})json");
  compile_events(f->ctx);
  EXPECT_EQ(f->ctx.resources()["ApiGatewayRestApi"]["Properties"]["Name"], "dev-svc");
}

TEST(HttpValidate, NoHttpEventsAddNothing) {
  auto f = make_fixture(R"json({"service":"svc","provider":{"name":"aws"},"functions":{"a":{"handler":"h.h"}}})json");
  compile_events(f->ctx);
  EXPECT_TRUE(f->ctx.resources().empty());
  EXPECT_TRUE(f->ctx.outputs().empty());
}

TEST(HttpValidate, DefaultsOfTheNormalizedModel) {
  auto f = make_fixture(R"json({"service":"svc","provider":{"name":"aws"},"functions":{"a":{"handler":"h.h",
      "events":[{"http":{"path":"/users/{id}/","method":"PUT","cors":true,"authorizer":{"name":"a"}}}]}}})json");
  const auto v = http::validate(f->ctx, collect_events(f->ctx, "http"));
  ASSERT_EQ(v.events.size(), 1u);
  const auto& e = v.events[0];
  EXPECT_EQ(e.path, "users/{id}");
  EXPECT_EQ(e.method, "put");
  EXPECT_EQ(e.integration, "AWS_PROXY");
  ASSERT_TRUE(e.cors);
  EXPECT_EQ(e.cors->methods, (std::vector<std::string>{"OPTIONS", "PUT"}));
  ASSERT_TRUE(e.authorizer);
  EXPECT_EQ(e.authorizer->result_ttl, 300);
  EXPECT_EQ(e.authorizer->identity_source, "method.request.header.Authorization");
  ASSERT_EQ(v.cors_preflight.size(), 1u);
  EXPECT_EQ(v.cors_preflight[0].path, "users/{id}");
}

// osls: "at 'functions.f.events.0.http.request': unrecognized property 'parameter'".
TEST(HttpValidate, UnknownRequestAndResponseKeysAreRefused) {
  EXPECT_EQ(testing::issues("        - http:\n            path: /x\n            method: get\n"
                            "            request:\n              parameter: {paths: {id: true}}\n"
                            "            response:\n              header: {}\n"),
            (std::vector<std::string>{"functions.f.events.0.http.request: unrecognized property 'parameter'",
                                      "functions.f.events.0.http.response: unrecognized property 'header'"}));
}

TEST(HttpHelpers, AuthorizerNameFromArn) {
  EXPECT_EQ(http::authorizer_name_from_arn("arn:aws:lambda:us-east-1:1:function:svc-dev-auth"), "auth");
  EXPECT_EQ(http::authorizer_name_from_arn("arn:aws:cognito-idp:us-east-1:1:userpool/us-east-1_ABC"),
            "1_ABC");
}


}  // namespace
}  // namespace sls::compile::events
