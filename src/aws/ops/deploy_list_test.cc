#include "aws/ops/deploy_list.h"

#include <gtest/gtest.h>

namespace sls::aws::ops {

TEST(DeployList, GroupsKeysByDeploymentDirectory) {
  const std::string p = "serverless/svc/dev/";
  auto d = group_deployments({p + "1796164911701-2026-12-01T22:41:51.701Z/compiled-cloudformation-template.json",
                              p + "1796164911701-2026-12-01T22:41:51.701Z/svc.zip",
                              p + "not-a-deployment/file.json", "serverless/other/dev/1-2026-12-01T22:41:51.701Z/x",
                              p + "1796165000000-2026-12-01T22:43:20.000Z/svc.zip", p + "1796165000000-2026-12-01T22:43:20.000Z/"},
                             "serverless", "svc", "dev");
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].directory, "1796164911701-2026-12-01T22:41:51.701Z");
  EXPECT_EQ(d[0].files, (std::vector<std::string>{"compiled-cloudformation-template.json", "svc.zip"}));
  EXPECT_EQ(d[1].files, (std::vector<std::string>{"svc.zip"}));
}

TEST(DeployList, LinesAsOslsPrintsThem) {
  EXPECT_EQ(deployment_lines({"1796164911701-2026-12-01T22:41:51.701Z", {"a.zip", "b.json"}}),
            (std::vector<std::string>{"2026-12-01 22:41:51 UTC", "Timestamp: 1796164911701", "Files:", "  - a.zip",
                                      "  - b.json"}));
}

TEST(DeployList, FunctionVersions) {
  EXPECT_EQ(function_versions_lines("svc-dev-fetch", {"$LATEST", "1"}, "svc", "dev"),
            (std::vector<std::string>{"fetch", "  All versions: $LATEST, 1"}));
  EXPECT_EQ(function_versions_lines("custom", {"$LATEST", "1", "2", "3", "4", "5"}, "svc", "dev"),
            (std::vector<std::string>{"custom", "  Last 5 versions: 1, 2, 3, 4, 5"}));
}

}  // namespace sls::aws::ops
