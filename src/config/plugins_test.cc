#include "config/plugins.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "util/error.h"

namespace sls::config {
namespace {

namespace fs = std::filesystem;

class Plugins : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("sls_plugins_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name()) /
           "service";
    fs::remove_all(dir_.parent_path());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_.parent_path()); }
  void write(const std::string& name, const std::string& text) {
    fs::create_directories((dir_ / name).parent_path());
    std::ofstream(dir_ / name) << text;
  }
  std::optional<fs::path> locate(const Json& plugins, const std::string& name) {
    return locate_plugin(parse_plugins(Json{{"plugins", plugins}}, dir_), name, dir_);
  }
  std::string check_error(const Json& plugins, const PluginCheckInput& input) {
    try {
      check_plugins(Json{{"plugins", plugins}}, dir_, input);
    } catch (const UserError& e) {
      return e.code + ": " + e.what();
    }
    return "<no error>";
  }
  std::string parse_error(const Json& entry) {
    try {
      parse_plugins(Json{{"plugins", Json::array({entry})}}, dir_);
    } catch (const UserError& e) {
      return e.what();
    }
    return "<no error>";
  }
  fs::path dir_;
};

TEST_F(Plugins, ListAndObjectForms) {
  PluginList list = parse_plugins(Json::parse(R"({"plugins": ["a", "@s/b", "./local", "c/sub"]})"), dir_);
  EXPECT_EQ(list.modules, (std::vector<std::string>{"a", "@s/b", "./local", "c/sub"}));
  EXPECT_EQ(list.local_path, dir_ / ".serverless_plugins");

  PluginList object = parse_plugins(Json::parse(R"({"plugins": {"localPath": "my", "modules": ["x"]}})"), dir_);
  EXPECT_EQ(object.modules, std::vector<std::string>{"x"});
  EXPECT_EQ(object.local_path, dir_ / "my");

  EXPECT_TRUE(parse_plugins(Json::parse(R"({"plugins": {"localPath": "my"}})"), dir_).modules.empty());
  EXPECT_TRUE(parse_plugins(Json::parse(R"({"service": "s"})"), dir_).modules.empty());
  // osls drops the old enterprise plugin entry.
  EXPECT_TRUE(parse_plugins(Json::parse(R"({"plugins": ["@serverless/enterprise-plugin"]})"), dir_).modules.empty());
}

// Messages as osls 4.3.1's validateConfiguredPluginReference words them.
TEST_F(Plugins, InvalidEntries) {
  EXPECT_EQ(parse_error(3), "Plugin entries must be strings.");
  EXPECT_EQ(parse_error(" a"), "Plugin entries must be strings.");
  EXPECT_EQ(parse_error("Upper"), "Invalid plugin name \"Upper\". Plugin names must be valid npm package names.");
  EXPECT_EQ(parse_error("@scope"), "Invalid plugin name \"@scope\". Plugin names must be valid npm package names.");
  EXPECT_EQ(parse_error("a@1.2.3"), "The plugins configuration must list package names, not versioned install specs.");
  EXPECT_EQ(parse_error("@s/a@latest"),
            "The plugins configuration must list package names, not versioned install specs.");
  EXPECT_EQ(parse_error("a/../b"),
            "Invalid plugin reference \"a/../b\". A package subpath must not be empty or traverse directories.");
  EXPECT_EQ(parse_error("./../out"), "Local plugin path \"./../out\" must stay inside the service directory.");
  EXPECT_EQ(parse_error("@s/a/sub"), "<no error>");
}

TEST_F(Plugins, LocatesLikeNodeRequireResolve) {
  EXPECT_FALSE(locate(Json::array({"p"}), "p"));
  write("node_modules/p/index.js", "");
  EXPECT_EQ(*locate(Json::array({"p"}), "p"), dir_ / "node_modules/p/index.js");
  write("node_modules/m/package.json", R"({"main": "lib/main"})");
  EXPECT_FALSE(locate(Json::array({"m"}), "m"));  // main missing, no index.js
  write("node_modules/m/lib/main.js", "");
  EXPECT_EQ(*locate(Json::array({"m"}), "m"), dir_ / "node_modules/m/lib/main.js");
  write("node_modules/@s/q/sub.js", "");
  EXPECT_EQ(*locate(Json::array({"@s/q/sub"}), "@s/q/sub"), dir_ / "node_modules/@s/q/sub.js");
  // node_modules of the folders above the service count too.
  std::ofstream(dir_.parent_path() / "up.js") << "";
  fs::create_directories(dir_.parent_path() / "node_modules");
  std::ofstream(dir_.parent_path() / "node_modules/up.js") << "";
  EXPECT_TRUE(locate(Json::array({"up"}), "up"));
}

