#include "aws/deploy/lifecycle_events.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace sls::aws::deploy {
namespace {

TEST(LifecycleEvents, AroundRunsTheStepBetweenBeforeAndTheEvent) {
  std::vector<std::string> seen;
  around_event([&](const std::string& e) { seen.push_back(e); }, "remove:remove", [&] { seen.push_back("step"); });
  EXPECT_EQ(seen, (std::vector<std::string>{"before:remove:remove", "step", "remove:remove", "after:remove:remove"}));
  int steps = 0;
  around_event({}, "remove:remove", [&] { ++steps; });  // no hook: the step alone
  EXPECT_EQ(steps, 1);
}

TEST(LifecycleEvents, DeployNamesOsslsSubLifecycles) {
  const auto& d = deploy_events();
  for (const char* e : {"deploy:deploy", "deploy:finalize", "aws:deploy:deploy:createStack",
                        "aws:deploy:deploy:updateStack", "aws:deploy:finalize:cleanup", "aws:info:displayStackOutputs"})
    EXPECT_NE(std::find(d.begin(), d.end(), e), d.end()) << e;
  EXPECT_EQ(info_command_events().front(), "info:info");
  EXPECT_EQ(info_events().size(), 8u);
}

}  // namespace
}  // namespace sls::aws::deploy
