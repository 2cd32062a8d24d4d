#include "aws/compile/function_version.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "aws/compile/core_test_support.h"
#include "util/error.h"

namespace sls::compile {
namespace {

TEST(FunctionVersion, LocaleCompareMatchesNodeOrdering) {
  // Order printed by Node 22 for keys.sort((a, b) => a.localeCompare(b)).
  std::vector<std::string> keys = {"Zeta", "alpha", "Beta_1", "beta1", "BETA", "_under", "a9",
                                   "a-b", "A_B", "ab", "AB", "Ab", "x.y", "x1", "X_",
                                   "layerConfigurations", "Layers", "VpcConfig", "Timeout", "TracingConfig"};
  std::sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) { return locale_compare(a, b) < 0; });
  std::vector<std::string> node = {"_under", "A_B", "a-b", "a9", "ab", "Ab", "AB", "alpha", "BETA",
                                   "Beta_1", "beta1", "layerConfigurations", "Layers", "Timeout",
                                   "TracingConfig", "VpcConfig", "X_", "x.y", "x1", "Zeta"};
  EXPECT_EQ(keys, node);
}

TEST(FunctionVersion, DigestMatchesOslsForGivenInputs) {
  // Node: sha256 base64 over "CODEHASH" + "L1" + "L2" + JSON.stringify(deepSortObjectByKey(props)).
  Json props = Json::parse(R"({"b":1,"A":[{"z":1,"_y":"x\u00e9\n\""}],"a9":true,"a-b":null,"layerConfigurations":[]})");
  EXPECT_EQ(deep_sort_by_key(props).dump(), R"({"A":[{"_y":"xé\n\"","z":1}],"a-b":null,"a9":true,"b":1,"layerConfigurations":[]})");
  EXPECT_EQ(version_digest("CODEHASH", {{"/b/l2.zip", "L2"}, {"/a/l1.zip", "L1"}}, props),
            "l2qYgAwk4UZycdKHcu27Gxfe4Ghol/bxYztGc8rIG2E=");
}

TEST(FunctionVersion, ZipFromOslsGivesItsVersionId) {
  // testdata/basic/corebasic.zip was written by `osls package`; osls named the
  // version HelloLambdaVersionNihYIO... and hashed the zip to m8ladGq...
  auto dir = testing::fixture_dir("basic");
  EXPECT_EQ(sha256_base64_of_file(dir / "corebasic.zip"), "m8ladGqwotFn08Sjf6g3qLTcIe4w8manSBzubbst394=");
  testing::Fixture f(testing::read_json(dir / "serverless.json"), dir);
  f.run_all("serverless/corebasic/dev/1795709171605-2026-11-26T16:06:11.605Z");
  EXPECT_EQ(f.ctx->version_logical_ids["hello"], "HelloLambdaVersionNihYIOcooomsTqfNMYMwKHrD5CkSNADfMb5fdydIlkE");
  EXPECT_EQ(f.ctx->version_logical_ids.count("custom-named"), 0u);  // versionFunction: false
}

TEST(FunctionVersion, LayersAndEnvironmentOrderFeedTheHash) {
  auto dir = testing::fixture_dir("layers");
  testing::Fixture f(testing::read_json(dir / "serverless.json"), dir);
  f.run_all("custom-prefix/corelayers/prod/1795709533440-2026-11-26T16:12:13.440Z");
  EXPECT_EQ(f.ctx->version_logical_ids["withLayer"],
            "WithLayerLambdaVersionn6c9E9XvdX3S2PJCpv1agpNHiSrGdI0RDQ5PGI6Yn3k");
  EXPECT_EQ(f.ctx->version_logical_ids["quiet"], "QuietLambdaVersionbFH4Yd3b3iHAcWDHiGLKvZqJqlzQ2ChfbgFOVEuKd4");
}

TEST(FunctionVersion, MissingArtifactIsAUserError) {
  EXPECT_THROW(sha256_base64_of_file("/nonexistent/zip.zip"), UserError);
}

}  // namespace
}  // namespace sls::compile
