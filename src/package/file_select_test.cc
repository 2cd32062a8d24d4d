#include "package/file_select.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "util/error.h"

namespace sls::package {
namespace fs = std::filesystem;

namespace {
const std::vector<std::string> kDefaults = {".git/**", ".gitignore", ".DS_Store", "npm-debug.log",
                                            "yarn-*.log", ".serverless/**", ".serverless_plugins/**",
                                            "serverless.yml"};
const std::vector<std::string> kTree = {
    ".DS_Store", ".env", ".git/HEAD", ".gitignore", ".serverless/old.zip", ".serverless_plugins/p.js",
    "README.md", "lib/.DS_Store", "node_modules/a/index.js", "node_modules/b/index.js",
    "node_modules/b/test/t.js", "serverless.yml", "src/handler.js", "src/handler.test.js",
    "yarn-error.log"};
}  // namespace

TEST(FileSelect, DefaultExcludesOnlyAtTheRoot) {
  auto files = select_files(kTree, {kDefaults, {}, {}});
  std::vector<std::string> want = {".env", "README.md", "lib/.DS_Store", "node_modules/a/index.js",
                                   "node_modules/b/index.js", "node_modules/b/test/t.js",
                                   "src/handler.js", "src/handler.test.js"};
  EXPECT_EQ(files, want);
}

TEST(FileSelect, PatternsInOrderLaterWins) {
  auto files = select_files(kTree, {kDefaults, {"!src/**", "src/handler.js", "!node_modules/b/test/**"}, {}});
  EXPECT_NE(std::find(files.begin(), files.end(), "src/handler.js"), files.end());
  EXPECT_EQ(std::find(files.begin(), files.end(), "src/handler.test.js"), files.end());
  EXPECT_EQ(std::find(files.begin(), files.end(), "node_modules/b/test/t.js"), files.end());
  // A pattern can bring back a default exclude.
  files = select_files(kTree, {kDefaults, {".gitignore"}, {}});
  EXPECT_NE(std::find(files.begin(), files.end(), ".gitignore"), files.end());
}

TEST(FileSelect, NegatedFolderNameDropsItsContents) {
  // fast-glob prunes folders matching an ignore pattern ("!node_modules").
  auto files = select_files(kTree, {kDefaults, {"!node_modules"}, {}});
  for (const auto& f : files) EXPECT_EQ(f.rfind("node_modules/", 0), std::string::npos) << f;
  // ... unless a later pattern includes them again.
  files = select_files(kTree, {kDefaults, {"!node_modules", "node_modules/a/**"}, {}});
  EXPECT_NE(std::find(files.begin(), files.end(), "node_modules/a/index.js"), files.end());
  EXPECT_EQ(std::find(files.begin(), files.end(), "node_modules/b/index.js"), files.end());
}

TEST(FileSelect, DevDependencyExcludesComeLast) {
  auto files = select_files(kTree, {kDefaults, {"node_modules/**"}, {"node_modules/b/**"}});
  EXPECT_EQ(std::find(files.begin(), files.end(), "node_modules/b/index.js"), files.end());
  EXPECT_NE(std::find(files.begin(), files.end(), "node_modules/a/index.js"), files.end());
}

TEST(FileSelect, NothingLeftIsAnError) {
  EXPECT_THROW(select_files(kTree, {kDefaults, {"!**"}, {}}), UserError);
}

TEST(FileSelect, ListsFilesFollowingSymlinks) {
  fs::path root = fs::temp_directory_path() / ("sls_file_select_test_" + std::to_string(::getpid()));
  fs::remove_all(root);
  fs::create_directories(root / "a/b");
  std::ofstream(root / "a/b/f.txt") << "x";
  std::ofstream(root / ".hidden") << "x";
  fs::create_directory_symlink(root / "a", root / "link");
  fs::create_directory_symlink(root, root / "a/loop");  // cycle, skipped
  fs::create_symlink(root / "missing", root / "broken");
  auto files = list_files(root);
  std::vector<std::string> want = {".hidden", "a/b/f.txt", "link/b/f.txt"};
  EXPECT_EQ(files, want);
  fs::remove_all(root);
}

}  // namespace sls::package
