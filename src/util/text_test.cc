#include "util/text.h"

#include <gtest/gtest.h>

namespace sls {
namespace {

TEST(Text, AsciiLowerAndIequals) {
  EXPECT_EQ(ascii_lower("Content-Type"), "content-type");
  EXPECT_EQ(ascii_lower("\xc3\x89t\xc3\xa9"), "\xc3\x89t\xc3\xa9");  // bytes >= 0x80 kept
  EXPECT_TRUE(iequals("X-Amz-Invocation-Type", "x-amz-invocation-type"));
  EXPECT_FALSE(iequals("origin", "origins"));
  EXPECT_FALSE(iequals("origin", "orig1n"));
  EXPECT_TRUE(iequals("", ""));
}

TEST(Text, AsciiUpper) {
  EXPECT_EQ(ascii_upper("cognito_user_pools"), "COGNITO_USER_POOLS");
  EXPECT_EQ(ascii_upper("get"), "GET");
  EXPECT_EQ(ascii_upper("a\xc3\xa9-1"), "A\xc3\xa9-1");  // bytes >= 0x80 kept
}

}  // namespace
}  // namespace sls
