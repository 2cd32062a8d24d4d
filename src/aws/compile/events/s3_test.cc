// compile_s3 and check_s3 against osls 4.3.1's behaviour.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "aws/compile/events/events_test_util.h"
#include "aws/compile/events/registry.h"
#include "config/validate.h"
#include "util/error.h"

namespace sls::compile::events {
namespace {
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::make_fixture;

using testing::issues_of;

// osls 4.3.1: two functions on one bucket (one NotificationConfiguration, a
// permission per function, DependsOn one entry per event), provider.s3 properties after
// BucketName/NotificationConfiguration and its NotificationConfiguration merged in.
TEST(S3Events, EventsOnOneBucketMergeAndProviderPropertiesFollow) {
  auto f = make_fixture(R"json({"service":"svc","provider":{"name":"aws","s3":{"pics":{"name":"my-pics",
      "versioningConfiguration":{"Status":"Enabled"},"notificationConfiguration":{"TopicConfigurations":[
      {"Event":"s3:ObjectCreated:*","Topic":"arn:aws:sns:us-east-1:1:t"}]}}}},"functions":{
      "a":{"handler":"h.h","events":[{"s3":"pics"},{"s3":{"bucket":"pics","event":"s3:ObjectRemoved:*","rules":[{"prefix":"x/"}]}}]},
      "b":{"handler":"h.h","events":[{"s3":"pics"}]}}})json");
  compile_events(f->ctx);
  EXPECT_EQ(f->ctx.resources().dump(), Json::parse(R"json({
    "S3BucketPics":{"Type":"AWS::S3::Bucket","Properties":{"BucketName":"my-pics","NotificationConfiguration":{
      "LambdaConfigurations":[{"Event":"s3:ObjectCreated:*","Function":{"Fn::GetAtt":["ALambdaFunction","Arn"]}},
        {"Event":"s3:ObjectRemoved:*","Function":{"Fn::GetAtt":["ALambdaFunction","Arn"]},"Filter":{"S3Key":{"Rules":[{"Name":"prefix","Value":"x/"}]}}},
        {"Event":"s3:ObjectCreated:*","Function":{"Fn::GetAtt":["BLambdaFunction","Arn"]}}],
      "TopicConfigurations":[{"Event":"s3:ObjectCreated:*","Topic":"arn:aws:sns:us-east-1:1:t"}]},
      "VersioningConfiguration":{"Status":"Enabled"}},
     "DependsOn":["ALambdaPermissionPicsS3","ALambdaPermissionPicsS3","BLambdaPermissionPicsS3"]},
    "ALambdaPermissionPicsS3":{"Type":"AWS::Lambda::Permission","Properties":{"FunctionName":{"Fn::GetAtt":["ALambdaFunction","Arn"]},
      "Action":"lambda:InvokeFunction","Principal":"s3.amazonaws.com","SourceArn":{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":s3:::my-pics"]]},
      "SourceAccount":{"Ref":"AWS::AccountId"}}},
    "BLambdaPermissionPicsS3":{"Type":"AWS::Lambda::Permission","Properties":{"FunctionName":{"Fn::GetAtt":["BLambdaFunction","Arn"]},
      "Action":"lambda:InvokeFunction","Principal":"s3.amazonaws.com","SourceArn":{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":s3:::my-pics"]]},
      "SourceAccount":{"Ref":"AWS::AccountId"}}}})json").dump());
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

