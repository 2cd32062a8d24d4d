// compile_httpApi and the httpApi schema against osls 4.3.1 (the golden cases
// tests/golden/httpapi-* hold whole templates; these pin the rules).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "aws/compile/events/events_test_util.h"
#include "aws/compile/events/http_api_model.h"
#include "aws/compile/events/registry.h"
#include "config/validate.h"
#include "util/error.h"

namespace sls::compile::events {
namespace {
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::make_fixture;

std::string compile_error(const std::string& config) {
  auto f = make_fixture(config);
  try {
    compile_events(f->ctx);
  } catch (const UserError& e) {
    return e.what();
  }
  return "";
}

using testing::issues_of;

TEST(HttpApi, RoutesIntegrationsAndPermissionsOncePerFunction) {
  auto f = make_fixture(R"json({"service":"web","provider":{"name":"aws"},"functions":{
      "a":{"handler":"h.h","events":[{"httpApi":"get /x"},{"httpApi":{"method":"*","path":"/y/{id}"}}]},
      "b":{"handler":"h.h","events":[{"httpApi":"*"}]}}})json");
  compile_events(f->ctx);
  std::vector<std::string> keys;
  for (const auto& [k, v] : f->ctx.resources().items()) keys.push_back(k);
  EXPECT_THAT(keys, ElementsAre("HttpApi", "HttpApiStage", "ALambdaPermissionHttpApi", "HttpApiIntegrationA",
                                "HttpApiRouteGetX", "HttpApiRouteAnyYIdVar", "BLambdaPermissionHttpApi",
                                "HttpApiIntegrationB", "HttpApiRouteDefault"));
  EXPECT_EQ(f->ctx.resources()["HttpApiRouteAnyYIdVar"]["Properties"]["RouteKey"], "ANY /y/{id}");
  EXPECT_EQ(f->ctx.resources()["HttpApiRouteDefault"]["Properties"]["RouteKey"], "$default");
  EXPECT_EQ(f->ctx.resources()["HttpApi"]["Properties"]["Name"], "dev-web");
  EXPECT_TRUE(f->ctx.outputs().contains("HttpApiUrl"));
}

TEST(HttpApi, RepeatedCatchAllKeepsItsPlaceAndTakesTheLastFunction) {
  auto f = make_fixture(R"json({"service":"web","provider":{"name":"aws"},"functions":{
      "a":{"handler":"h.h","events":[{"httpApi":"*"}]},
      "b":{"handler":"h.h","events":[{"httpApi":"GET /b"},{"httpApi":{"path":"*"}}]}}})json");
  compile_events(f->ctx);
  EXPECT_FALSE(f->ctx.resources().contains("HttpApiIntegrationA"));
  EXPECT_EQ(f->ctx.resources()["HttpApiRouteDefault"]["DependsOn"], "HttpApiIntegrationB");
}

TEST(HttpApi, CorsTrueFillsMethodsFromTheRoutes) {
  auto f = make_fixture(R"json({"service":"web","provider":{"name":"aws","httpApi":{"cors":true}},"functions":{
      "a":{"handler":"h.h","events":[{"httpApi":"patch /x"},{"httpApi":"GET /y"}]}}})json");
  compile_events(f->ctx);
  EXPECT_EQ(f->ctx.resources()["HttpApi"]["Properties"]["CorsConfiguration"]["AllowMethods"],
            Json::parse(R"(["OPTIONS","PATCH","GET"])"));
}

TEST(HttpApi, NoEventsNoResourcesButProviderErrorsStillApply) {
  auto f = make_fixture(R"json({"service":"web","provider":{"name":"aws","httpApi":{"name":"x"}},
      "functions":{"a":{"handler":"h.h"}}})json");
  compile_events(f->ctx);
  EXPECT_TRUE(f->ctx.resources().empty());
  EXPECT_THAT(compile_error(R"json({"service":"web","provider":{"name":"aws","httpApi":{"id":"abc","cors":true}},
      "functions":{"a":{"handler":"h.h"}}})json"),
              "provider.httpApi.cors: Cannot setup CORS rules for externally configured HTTP API");
}

TEST(HttpApi, CompileTimeErrorsNameTheEvent) {
  EXPECT_EQ(compile_error(R"json({"service":"web","provider":{"name":"aws"},"functions":{
      "a":{"handler":"h.h","events":[{"httpApi":"GET /x"}]},"b":{"handler":"h.h","events":[{"httpApi":"get /x"}]}}})json"),
            "functions.b.events.0.httpApi: Duplicate route 'GET /x' configuration in function b for httpApi event "
            "in serverless.yml");
  EXPECT_EQ(compile_error(R"json({"service":"web","provider":{"name":"aws"},"functions":{
      "a":{"handler":"h.h","events":[{"httpApi":{"path":"/x","authorizer":"nope"}}]}}})json"),
            "functions.a.events.0.httpApi: Missing \"method\" property in function a for httpApi event in serverless.yml");
  EXPECT_EQ(compile_error(R"json({"service":"web","provider":{"name":"aws"},"functions":{
      "a":{"handler":"h.h","events":[{"httpApi":{"method":"get","path":"/x","authorizer":"nope"}}]}}})json"),
            "functions.a.events.0.httpApi.authorizer: Event references not configured authorizer 'nope'");
}

