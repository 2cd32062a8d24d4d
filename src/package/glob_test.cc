#include "package/glob.h"

#include <gtest/gtest.h>

namespace sls::package {

TEST(Glob, StarStaysInSegmentAndMatchesDotFiles) {
  EXPECT_TRUE(Glob("*.js").match("a.js"));
  EXPECT_FALSE(Glob("*.js").match("src/a.js"));
  EXPECT_TRUE(Glob("*").match(".env"));  // dot: true
  EXPECT_TRUE(Glob("src/*").match("src/.hidden"));
  EXPECT_TRUE(Glob("yarn-*.log").match("yarn-error.log"));
  EXPECT_FALSE(Glob("yarn-*.log").match("logs/yarn-error.log"));
}

TEST(Glob, GlobstarSpansSegmentsIncludingNone) {
  EXPECT_TRUE(Glob("**").match("a/b/.c"));
  EXPECT_TRUE(Glob(".git/**").match(".git/HEAD"));
  EXPECT_TRUE(Glob("node_modules/**").match("node_modules"));
  EXPECT_TRUE(Glob("**/*.js").match("a.js"));
  EXPECT_TRUE(Glob("**/*.js").match("x/y/a.js"));
  EXPECT_TRUE(Glob("a/**/b").match("a/b"));
  EXPECT_TRUE(Glob("a/**/b").match("a/x/y/b"));
  EXPECT_FALSE(Glob("a/**/b").match("a/x/y/c"));
  EXPECT_TRUE(Glob("a/**b").match("a/xb"));  // not alone: acts like *
  EXPECT_FALSE(Glob("a/**b").match("a/x/b"));
}

TEST(Glob, ClassesBracesAndEscapes) {
  EXPECT_TRUE(Glob("file[0-9].txt").match("file3.txt"));
  EXPECT_FALSE(Glob("file[!0-9].txt").match("file3.txt"));
  EXPECT_TRUE(Glob("*.{js,json}").match("a.json"));
  EXPECT_FALSE(Glob("*.{js,json}").match("a.ts"));
  EXPECT_TRUE(Glob("v{1..3}.txt").match("v2.txt"));
  EXPECT_TRUE(Glob("a/{b,c/{d,e}}/f").match("a/c/e/f"));
  EXPECT_TRUE(Glob("\\*.txt").match("*.txt"));
  EXPECT_FALSE(Glob("\\*.txt").match("a.txt"));
  EXPECT_TRUE(Glob("@(a|b).js").match("b.js"));
  EXPECT_TRUE(Glob("./src/**").match("src/x.js"));  // leading ./ ignored
  EXPECT_TRUE(Glob("{a}.js").match("{a}.js"));       // no alternative: literal
}

TEST(Glob, LiteralKinds) {
  EXPECT_TRUE(Glob("node_modules/@types/node/**").is_literal_dir());
  EXPECT_EQ(Glob("node_modules/@types/node/**").literal_path(), "node_modules/@types/node");
  EXPECT_TRUE(Glob("serverless.yml").is_literal());
  EXPECT_FALSE(Glob("src/*.js").is_literal());
}

}  // namespace sls::package
