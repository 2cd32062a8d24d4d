// The after-deploy steps' inputs: whether the service lists serverless-prune-plugin
// (list and {localPath, modules} forms) and the checks osls makes before deploying.
#include "aws/ops/after_deploy.h"

#include <gtest/gtest.h>

#include "util/error.h"

namespace sls::aws::ops {

TEST(AfterDeploy, ListsThePrunePluginInEitherForm) {
  EXPECT_TRUE(lists_prune_plugin(Json::parse(R"({"plugins": ["a", "serverless-prune-plugin"]})")));
  EXPECT_TRUE(lists_prune_plugin(Json::parse(R"({"plugins": {"localPath": "x", "modules": ["serverless-prune-plugin"]}})")));
  EXPECT_FALSE(lists_prune_plugin(Json::parse(R"({"plugins": ["serverless-offline"]})")));
  EXPECT_FALSE(lists_prune_plugin(Json::parse(R"({"custom": {"prune": {"automatic": true, "number": 1}}})")));
}

TEST(AfterDeploy, ChecksBeforeDeploying) {
  deploy::Target target{"svc", "dev", "us-east-1", "svc-dev", Json::object()};
  EXPECT_NO_THROW(check_before_deploy(Json::parse(R"({"provider": {}})"), target));
  target.provider = Json::parse(R"({"deletionProtection": {"stages": []}})");
  EXPECT_THROW(check_before_deploy(Json::parse(R"({"provider": {}})"), target), UserError);
  target.provider = Json::object();
  EXPECT_THROW(check_before_deploy(
                   Json::parse(R"({"provider": {"pruneFunctionVersions": true, "versionFunctions": false}})"), target),
               UserError);
}

}  // namespace sls::aws::ops
