#include <gtest/gtest.h>

#include <regex>

#include "aws/compile/core_test_support.h"

namespace sls::compile {
namespace {

TEST(ArtifactDirectory, FormatLikeOsls) {
  testing::Fixture f({{"service", "svc"}, {"provider", {{"name", "aws"}, {"stage", "qa"}}}}, "/tmp");
  generate_artifact_directory_name(*f.ctx);
  // e.g. serverless/svc/qa/1795709171605-2026-11-26T16:06:11.605Z
  std::smatch m;
  const std::string name = f.ctx->artifact_directory_name;
  ASSERT_TRUE(std::regex_match(name, m, std::regex(R"(serverless/svc/qa/(\d{13})-(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.(\d{3})Z))")))
      << name;
  EXPECT_EQ(m[1].str().substr(10), m[3].str());  // same instant: ms agree
}

TEST(ArtifactDirectory, KeepsExistingNameAndUsesPrefix) {
  testing::Fixture f({{"service", "svc"}, {"provider", {{"name", "aws"}, {"deploymentPrefix", "pre"}}}}, "/tmp");
  generate_artifact_directory_name(*f.ctx);
  EXPECT_EQ(f.ctx->artifact_directory_name.rfind("pre/svc/dev/", 0), 0u);
  std::string first = f.ctx->artifact_directory_name;
  generate_artifact_directory_name(*f.ctx);
  EXPECT_EQ(f.ctx->artifact_directory_name, first);
}

}  // namespace
}  // namespace sls::compile
