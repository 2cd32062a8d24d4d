#include "local/authorizers.h"

#include <gtest/gtest.h>

#include "aws/compile/events/http_model.h"
#include "util/error.h"

namespace sls::local {
namespace {

Json allow(const std::string& resource) {
  return Json{{"principalId", "me"},
              {"policyDocument",
               {{"Statement", Json::array({{{"Action", "execute-api:Invoke"}, {"Effect", "Allow"}, {"Resource", resource}}})}}},
              {"context", {{"n", 1}}}};
}

InvokeResult result(Json v) {
  InvokeResult r;
  r.kind = InvokeResult::Kind::result;
  r.has_result = true;
  r.result = std::move(v);
  return r;
}

TEST(Authorizers, IdentitySources) {
  auto s = identity_sources("method.request.header.Authorization, method.request.querystring.tok,context.x");
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].from, IdentitySource::From::header);
  EXPECT_EQ(s[0].name, "authorization");
  EXPECT_EQ(s[1].from, IdentitySource::From::query);
  EXPECT_EQ(s[1].name, "tok");
  EXPECT_EQ(s[2].from, IdentitySource::From::other);
  EXPECT_EQ(identity_sources("$request.header.X-Token")[0].name, "x-token");
}

TEST(Authorizers, RestSpecs) {
  compile::events::http::Authorizer a;
  a.name = "auth";
  a.arn = Json{{"Fn::GetAtt", {"AuthLambdaFunction", "Arn"}}};
  a.result_ttl = 0;
  a.identity_source = "method.request.header.Authorization";
  AuthorizerSpec s = rest_authorizer(a);
  EXPECT_EQ(s.kind, AuthorizerSpec::Kind::token);
  EXPECT_EQ(s.function, "auth");
  EXPECT_EQ(s.ttl_seconds, 0);
  a.type = "REQUEST";
  EXPECT_EQ(rest_authorizer(a).kind, AuthorizerSpec::Kind::request);
  a.arn = "arn:aws:lambda:us-east-1:1:function:ext";
  EXPECT_EQ(rest_authorizer(a).kind, AuthorizerSpec::Kind::unsupported);
  a.type = "AWS_IAM";
  EXPECT_EQ(rest_authorizer(a).kind, AuthorizerSpec::Kind::unsupported);
}

TEST(Authorizers, HttpApiSpecs) {
  Service s;
  s.config = Json::parse(R"({"provider": {"httpApi": {"authorizers": {
      "j": {"issuerUrl": "https://i", "audience": "a", "identitySource": "$request.header.Authorization"},
      "l": {"type": "request", "functionName": "fn", "enableSimpleResponses": true, "identitySource": ["$request.header.X"]}}}}})");
  AuthorizerSpec j = http_api_authorizer(s, Json{{"name", "j"}, {"scopes", {"read"}}});
  EXPECT_EQ(j.kind, AuthorizerSpec::Kind::jwt);
  EXPECT_EQ(j.issuer, "https://i");
  EXPECT_EQ(j.audience, std::vector<std::string>{"a"});
  EXPECT_EQ(j.scopes, std::vector<std::string>{"read"});
  AuthorizerSpec l = http_api_authorizer(s, "l");
  EXPECT_EQ(l.kind, AuthorizerSpec::Kind::request);
  EXPECT_EQ(l.function, "fn");
  EXPECT_TRUE(l.simple_responses);
  EXPECT_EQ(l.payload_version, "2.0");
  EXPECT_EQ(http_api_authorizer(s, Json{{"type", "aws_iam"}}).kind, AuthorizerSpec::Kind::unsupported);
  EXPECT_THROW(http_api_authorizer(s, "missing"), UserError);
}

TEST(Authorizers, TokenAnswersAreCachedAndJudgedPerArn) {
  int calls = 0;
  AuthorizerRunner runner([&](const std::string&, Json event, const std::string&) {
    ++calls;
    EXPECT_EQ(event["type"], "TOKEN");
    return result(allow("arn:aws:execute-api:*:*:*/dev/GET/*"));
  }, [](const std::string&) {}, {});
  AuthorizerSpec spec;
  spec.kind = AuthorizerSpec::Kind::token;
  spec.name = spec.function = "auth";
  spec.ttl_seconds = 300;
  spec.identity = identity_sources("method.request.header.Authorization");
  HttpRequest req;
  req.headers = {{"Authorization", "t"}};
  AuthRequest ar{&req, "", "arn:aws:execute-api:us-east-1:123456789012:api/dev/GET/x", {}};
  AuthOutcome ok = runner.authorize(spec, ar);
  EXPECT_FALSE(ok.denied);
  EXPECT_EQ(ok.authorizer["principalId"], "me");
  EXPECT_EQ(ok.authorizer["n"], "1");
  ar.arn = "arn:aws:execute-api:us-east-1:123456789012:api/dev/POST/x";
  AuthOutcome no = runner.authorize(spec, ar);
  ASSERT_TRUE(no.denied);
  EXPECT_EQ(no.denied->status, 403);
  EXPECT_EQ(calls, 1);
  req.headers.clear();
  EXPECT_EQ(runner.authorize(spec, ar).denied->status, 401);
}

TEST(Authorizers, SimpleResponsesAndErrors) {
  Json answer;
  AuthorizerRunner runner([&](const std::string&, Json, const std::string&) {
    if (answer.is_null()) {
      InvokeResult r;
      r.kind = InvokeResult::Kind::error;
      r.error = {{"errorMessage", "Unauthorized"}};
      return r;
    }
    return result(answer);
  }, [](const std::string&) {}, {});
  AuthorizerSpec spec;
  spec.kind = AuthorizerSpec::Kind::request;
  spec.http_api = true;
  spec.simple_responses = true;
  spec.payload_version = "2.0";
  HttpRequest req;
  AuthRequest ar{&req, "", "arn", [](bool) { return Json{{"body", "x"}}; }};
  EXPECT_EQ(runner.authorize(spec, ar).denied->status, 401);
  answer = {{"isAuthorized", false}};
  EXPECT_EQ(runner.authorize(spec, ar).denied->status, 403);
  answer = {{"isAuthorized", true}, {"context", {{"k", 2}}}};
  AuthOutcome ok = runner.authorize(spec, ar);
  EXPECT_FALSE(ok.denied);
  EXPECT_EQ(ok.authorizer, (Json{{"lambda", {{"k", 2}}}}));
}

}  // namespace
}  // namespace sls::local
