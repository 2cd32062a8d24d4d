// End-to-end checks of the core steps against templates osls 4.3.1 produced
// for the same serverless.yml (testdata/*/expected-update.json) and zips.
#include <gtest/gtest.h>

#include "aws/compile/core_test_support.h"
#include "util/error.h"

namespace sls::compile {
namespace {

using testing::Fixture;
using testing::fixture_dir;
using testing::read_json;

void expect_same_template(const std::string& name, std::map<std::string, std::string> fn_zips = {}) {
  auto dir = fixture_dir(name);
  Json expected = read_json(dir / "expected-update.json");
  Fixture f(read_json(dir / "serverless.json"), dir);
  for (const auto& [fn, zip] : fn_zips) f.ctx->function_artifacts[fn] = testing::artifact_at(dir, zip);
  f.run_all(testing::artifact_dir_of(expected));
  EXPECT_TRUE(testing::same_json(f.ctx->template_, expected));
  if (std::filesystem::exists(dir / "expected-create.json"))
    EXPECT_TRUE(testing::same_json(f.ctx->create_template, read_json(dir / "expected-create.json")));
  else
    EXPECT_TRUE(f.ctx->create_template.empty());
}

TEST(CompileFunctions, BasicServiceMatchesOsls) { expect_same_template("basic"); }
TEST(CompileFunctions, LayersVpcSnapStartProvisionedMatchOsls) { expect_same_template("layers"); }
TEST(CompileFunctions, UrlDestinationsRuntimeManagementMatchOsls) { expect_same_template("url"); }
TEST(CompileFunctions, ImageDigestFunctionsMatchOsls) { expect_same_template("image"); }
TEST(CompileFunctions, DurableFunctionMatchesOsls) { expect_same_template("durable"); }

TEST(CompileFunctions, CustomRolesAndNamedBucketMatchOsls) { expect_same_template("role", {{"b", "b.zip"}}); }

Json minimal(Json functions, Json provider = Json::object()) {
  provider["name"] = "aws";
  return {{"service", "svc"}, {"provider", provider}, {"functions", functions}};
}

TEST(CompileFunctions, DefaultsAndRecordsVersion) {
  auto dir = fixture_dir("basic");
  Fixture f(minimal({{"fn", {{"handler", "h.x"}}}}), dir);
  f.ctx->service_artifact = testing::artifact_at(dir, "corebasic.zip");
  f.ctx->artifact_directory_name = "serverless/svc/dev/1-x";
  generate_core_template(*f.ctx);
  merge_iam_templates(*f.ctx);
  compile_functions(*f.ctx);
  const Json& fn = f.ctx->template_["Resources"]["FnLambdaFunction"];
  EXPECT_EQ(fn["Properties"]["Runtime"], "nodejs24.x");
  EXPECT_EQ(fn["Properties"]["MemorySize"], 1024);
  EXPECT_EQ(fn["Properties"]["Timeout"], 6);
  EXPECT_EQ(fn["Properties"]["FunctionName"], "svc-dev-fn");
  EXPECT_EQ(fn["Properties"]["Code"]["S3Key"], "serverless/svc/dev/1-x/corebasic.zip");
  ASSERT_EQ(f.ctx->version_logical_ids.count("fn"), 1u);
  EXPECT_TRUE(f.ctx->template_["Resources"].contains(f.ctx->version_logical_ids["fn"]));
  EXPECT_EQ(f.ctx->template_["Outputs"]["FnLambdaFunctionQualifiedArn"]["Value"]["Ref"],
            f.ctx->version_logical_ids["fn"]);
}

TEST(CompileFunctions, VersionFunctionsFalseSkipsVersions) {
  Fixture f(minimal({{"fn", {{"handler", "h.x"}}}}, {{"versionFunctions", false}}), fixture_dir("basic"));
  f.ctx->artifact_directory_name = "d";
  generate_core_template(*f.ctx);
  compile_functions(*f.ctx);  // no artifact is read when nothing is versioned
  EXPECT_TRUE(f.ctx->version_logical_ids.empty());
  EXPECT_FALSE(f.ctx->template_["Outputs"].contains("FnLambdaFunctionQualifiedArn"));
}

TEST(CompileFunctions, MissingHandlerIsAUserError) {
  Fixture f(minimal({{"fn", {{"memorySize", 128}}}}), fixture_dir("basic"));
  generate_core_template(*f.ctx);
  EXPECT_THROW(compile_functions(*f.ctx), UserError);
}

TEST(CompileFunctions, PackageArtifactNamesTheS3Key) {
  auto dir = fixture_dir("role");
  Fixture f(minimal({{"fn", {{"handler", "h.x"}, {"package", {{"artifact", "b.zip"}}}}}},
                    {{"versionFunctions", false}}),
            dir);
  f.ctx->artifact_directory_name = "d";
  generate_core_template(*f.ctx);
  compile_functions(*f.ctx);
  EXPECT_EQ(f.ctx->template_["Resources"]["FnLambdaFunction"]["Properties"]["Code"]["S3Key"], "d/b.zip");
}

TEST(CompileFunctions, DurableRejectsUnsupportedRuntime) {
  Fixture f(minimal({{"fn", {{"handler", "h.x"}, {"runtime", "python3.9"}, {"durableConfig", {{"executionTimeout", 60}}}}}}),
            fixture_dir("basic"));
  generate_core_template(*f.ctx);
  EXPECT_THROW(compile_functions(*f.ctx), UserError);
}

TEST(CompileFunctions, CoercesLikeOslsSchemaValidation) {
  // osls's AJV (coerceTypes: 'array') turns "512" into 512 and a lone layer ARN into a list.
  Fixture f(minimal({{"fn", {{"handler", "h.x"}, {"memorySize", "512"}, {"layers", "arn:aws:lambda:l:1"}}},
                     {"gone", nullptr}},
                    {{"versionFunctions", false}, {"timeout", "30"}}),
            fixture_dir("basic"));
  f.ctx->artifact_directory_name = "d";
  generate_core_template(*f.ctx);
  merge_iam_templates(*f.ctx);
  compile_functions(*f.ctx);
  const Json& props = f.ctx->template_["Resources"]["FnLambdaFunction"]["Properties"];
  EXPECT_EQ(props["MemorySize"], 512);
  EXPECT_EQ(props["Timeout"], 30);
  EXPECT_EQ(props["Layers"], Json::array({"arn:aws:lambda:l:1"}));
  EXPECT_FALSE(f.ctx->template_["Resources"].contains("GoneLogGroup"));
  EXPECT_FALSE(f.ctx->template_["Resources"].contains("GoneLambdaFunction"));
}

}  // namespace
}  // namespace sls::compile
