#include "local/time_zone.h"

#include <gtest/gtest.h>

namespace sls::local {
namespace {

constexpr long long kHour = 3600;

TEST(TimeZone, ParisOffsetsAcrossItsChanges) {
  std::string why;
  auto paris = TimeZone::load("Europe/Paris", &why);
  ASSERT_TRUE(paris) << why;
  EXPECT_EQ(paris->name(), "Europe/Paris");
  EXPECT_EQ(paris->offset_at(1768478400), 1 * kHour);      // 2026-01-15T12:00Z: CET
  EXPECT_EQ(paris->offset_at(1784116800), 2 * kHour);      // 2026-07-15T12:00Z: CEST
  EXPECT_EQ(paris->offset_at(1774746000 - 1), 1 * kHour);  // 2026-03-29T00:59:59Z, before 02:00 CET
  EXPECT_EQ(paris->offset_at(1774746000), 2 * kHour);      // 01:00Z: 03:00 CEST
  EXPECT_EQ(paris->offset_at(1792890000 - 1), 2 * kHour);  // 2026-10-25T00:59:59Z
  EXPECT_EQ(paris->offset_at(1792890000), 1 * kHour);      // 01:00Z: 02:00 CET again
}

TEST(TimeZone, PastTheLastTransitionTheFooterRuleApplies) {
  auto ny = TimeZone::load("America/New_York");
  ASSERT_TRUE(ny);
  EXPECT_EQ(ny->offset_at(2224756800), -4 * kHour);  // 2040-07-01T12:00Z: EDT
  EXPECT_EQ(ny->offset_at(2237976000), -5 * kHour);  // 2040-12-01T12:00Z: EST
}

TEST(TimeZone, PosixRules) {
  auto r = parse_posix_tz("EST5EDT,M3.2.0,M11.1.0");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->std_offset, -5 * kHour);
  EXPECT_EQ(r->dst_offset, -4 * kHour);
  EXPECT_EQ(r->start.month, 3);
  EXPECT_EQ(r->start.week, 2);
  EXPECT_EQ(r->end.seconds, 7200);
  auto sydney = parse_posix_tz("AEST-10AEDT,M10.1.0,M4.1.0/3");  // southern hemisphere
  ASSERT_TRUE(sydney);
  EXPECT_EQ(sydney->offset_at(1768478400), 11 * kHour);  // January: summer time
  EXPECT_EQ(sydney->offset_at(1784116800), 10 * kHour);  // July
  auto fixed = parse_posix_tz("<+0530>-5:30");
  ASSERT_TRUE(fixed);
  EXPECT_FALSE(fixed->has_dst);
  EXPECT_EQ(fixed->offset_at(0), 5 * kHour + 30 * 60);
  EXPECT_FALSE(parse_posix_tz(""));
  EXPECT_FALSE(parse_posix_tz("CET-1CEST,J60,J300"));
}

TEST(TimeZone, UnknownAndHostileNames) {
  std::string why;
  EXPECT_FALSE(TimeZone::load("Mars/Olympus_Mons", &why));
  EXPECT_NE(why.find("no time zone \"Mars/Olympus_Mons\""), std::string::npos) << why;
  EXPECT_FALSE(TimeZone::load("../../etc/passwd", &why));
  EXPECT_NE(why.find("not a time zone name"), std::string::npos) << why;
  EXPECT_FALSE(TimeZone::parse("x", "not a tzif file"));
  auto utc = TimeZone::load("UTC");
  ASSERT_TRUE(utc);
  EXPECT_EQ(utc->offset_at(1784116800), 0);
}

}  // namespace
}  // namespace sls::local
