#include "cli/plugin_host.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "cli/args.h"

namespace sls::cli {
namespace {

ParsedArgs args_for(const std::vector<std::string>& argv) { return parse_args(argv); }

TEST(PluginHost, PackageRunsPluginsAtEveryPackageEvent) {
  auto events = bridged_events("package", Json::object());
  EXPECT_NE(std::find(events.begin(), events.end(), "package:createDeploymentArtifacts"), events.end());
  EXPECT_NE(std::find(events.begin(), events.end(), "aws:package:finalize:mergeCustomProviderResources"), events.end());
  auto deploy = bridged_events("deploy", Json::object());
  EXPECT_TRUE(std::equal(events.begin(), events.end(), deploy.begin())) << "deploy packages first";
  auto packaged = bridged_events("deploy", Json{{"package", "dir"}});
  EXPECT_EQ(std::find(packaged.begin(), packaged.end(), "package:finalize"), packaged.end())
      << "deploy --package does not package";
  EXPECT_TRUE(bridged_events("print", Json::object()).empty());
}

TEST(PluginHost, DeployInfoAndRemoveEventsRunPlugins) {
  auto has = [](const std::vector<std::string>& v, const char* e) { return std::find(v.begin(), v.end(), e) != v.end(); };
  auto deploy = bridged_events("deploy", Json{{"package", "dir"}});
  for (const char* e : {"deploy:deploy", "deploy:finalize", "aws:deploy:deploy:uploadArtifacts",
                        "aws:deploy:finalize:cleanup", "aws:info:gatherData"})
    EXPECT_TRUE(has(deploy, e)) << e;
  EXPECT_FALSE(has(deploy, "aws:common:validate")) << "still unsupported: an error";
  EXPECT_TRUE(has(bridged_events("info", Json::object()), "info:info"));
  EXPECT_TRUE(has(bridged_events("info", Json::object()), "aws:info:displayStackOutputs"));
  EXPECT_TRUE(has(bridged_events("remove", Json::object()), "remove:remove"));
  EXPECT_TRUE(has(bridged_events("deploy function", Json::object()), "deploy:function:packageFunction"));
  EXPECT_TRUE(has(bridged_events("rollback", Json::object()), "rollback:rollback"));
  EXPECT_TRUE(has(bridged_events("logs", Json::object()), "logs:logs"));
  EXPECT_TRUE(has(bridged_events("invoke", Json::object()), "invoke:invoke"));
  EXPECT_TRUE(has(bridged_events("invoke local", Json::object()), "invoke:local:loadEnvVars"));
  EXPECT_TRUE(bridged_events("metrics", Json::object()).empty());
  for (const char* command : {"package", "deploy", "info", "remove", "deploy function", "rollback", "invoke",
                              "invoke local", "logs"}) {
    EXPECT_TRUE(has(bridged_events(command, Json::object()), "initialize")) << command;
    EXPECT_TRUE(has(bridged_events(command, Json::object()), "finalize")) << command;
  }
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
