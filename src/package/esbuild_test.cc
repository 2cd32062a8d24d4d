#include "package/esbuild.h"
#include "package/esbuild_externals.h"

#include <gtest/gtest.h>

#include <fstream>

#include "util/error.h"

namespace sls::package {
namespace {

Json config_with(Json esbuild, const char* runtime = "nodejs22.x") {
  return {{"provider", {{"name", "aws"}, {"runtime", runtime}}}, {"custom", {{"esbuild", esbuild}}}};
}

std::string error_of(const Json& config) {
  try {
    esbuild_flags(config);
  } catch (const UserError& e) {
    return e.what();
  }
  return "<no error>";
}

TEST(Esbuild, DefaultsFollowThePlugin) {
  EXPECT_EQ(esbuild_flags(config_with(Json::object())),
            (std::vector<std::string>{"--bundle", "--target=node22", "--platform=node", "--external:aws-sdk"}));
}

TEST(Esbuild, OptionsBecomeFlags) {
  Json esbuild = {{"minify", true},
                  {"sourcemap", "inline"},
                  {"target", {"node20", "es2022"}},
                  {"format", "esm"},
                  {"outputFileExtension", ".mjs"},
                  {"define", {{"process.env.X", "\"1\""}}},
                  {"loader", {{".txt", "text"}}},
                  {"mainFields", {"module", "main"}},
                  {"treeShaking", false},
                  {"external", {"pg-native"}},
                  {"exclude", {"pg-native", "@aws-sdk/*"}},
                  {"packager", "yarn"}};
  EXPECT_EQ(esbuild_flags(config_with(esbuild)),
            (std::vector<std::string>{"--bundle", "--target=node20,es2022", "--platform=node", "--minify",
                                      "--sourcemap=inline", "--format=esm", "--define:process.env.X=\"1\"",
                                      "--loader:.txt=text", "--main-fields=module,main", "--tree-shaking=false",
                                      "--external:pg-native", "--external:pg-native", "--external:@aws-sdk/*",
                                      "--out-extension:.js=.mjs"}));
}

TEST(Esbuild, WhatSlsCannotDoNativelyIsAnError) {
  EXPECT_NE(error_of(config_with({{"plugins", "plugins.js"}})).find("JavaScript esbuild plugins"), std::string::npos);
  EXPECT_NE(error_of(config_with({{"config", "esbuild.config.js"}})).find("JavaScript file"), std::string::npos);
  EXPECT_NE(error_of(config_with(Json::object(), "python3.12")).find("provider.runtime must be a Node.js runtime"),
            std::string::npos);
  EXPECT_NE(error_of(config_with({{"outputFileExtension", ".mjs"}})).find("Non esm builds"), std::string::npos);
}

TEST(Esbuild, FindsTheBinaryUpTheTree) {
  namespace fs = std::filesystem;
  fs::path root = fs::temp_directory_path() / "sls_esbuild_find_test";
  fs::remove_all(root);
  fs::create_directories(root / "node_modules/.bin");
  fs::create_directories(root / "services/api");
  std::ofstream(root / "node_modules/.bin/esbuild") << "";
  EXPECT_EQ(find_esbuild(root / "services/api"), root / "node_modules/.bin/esbuild");
  fs::remove_all(root);
}

TEST(Esbuild, ExternalModulesAtTheirDependencyVersionsWithPeers) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / "sls_esbuild_externals_test";
  fs::remove_all(dir);
  fs::create_directories(dir / "node_modules/pg");
  std::ofstream(dir / "package.json") << "{}";
  std::ofstream(dir / "node_modules/pg/package.json")
      << R"({"peerDependencies": {"pg-native": "*", "opt": "*", "aws-sdk": "*"},
            "peerDependenciesMeta": {"opt": {"optional": true}}})";
  Json package_json = Json::parse(R"({"dependencies": {"pg": "^8.0.0", "pg-native": "3.0.0", "@scope/x": "1.2.3"},
                                      "devDependencies": {"aws-sdk": "2"}})");
  ExternalsInput in{dir, dir / "build", "svc", {"pg", "@scope/x", "not-a-dep"}, {"aws-sdk"}, Json::object()};
  EXPECT_EQ(external_modules(in, package_json),
            (std::vector<std::string>{"pg@^8.0.0", "pg-native@3.0.0", "@scope/x@1.2.3"}));
  in.externals = {"aws-sdk"};
  EXPECT_TRUE(external_modules(in, package_json).empty());
  in.externals = {"dev-only"};
  package_json["devDependencies"]["dev-only"] = "1";
  EXPECT_THROW(external_modules(in, package_json), UserError);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace sls::package
