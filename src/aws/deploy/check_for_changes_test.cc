#include "aws/deploy/check_for_changes.h"

#include <gtest/gtest.h>

namespace sls::aws::deploy {

TEST(CheckForChanges, ParsesDeploymentKeys) {
  auto k = parse_deployment_key("serverless/svc/dev/1700000000000-2023-11-14T22:13:20.000Z/svc.zip", "serverless",
                                "svc", "dev");
  ASSERT_TRUE(k);
  EXPECT_EQ(k->directory, "1700000000000-2023-11-14T22:13:20.000Z");
  EXPECT_EQ(k->file, "svc.zip");
  EXPECT_EQ(directory_timestamp(k->directory), 1700000000000LL);
  EXPECT_FALSE(parse_deployment_key("serverless/svc/dev/notadir/svc.zip", "serverless", "svc", "dev"));
  EXPECT_FALSE(parse_deployment_key("serverless/svc/prod/1-2023-11-14T22:13:20/x", "serverless", "svc", "dev"));
  EXPECT_FALSE(parse_deployment_key("serverless/svc/dev/1-2023-11-14T22:13:20/", "serverless", "svc", "dev"));
}

TEST(CheckForChanges, DeepSortOrdersLikeJavaScript) {
  Json v = Json::parse(R"({"b":1,"a":{"z":1,"Y":2},"10":0,"2":0,"B":[{"d":1,"c":2}]})");
  EXPECT_EQ(deep_sort(v).dump(), R"({"2":0,"10":0,"a":{"Y":2,"z":1},"b":1,"B":[{"c":2,"d":1}]})");
}

TEST(CheckForChanges, NormalizedTemplateIgnoresCodeKeysAndDeploymentIds) {
  Json a = Json::parse(R"({"Resources":{"ApiGatewayDeployment123":{"Type":"AWS::ApiGateway::Deployment"},
    "FnLambdaFunction":{"Type":"AWS::Lambda::Function","Properties":{"Code":{"S3Bucket":"b","S3Key":"dir1/x.zip"}}}}})");
  Json b = Json::parse(R"({"Resources":{"FnLambdaFunction":{"Type":"AWS::Lambda::Function","Properties":{"Code":
    {"S3Bucket":"b","S3Key":"dir2/x.zip"}}},"ApiGatewayDeployment999":{"Type":"AWS::ApiGateway::Deployment"}}})");
  EXPECT_EQ(json_hash(normalize_template(a)), json_hash(normalize_template(b)));
  EXPECT_TRUE(normalize_template(a)["Resources"].contains("ApiGatewayDeployment"));
}

TEST(CheckForChanges, NormalizedStateDropsVolatileParts) {
  Json a = Json::parse(R"({"service":{"service":"s","initialServerlessConfig":{},"provider":{
    "compiledCloudFormationTemplate":{"x":1},"coreCloudFormationTemplate":{}}},"package":{"artifactDirectoryName":"d1"}})");
  Json b = a;
  b["package"]["artifactDirectoryName"] = "d2";
  b["service"]["provider"]["compiledCloudFormationTemplate"]["x"] = 2;
  EXPECT_EQ(json_hash(normalize_state(a)), json_hash(normalize_state(b)));
  EXPECT_FALSE(normalize_state(a)["service"].contains("initialServerlessConfig"));
}

TEST(CheckForChanges, JsonHashIsBase64Sha256OfCompactJson) {
  // sha256('{"a":1}') in base64, as node's crypto computes it.
  EXPECT_EQ(json_hash(Json::parse(R"({"a":1})")), "AVq9f1zFei3ZS3WQ8ErYCEJzkF7jPsXOvq5iJ2qX+GI=");
}

TEST(CheckForChanges, ParsesS3AndLambdaTimes) {
  auto a = parse_time("2023-11-14T22:13:20.000Z");
  auto b = parse_time("2023-11-14T22:13:20.000+0000");
  auto c = parse_time("2023-11-14T23:13:20.500+0100");
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(*a, *b);
  EXPECT_EQ(*c - *a, std::chrono::milliseconds(500));
  EXPECT_FALSE(parse_time("nope"));
}

TEST(CheckForChanges, Decision) {
  Reporter r;
  auto t = [](const char* s) { return parse_time(s); };
  LocalArtifacts local{{"h1", "h2", "h3"}};
  std::vector<RemoteObject> same = {{"k3", "h3", t("2023-01-01T00:00:00Z")},
                                    {"k1", "h1", t("2023-01-01T00:00:00Z")},
                                    {"k2", "h2", t("2023-01-01T00:00:00Z")}};
  auto fn_time = t("2023-01-01T00:01:00Z");
  EXPECT_FALSE(deployment_needed(same, local, fn_time, r));
  EXPECT_TRUE(deployment_needed({}, local, fn_time, r));  // nothing deployed yet
  auto changed = same;
  changed[0].filesha256 = "other";
  EXPECT_TRUE(deployment_needed(changed, local, fn_time, r));
  // An object newer than the functions: a previous deployment failed half way.
  EXPECT_TRUE(deployment_needed(same, local, t("2022-12-31T00:00:00Z"), r));
  // No functions (or a missing one) compare against the epoch: always deploy.
  EXPECT_TRUE(deployment_needed(same, local, std::nullopt, r));
}

}  // namespace sls::aws::deploy
