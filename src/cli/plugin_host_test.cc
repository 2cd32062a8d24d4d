#include "cli/plugin_host.h"

#include <gtest/gtest.h>

#include "cli/args.h"

namespace sls::cli {
namespace {

ParsedArgs args_for(const std::vector<std::string>& argv) { return parse_args(argv); }

TEST(PluginHost, PackageRunsPluginsAtEveryPackageEvent) {
  auto events = bridged_events("package", Json::object());
  EXPECT_NE(std::find(events.begin(), events.end(), "package:createDeploymentArtifacts"), events.end());
  EXPECT_NE(std::find(events.begin(), events.end(), "aws:package:finalize:mergeCustomProviderResources"), events.end());
  EXPECT_EQ(bridged_events("deploy", Json::object()), events);
  EXPECT_TRUE(bridged_events("deploy", Json{{"package", "dir"}}).empty()) << "deploy --package does not package";
  EXPECT_TRUE(bridged_events("info", Json::object()).empty());
}

TEST(PluginHost, EventsOfTheCommandAndOfWhatItRuns) {
  ParsedArgs deploy = args_for({"deploy"});
  EXPECT_TRUE(event_of_command("deploy:deploy", deploy));
  EXPECT_TRUE(event_of_command("aws:deploy:deploy:updateStack", deploy));
  EXPECT_TRUE(event_of_command("package:compileEvents", deploy));
  EXPECT_TRUE(event_of_command("aws:info:displayServiceInfo", deploy));
  EXPECT_FALSE(event_of_command("offline:start", deploy));
  EXPECT_FALSE(event_of_command("deploy:function:deploy", deploy));

  ParsedArgs package = args_for({"package"});
  EXPECT_TRUE(event_of_command("package:finalize", package));
  EXPECT_TRUE(event_of_command("aws:common:validate:validate", package));
  EXPECT_FALSE(event_of_command("package:function:package", package)) << "that is `deploy function`'s";
  EXPECT_FALSE(event_of_command("deploy:deploy", package));

  ParsedArgs info = args_for({"info"});
  EXPECT_TRUE(event_of_command("info:info", info));
  EXPECT_FALSE(event_of_command("package:finalize", info));
}

}  // namespace
}  // namespace sls::cli
