// compile_cloud_front, its lifecycle steps and its schema, against osls 4.3.1.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "aws/compile/events/events_test_util.h"
#include "aws/compile/events/registry.h"
#include "util/error.h"

namespace sls::compile::events {
namespace {
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::issues_of;
using testing::make_fixture;

// A fixture whose functions already have their resources and versions, as
// compileFunctions leaves them, and the shared role.
std::unique_ptr<testing::Fixture> compiled(const std::string& config) {
  auto f = make_fixture(config);
  for (const auto& [fn, body] : f->ctx.functions().items()) {
    f->ctx.resources()[std::string(1, static_cast<char>(std::toupper(fn[0]))) + fn.substr(1) + "LambdaFunction"] = {
        {"Type", "AWS::Lambda::Function"},
        {"Properties", {{"Environment", {{"Variables", {{"A", "b"}}}}}, {"VpcConfig", Json::object()}, {"Handler", "h.h"}}}};
    f->ctx.version_logical_ids[fn] = fn + "Version";
  }
  f->ctx.resources()["IamRoleLambdaExecution"] = Json::parse(R"json({"Type":"AWS::IAM::Role","Properties":{
      "AssumeRolePolicyDocument":{"Statement":[{"Effect":"Allow","Principal":{"Service":["lambda.amazonaws.com"]}}]},
      "Policies":[{"PolicyDocument":{"Statement":[]}}]}})json");
  return f;
}

std::string compile_error(testing::Fixture& f) {
  try {
    compile_cloud_front(f.ctx, collect_events(f.ctx, "cloudFront"));
  } catch (const UserError& e) {
    return e.what();
  }
  return "";
}

TEST(CloudFrontEvents, StringOriginsBuildOneDistribution) {
  auto f = compiled(R"json({"service":"svc","functions":{"a":{"handler":"h.h","events":[
      {"cloudFront":{"eventType":"viewer-request","origin":"https://User@App.Example.com:8443/?q=1"}},
      {"cloudFront":{"eventType":"origin-request","includeBody":true,"origin":"s3://b.s3.amazonaws.com/files",
                     "pathPattern":"/files/*"}}]}}})json");
  compile_cloud_front(f->ctx, collect_events(f->ctx, "cloudFront"));
  const Json& config = f->ctx.resources()["CloudFrontDistribution"]["Properties"]["DistributionConfig"];
  EXPECT_EQ(config.dump(), Json::parse(R"json({"Comment":"svc dev","Enabled":true,
    "DefaultCacheBehavior":{"ViewerProtocolPolicy":"allow-all","CachePolicyId":"658327ea-f89d-4fab-a63d-7e88639e58f6",
      "TargetOriginId":"custom/app.example.com",
      "LambdaFunctionAssociations":[{"EventType":"viewer-request","LambdaFunctionARN":{"Ref":"aVersion"}}]},
    "Origins":[{"DomainName":"app.example.com","CustomOriginConfig":{"OriginProtocolPolicy":"match-viewer"},
                "Id":"custom/app.example.com"},
               {"DomainName":"b.s3.amazonaws.com","OriginPath":"/files","S3OriginConfig":{},
                "Id":"s3/b.s3.amazonaws.com/files"}],
    "CacheBehaviors":[{"ViewerProtocolPolicy":"allow-all","CachePolicyId":"658327ea-f89d-4fab-a63d-7e88639e58f6",
      "TargetOriginId":"s3/b.s3.amazonaws.com/files",
      "LambdaFunctionAssociations":[{"EventType":"origin-request","LambdaFunctionARN":{"Ref":"aVersion"},
                                     "IncludeBody":true}],
      "PathPattern":"/files/*"}]})json").dump());
  const Json& fn = f->ctx.resources()["ALambdaFunction"];
  EXPECT_EQ(fn["Properties"].dump(), R"({"Handler":"h.h"})");
  EXPECT_EQ(fn["DeletionPolicy"], "Retain");
  EXPECT_EQ(f->ctx.resources()["ALambdaFunctionInvokePermission"]["Properties"]["Principal"], "edgelambda.amazonaws.com");
  EXPECT_EQ(f->ctx.outputs()["CloudFrontDistributionDomainName"]["Value"].dump(),
            R"({"Fn::GetAtt":["CloudFrontDistribution","DomainName"]})");
}

TEST(CloudFrontEvents, SharedRoleOpenedToLambdaAtEdge) {
  auto f = compiled(R"json({"service":"svc","functions":{"a":{"handler":"h.h","events":[
      {"cloudFront":{"eventType":"viewer-request","origin":"https://x.com"}}]}}})json");
  compile_cloud_front(f->ctx, collect_events(f->ctx, "cloudFront"));
  const Json& props = f->ctx.resources()["IamRoleLambdaExecution"]["Properties"];
  EXPECT_EQ(props["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["Service"].dump(),
            R"(["lambda.amazonaws.com","edgelambda.amazonaws.com"])");
  EXPECT_EQ(props["Policies"][0]["PolicyDocument"]["Statement"].dump(),
            R"([{"Effect":"Allow","Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents",)"
            R"("logs:TagResource"],"Resource":[{"Fn::Sub":"arn:${AWS::Partition}:logs:*:*:*"}]}])");
}

