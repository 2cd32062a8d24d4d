#include "util/clock.h"

#include <gtest/gtest.h>

namespace sls {
namespace {

TEST(Clock, FloorSecondsRoundsDownAlsoBefore1970) {
  EXPECT_EQ(floor_seconds(1'700'000'000'999), 1'700'000'000);
  EXPECT_EQ(floor_seconds(0), 0);
  EXPECT_EQ(floor_seconds(-1), -1);
  EXPECT_EQ(floor_seconds(-1000), -1);
  EXPECT_EQ(floor_seconds(-1001), -2);
}

TEST(Clock, EpochMsIsAfter2020) { EXPECT_GT(epoch_ms(), 1'577'836'800'000); }

}  // namespace
}  // namespace sls
