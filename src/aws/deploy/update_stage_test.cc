// osls's update-stage hack: the patch operations (as osls 4.3.1's update-stage.js builds
// them: handleTracing, handleMetrics, handleLogs, handleTags) and the request sequence
// against a scripted loopback fake (moto has no API Gateway stage settings).
#include "aws/deploy/update_stage.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <mutex>

#include "aws/api/test_server.h"
#include "util/error.h"

namespace sls::aws::deploy {
namespace {

const StageContext kStage{"svc", "dev", "eu-west-1", "aws", "123456789012"};

Json ops_for(const std::string& provider) { return stage_patch_operations(Json::parse(provider), kStage); }

}  // namespace

TEST(UpdateStage, WhatCountsAsConfigured) {
  EXPECT_FALSE(stage_settings_configured(Json::parse(R"({"name":"aws"})")));
  EXPECT_FALSE(stage_settings_configured(Json::parse(R"({"logs":{"restApi":null},"tracing":{"lambda":true}})")));
  EXPECT_TRUE(stage_settings_configured(Json::parse(R"({"logs":{"restApi":false}})")));
  EXPECT_TRUE(stage_settings_configured(Json::parse(R"({"tracing":{"apiGateway":false}})")));
  EXPECT_TRUE(stage_settings_configured(Json::parse(R"({"apiGateway":{"metrics":false}})")));
  EXPECT_TRUE(stage_settings_configured(Json::parse(R"({"stackTags":{}})")));
}

TEST(UpdateStage, LogsTrueUsesOslsDefaults) {
  EXPECT_EQ(ops_for(R"({"tracing":{"apiGateway":true},"apiGateway":{"metrics":false},"logs":{"restApi":true}})"),
            Json::parse(R"([
    {"op":"replace","path":"/tracingEnabled","value":"true"},
    {"op":"replace","path":"/*/*/metrics/enabled","value":"false"},
    {"op":"replace","path":"/accessLogSettings/destinationArn","value":"arn:aws:logs:eu-west-1:123456789012:log-group:/aws/api-gateway/svc-dev"},
    {"op":"replace","path":"/accessLogSettings/format","value":"requestId: $context.requestId, ip: $context.identity.sourceIp, caller: $context.identity.caller, user: $context.identity.user, requestTime: $context.requestTime, httpMethod: $context.httpMethod, resourcePath: $context.resourcePath, status: $context.status, protocol: $context.protocol, responseLength: $context.responseLength"},
    {"op":"replace","path":"/*/*/logging/dataTrace","value":"true"},
    {"op":"replace","path":"/*/*/logging/loglevel","value":"INFO"}])"));
}

TEST(UpdateStage, LogOptions) {
  EXPECT_EQ(ops_for(R"({"logs":{"restApi":{"format":"$context.requestId","level":"ERROR","fullExecutionData":false}}})"),
            Json::parse(R"([
    {"op":"replace","path":"/accessLogSettings/destinationArn","value":"arn:aws:logs:eu-west-1:123456789012:log-group:/aws/api-gateway/svc-dev"},
    {"op":"replace","path":"/accessLogSettings/format","value":"$context.requestId"},
    {"op":"replace","path":"/*/*/logging/dataTrace","value":"false"},
    {"op":"replace","path":"/*/*/logging/loglevel","value":"ERROR"}])"));
  EXPECT_EQ(ops_for(R"({"logs":{"restApi":{"accessLogging":false,"executionLogging":false,"level":"ERROR"}}})"),
            Json::parse(R"([
    {"op":"remove","path":"/accessLogSettings"},
    {"op":"replace","path":"/*/*/logging/dataTrace","value":"true"},
    {"op":"replace","path":"/*/*/logging/loglevel","value":"OFF"}])"));
  EXPECT_EQ(ops_for(R"({"logs":{"restApi":false}})"), Json::parse(R"([
    {"op":"replace","path":"/*/*/logging/dataTrace","value":"false"},
    {"op":"replace","path":"/*/*/logging/loglevel","value":"OFF"}])"));
}

TEST(UpdateStage, TagsAgainstTheStagesCurrentTags) {
  TagChanges t = stage_tag_changes(Json::parse(R"({"stackTags":{"a":"1","n":2},"tags":{"a":"x","b":true}})"),
                                   Json::parse(R"({"old":"v","aws:cloudformation:stack-name":"s","b":"true"})"));
  EXPECT_EQ(t.tags, Json::parse(R"({"a":"x","n":"2","b":"true"})"));
  EXPECT_EQ(t.remove, std::vector<std::string>{"old"});
  TagChanges same = stage_tag_changes(Json::parse(R"({"tags":{"a":"1"}})"), Json::parse(R"({"a":"1"})"));
  EXPECT_TRUE(same.tags.empty());
  EXPECT_TRUE(same.remove.empty());
}

TEST(UpdateStage, RequestSequenceForANewStage) {
  auto dir = std::filesystem::temp_directory_path() / ("sls-update-stage-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  Package package;
  package.dir = dir;
  package.state = Json::parse(R"({"service":{"service":"svc","provider":{"name":"aws","tags":{"team":"core"},
      "logs":{"restApi":{"accessLogging":false}}},
      "functions":{"f":{"events":[{"http":"GET /x"}]}}}})");
  package.compiled_template = Json::parse(R"({"Resources":{
      "ApiGatewayRestApi":{"Type":"AWS::ApiGateway::RestApi","Properties":{"Name":"dev-svc"}},
      "ApiGatewayDeployment1":{"Type":"AWS::ApiGateway::Deployment","Properties":{"RestApiId":{"Ref":"ApiGatewayRestApi"}}}}})");
  Target target{"svc", "dev", "us-east-1", "svc-dev", package.state["service"]["provider"]};

  api::testing::LocalServer s;
  std::vector<std::string> calls;
  std::mutex mu;
  auto record = [&](const std::string& what) {
    std::lock_guard<std::mutex> lock(mu);
    calls.push_back(what);
  };
  s.server.Post("/", [&](const httplib::Request& req, httplib::Response& res) {
    if (req.body.find("Action=GetCallerIdentity") != std::string::npos) {
      record("sts GetCallerIdentity");
      res.set_content("<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/u"
                      "</Arn><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>",
                      "text/xml");
    } else {
      record("logs " + req.get_header_value("X-Amz-Target") + " " + req.body);
      res.status = 400;
      res.set_content(R"({"__type":"ResourceNotFoundException","message":"gone"})", "application/x-amz-json-1.1");
    }
  });
  s.server.Get("/restapis", [&](const httplib::Request& req, httplib::Response& res) {
    record("GET /restapis position=" + req.get_param_value("position"));
    if (req.get_param_value("position").empty())
      res.set_content(R"({"item":[{"id":"other","name":"prod-svc"}],"position":"p2"})", "application/json");
    else
      res.set_content(R"({"item":[{"id":"api1","name":"dev-svc"}]})", "application/json");
  });
  s.server.Get("/restapis/api1/deployments", [&](const httplib::Request&, httplib::Response& res) {
    record("GET deployments");
    res.set_content(R"({"item":[{"id":"dep1"}]})", "application/json");
  });
  s.server.Get("/restapis/api1/stages/dev", [&](const httplib::Request&, httplib::Response& res) {
    record("GET stage");
    res.status = 404;
    res.set_header("x-amzn-ErrorType", "NotFoundException");
    res.set_content(R"({"message":"Invalid stage identifier specified"})", "application/json");
  });
  s.server.Post("/restapis/api1/stages", [&](const httplib::Request& req, httplib::Response& res) {
    record("POST stages " + req.body);
    res.status = 201;
    res.set_content("{}", "application/json");
  });
  s.server.Patch("/restapis/api1/stages/dev", [&](const httplib::Request& req, httplib::Response& res) {
    record("PATCH stage " + req.body);
    res.set_content("{}", "application/json");
  });
  s.server.Put(R"(/tags/(.*))", [&](const httplib::Request& req, httplib::Response& res) {
    record("PUT " + req.path + " " + req.body);
    res.status = 204;
  });
  s.start();
  api::HttpClient http;
  update_stage(s.context(http), target, package, Reporter{});
  EXPECT_EQ(calls, (std::vector<std::string>{
                       "sts GetCallerIdentity",
                       "GET /restapis position=",
                       "GET /restapis position=p2",
                       "GET deployments",
                       "GET stage",
                       R"(POST stages {"deploymentId":"dep1","stageName":"dev"})",
                       R"(PATCH stage {"patchOperations":[{"op":"remove","path":"/accessLogSettings"},)"
                       R"({"op":"replace","path":"/*/*/logging/dataTrace","value":"true"},)"
                       R"({"op":"replace","path":"/*/*/logging/loglevel","value":"INFO"}]})",
                       R"(PUT /tags/arn:aws:apigateway:us-east-1::/restapis/api1/stages/dev {"tags":{"team":"core"}})",
                       R"(logs Logs_20140328.DeleteLogGroup {"logGroupName":"/aws/api-gateway/svc-dev"})"}));
  std::filesystem::remove_all(dir);
}

TEST(UpdateStage, UnconfiguredServicesMakeNoCall) {
  Package package;
  package.state = Json::parse(R"({"service":{"service":"svc","provider":{"name":"aws"},"functions":{}}})");
  Target target{"svc", "dev", "us-east-1", "svc-dev", Json::object()};
  api::HttpClient http;
  api::AwsContext ctx;  // no server: any call would fail
  ctx.http = &http;
  EXPECT_NO_THROW(update_stage(ctx, target, package, Reporter{}));
}

}  // namespace sls::aws::deploy