TEST(CloudFrontEvents, SameBehaviorMergesAssociationsAndDefaultBehaviorIsSynthesized) {
  auto f = compiled(R"json({"service":"svc","functions":{"a":{"handler":"h.h","events":[
      {"cloudFront":{"eventType":"viewer-request","pathPattern":"/api/*","origin":"https://x.com",
                     "behavior":{"ForwardedValues":{"QueryString":true}}}},
      {"cloudFront":{"eventType":"viewer-response","pathPattern":"/api/*","origin":"https://x.com"}}]}}})json");
  compile_cloud_front(f->ctx, collect_events(f->ctx, "cloudFront"));
  const Json& config = f->ctx.resources()["CloudFrontDistribution"]["Properties"]["DistributionConfig"];
  EXPECT_EQ(config["DefaultCacheBehavior"].dump(),
            R"({"ViewerProtocolPolicy":"allow-all","ForwardedValues":{"QueryString":true},)"
            R"("TargetOriginId":"custom/x.com","CachePolicyId":"658327ea-f89d-4fab-a63d-7e88639e58f6"})");
  ASSERT_EQ(config["CacheBehaviors"].size(), 1u);
  EXPECT_EQ(config["CacheBehaviors"][0]["LambdaFunctionAssociations"].size(), 2u);
}

TEST(CloudFrontEvents, IntrinsicDomainNameNamesTheOrigin) {
  auto f = compiled(R"json({"service":"svc","functions":{"a":{"handler":"h.h","events":[
      {"cloudFront":{"eventType":"viewer-request","origin":{"DomainName":{"Fn::GetAtt":["Bucket","DomainName"]},
                     "S3OriginConfig":{}}}}]}}})json");
  compile_cloud_front(f->ctx, collect_events(f->ctx, "cloudFront"));
  EXPECT_EQ(f->ctx.resources()["CloudFrontDistribution"]["Properties"]["DistributionConfig"]["Origins"][0]["Id"],
            "s3/FnGetAttBucketDomainName");
}

TEST(CloudFrontEvents, CachePoliciesByNameAndId) {
  auto f = compiled(R"json({"service":"svc","provider":{"cloudFront":{"cachePolicies":{"my-p":{"MinTTL":0},
      "spare":{"MinTTL":1}}}},
      "functions":{"a":{"handler":"h.h","events":[
      {"cloudFront":{"eventType":"viewer-request","origin":"https://x.com","cachePolicy":{"name":"my-p"}}},
      {"cloudFront":{"eventType":"viewer-request","origin":"https://x.com","pathPattern":"/p",
                     "cachePolicy":{"id":"abc"}}}]}}})json");
  compile_cloud_front(f->ctx, collect_events(f->ctx, "cloudFront"));
  EXPECT_EQ(f->ctx.resources()["CloudFrontCachePolicyMyDashp"].dump(),
            R"({"Type":"AWS::CloudFront::CachePolicy","Properties":{"CachePolicyConfig":{"MinTTL":0,"Name":"svc-dev-my-p"}}})");
  const Json& config = f->ctx.resources()["CloudFrontDistribution"]["Properties"]["DistributionConfig"];
  EXPECT_EQ(config["DefaultCacheBehavior"]["CachePolicyId"].dump(), R"({"Ref":"CloudFrontCachePolicyMyDashp"})");
  EXPECT_EQ(config["CacheBehaviors"][0]["CachePolicyId"], "abc");
  EXPECT_THAT(f->ctx.warnings, ElementsAre("Setting \"provider.cloudFront.cachePolicies.spare\" is not used by any "
                                           "cloudFront event configuration."));
}

TEST(CloudFrontEvents, Rejections) {
  auto region = compiled(R"json({"service":"svc","provider":{"region":"eu-west-1"},"functions":{"a":{"handler":"h.h",
      "events":[{"cloudFront":{"origin":"https://x.com"}}]}}})json");
  EXPECT_EQ(compile_error(*region), "CloudFront associated functions have to be deployed to the us-east-1 region.");
  auto policy = compiled(R"json({"service":"svc","functions":{"a":{"handler":"h.h",
      "events":[{"cloudFront":{"origin":"https://x.com","cachePolicy":{"name":"nope"}}}]}}})json");
  EXPECT_EQ(compile_error(*policy), "Event references not configured cache policy 'nope'");
  // The same association twice is merged away; two functions on one event type are not.
  auto types = compiled(R"json({"service":"svc","functions":{"a":{"handler":"h.h","events":[
      {"cloudFront":{"eventType":"viewer-request","origin":"https://x.com"}},
      {"cloudFront":{"eventType":"viewer-request","origin":"https://x.com"}}]},
      "b":{"handler":"h.h","events":[{"cloudFront":{"eventType":"viewer-request","origin":"https://x.com"}}]}}})json");
  EXPECT_EQ(compile_error(*types), "The event type of a function association must be unique in the cache behavior");
  auto paths = compiled(R"json({"service":"svc","functions":{"a":{"handler":"h.h","events":[
      {"cloudFront":{"origin":"https://x.com","pathPattern":"/a"}},
      {"cloudFront":{"origin":"https://y.com","pathPattern":"/a"}}]}}})json");
  EXPECT_EQ(compile_error(*paths), "Found more than one behavior with the same PathPattern");
  auto defaults = compiled(R"json({"service":"svc","functions":{"a":{"handler":"h.h","events":[
      {"cloudFront":{"origin":"https://x.com","pathPattern":"/a"}},
      {"cloudFront":{"origin":"https://y.com","pathPattern":"/b"}}]}}})json");
  EXPECT_THAT(compile_error(*defaults), HasSubstr("none of the cloudfront event has \"isDefaultOrigin\" defined"));
}

