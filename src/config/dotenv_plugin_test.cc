#include "config/dotenv_plugin.h"

#include <gtest/gtest.h>

#include <fstream>

#include "util/error.h"

namespace sls::config {
namespace {

namespace fs = std::filesystem;

class DotenvPlugin : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("sls_dotenv_plugin_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& name, const std::string& text) { std::ofstream(dir_ / name) << text; }
  Json run(Json custom, Json options = Json::object(), std::map<std::string, std::string> env = {}) {
    Json config = {{"provider", {{"name", "aws"}}}, {"custom", {{"dotenv", custom}}}};
    DotenvPluginInput input{dir_, options, [env](const std::string& k) -> std::optional<std::string> {
                              auto it = env.find(k);
                              return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
                            }, "dev"};
    log_ = apply_dotenv_plugin(config, input);
    return config["provider"]["environment"];
  }
  fs::path dir_;
  DotenvPluginLog log_;
};

TEST_F(DotenvPlugin, StageFilesFirstWinsWithExpansion) {
  write(".env", "A=base\nB=$A-b\n");
  write(".env.prod", "A=prod\n");
  Json env = run(Json::object(), {{"stage", "prod"}});
  EXPECT_EQ(env, Json::parse(R"({"A":"prod","B":"prod-b"})"));
  ASSERT_FALSE(log_.notices.empty());
  EXPECT_EQ(log_.notices[0], "DOTENV: Loading environment variables from .env, .env.prod:");
  EXPECT_EQ(log_.notices[1], "\t - A");
}

TEST_F(DotenvPlugin, WithoutExpansionLaterFilesWinAndNodeEnvPicksTheFiles) {
  write(".env", "A=base\n");
  write(".env.test", "A=test\nC=$A\n");
  write(".env.local", "A=local\n");  // not read for "test"
  Json env = run({{"variableExpansion", false}}, Json::object(), {{"NODE_ENV", "test"}});
  EXPECT_EQ(env, Json::parse(R"({"A":"base","C":"$A"})"));
}

TEST_F(DotenvPlugin, IncludeExcludeAndTheEnvironment) {
  write(".env", "A=1\nB=2\nC=${HOME_DIR:-none}\n");
  EXPECT_EQ(run({{"exclude", {"B"}}}, Json::object(), {{"HOME_DIR", "/h"}}), Json::parse(R"({"A":"1","C":"/h"})"));
  EXPECT_EQ(run({{"include", {"B"}}, {"exclude", {"A"}}}), Json::parse(R"({"B":"2"})"));
  EXPECT_EQ(log_.warnings.size(), 1u);
  EXPECT_EQ(run({{"logging", false}}).size(), 3u);
  EXPECT_TRUE(log_.notices.empty());
}

TEST_F(DotenvPlugin, RequiredFileAndVariables) {
  try {
    run({{"required", {{"file", true}}}});
    FAIL();
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("Could not find .env file"), std::string::npos);
  }
  write(".env", "A=1\n");
  try {
    run({{"required", {{"env", {"A", "B", "C"}}}}}, Json::object(), {{"C", "set"}});
    FAIL();
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("Missing the following required environment variables: B"), std::string::npos);
  }
}

TEST_F(DotenvPlugin, PathListAndBasePath) {
  fs::create_directories(dir_ / "cfg");
  write("cfg/.env", "X=1\n");
  EXPECT_EQ(run({{"basePath", "cfg/"}}), Json::parse(R"({"X":"1"})"));
  EXPECT_EQ(run({{"path", {"cfg/.env", "missing.env"}}}), Json::parse(R"({"X":"1"})"));
}

}  // namespace
}  // namespace sls::config
