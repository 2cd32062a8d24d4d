#include "local/lambda_integration.h"

#include <gtest/gtest.h>

namespace sls::local {
namespace {

Json proxy() {
  return Json::parse(R"({"resource": "/users/{id}", "path": "/users/1", "httpMethod": "POST",
    "headers": {"Content-Type": "application/json", "X-N": "1"}, "queryStringParameters": {"q": "a"},
    "pathParameters": {"id": "1"}, "stageVariables": null, "body": "{\"k\": [1]}",
    "requestContext": {"stage": "dev", "resourcePath": "/users/{id}",
      "identity": {"sourceIp": "127.0.0.1", "userAgent": "ua", "apiKey": null},
      "authorizer": {"principalId": "me", "n": "2", "claims": {"sub": "s1"}}}})");
}

TEST(LambdaIntegration, DefaultRequestTemplate) {
  Json e = lambda_integration_event(proxy());
  EXPECT_EQ(e["body"], (Json{{"k", {1}}}));
  EXPECT_EQ(e["method"], "POST");
  EXPECT_EQ(e["principalId"], "me");
  EXPECT_EQ(e["stage"], "dev");
  EXPECT_EQ(e["cognitoPoolClaims"], (Json{{"sub", "s1"}}));
  EXPECT_EQ(e["enhancedAuthContext"], (Json{{"principalId", "me"}, {"n", "2"}, {"claims", nullptr}}));
  EXPECT_EQ(e["headers"]["X-N"], "1");
  EXPECT_EQ(e["query"], (Json{{"q", "a"}}));
  EXPECT_EQ(e["path"], (Json{{"id", "1"}}));
  EXPECT_EQ(e["identity"]["sourceIp"], "127.0.0.1");
  EXPECT_EQ(e["identity"]["apiKey"], "offlineContext_apiKey");
  EXPECT_EQ(e["stageVariables"], Json::object());
  EXPECT_EQ(e["requestPath"], "/users/{id}");
  Json p = proxy();
  p["body"] = nullptr;
  p["requestContext"].erase("authorizer");
  e = lambda_integration_event(p);
  EXPECT_EQ(e["body"], Json::object());
  EXPECT_EQ(e["principalId"], "offlineContext_authorizer_principalId");
  p["body"] = "plain";
  p["headers"] = {{"content-type", "text/plain"}};
  EXPECT_EQ(lambda_integration_event(p)["body"], "plain");
}

TEST(LambdaIntegration, ResponseSelection) {
  Json response = Json::parse(R"({"headers": {"X-Static": "'yes'", "X-Mapped": "integration.response.body.x"},
    "statusCodes": {"201": {"pattern": ""}, "404": {"pattern": "[\\s\\S]*\\[404\\][\\s\\S]*"},
                    "504": {"pattern": ".*Task timed out after \\d+\\.\\d+ seconds$"}}})");
  InvokeResult ok;
  ok.kind = InvokeResult::Kind::result;
  ok.has_result = true;
  ok.result = {{"a", 1}};
  HttpResponse r = lambda_integration_response(ok, response, 6);
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.body, R"({"a":1})");
  EXPECT_EQ(r.headers.size(), 2u);
  EXPECT_EQ(r.headers[1], (std::pair<std::string, std::string>{"X-Static", "yes"}));
  InvokeResult err;
  err.kind = InvokeResult::Kind::error;
  err.error = {{"errorMessage", "[404] not here"}, {"errorType", "Error"}};
  r = lambda_integration_response(err, response, 6);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(Json::parse(r.body)["errorMessage"], "[404] not here");
  err.error["errorMessage"] = "other";
  EXPECT_EQ(lambda_integration_response(err, response, 6).status, 201);  // no pattern matched: the default
  InvokeResult slow;
  slow.kind = InvokeResult::Kind::timeout;
  EXPECT_EQ(lambda_integration_response(slow, response, 6).status, 504);
}

}  // namespace
}  // namespace sls::local
