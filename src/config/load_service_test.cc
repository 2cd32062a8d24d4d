#include "config/load_service.h"

#include <gtest/gtest.h>

#include "util/error.h"

namespace sls::config {
namespace {

Service service_with(const char* config_json) {
  Service s;
  s.config = Json::parse(config_json);
  s.name = "svc";
  s.stage = "dev";
  return s;
}

// Expected orders are what `osls print` shows for the same configuration.
TEST(OslsNormalizations, NullMembersMoveLastInEveryObject) {
  Service s = service_with(
      R"({"service":"svc","provider":{"name":"aws","tracing":null,"runtime":"nodejs24.x"},
          "custom":{"a":null,"b":1,"c":[null,{"x":null,"y":2},{"only":null}]}})");
  apply_osls_normalizations(s);
  EXPECT_EQ(s.config.dump(),
            R"({"service":"svc","provider":{"name":"aws","runtime":"nodejs24.x","tracing":null},)"
            R"("custom":{"b":1,"c":[null,{"y":2,"x":null},{"only":null}],"a":null}})");
}

TEST(OslsNormalizations, DeploymentBucketObjectAndArtifactsDirname) {
  Service s = service_with(
      R"({"service":"svc","provider":{"name":"aws","deploymentBucket":{"name":"b","serverSideEncryption":"AES256"},
          "deploymentPrefix":"pre"},"package":{"patterns":["!x"]}})");
  apply_osls_normalizations(s);
  EXPECT_EQ(s.config["provider"]["deploymentBucket"], "b");
  EXPECT_EQ(s.config["provider"]["deploymentBucketObject"]["serverSideEncryption"], "AES256");
  EXPECT_EQ(s.config["package"]["artifactsS3KeyDirname"], "pre/svc/dev/code-artifacts");

  Service unnamed = service_with(
      R"({"service":"svc","provider":{"name":"aws","deploymentBucket":{"serverSideEncryption":"AES256"}}})");
  apply_osls_normalizations(unnamed);
  EXPECT_TRUE(unnamed.config["provider"]["deploymentBucket"].is_null());
  EXPECT_TRUE(unnamed.config["provider"].contains("deploymentBucketObject"));
  EXPECT_FALSE(unnamed.config.contains("package"));  // only set on a package object the config has

  // getDeploymentPrefix: "" stays "" and a number is its text.
  EXPECT_EQ(deployment_prefix(Json{{"deploymentPrefix", ""}}), "");
  EXPECT_EQ(deployment_prefix(Json{{"deploymentPrefix", 5}}), "5");
  EXPECT_EQ(deployment_prefix(Json{{"deploymentPrefix", nullptr}}), "serverless");
}

}  // namespace
}  // namespace sls::config

namespace sls::config {
namespace {

// osls's mergeArrays: blocks deep-merged in order, falsy items skipped, others refused.
TEST(MergeConfigArrays, ResourcesAndFunctionsListsBecomeObjects) {
  Json config = Json::parse(R"json({"functions":[{"a":{"handler":"h.a"}},null,{"b":{"handler":"h.b"}}],
      "resources":[{"Resources":{"T":{"Type":"X","Properties":{"P":1}}}},{"Resources":{"T":{"Properties":{"Q":2}}},"Description":"d"}]})json");
  merge_config_arrays(config);
  EXPECT_EQ(config.dump(), Json::parse(R"json({"functions":{"a":{"handler":"h.a"},"b":{"handler":"h.b"}},
      "resources":{"Resources":{"T":{"Type":"X","Properties":{"P":1,"Q":2}}},"Description":"d"}})json").dump());
  Json bad = Json::parse(R"json({"functions":[{"a":{}},"x"]})json");
  EXPECT_THROW(merge_config_arrays(bad), UserError);
}

}  // namespace
}  // namespace sls::config
