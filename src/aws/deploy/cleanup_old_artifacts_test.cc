#include "aws/deploy/cleanup_old_artifacts.h"

#include <gtest/gtest.h>

namespace sls::aws::deploy {

TEST(CleanupOldArtifacts, KeepsTheNewestDirectories) {
  std::vector<std::string> keys;
  for (int i = 1; i <= 7; ++i) {
    std::string dir = "serverless/s/dev/" + std::to_string(1000 + i) + "-2023-01-01T00:00:0" + std::to_string(i) + ".000Z";
    keys.push_back(dir + "/s.zip");
    keys.push_back(dir + "/compiled-cloudformation-template.json");
  }
  keys.push_back("serverless/s/dev/unrelated.txt");
  auto doomed = keys_to_remove(keys, "serverless", "s", "dev", 5);
  ASSERT_EQ(doomed.size(), 4u);
  EXPECT_EQ(doomed[0], keys[0]);
  EXPECT_EQ(doomed[3], keys[3]);
  EXPECT_TRUE(keys_to_remove(keys, "serverless", "s", "dev", 10).empty());
  EXPECT_EQ(keys_to_remove(keys, "serverless", "s", "dev", 0).size(), 14u);  // osls: 0 removes all
}

TEST(CleanupOldArtifacts, Limit) {
  EXPECT_EQ(max_previous_deployment_artifacts(Json::object()), 5);
  EXPECT_EQ(max_previous_deployment_artifacts(Json::parse(R"({"deploymentBucket":{"maxPreviousDeploymentArtifacts":2}})")), 2);
}

}  // namespace sls::aws::deploy
