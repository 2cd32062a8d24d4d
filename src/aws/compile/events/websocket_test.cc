// Tests of the `websocket` event: its schema (through config validation, as
// osls 4.3.1 reports it), the compiled resources and the deployment's hash
// against osls 4.3.1's output, and its compile-time errors.
#include <gtest/gtest.h>

#include "aws/compile/events/events_test_util.h"
#include "aws/compile/events/registry.h"
#include "aws/compile/events/websocket_model.h"
#include "config/validate.h"
#include "util/error.h"

namespace sls::compile::events {
namespace {
using testing::expected;
using testing::make_fixture;

std::string issues_of(const std::string& events_json, const std::string& provider_extra = "") {
  Json config = Json::parse(R"json({"service": "svc", "provider": {"name": "aws", "runtime": "nodejs24.x")json" +
                            provider_extra + R"json(}, "functions": {"auth": {"handler": "h.h"}, "main": {"handler": "h.h", "events": )json" +
                            events_json + "}}}");
  std::string out;
  for (const auto& issue : config::validate_service_config(config, event_types()))
    out += config::format_issue(issue) + "\n";
  return out;
}

TEST(Websocket, SchemaAcceptsOslsForms) {
  EXPECT_EQ(issues_of(R"([{"websocket": "$connect"}, {"websocket": 5}, {"websocket": ["x"]},
      {"websocket": {"route": "a", "routeResponseSelectionExpression": "$default"}},
      {"websocket": {"route": "$connect", "authorizer": "auth"}},
      {"websocket": {"route": "$connect", "authorizer": "arn:aws:lambda:us-east-1:1:function:f"}},
      {"websocket": {"route": "$connect", "authorizer": {"name": "auth", "identitySource": "route.request.header.X"}}},
      {"websocket": {"route": "$connect", "authorizer": {"arn": {"Fn::ImportValue": "x"}, "name": "n"}}}])"),
            "");
}

TEST(Websocket, SchemaIssuesAsOsls) {
  EXPECT_EQ(issues_of(R"([{"websocket": {"routeResponseSelectionExpression": "$default"}}])"),
            "functions.main.events.0.websocket: must have required property 'route'\n");
  EXPECT_EQ(issues_of(R"([{"websocket": {"route": "x", "extra": 1}}])"),
            "functions.main.events.0.websocket: unrecognized property 'extra'\n");
  EXPECT_EQ(issues_of(R"([{"websocket": {"route": "x", "routeResponseSelectionExpression": "foo"}}])"),
            "functions.main.events.0.websocket.routeResponseSelectionExpression: must be equal to constant\n");
  EXPECT_EQ(issues_of(R"([{"websocket": {"route": "x", "authorizer": {"identitySource": ["a"]}}}])"),
            "functions.main.events.0.websocket.authorizer: unsupported configuration format\n");
  EXPECT_EQ(issues_of(R"([{"websocket": {"route": "x", "authorizer": "my auth"}}])"),
            "functions.main.events.0.websocket.authorizer: unsupported string format\n");
  EXPECT_EQ(issues_of(R"([{"websocket": {"route": "x", "authorizer": {"name": "bad name"}}}])"),
            "functions.main.events.0.websocket.authorizer.name: must match pattern \"^[a-zA-Z0-9-_]+$\"\n");
  EXPECT_EQ(issues_of(R"([{"websocket": {"route": "x", "authorizer": {"arn": "notarn"}}}])"),
            "functions.main.events.0.websocket.authorizer.arn: unsupported string format\n");
  EXPECT_EQ(issues_of(R"([{"websocket": {"route": "x", "authorizer": {"name": "auth", "foo": 1}}}])"),
            "functions.main.events.0.websocket.authorizer: unrecognized property 'foo'\n");
  EXPECT_EQ(issues_of(R"([{"websocket": [1, 2]}])"),
            "functions.main.events.0.websocket: unsupported configuration format\n");
}

TEST(Websocket, ProviderSchemaIssuesAsOsls) {
  const std::string events = R"([{"websocket": "$default"}])";
  EXPECT_EQ(issues_of(events, R"(, "websocket": {"foo": 1})"), "provider.websocket: unrecognized property 'foo'\n");
  EXPECT_EQ(issues_of(events, R"(, "logs": {"websocket": {"level": "DEBUG"}})"),
            "provider.logs.websocket.level: must be equal to one of the allowed values [INFO, ERROR]\n");
  EXPECT_EQ(issues_of(events, R"(, "logs": {"websocket": "yes please"})"),
            "provider.logs.websocket: unsupported configuration format\n");
  EXPECT_EQ(issues_of(events, R"(, "apiGateway": {"websocketApiId": ""})"),
            "provider.apiGateway.websocketApiId: unsupported string format\n");
  EXPECT_EQ(issues_of(events, R"(, "logs": {"websocket": true}, "apiGateway": {"websocketApiId": {"Fn::ImportValue": "x"}},
      "websocketsApiName": "n", "websocketsDescription": "d", "websocketsApiRouteSelectionExpression": "$request.body.t")"),
            "");
}

TEST(Websocket, SchemaCoercesAsAjv) {
  Json config = Json::parse(R"json({"service": "svc", "provider": {"name": "aws"}, "functions": {"auth": {"handler": "h.h"},
      "main": {"handler": "h.h", "events": [{"websocket": 5}, {"websocket": {"route": "$connect",
      "authorizer": {"name": "auth", "identitySource": "route.request.querystring.t"}}}]}}})json");
  ASSERT_TRUE(config::validate_and_coerce(config, event_types()).empty());
  const Json& events = config["functions"]["main"]["events"];
  EXPECT_EQ(events[0]["websocket"], "5");
  EXPECT_EQ(events[1]["websocket"]["authorizer"]["identitySource"], Json::array({"route.request.querystring.t"}));
}

