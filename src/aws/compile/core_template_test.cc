#include <gtest/gtest.h>

#include "aws/compile/core_test_support.h"
#include "util/error.h"

namespace sls::compile {
namespace {

using testing::Fixture;

Json config_with(Json provider) {
  provider["name"] = "aws";
  return {{"service", "svc"}, {"provider", provider}};
}

TEST(CoreTemplate, DefaultMatchesOslsCreateTemplate) {
  // osls 4.3.1's create-stack template for a service with a plain provider.
  Json expected = testing::read_json(testing::fixture_dir("layers") / "expected-create.json");
  Fixture f(config_with(Json::object()), "/tmp");
  generate_core_template(*f.ctx);
  EXPECT_TRUE(testing::same_json(f.ctx->create_template, expected));
  EXPECT_TRUE(testing::same_json(f.ctx->template_, expected));
}

TEST(CoreTemplate, BucketOptionsMatchOsls) {
  auto dir = testing::fixture_dir("basic");
  Fixture f(testing::read_json(dir / "serverless.json"), dir);
  generate_core_template(*f.ctx);
  EXPECT_TRUE(testing::same_json(f.ctx->create_template, testing::read_json(dir / "expected-create.json")));
}

TEST(CoreTemplate, NamedBucketDropsBucketResources) {
  Fixture f(config_with({{"deploymentBucket", {{"name", "my-bucket"}, {"serverSideEncryption", "AES256"}}}}),
            "/tmp");
  generate_core_template(*f.ctx);
  EXPECT_EQ(f.ctx->template_["Resources"], Json::object());
  EXPECT_EQ(f.ctx->template_["Outputs"]["ServerlessDeploymentBucketName"]["Value"], "my-bucket");
  EXPECT_TRUE(f.ctx->create_template.empty());

  Fixture s(config_with({{"deploymentBucket", "plain-name"}}), "/tmp");
  generate_core_template(*s.ctx);
  EXPECT_EQ(s.ctx->template_["Outputs"]["ServerlessDeploymentBucketName"]["Value"], "plain-name");
}

TEST(CoreTemplate, SkipPolicySetupAndAcceleration) {
  Fixture f(config_with({{"deploymentBucket", {{"skipPolicySetup", true}}}}), "/tmp");
  f.service->options.values["aws-s3-accelerate"] = true;
  generate_core_template(*f.ctx);
  EXPECT_FALSE(f.ctx->template_["Resources"].contains("ServerlessDeploymentBucketPolicy"));
  EXPECT_EQ(f.ctx->template_["Resources"]["ServerlessDeploymentBucket"]["Properties"]["AccelerateConfiguration"]
                            ["AccelerationStatus"],
            "Enabled");
  EXPECT_EQ(f.ctx->template_["Outputs"]["ServerlessDeploymentBucketAccelerated"]["Value"], true);

  Fixture named(config_with({{"deploymentBucket", "b"}}), "/tmp");
  named.service->options.values["aws-s3-accelerate"] = true;
  EXPECT_THROW(generate_core_template(*named.ctx), UserError);
}

}  // namespace
}  // namespace sls::compile