TEST(HttpApi, AuthorizerOfAProvisionedFunctionTargetsItsAlias) {
  auto f = make_fixture(R"json({"service":"web","provider":{"name":"aws","httpApi":{"authorizers":{
      "auth":{"type":"request","functionName":"authFn"}}}},"functions":{
      "authFn":{"handler":"h.h","provisionedConcurrency":1},
      "a":{"handler":"h.h","events":[{"httpApi":{"method":"get","path":"/x","authorizer":{"name":"auth"}}}]}}})json");
  compile_events(f->ctx);
  const Json& authorizer = f->ctx.resources()["HttpApiAuthorizerAuth"];
  EXPECT_EQ(authorizer["DependsOn"], "AuthFnProvConcLambdaAlias");
  EXPECT_EQ(f->ctx.resources()["AuthLambdaAuthorizerPermissionHttpApi"]["DependsOn"], "AuthFnProvConcLambdaAlias");
  EXPECT_EQ(f->ctx.resources()["HttpApiRouteGetX"]["Properties"]["AuthorizationType"], "CUSTOM");
}

TEST(HttpApi, TimeoutWarningsAsOsls) {
  auto f = make_fixture(R"json({"service":"web","provider":{"name":"aws","timeout":"30"},"functions":{
      "a":{"handler":"h.h","events":[{"httpApi":"GET /a"},{"httpApi":"GET /b"}]},
      "b":{"handler":"h.h","timeout":31.5,"events":[{"httpApi":"GET /c"}]},
      "c":{"handler":"h.h","timeout":10,"events":[{"httpApi":"GET /d"}]}}})json");
  compile_events(f->ctx);
  EXPECT_THAT(f->ctx.warnings,
              ElementsAre(HasSubstr("Function (a) timeout setting (30) may not provide enough room"),
                          HasSubstr("Function (b) timeout setting (31.5) is greater than maximum allowed")));
}

TEST(HttpApi, ExistingApiWarnsAboutApiOptionsItIgnores) {
  auto f = make_fixture(R"json({"service":"web","provider":{"name":"aws","httpApi":{"id":"abc","metrics":true,
      "payload":"1.0"}},"functions":{"a":{"handler":"h.h","events":[{"httpApi":"GET /a"}]}}})json");
  compile_events(f->ctx);
  EXPECT_THAT(f->ctx.warnings, ElementsAre(HasSubstr("provider.httpApi.metrics has no effect with provider.httpApi.id")));
  EXPECT_FALSE(f->ctx.resources().contains("HttpApi"));
  EXPECT_FALSE(f->ctx.resources().contains("HttpApiStage"));
  EXPECT_EQ(f->ctx.resources()["HttpApiRouteGetA"]["Properties"]["ApiId"], "abc");
}

TEST(HttpApi, MethodPathAsInfoShowsIt) {
  http_api::MethodPath mp;
  ASSERT_TRUE(http_api::method_path(Json("patch /a/{b}"), mp));
  EXPECT_EQ(mp.resolved_method(), "PATCH");
  EXPECT_EQ(mp.path, "/a/{b}");
  ASSERT_TRUE(http_api::method_path(Json::parse(R"({"path":"*"})"), mp));
  EXPECT_TRUE(mp.catch_all());
  EXPECT_EQ(mp.resolved_method(), "ANY");
  EXPECT_FALSE(http_api::method_path(Json("GET  /double-space"), mp));
}

TEST(HttpApi, EventSchemaAsOsls) {
  EXPECT_THAT(issues_of(R"json({"service":"svc","provider":{"name":"aws"},"functions":{"a":{"handler":"h.h",
      "events":[{"httpApi":"FETCH /x"},{"httpApi":{"method":"get"}},{"httpApi":{"method":"got","path":"x"}},
      {"httpApi":{"path":"/x","cors":true,"authorizer":{"scopes":["a"]}}},{"httpApi":"*"},
      {"httpApi":{"path":"/y","method":"any","authorizer":{"type":"oauth"}}}]}}})json"),
              ElementsAre(HasSubstr("functions.a.events.0.httpApi: value 'FETCH /x' does not satisfy pattern"),
                          "functions.a.events.1.httpApi: must have required property 'path'",
                          HasSubstr("functions.a.events.2.httpApi.method: value 'got' does not satisfy pattern"),
                          HasSubstr("functions.a.events.2.httpApi.path: value 'x' does not satisfy pattern"),
                          "functions.a.events.3.httpApi: unrecognized property 'cors'",
                          "functions.a.events.3.httpApi.authorizer: must have required property 'id', 'name' or 'type'",
                          HasSubstr("functions.a.events.5.httpApi.authorizer.type: must be one of [request, jwt, aws_iam]")));
}

TEST(HttpApi, ProviderSchemaAsOsls) {
  EXPECT_THAT(issues_of(R"json({"service":"svc","provider":{"name":"aws","httpApi":{
      "cors":{"maxAge":-1,"allowedOrigins":"https://x"},"payload":"1.0","metrics":"yes",
      "authorizers":{"j":{"identitySource":"$request.header.A","audience":["x"]},
                     "r":{"type":"request","functionName":"a","resultTtlInSeconds":9000,"extra":1}}},
      "logs":{"httpApi":{"format":"x","level":"INFO"}}},
      "functions":{"a":{"handler":"h.h","httpApi":{"payload":"2"}}}})json"),
              ElementsAre("provider.httpApi.authorizers.j: must have required property 'issuerUrl'",
                          "provider.httpApi.authorizers.r.resultTtlInSeconds: must be <= 3600, got 9000",
                          "provider.httpApi.cors.maxAge: must be >= 0, got -1",
                          HasSubstr("provider.httpApi.metrics: must be boolean"),
                          "provider.logs.httpApi: unrecognized property 'level'",
                          HasSubstr("functions.a.httpApi.payload: must be one of [1.0, 2.0]")));
}

}  // namespace
}  // namespace sls::compile::events