// osls 4.3.1 `package` of tests/golden/websocket-routes' first form: the hash names the deployment.
TEST(Websocket, DeploymentHashAsOsls) {
  auto f = make_fixture(R"json({"service": "wsroutes", "provider": {"name": "aws", "tags": {"team": "chat"}}, "functions": {
      "connect": {"handler": "handler.run", "events": [{"websocket": "$connect"}, {"websocket": "$disconnect"}]},
      "main": {"handler": "handler.run", "events": [{"websocket": {"route": "$default"}},
        {"websocket": {"route": "chat.send-msg_v1/x", "routeResponseSelectionExpression": "$default"}}]}}})json");
  compile_events(f->ctx);
  const Json& resources = f->ctx.resources();
  const std::string id = "WebsocketsDeploymentkQs9qbTEJahR6IGANTPCrYeY8GkbksUNtICqxJxDtA";
  ASSERT_TRUE(resources.contains(id)) << resources.dump(1);
  EXPECT_EQ(resources[id]["DependsOn"], Json::parse(R"(["SconnectWebsocketsRoute", "SdisconnectWebsocketsRoute",
      "SdefaultWebsocketsRoute", "chatPeriodsendDashmsgUnderscorev1SlashxWebsocketsRouteResponse",
      "chatPeriodsendDashmsgUnderscorev1SlashxWebsocketsRoute"])"));
  EXPECT_EQ(resources["WebsocketsDeploymentStage"]["Properties"]["DeploymentId"]["Ref"], id);
  EXPECT_EQ(websocket::deployment_hash(Json::object()), "RBNvo1WzZ4oRRq0W9+hknpT7T8If536DEMBg9hyq/4o=");
}

