#include "package/slsignore.h"

#include <gtest/gtest.h>

namespace sls::package {

TEST(SlsIgnore, GitignoreSyntax) {
  auto rules = IgnoreRules::parse(
      "# comment\n"
      "\n"
      "*.log\n"
      "!keep.log\n"
      "/root-only.txt\n"
      "build/\n"
      "docs/*.md\n"
      "\\#hash\n"
      "**/fixtures/**\n"
      "trailing.txt   \n");
  EXPECT_TRUE(rules.ignored("a.log"));
  EXPECT_TRUE(rules.ignored("deep/x/a.log"));
  EXPECT_FALSE(rules.ignored("keep.log"));
  EXPECT_FALSE(rules.ignored("sub/keep.log"));
  EXPECT_TRUE(rules.ignored("root-only.txt"));
  EXPECT_FALSE(rules.ignored("sub/root-only.txt"));
  EXPECT_TRUE(rules.ignored("build/out.js"));
  EXPECT_TRUE(rules.ignored("src/build/out.js"));
  EXPECT_FALSE(rules.ignored("build"));  // a file named build: folder-only rule
  EXPECT_TRUE(rules.ignored("docs/a.md"));
  EXPECT_FALSE(rules.ignored("docs/sub/a.md"));
  EXPECT_TRUE(rules.ignored("#hash"));
  EXPECT_TRUE(rules.ignored("test/fixtures/x.json"));
  EXPECT_TRUE(rules.ignored("trailing.txt"));
  EXPECT_FALSE(rules.ignored("src/handler.js"));
}

TEST(SlsIgnore, FileInIgnoredFolderStaysIgnored) {
  auto rules = IgnoreRules::parse("tmp/\n!tmp/keep.txt\n");
  EXPECT_TRUE(rules.ignored("tmp/keep.txt"));
  auto rules2 = IgnoreRules::parse("tmp/*\n!tmp/keep.txt\n");
  EXPECT_FALSE(rules2.ignored("tmp/keep.txt"));
  EXPECT_TRUE(rules2.ignored("tmp/other.txt"));
}

}  // namespace sls::package
