// End-to-end checks of the AWS clients against a local moto server
// (`moto_server -H 127.0.0.1 -p PORT`). Loopback only, fake credentials.
// Run alone with --gtest_filter='MotoE2E*'; skipped when moto_server is not on PATH.
#include <gtest/gtest.h>

#include "aws/api/moto_test_server.h"
#include <unistd.h>

#include <filesystem>
#include <thread>

#include "aws/api/cloudformation.h"
#include "aws/api/s3.h"
#include "aws/api/sts.h"
#include "util/error.h"

namespace sls::aws::api {
namespace {

class MotoE2E : public ::testing::Test {
 protected:
  // One moto server for the whole suite, in its own process group.
  static inline MotoTestServer moto_;

  static void SetUpTestSuite() { moto_.start(); }
  static void TearDownTestSuite() { moto_.stop(); }
  static std::string origin() { return moto_.origin(); }

  void SetUp() override {
    if (!moto_.running()) GTEST_SKIP() << "moto_server is not on PATH";
  }

  AwsContext context() {
    AwsContext c;
    c.http = &http_;
    c.credentials = {"testing", "testing", "testing", {}, "test"};
    c.region = "us-east-1";
    c.env = map_env({{"AWS_ENDPOINT_URL", origin()}});
    return c;
  }

  HttpClient http_;
};

TEST_F(MotoE2E, S3BucketAndObjects) {
  AwsContext ctx = context();
  const std::string bucket = "sls-e2e-objects";
  EXPECT_FALSE(s3::head_bucket(ctx, bucket));
  s3::create_bucket(ctx, bucket);
  EXPECT_TRUE(s3::head_bucket(ctx, bucket));
  EXPECT_EQ(s3::get_bucket_location(ctx, bucket), "us-east-1");

  s3::PutObjectOptions o;
  o.content_type = "application/zip";
  o.metadata["filesha256"] = "c2hh";
  s3::put_object(ctx, bucket, "serverless/svc/dev/1/svc.zip", std::string("PK\x03\x04\0bin", 7), o);
  s3::put_object(ctx, bucket, "serverless/svc/dev/1/compiled template.json", "{}");
  s3::put_object(ctx, bucket, "other/x.txt", "x");

  auto head = s3::head_object(ctx, bucket, "serverless/svc/dev/1/svc.zip");
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->size, 7);
  EXPECT_EQ(head->metadata["filesha256"], "c2hh");
  EXPECT_FALSE(s3::head_object(ctx, bucket, "nope").has_value());
  EXPECT_EQ(s3::get_object(ctx, bucket, "serverless/svc/dev/1/compiled template.json"), "{}");
  EXPECT_EQ(s3::get_object(ctx, bucket, "serverless/svc/dev/1/svc.zip"), std::string("PK\x03\x04\0bin", 7));

  auto listed = s3::list_objects_v2(ctx, bucket, "serverless/");
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].key, "serverless/svc/dev/1/compiled template.json");
  EXPECT_EQ(s3::list_objects_v2(ctx, bucket).size(), 3u);

  s3::delete_objects(ctx, bucket, {listed[0].key, listed[1].key, "other/x.txt"});
  EXPECT_TRUE(s3::list_objects_v2(ctx, bucket).empty());
  s3::delete_bucket(ctx, bucket);
  EXPECT_FALSE(s3::head_bucket(ctx, bucket));

  try {
    s3::get_object(ctx, "sls-e2e-missing-bucket", "k");
    FAIL();
  } catch (const UserError& e) {
    EXPECT_EQ(e.code, "NoSuchBucket");
  }
}

TEST_F(MotoE2E, StsGetCallerIdentity) {
  CallerIdentity id = sts_get_caller_identity(context());
  EXPECT_EQ(id.account, "123456789012");
  EXPECT_FALSE(id.arn.empty());
}

TEST_F(MotoE2E, CloudFormationStackLifecycle) {
  AwsContext ctx = context();
  const std::string stack = "sls-e2e-stack";
  const std::string body = R"({"AWSTemplateFormatVersion":"2010-09-09","Resources":{)"
                           R"("ServerlessDeploymentBucket":{"Type":"AWS::S3::Bucket"}},)"
                           R"("Outputs":{"ServerlessDeploymentBucketName":{"Value":{"Ref":"ServerlessDeploymentBucket"}}}})";
  EXPECT_FALSE(cfn::describe_stack(ctx, stack).has_value());
  cfn::validate_template(ctx, body);

  cfn::StackInput in;
  in.stack_name = stack;
  in.template_body = body;
  in.capabilities = {"CAPABILITY_IAM"};
  in.tags = {{"STAGE", "dev"}};
  std::string id = cfn::create_stack(ctx, in);
  EXPECT_FALSE(id.empty());

  std::optional<cfn::Stack> s;
  for (int i = 0; i < 100; ++i) {
    s = cfn::describe_stack(ctx, stack);
    if (s && !s->status.ends_with("_IN_PROGRESS")) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->status, "CREATE_COMPLETE");
  ASSERT_EQ(s->outputs.size(), 1u);
  EXPECT_EQ(s->outputs[0].first, "ServerlessDeploymentBucketName");
  const std::string bucket = s->outputs[0].second;
  EXPECT_TRUE(s3::head_bucket(ctx, bucket));

  auto resource = cfn::describe_stack_resource(ctx, stack, "ServerlessDeploymentBucket");
  EXPECT_EQ(resource.physical_id, bucket);
  EXPECT_EQ(resource.type, "AWS::S3::Bucket");
  auto listed = cfn::list_stack_resources(ctx, stack);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].logical_id, "ServerlessDeploymentBucket");
  EXPECT_EQ(cfn::describe_stack_resources(ctx, stack).size(), 1u);
  EXPECT_FALSE(cfn::describe_stack_events(ctx, stack).events.empty());
  EXPECT_NE(cfn::get_template(ctx, stack).find("ServerlessDeploymentBucket"), std::string::npos);

  cfn::delete_stack(ctx, stack);
  for (int i = 0; i < 100; ++i) {
    s = cfn::describe_stack(ctx, stack);
    if (!s || s->status == "DELETE_COMPLETE") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(!s || s->status == "DELETE_COMPLETE");
}

}  // namespace
}  // namespace sls::aws::api
