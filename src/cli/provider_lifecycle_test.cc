#include "cli/provider_lifecycle.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace sls::cli {
namespace {

TEST(ProviderLifecycle, PackageRunsOslsPackageLifecycle) {
  auto events = provider_command_events(parse_args({"package"}), true);
  std::vector<std::string> want = {"initialize",
                                   "package:cleanup",
                                   "package:initialize",
                                   "package:setupProviderConfiguration",
                                   "package:createDeploymentArtifacts",
                                   "package:compileLayers",
                                   "package:compileFunctions",
                                   "package:compileEvents",
                                   "package:finalize"};
  EXPECT_EQ(events, want);
}

TEST(ProviderLifecycle, DeployPackagesFirstUnlessGivenAPackage) {
  auto events = provider_command_events(parse_args({"deploy"}), true);
  ASSERT_GE(events.size(), 3u);
  EXPECT_NE(std::find(events.begin(), events.end(), "package:compileFunctions"), events.end());
  EXPECT_EQ(events[events.size() - 2], "deploy:deploy");
  EXPECT_EQ(events.back(), "deploy:finalize");
  auto given = provider_command_events(parse_args({"deploy", "--package", "dir"}), false);
  EXPECT_EQ(given, (std::vector<std::string>{"initialize", "deploy:deploy", "deploy:finalize"}));
  EXPECT_EQ(provider_command_events(parse_args({"remove"}), true),
            (std::vector<std::string>{"initialize", "remove:remove"}));
}

TEST(ProviderLifecycle, CommandsRunThroughTheProviderPlugin) {
  for (const char* c : {"package", "deploy", "remove", "info", "invoke", "logs", "deploy function", "metrics"})
    EXPECT_TRUE(runs_through_provider_plugin(c)) << c;
  for (const char* c : {"print", "offline", "invoke local", "prune", "create_domain"})
    EXPECT_FALSE(runs_through_provider_plugin(c)) << c;
  for (const char* c : {"offline", "invoke local", "prune", "diff"}) EXPECT_TRUE(aws_only_command(c)) << c;
  for (const char* c : {"print", "package", "deploy", "metrics", "create_domain"})
    EXPECT_FALSE(aws_only_command(c)) << c;
}

}  // namespace
}  // namespace sls::cli