// osls 4.3.1 `package` of /tmp/wsx/ex: an existing API given by id (no Api, Stage
// or ManageConnections statement; the deployment names the stage).
TEST(Websocket, ExistingApiAsOsls) {
  auto f = make_fixture(R"json({"service": "wsext", "provider": {"name": "aws", "apiGateway": {"websocketApiId": "abc123"}},
      "functions": {"auth": {"handler": "handler.run"}, "main": {"handler": "handler.run", "events": [
        {"websocket": {"route": "$connect", "authorizer": {"name": "auth"}}}]}}})json");
  f->ctx.resources()["IamRoleLambdaExecution"] = Json::parse(R"({"Properties": {"Policies": [{"PolicyDocument": {"Statement": []}}]}})");
  compile_events(f->ctx);
  Json& resources = f->ctx.resources();
  EXPECT_TRUE(resources["IamRoleLambdaExecution"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"].empty());
  resources.erase("IamRoleLambdaExecution");
  EXPECT_EQ(f->ctx.template_.dump(1), expected(R"json({"Resources": {"MainWebsocketsIntegration": {"Type": "AWS::ApiGatewayV2::Integration", "Properties": {"ApiId": "abc123", "IntegrationType": "AWS_PROXY", "IntegrationUri": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":apigateway:", {"Ref": "AWS::Region"}, ":lambda:path/2015-03-31/functions/", {"Fn::GetAtt": ["MainLambdaFunction", "Arn"]}, "/invocations"]]}}}, "AuthWebsocketsAuthorizer": {"Type": "AWS::ApiGatewayV2::Authorizer", "Properties": {"ApiId": "abc123", "Name": "auth", "AuthorizerType": "REQUEST", "AuthorizerUri": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":apigateway:", {"Ref": "AWS::Region"}, ":lambda:path/2015-03-31/functions/", {"Fn::GetAtt": ["AuthLambdaFunction", "Arn"]}, "/invocations"]]}, "IdentitySource": ["route.request.header.Auth"]}}, "MainLambdaPermissionWebsockets": {"Type": "AWS::Lambda::Permission", "DependsOn": ["MainLambdaFunction"], "Properties": {"FunctionName": {"Fn::GetAtt": ["MainLambdaFunction", "Arn"]}, "Action": "lambda:InvokeFunction", "Principal": "apigateway.amazonaws.com"}}, "AuthLambdaPermissionWebsockets": {"Type": "AWS::Lambda::Permission", "DependsOn": ["AuthLambdaFunction"], "Properties": {"Action": "lambda:InvokeFunction", "Principal": "apigateway.amazonaws.com", "FunctionName": {"Fn::GetAtt": ["AuthLambdaFunction", "Arn"]}}}, "SconnectWebsocketsRoute": {"Type": "AWS::ApiGatewayV2::Route", "Properties": {"ApiId": "abc123", "RouteKey": "$connect", "AuthorizationType": "CUSTOM", "Target": {"Fn::Join": ["/", ["integrations", {"Ref": "MainWebsocketsIntegration"}]]}, "AuthorizerId": {"Ref": "AuthWebsocketsAuthorizer"}}}, "WebsocketsDeploymentRBNvo1WzZ4oRRq0W9hknpT7T8If536DEMBg9hyq4o": {"Type": "AWS::ApiGatewayV2::Deployment", "DependsOn": ["SconnectWebsocketsRoute"], "Properties": {"ApiId": "abc123", "Description": "Serverless Websockets", "StageName": "dev"}}}, "Outputs": {"ServiceEndpointWebsocket": {"Description": "URL of the service endpoint", "Value": {"Fn::Join": ["", ["wss://", "abc123", ".execute-api.", {"Ref": "AWS::Region"}, ".", {"Ref": "AWS::URLSuffix"}, "/dev"]]}}}})json"));
}

TEST(Websocket, SharedRoleMayPostToConnections) {
  auto f = make_fixture(R"json({"service": "s", "provider": {"name": "aws"}, "functions": {"main": {"handler": "h.h",
      "events": [{"websocket": "$default"}]}}})json");
  f->ctx.resources()["IamRoleLambdaExecution"] = Json::parse(R"({"Properties": {"Policies": [{"PolicyDocument": {"Statement": []}}]}})");
  compile_events(f->ctx);
  EXPECT_EQ(f->ctx.resources()["IamRoleLambdaExecution"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"],
            Json::parse(R"([{"Effect": "Allow", "Action": ["execute-api:ManageConnections"],
                "Resource": [{"Fn::Sub": "arn:${AWS::Partition}:execute-api:*:*:*/@connections/*"}]}])"));
}

std::string compile_error(const std::string& config) {
  auto f = make_fixture(config);
  try {
    compile_events(f->ctx);
  } catch (const UserError& e) {
    return e.what();
  }
  return "";
}

TEST(Websocket, CompileErrorsNameTheEvent) {
  EXPECT_EQ(compile_error(R"json({"service": "s", "functions": {"main": {"handler": "h.h", "events": [
      {"websocket": {"route": "$connect", "authorizer": "nope"}}]}}})json"),
            "Function \"nope\" doesn't exist in this Service (functions.main.events.0.websocket.authorizer)");
  EXPECT_EQ(compile_error(R"json({"service": "s", "functions": {"main": {"handler": "h.h", "events": [
      {"websocket": {"route": "$connect", "authorizer": {"arn": {"Ref": "A"}}}}]}}})json"),
            "Websocket Authorizer: Non-string \"arn\" needs to be accompanied with \"name\" "
            "(functions.main.events.0.websocket.authorizer)");
  // Only reachable with configValidationMode off, as in osls.
  EXPECT_EQ(compile_error(R"json({"service": "s", "provider": {"logs": {"restApi": {"roleManagedExternally": true},
      "websocket": {"level": "DEBUG"}}}, "functions": {"main": {"handler": "h.h", "events": [{"websocket": "$default"}]}}})json"),
            "provider.logs.websocket.level is set to an invalid value. Support values are INFO, ERROR, got DEBUG.");
}

TEST(Websocket, LogsNeedTheCloudWatchRoleManagedExternally) {
  EXPECT_NE(compile_error(R"json({"service": "s", "provider": {"logs": {"websocket": true}}, "functions": {
      "main": {"handler": "h.h", "events": [{"websocket": "$default"}]}}})json")
                .find("provider.logs.restApi.roleManagedExternally: true"),
            std::string::npos);
}

TEST(Websocket, UseProviderTagsIsDeprecated) {
  auto f = make_fixture(R"json({"service": "s", "provider": {"websocket": {"useProviderTags": false}}, "functions": {
      "main": {"handler": "h.h", "events": [{"websocket": "$default"}]}}})json");
  compile_events(f->ctx);
  ASSERT_EQ(f->ctx.warnings.size(), 1u);
  EXPECT_NE(f->ctx.warnings[0].find("provider.websocket.useProviderTags"), std::string::npos);
}

}  // namespace
}  // namespace sls::compile::events
