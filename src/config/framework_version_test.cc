#include "config/framework_version.h"

#include <gtest/gtest.h>

#include "util/error.h"

namespace sls::config {
namespace {

bool v3(const std::string& range) { return semver_range_admits(range, {3, 0, 0}, {4, 0, 0}).value(); }
bool osls(const std::string& range) { return semver_range_admits(range, {4, 3, 1}, {4, 3, 2}).value(); }

std::string mismatch(const std::string& range) {
  try {
    check_framework_version(Json{{"frameworkVersion", range}}, "serverless.yml");
  } catch (const UserError& e) {
    return e.code + ": " + e.what();
  }
  return "";
}

}  // namespace

TEST(FrameworkVersion, RangesThatAdmitServerless3) {
  for (const char* r : {"3", "3.x", "^3.0.0", "^3.38.0", "~3.2", ">=3", ">=2.0.0 <3.1", "2 || 3", "3.1.0 - 3.2",
                        "*", "", ">= 3.0.0", "v3.38.0", "=3.0.0", ">2.9.9 <=3.0.0", "3.x.x", "~3"})
    EXPECT_TRUE(v3(r)) << r;
  for (const char* r : {"2", "^2.72.0", "<3", ">=4", ">3", "^4.0.0", "4.3.1", "~2.9", "<3.0.0", "1.0.0 - 2.9"})
    EXPECT_FALSE(v3(r)) << r;
}

TEST(FrameworkVersion, RangesThatAdmitOsls) {
  for (const char* r : {"4", "^4.0.0", "~4.3.0", ">=4.3.1", "4.3.1", "<=4.3.1 >4.3.0", ">3"}) EXPECT_TRUE(osls(r)) << r;
  for (const char* r : {"^4.4.0", "4.3.2", "<4.3.1", ">4.3.1", "~4.2"}) EXPECT_FALSE(osls(r)) << r;
}

TEST(FrameworkVersion, InvalidRanges) {
  for (const char* r : {"latest", ">=", "1.2.3.4", "1..2", "x.1", "!3", "3.a"})
    EXPECT_FALSE(semver_range_admits(r, {3, 0, 0}, {4, 0, 0}).has_value()) << r;
}

TEST(FrameworkVersion, AcceptsThreeOrOslsAndRefusesNeitherNamingBoth) {
  EXPECT_EQ(mismatch("3"), "");
  EXPECT_EQ(mismatch("^4.0.0"), "");
  EXPECT_EQ(mismatch(">=2.0.0"), "");
  std::string refused = mismatch(">=99");
  EXPECT_NE(refused.find("FRAMEWORK_VERSION_MISMATCH"), std::string::npos) << refused;
  EXPECT_NE(refused.find("4.3.1"), std::string::npos) << refused;
  EXPECT_NE(refused.find("Serverless Framework 3"), std::string::npos) << refused;
  EXPECT_NE(refused.find("(>=99) in serverless.yml"), std::string::npos) << refused;
  EXPECT_NE(mismatch("latest").find("INVALID_FRAMEWORK_VERSION"), std::string::npos);
  auto warning = check_framework_version(Json{{"frameworkVersion", "latest"}, {"configValidationMode", "warn"}}, "s");
  ASSERT_TRUE(warning.has_value());
  EXPECT_NE(warning->find("version validation is skipped"), std::string::npos);
}

}  // namespace sls::config