TEST_F(Plugins, PackageExportsByKey) {
  write("node_modules/e/package.json", R"({"exports": {".": {"require": "./x.js"}, "./feature/*": "./f/*.js"}})");
  EXPECT_TRUE(locate(Json::array({"e"}), "e"));
  EXPECT_TRUE(locate(Json::array({"e/feature/a"}), "e/feature/a"));
  EXPECT_FALSE(locate(Json::array({"e/other"}), "e/other"));
  write("node_modules/c/package.json", R"({"exports": {"require": "./x.js", "import": "./x.mjs"}})");
  EXPECT_TRUE(locate(Json::array({"c"}), "c"));
}

TEST_F(Plugins, LocalPathAndRelativeEntries) {
  write(".serverless_plugins/mine.js", "");
  EXPECT_EQ(*locate(Json::array({"mine"}), "mine"), dir_ / ".serverless_plugins/mine.js");
  write("plugins/other/index.js", "");
  Json object = {{"localPath", "./plugins"}, {"modules", Json::array({"other"})}};
  EXPECT_TRUE(locate(object, "other"));
  EXPECT_FALSE(locate(object, "mine"));  // localPath replaces .serverless_plugins
  write("tools/plugin.js", "");
  EXPECT_TRUE(locate(Json::array({"./tools/plugin"}), "./tools/plugin"));
  EXPECT_FALSE(locate(Json::array({"./tools/none"}), "./tools/none"));
}

TEST_F(Plugins, NotInstalledNamesThePluginAndWhatToDo) {
  PluginCheckInput input;
  input.command = "package";
  std::string e = check_error(Json::array({"serverless-webpack"}), input);
  EXPECT_NE(e.find("PLUGIN_NOT_FOUND: Serverless plugin \"serverless-webpack\" not found: it is not installed"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("npm install -D serverless-webpack"), std::string::npos) << e;
  EXPECT_NE(e.find("--skip-plugins serverless-webpack"), std::string::npos) << e;
  EXPECT_NE(e.find("SLS_SKIP_PLUGINS=serverless-webpack"), std::string::npos) << e;
  EXPECT_NE(check_error(Json::array({"@s/p/sub"}), input).find("npm install -D @s/p\""), std::string::npos);
  EXPECT_EQ(check_error(Json::array({"./local"}), input).find("npm install"), std::string::npos);
}

TEST_F(Plugins, InstalledWithoutNodeIsAnError) {
  write("node_modules/serverless-webpack/package.json", R"({"main": "dist/index.js"})");
  write("node_modules/serverless-webpack/dist/index.js", "");
  PluginCheckInput input;
  input.command = "deploy";
  std::string e = check_error(Json::array({"serverless-webpack"}), input);
  EXPECT_NE(e.find("PLUGIN_NOT_SUPPORTED: Serverless plugin \"serverless-webpack\" is installed "
                   "(node_modules/serverless-webpack/dist/index.js), but sls runs npm plugins through Node.js "
                   "and \"node\" is not on PATH"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("--skip-plugins serverless-webpack"), std::string::npos) << e;
}

TEST_F(Plugins, InstalledPluginsGoToTheBridgeInOrder) {
  write("node_modules/serverless-webpack/package.json", R"({"main": "dist/index.js"})");
  write("node_modules/serverless-webpack/dist/index.js", "");
  write("plugins/local.js", "");
  PluginCheckInput input;
  input.command = "package";
  input.bridge = true;
  PluginCheckResult r = check_plugins(Json{{"plugins", Json::array({"./plugins/local", "serverless-offline", "serverless-webpack"})}},
                                      dir_, input);
  ASSERT_EQ(r.bridged.size(), 2u);
  EXPECT_EQ(r.bridged[0].first, "./plugins/local");
  EXPECT_EQ(r.bridged[0].second.lexically_normal(), dir_ / "plugins/local.js");
  EXPECT_EQ(r.bridged[1].first, "serverless-webpack");
  EXPECT_EQ(r.bridged[1].second, dir_ / "node_modules/serverless-webpack/dist/index.js");
  EXPECT_EQ(r.debug.size(), 1u) << "serverless-offline has no effect on package";
}

TEST_F(Plugins, SkippedAndNoEffect) {
  PluginCheckInput input;
  input.command = "package";
  input.skip = {{"serverless-webpack", "--skip-plugins"}, {"@s/p", "SLS_SKIP_PLUGINS"}};
  Json config = {{"plugins", Json::array({"serverless-offline", "serverless-webpack", "@s/p/sub"})}};
  PluginCheckResult r = check_plugins(config, dir_, input);
  ASSERT_EQ(r.warnings.size(), 2u);
  EXPECT_EQ(r.warnings[0], "Plugin \"serverless-webpack\" skipped (--skip-plugins): "
                           "whatever it adds or changes is not applied.");
  EXPECT_NE(r.warnings[1].find("\"@s/p/sub\" skipped (SLS_SKIP_PLUGINS)"), std::string::npos);
  ASSERT_EQ(r.debug.size(), 1u);
  EXPECT_EQ(r.debug[0], "plugin \"serverless-offline\" has no effect on \"package\"");
}

TEST_F(Plugins, NoEffectTableIsPerCommand) {
  ASSERT_TRUE(commands_affected_by("serverless-offline"));
  EXPECT_FALSE(commands_affected_by("serverless-webpack"));
  PluginCheckInput input;
  for (const char* command : {"package", "deploy", "info", "remove", "print"}) {
    input.command = command;
    EXPECT_EQ(check_error(Json::array({"serverless-offline"}), input), "<no error>") << command;
  }
  input.command = "offline";
  EXPECT_NE(check_error(Json::array({"serverless-offline"}), input).find("PLUGIN_NOT_FOUND"), std::string::npos);
}

TEST_F(Plugins, NativelyHandledPluginPassesWithADebugLine) {
  PluginCheckInput input;
  for (const char* command : {"offline", "offline start"}) {
    input.command = command;
    input.native = {"serverless-offline"};
    PluginCheckResult r = check_plugins(Json{{"plugins", Json::array({"serverless-offline"})}}, dir_, input);
    EXPECT_TRUE(r.warnings.empty());
    ASSERT_EQ(r.debug.size(), 1u);
    EXPECT_EQ(r.debug[0], std::string("plugin \"serverless-offline\": sls runs \"") + command + "\" natively");
  }
}

TEST_F(Plugins, BuiltInPluginsPassOnTheCommandsSlsRunsThemFor) {
  PluginCheckInput input;
  for (const char* command : {"package", "deploy"}) {
    input.command = command;
    for (const char* plugin : {"serverless-iam-roles-per-function", "serverless-esbuild", "serverless-dotenv-plugin"})
      EXPECT_EQ(check_error(Json::array({plugin}), input), "<no error>") << command << " " << plugin;
  }
  input.command = "info";  // no effect there, or built in for every command
  for (const char* plugin : {"serverless-iam-roles-per-function", "serverless-esbuild", "serverless-dotenv-plugin"})
    EXPECT_EQ(check_error(Json::array({plugin}), input), "<no error>") << plugin;
  input.command = "offline";  // serverless-esbuild bundles there too, as sls does
  EXPECT_EQ(check_error(Json::array({"serverless-esbuild"}), input), "<no error>");
}

TEST_F(Plugins, UsesPluginUnlessSkipped) {
  Json config = {{"plugins", Json::array({"serverless-dotenv-plugin"})}};
  EXPECT_TRUE(uses_plugin(config, dir_, Json::object(), "serverless-dotenv-plugin"));
  EXPECT_FALSE(uses_plugin(config, dir_, Json::object(), "serverless-esbuild"));
  EXPECT_FALSE(uses_plugin(config, dir_, {{"skip-plugins", {"x,serverless-dotenv-plugin"}}}, "serverless-dotenv-plugin"));
}

TEST_F(Plugins, BuiltInPluginForcedThroughTheBridge) {
  EXPECT_EQ(bridge_forced_plugins(std::string(" a , serverless-iam-roles-per-function,")),
            (std::set<std::string>{"a", "serverless-iam-roles-per-function"}));
  EXPECT_TRUE(bridge_forced_plugins(std::nullopt).empty());
  PluginCheckInput input;
  input.command = "package";
  input.bridge = true;
  input.bridge_forced = {"serverless-iam-roles-per-function"};
  Json plugins = Json::array({"serverless-iam-roles-per-function"});
  EXPECT_NE(check_error(plugins, input).find("PLUGIN_NOT_FOUND: Serverless plugin \"serverless-iam-roles-per-function\" "
                                             "not found: it is not installed"),
            std::string::npos);
  write("node_modules/serverless-iam-roles-per-function/package.json", R"({"main": "dist/lib/index.js"})");
  write("node_modules/serverless-iam-roles-per-function/dist/lib/index.js", "module.exports = class {};");
  PluginCheckResult r = check_plugins(Json{{"plugins", plugins}}, dir_, input);
  ASSERT_EQ(r.bridged.size(), 1u);
  EXPECT_EQ(r.bridged[0].second, dir_ / "node_modules/serverless-iam-roles-per-function/dist/lib/index.js");
  input.bridge = false;
  EXPECT_NE(check_error(plugins, input).find("PLUGIN_NOT_SUPPORTED"), std::string::npos);
}

TEST_F(Plugins, UsesPluginIsFalseWhenForcedThroughTheBridge) {
  Json config = {{"plugins", Json::array({"serverless-iam-roles-per-function"})}};
  ::setenv("SLS_BRIDGE_PLUGINS", "serverless-iam-roles-per-function", 1);
  EXPECT_FALSE(uses_plugin(config, dir_, Json::object(), "serverless-iam-roles-per-function"));
  ::unsetenv("SLS_BRIDGE_PLUGINS");
  EXPECT_TRUE(uses_plugin(config, dir_, Json::object(), "serverless-iam-roles-per-function"));
}

}  // namespace
}  // namespace sls::config