// osls 4.3.1 (golden s3-existing has the whole template): one Custom::S3 per function with the
// configs of its events, the alias as FunctionQualifier, ForceDeploy from the function's first
// event, the resources chained by bucket, and the statements on the shared custom-resource role.
TEST(S3Events, ExistingBucketsThroughCustomS3) {
  auto f = make_fixture(R"json({"service":"svc","provider":{"name":"aws"},"functions":{
      "a":{"handler":"h.h","events":[{"s3":{"bucket":"old","existing":true,"rules":[{"suffix":".png"}]}},
        {"s3":{"bucket":"old","existing":true,"event":"s3:ObjectRemoved:*","forceDeploy":true}}]},
      "b":{"handler":"h.h","provisionedConcurrency":1,"events":[{"s3":{"bucket":"old","existing":true,"forceDeploy":true}}]}}})json");
  testing::PackageDir dir(f->ctx, "sls_s3_existing_test");
  compile_events(f->ctx);
  const Json& r = f->ctx.resources();
  EXPECT_EQ(r["ACustomS31"].dump(), Json::parse(R"json({"Type":"Custom::S3","Version":1,
      "DependsOn":["ALambdaFunction","CustomDashresourceDashexistingDashs3LambdaFunction"],
      "Properties":{"ServiceToken":{"Fn::GetAtt":["CustomDashresourceDashexistingDashs3LambdaFunction","Arn"]},
        "FunctionName":"svc-dev-a","BucketName":"old","BucketConfigs":[
          {"Event":"s3:ObjectCreated:*","Rules":[{"Suffix":".png"}]},{"Event":"s3:ObjectRemoved:*","Rules":[]}]}})json").dump());
  EXPECT_EQ(r["BCustomS31"]["DependsOn"], Json::parse(R"(["BLambdaFunction","BProvConcLambdaAlias",
      "CustomDashresourceDashexistingDashs3LambdaFunction","ACustomS31"])"));
  EXPECT_EQ(r["BCustomS31"]["Properties"]["FunctionQualifier"], "provisioned");
  EXPECT_TRUE(r["BCustomS31"]["Properties"]["ForceDeploy"].is_number_integer());
  const Json& statements = r["IamRoleCustomResourcesLambdaExecution"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"];
  ASSERT_EQ(statements.size(), 3u);  // a's bucket, b's bucket (objects are never merged), Lambda permissions
  EXPECT_EQ(statements[2]["Action"], Json::parse(R"(["lambda:AddPermission","lambda:RemovePermission"])"));
  EXPECT_EQ(r["CustomDashresourceDashexistingDashs3LambdaFunction"]["Properties"]["Handler"], "s3/handler.handler");
  EXPECT_TRUE(std::filesystem::exists(dir.path / "custom-resources.zip"));
}

TEST(S3Events, OneExistingBucketPerFunction) {
  EXPECT_THAT(compile_error(R"json({"service":"svc","functions":{"a":{"handler":"h.h","events":[
      {"s3":{"bucket":"old","existing":true}},{"s3":{"bucket":{"Ref":"B"},"existing":true}}]}}})json"),
              HasSubstr("functions.a.events.1.s3): Only one S3 Bucket can be configured per function. In \"svc-dev-a\" "
                        "you're attempting to configure \"old\" and \"{\"Ref\":\"B\"}\" at the same time."));
}

TEST(S3Events, IntrinsicBucketNeedsExisting) {
  EXPECT_THAT(compile_error(R"json({"service":"svc","functions":{"a":{"handler":"h.h","events":[
      {"s3":{"bucket":{"Ref":"B"}}}]}}})json"),
              HasSubstr("you need to specify that the bucket is existing via \"existing: true\""));
}

TEST(S3Events, BucketNamePatternIsCheckedAtCompileTime) {
  EXPECT_THAT(compile_error(R"json({"service":"svc","functions":{"a":{"handler":"h.h","events":[{"s3":"Bad_Name"}]}}})json"),
              HasSubstr("Bad_Name - Bucket name must conform to pattern"));
}

TEST(S3Events, Schema) {
  EXPECT_THAT(issues_of(R"json({"service":"svc","provider":{"name":"aws","s3":{"p":{"versioning":true,"name":"x"}}},
      "functions":{"a":{"handler":"h.h","events":[
      {"s3":{"event":"s3:ObjectCreated:*"}},
      {"s3":{"bucket":"b","event":"ObjectCreated","rules":[{"prefix":"a","suffix":"b"},{"other":"x"}],"existing":"yes"}},
      {"s3":5}]}}})json"),
              ElementsAre("provider.s3.p: unrecognized property 'versioning'",
                          "provider.s3.p.name: must NOT have fewer than 3 characters",
                          "functions.a.events.0.s3: must have required property 'bucket'",
                          "functions.a.events.1.s3.event: must match pattern \"^s3:.+$\"",
                          "functions.a.events.1.s3.existing: must be boolean (true or false), got \"yes\"",
                          "functions.a.events.1.s3.rules.0: must NOT have more than 1 properties",
                          "functions.a.events.1.s3.rules.1: unrecognized property 'other'",
                          "functions.a.events.2.s3: must be a bucket name or an object with \"bucket\", got 5"));
}

TEST(S3Events, ProviderBucketInnerShapes) {
  EXPECT_THAT(issues_of(R"json({"service":"svc","provider":{"name":"aws","s3":{"p":{
      "versioningConfiguration":{"Status":"On"},"tags":[{"Key":"k"}],"bucketEncryption":{},
      "lifecycleConfiguration":{"Ref":"X"}}}},"functions":{}})json"),
              ElementsAre("provider.s3.p.bucketEncryption: must have required property 'ServerSideEncryptionConfiguration'",
                          "provider.s3.p.tags.0: must have required property 'Value'",
                          "provider.s3.p.versioningConfiguration.Status: must be one of [Enabled, Suspended], got \"On\""));
}

}  // namespace
}  // namespace sls::compile::events
