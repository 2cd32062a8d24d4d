#include <gtest/gtest.h>

#include "aws/compile/core_test_support.h"
#include "util/error.h"

namespace sls::compile {
namespace {

TEST(CompileLayers, ResourcesAndOutputsMatchOsls) {
  auto dir = testing::fixture_dir("layers");
  Json expected = testing::read_json(dir / "expected-update.json");
  testing::Fixture f(testing::read_json(dir / "serverless.json"), dir);
  generate_core_template(*f.ctx);
  f.ctx->artifact_directory_name = testing::artifact_dir_of(expected);
  compile_layers(*f.ctx);
  for (const auto& [id, res] : f.ctx->template_["Resources"].items())
    EXPECT_TRUE(testing::same_json(res, expected["Resources"][id])) << id;
  for (const auto& [id, out] : f.ctx->template_["Outputs"].items()) {
    Json want = expected["Outputs"][id];
    want.erase("Export");  // added at finalize
    EXPECT_TRUE(testing::same_json(out, want)) << id;
  }
  EXPECT_TRUE(f.ctx->template_["Resources"].contains("KeptLambdaLayer4b4afda429161e135fa9a3657fef646210479fee"));
}

TEST(CompileLayers, UsesLayerArtifactFromContext) {
  auto dir = testing::fixture_dir("layers");
  testing::Fixture f({{"service", "s"}, {"provider", {{"name", "aws"}, {"deploymentBucket", "bkt"}}},
                      {"layers", {{"one", {{"path", "x"}}}}}},
                     "/nonexistent");
  f.ctx->layer_artifacts["one"] = testing::artifact_at(dir, "common.zip");
  f.ctx->artifact_directory_name = "p";
  generate_core_template(*f.ctx);
  compile_layers(*f.ctx);
  const Json& content = f.ctx->template_["Resources"]["OneLambdaLayer"]["Properties"]["Content"];
  EXPECT_EQ(content["S3Bucket"], "bkt");
  EXPECT_EQ(content["S3Key"], "p/common.zip");
}

TEST(CompileLayers, MissingZipIsAUserError) {
  testing::Fixture f({{"service", "s"}, {"provider", {{"name", "aws"}}}, {"layers", {{"one", {{"path", "x"}}}}}},
                     "/nonexistent");
  generate_core_template(*f.ctx);
  EXPECT_THROW(compile_layers(*f.ctx), UserError);
}

}  // namespace
}  // namespace sls::compile
