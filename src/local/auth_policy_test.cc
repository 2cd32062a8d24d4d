#include "local/auth_policy.h"

#include <gtest/gtest.h>

namespace sls::local {
namespace {

Json policy(const char* effect, Json resource, Json action = "execute-api:Invoke") {
  return Json{{"Version", "2012-10-17"},
              {"Statement", Json::array({Json{{"Action", action}, {"Effect", effect}, {"Resource", resource}}})}};
}

TEST(AuthPolicy, MethodArnUsesTheRequestPath) {
  EXPECT_EQ(method_arn("eu-west-1", "api", "dev", "GET", "/users/12"),
            "arn:aws:execute-api:eu-west-1:123456789012:api/dev/GET/users/12");
  EXPECT_EQ(method_arn("us-east-1", "api", "dev", "POST", "/"), "arn:aws:execute-api:us-east-1:123456789012:api/dev/POST/");
}

TEST(AuthPolicy, ResourceWildcards) {
  const std::string arn = "arn:aws:execute-api:us-east-1:123456789012:api/dev/GET/users/12";
  EXPECT_TRUE(resource_matches("*", arn));
  EXPECT_TRUE(resource_matches(arn, arn));
  EXPECT_TRUE(resource_matches("arn:aws:execute-api:*:*:*/dev/GET/*", arn));
  EXPECT_TRUE(resource_matches("arn:aws:execute-api:us-east-1:123456789012:api/*/*/users/??", arn));
  EXPECT_FALSE(resource_matches("arn:aws:execute-api:us-east-1:123456789012:api/*/*/users/?", arn));
  EXPECT_FALSE(resource_matches("arn:aws:execute-api:*:*:*/dev/POST/*", arn));
  EXPECT_FALSE(resource_matches("arn:aws:execute-api:eu-west-1:*", arn));
}

TEST(AuthPolicy, ExplicitDenyWinsAndActionsCount) {
  const std::string arn = "arn:aws:execute-api:us-east-1:123456789012:api/dev/GET/x";
  EXPECT_EQ(evaluate_policy(policy("Allow", arn), arn), PolicyVerdict::allow);
  EXPECT_EQ(evaluate_policy(policy("Deny", "*"), arn), PolicyVerdict::deny);
  EXPECT_EQ(evaluate_policy(policy("Allow", "arn:aws:execute-api:*:*:*/dev/POST/*"), arn), PolicyVerdict::no_match);
  EXPECT_EQ(evaluate_policy(policy("allow", Json::array({"x", arn})), arn), PolicyVerdict::allow);
  EXPECT_EQ(evaluate_policy(policy("Allow", arn, "s3:GetObject"), arn), PolicyVerdict::no_match);
  EXPECT_EQ(evaluate_policy(policy("Allow", arn, "execute-api:*"), arn), PolicyVerdict::allow);
  Json both = policy("Allow", "*");
  both["Statement"].push_back(Json{{"Action", "execute-api:Invoke"}, {"Effect", "Deny"}, {"Resource", arn}});
  EXPECT_EQ(evaluate_policy(both, arn), PolicyVerdict::deny);
  Json single = Json{{"Statement", Json{{"Effect", "Allow"}, {"Resource", "*"}, {"Action", "*"}}}};
  EXPECT_EQ(evaluate_policy(single, arn), PolicyVerdict::allow);
  EXPECT_EQ(evaluate_policy(Json::object(), arn), PolicyVerdict::malformed);
  EXPECT_EQ(evaluate_policy(Json("x"), arn), PolicyVerdict::malformed);
}

TEST(AuthPolicy, ContextValuesMustBeScalars) {
  EXPECT_EQ(*authorizer_context(nullptr), Json::object());
  Json ok = {{"a", "s"}, {"n", 1}, {"b", true}};
  EXPECT_EQ(*authorizer_context(&ok), ok);
  Json nested = {{"a", {{"b", 1}}}};
  EXPECT_FALSE(authorizer_context(&nested));
  Json list = Json::array({1});
  EXPECT_FALSE(authorizer_context(&list));
}

}  // namespace
}  // namespace sls::local
