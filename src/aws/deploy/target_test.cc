#include "aws/deploy/target.h"

#include <gtest/gtest.h>

#include <fstream>

#include "util/error.h"

namespace sls::aws::deploy {

TEST(Target, ProviderSettings) {
  EXPECT_EQ(stack_name_for("svc", "dev", Json::object()), "svc-dev");
  EXPECT_EQ(stack_name_for("svc", "dev", Json{{"stackName", "custom"}}), "custom");
  EXPECT_EQ(deployment_prefix(Json::object()), "serverless");
  EXPECT_EQ(deployment_prefix(Json{{"deploymentPrefix", "deploys"}}), "deploys");
  EXPECT_EQ(custom_bucket_name(Json{{"deploymentBucket", "b1"}}), "b1");
  EXPECT_EQ(custom_bucket_name(Json::parse(R"({"deploymentBucket":{"name":"b2"}})")), "b2");
  EXPECT_EQ(custom_bucket_name(Json::parse(R"({"deploymentBucket":{"blockPublicAccess":true}})")), "");
  EXPECT_EQ(deployment_role(Json::parse(R"({"iam":{"deploymentRole":"arn:a"},"cfnRole":"arn:b"})")), "arn:a");
  EXPECT_EQ(deployment_role(Json{{"cfnRole", "arn:b"}}), "arn:b");
}

TEST(Target, ReadPackageNamesWhatIsMissing) {
  auto dir = std::filesystem::temp_directory_path() / ("sls-target-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  try {
    read_package(dir);
    FAIL() << "expected an error";
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("serverless-state.json"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("sls package"), std::string::npos);
  }
  std::ofstream(dir / "serverless-state.json") << R"({"package":{"artifactDirectoryName":"serverless/s/dev/1-x"}})";
  std::ofstream(dir / "cloudformation-template-update-stack.json") << R"({"Resources":{}})";
  Package p = read_package(dir);
  EXPECT_EQ(p.artifact_directory, "serverless/s/dev/1-x");
  EXPECT_FALSE(p.core_template.has_value());
  std::filesystem::remove_all(dir);
}

}  // namespace sls::aws::deploy
