#include "package/dev_deps.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>

namespace sls::package {
namespace fs = std::filesystem;

namespace {
void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}
}  // namespace

// Mirrors what `npm ls --dev` minus `npm ls --prod` gives (checked with npm 11):
// shared transitive deps stay, dev-only ones and their bin links go,
// extraneous packages stay.
TEST(DevDeps, ExcludesOnlyWhatDevDependenciesAloneNeed) {
  fs::path root = fs::temp_directory_path() / ("sls_dev_deps_test_" + std::to_string(::getpid()));
  fs::remove_all(root);
  write(root / "package.json",
        R"({"dependencies":{"debug":"*"},"devDependencies":{"humanize-ms":"*","semver":"*","@types/node":"*"}})");
  write(root / "node_modules/debug/package.json", R"({"name":"debug","dependencies":{"ms":"*"}})");
  write(root / "node_modules/ms/package.json", R"({"name":"ms"})");
  write(root / "node_modules/humanize-ms/package.json", R"({"name":"humanize-ms","dependencies":{"ms":"*"}})");
  write(root / "node_modules/semver/package.json",
        R"({"name":"semver","bin":{"semver":"bin/semver.js"},"dependencies":{"lru-cache":"*"}})");
  write(root / "node_modules/semver/node_modules/lru-cache/package.json", R"({"name":"lru-cache"})");
  write(root / "node_modules/@types/node/package.json", R"({"name":"@types/node","bin":"x.js"})");
  write(root / "node_modules/extra/package.json", R"({"name":"extra"})");
  // A nested project with its own dev dependency.
  write(root / "sub/package.json", R"({"devDependencies":{"jest":"*"}})");
  write(root / "sub/node_modules/jest/package.json", R"({"name":"jest"})");

  auto globs = dev_dependency_excludes(root);
  std::sort(globs.begin(), globs.end());
  std::vector<std::string> want = {"node_modules/.bin/semver",
                                   "node_modules/@types/.bin/node",  // osls's formula for scoped bins
                                   "node_modules/@types/node/**",
                                   "node_modules/humanize-ms/**",
                                   "node_modules/semver/**",
                                   "node_modules/semver/node_modules/lru-cache/**",
                                   "sub/node_modules/jest/**"};
  EXPECT_EQ(globs, want);
  fs::remove_all(root);
}

TEST(DevDeps, NoPackageJsonNoExcludes) {
  fs::path root = fs::temp_directory_path() / ("sls_dev_deps_empty_" + std::to_string(::getpid()));
  fs::remove_all(root);
  fs::create_directories(root);
  EXPECT_TRUE(dev_dependency_excludes(root).empty());
  fs::remove_all(root);
}

}  // namespace sls::package
