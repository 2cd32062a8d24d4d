// The `alb` event: its schema (through validation), its compile-time errors
// and its resources, against osls 4.3.1 (tests/golden/alb-* hold the whole templates).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "aws/compile/events/events_test_util.h"
#include "aws/compile/events/registry.h"
#include "config/validate.h"
#include "config/yaml_load.h"
#include "util/error.h"

namespace sls::compile::events {
namespace {
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::make_fixture;

constexpr const char* kListener =
    "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/my-lb/50dc6c495c0c9188/f2f7dc8efc522ab2";

std::string service_yaml(const std::string& provider_extra, const std::string& events) {
  return "service: svc\nprovider:\n  name: aws\n  runtime: nodejs24.x\n" + provider_extra +
         "functions:\n  fn:\n    handler: h.run\n    events:\n" + events;
}

using testing::messages;

std::string alb_event(const std::string& body) {
  return "      - alb:\n          listenerArn: " + std::string(kListener) + "\n" + body;
}

TEST(AlbSchema, AcceptsEveryConditionKindAndSetting) {
  EXPECT_THAT(messages(service_yaml("", alb_event("          priority: 1\n"
                                                  "          multiValueHeaders: true\n"
                                                  "          targetGroupName: my-tg\n"
                                                  "          healthCheck: {path: /h, intervalSeconds: 30, matcher: {httpCode: '200,302'}}\n"
                                                  "          conditions:\n"
                                                  "            path: /a\n            method: GET\n            host: '*.x.com'\n"
                                                  "            ip: [10.0.0.0/8]\n            query: {a: b}\n"
                                                  "            header: {name: X-A, values: [v]}\n"))),
              ElementsAre());
  EXPECT_THAT(messages(service_yaml("", "      - alb:\n          listenerArn: {Ref: Listener}\n"
                                        "          priority: 2\n          conditions: {path: /b}\n")),
              ElementsAre());
}

TEST(AlbSchema, ReportsPathsAsOsls) {
  EXPECT_THAT(messages(service_yaml("", "      - alb:\n          conditions: {path: /a}\n")),
              ElementsAre("functions.fn.events.0.alb: must have required property 'listenerArn'",
                          "functions.fn.events.0.alb: must have required property 'priority'"));
  EXPECT_THAT(messages(service_yaml("", alb_event("          priority: 0\n          extra: 1\n"
                                                  "          conditions: {method: get, ip: [a, a]}\n"))),
              ElementsAre("functions.fn.events.0.alb: unrecognized property 'extra'",
                          "functions.fn.events.0.alb.conditions.ip: must NOT have duplicate items (items ## 1 and 0 are identical)",
                          "functions.fn.events.0.alb.conditions.method.0: must match pattern \"^[A-Z_-]+$\", got \"get\"",
                          "functions.fn.events.0.alb.priority: must be >= 1, got 0"));
  auto m = messages(service_yaml("", "      - alb:\n          listenerArn: arn:aws:nope\n          priority: 1\n"
                                     "          conditions: {path: /a}\n"));
  ASSERT_EQ(m.size(), 1u);
  EXPECT_THAT(m[0], HasSubstr("functions.fn.events.0.alb.listenerArn: must match pattern"));
}

TEST(AlbSchema, ListenerRefAndHealthCheckForms) {
  EXPECT_THAT(messages(service_yaml("", "      - alb:\n          listenerArn: {'Fn::ImportValue': x}\n"
                                        "          priority: 1\n          healthCheck: 1\n"
                                        "          conditions: {path: /a}\n")),
              ElementsAre("functions.fn.events.0.alb.listenerArn: must have required property 'Ref'",
                          "functions.fn.events.0.alb.listenerArn: unrecognized property 'Fn::ImportValue'"));
  EXPECT_THAT(messages(service_yaml("", alb_event("          priority: 1\n          healthCheck: [x]\n"
                                                  "          conditions: {path: /a}\n"))),
              ElementsAre("functions.fn.events.0.alb.healthCheck: must be boolean or an object of health check "
                          "settings, got a list"));
}

TEST(AlbSchema, ProviderAlb) {
  const std::string cognito =
      "        type: cognito\n        userPoolArn: arn:aws:cognito-idp:us-east-1:1:userpool/x\n"
      "        userPoolClientId: c\n        userPoolDomain: d\n";
  EXPECT_THAT(messages(service_yaml("  alb:\n    targetGroupPrefix: pre-\n    authorizers:\n      a:\n" + cognito, "")),
              ElementsAre());
  EXPECT_THAT(messages(service_yaml("  alb:\n    nope: 1\n    authorizers:\n      a:\n        type: saml\n", "")),
              ElementsAre("provider.alb: unrecognized property 'nope'",
                          "provider.alb.authorizers.a: unsupported configuration format (an authorizer needs "
                          "\"type\": cognito or oidc, got \"saml\")"));
  auto m = messages(service_yaml("  alb:\n    authorizers:\n      a:\n" + cognito + "        sessionTimeout: -1\n", ""));
  ASSERT_EQ(m.size(), 1u);
  EXPECT_THAT(m[0], HasSubstr("provider.alb.authorizers.a: unsupported configuration format (as a cognito authorizer"));
  EXPECT_THAT(m[0], HasSubstr("sessionTimeout': must be >= 0"));
}

std::string compile_error(const std::string& config_json) {
  auto f = make_fixture(config_json);
  try {
    compile_events(f->ctx);
  } catch (const UserError& e) {
    return e.what();
  }
  return "";
}

std::string two_functions(const std::string& a, const std::string& b) {
  return R"({"service":"s","provider":{"name":"aws"},"functions":{"f":{"handler":"h.h","events":[{"alb":)" + a +
         R"(}]},"g":{"handler":"h.h","events":[{"alb":)" + b + "}]}}}";
}

std::string event_json(const std::string& listener, int priority) {
  return R"({"listenerArn":)" + listener + R"(,"priority":)" + std::to_string(priority) +
         R"(,"conditions":{"path":["/x"]}})";
}

TEST(AlbCompile, PriorityClashes) {
  const std::string arn = "\"" + std::string(kListener) + "\"";
  EXPECT_EQ(compile_error(two_functions(event_json(arn, 3), event_json(arn, 3))),
            "ALB event in function \"g\" cannot use priority \"3\" because it is already in use.");
  EXPECT_EQ(compile_error(two_functions(event_json(arn, 3), event_json(R"({"Ref":"L"})", 3))), "");
  EXPECT_EQ(compile_error(R"({"service":"s","functions":{"f":{"handler":"h.h","events":[{"alb":)" + event_json(arn, 4) +
                          R"(},{"alb":)" + event_json(R"({"Ref":"L"})", 4) + "}]}}}"),
            "ALB event in function \"f\" cannot use priority \"4\" because it is already in use.\n"
            "  Events in the same function cannot use the same priority even if they have a different listenerArn.\n"
            "  This is a Serverless limitation that will be fixed in the next major release.");
}

TEST(AlbCompile, ListenerConditionsAndAuthorizerErrors) {
  EXPECT_EQ(compile_error(R"({"service":"s","functions":{"f":{"handler":"h.h","events":[{"alb":{"listenerArn":"x","priority":1,"conditions":{"path":["/"]}}}]}}})"),
            "Invalid ALB listenerArn in function \"f\".");
  EXPECT_EQ(compile_error(R"({"service":"s","functions":{"f":{"handler":"h.h","events":[{"alb":{"listenerArn":{"Ref":"L"},"priority":1,"conditions":{}}}]}}})"),
            "Cannot setup \"alb\" event in \"f\" function: At least one condition must be defined");
  EXPECT_EQ(compile_error(R"({"service":"s","functions":{"f":{"handler":"h.h","events":[{"alb":{"listenerArn":{"Ref":"L"},"priority":1,"authorizer":["nope"],"conditions":{"path":["/"]}}}]}}})"),
            "No match for \"nope\" in function \"f\" found in registered ALB authorizers");
  EXPECT_EQ(compile_error(R"({"service":"s","provider":{"alb":{"targetGroupPrefix":"p-"}},"functions":{"f":{"handler":"h.h","events":[{"alb":{"listenerArn":{"Ref":"L"},"priority":1,"targetGroupName":"n","conditions":{"path":["/"]}}}]}}})"),
            "ALB \"targetGroupName\" setting is exclusive with \"provider.alb.targetGroupPrefix\": Please specify only one.");
}

// configValidationMode: warn lets an event without priority through; osls names its rule "...undefined".
TEST(AlbCompile, MissingPriorityAsJavaScriptPrintsIt) {
  auto f = make_fixture(R"json({"service":"s","functions":{"fn":{"handler":"h.h","events":[{"alb":{"listenerArn":{"Ref":"L"},"conditions":{"path":["/"]}}}]}}})json");
  compile_events(f->ctx);
  EXPECT_TRUE(f->ctx.resources().contains("FnAlbListenerRuleundefined"));
}

// osls 4.3.1: one function, a Ref'd listener, an oidc authorizer without a secret.
TEST(AlbCompile, TargetGroupRuleAndPermissions) {
  auto f = make_fixture(R"json({"service":"svc","provider":{"name":"aws","alb":{"authorizers":{"o":{"type":"oidc","authorizationEndpoint":"https://a","clientId":"c","issuer":"https://i","tokenEndpoint":"https://t","userInfoEndpoint":"https://u"}}}},
    "functions":{"api":{"handler":"h.h","events":[{"alb":{"listenerArn":{"Ref":"L"},"priority":7,"authorizer":["o"],"conditions":{"host":["a.com"]}}}]}}})json");
  compile_events(f->ctx);
  EXPECT_EQ(testing::normalized(f->ctx.template_), testing::expected(R"json({"Resources": {
    "ApiAlbTargetGroupL": {"Type": "AWS::ElasticLoadBalancingV2::TargetGroup", "Properties": {"TargetType": "lambda", "Targets": [{"Id": {"Fn::GetAtt": ["ApiLambdaFunction", "Arn"]}}], "Name": "d8ae931745d4290cb8adacce34791163", "Tags": [{"Key": "Name", "Value": "svc-api-L-dev"}], "TargetGroupAttributes": [{"Key": "lambda.multi_value_headers.enabled", "Value": false}], "HealthCheckEnabled": false}, "DependsOn": ["ApiLambdaPermissionRegisterTarget"]},
    "ApiAlbListenerRule7": {"Type": "AWS::ElasticLoadBalancingV2::ListenerRule", "Properties": {"Actions": [{"Type": "authenticate-oidc", "Order": 1, "AuthenticateOidcConfig": {"AuthorizationEndpoint": "https://a", "ClientId": "c", "Issuer": "https://i", "TokenEndpoint": "https://t", "UserInfoEndpoint": "https://u", "OnUnauthenticatedRequest": "deny", "UseExistingClientSecret": true}}, {"Type": "forward", "TargetGroupArn": {"Ref": "ApiAlbTargetGroupL"}, "Order": 2}], "Conditions": [{"Field": "host-header", "HostHeaderConfig": {"Values": ["a.com"]}}], "ListenerArn": {"Ref": "L"}, "Priority": 7}},
    "ApiLambdaPermissionAlb": {"Type": "AWS::Lambda::Permission", "Properties": {"FunctionName": {"Fn::GetAtt": ["ApiLambdaFunction", "Arn"]}, "Action": "lambda:InvokeFunction", "Principal": "elasticloadbalancing.amazonaws.com", "SourceArn": {"Ref": "ApiAlbTargetGroupL"}}},
    "ApiLambdaPermissionRegisterTarget": {"Type": "AWS::Lambda::Permission", "Properties": {"FunctionName": {"Fn::GetAtt": ["ApiLambdaFunction", "Arn"]}, "Action": "lambda:InvokeFunction", "Principal": "elasticloadbalancing.amazonaws.com"}}},
    "Outputs": {}})json"));
}

}  // namespace
}  // namespace sls::compile::events