TEST(CloudFrontEvents, LimitsAndFunctionDefaults) {
  auto f = make_fixture(R"json({"service":"svc","functions":{
      "a":{"handler":"h.h","events":[{"cloudFront":{"eventType":"origin-request","origin":"https://x.com"}}]},
      "b":{"handler":"h.h","memorySize":512,"events":[{"cloudFront":{"eventType":"origin-response","origin":"https://x.com"}}]},
      "c":{"handler":"h.h"}}})json");
  check_cloud_front_limits(f->ctx);
  prepare_cloud_front_functions(f->ctx);
  const Json& fns = f->ctx.service.config["functions"];
  EXPECT_EQ(fns["a"]["versionFunction"], true);
  EXPECT_EQ(fns["a"]["memorySize"], 128);
  EXPECT_EQ(fns["a"]["timeout"], 5);
  EXPECT_EQ(fns["b"]["memorySize"], 512);
  EXPECT_FALSE(fns["c"].contains("versionFunction"));

  auto big = make_fixture(R"json({"service":"svc","functions":{"a":{"handler":"h.h","timeout":6,
      "events":[{"cloudFront":{"origin":"https://x.com"}}]}}})json");
  try {
    check_cloud_front_limits(big->ctx);
    FAIL() << "expected a UserError";
  } catch (const UserError& e) {
    EXPECT_STREQ(e.what(), "\"a\" timeout is greater than 5 which is not supported by Lambda@Edge functions of type "
                           "\"default\"");
  }
}

TEST(CloudFrontEvents, RemoveReminder) {
  EXPECT_EQ(cloud_front_remove_reminder(Json::parse(R"({"a":{"events":[{"sqs":"arn:x"}]},"b":null})")), "");
  EXPECT_THAT(cloud_front_remove_reminder(Json::parse(R"({"a":{"events":[{"cloudFront":{}}]}})")),
              HasSubstr("Don't forget to manually remove your Lambda@Edge functions"));
}

TEST(CloudFrontEvents, Schema) {
  EXPECT_THAT(
      issues_of(R"json({"service":"svc","provider":{"name":"aws"},"functions":{"a":{"handler":"h.h","events":[
      {"cloudFront":{"eventType":"nope","origin":"not a uri","pathPattern":"/a b","x":1}},
      {"cloudFront":{"origin":{"DomainName":"x.com"},"cachePolicy":{"id":"a","name":"b"},
                     "behavior":{"AllowedMethods":["GET","PUT"]}}}]}}})json"),
      ElementsAre("functions.a.events.0.cloudFront: unrecognized property 'x'",
                  HasSubstr("functions.a.events.0.cloudFront.eventType: must be one of [viewer-request"),
                  HasSubstr("functions.a.events.0.cloudFront.origin: unsupported configuration format"),
                  HasSubstr("functions.a.events.0.cloudFront.pathPattern: must match pattern"),
                  HasSubstr("functions.a.events.1.cloudFront.behavior.AllowedMethods: unsupported configuration format"),
                  HasSubstr("functions.a.events.1.cloudFront.cachePolicy: unsupported configuration format"),
                  HasSubstr("functions.a.events.1.cloudFront.origin: unsupported configuration format")));
  EXPECT_THAT(issues_of(R"json({"service":"svc","provider":{"name":"aws","cloudFront":{"cachePolicies":{"p":{
      "DefaultTTL":-1,"MaxTTL":1,"MinTTL":1,"ParametersInCacheKeyAndForwardedToOrigin":{
      "CookiesConfig":{"CookieBehavior":"none"},"EnableAcceptEncodingGzip":true,"HeadersConfig":{"HeaderBehavior":"none"},
      "QueryStringsConfig":{"QueryStringBehavior":"all"}}}}}}})json"),
              ElementsAre(HasSubstr("provider.cloudFront.cachePolicies.p.DefaultTTL: must be >= 0")));
}

}  // namespace
}  // namespace sls::compile::events
