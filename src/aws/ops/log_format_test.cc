#include "aws/ops/log_format.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>

#include "util/error.h"

namespace sls::aws::ops {
namespace {

std::string plain(const std::string& s) { return s; }
std::string marked(const std::string& s) { return "<" + s + ">"; }

struct UtcZone {
  UtcZone() { setenv("TZ", "UTC", 1), tzset(); }
};

TEST(LogFormat, StartAndReportAreShortenedAndDimmed) {
  EXPECT_EQ(format_lambda_log_line("START RequestId: 1 Version: $LATEST\n", marked), "<START>");
  EXPECT_EQ(format_lambda_log_line("REPORT RequestId: 1\tDuration: 1.5 ms\tBilled Duration: 2 ms\t"
                                   "Memory Size: 128 MB\tMax Memory Used: 64 MB\t\n", marked),
            "<END Duration: 1.5 ms Memory Used: 64 MB>");
  EXPECT_EQ(format_lambda_log_line("REPORT RequestId: 1\tDuration: 1.5 ms\tBilled Duration: 2 ms\t"
                                   "Memory Size: 128 MB\tMax Memory Used: 64 MB\tInit Duration: 99.1 ms\t", plain),
            "END Duration: 1.5 ms (init: 99.1 ms) Memory Used: 64 MB");
}

TEST(LogFormat, MessageLinesGetLocalTimeAndKeepTheirLevel) {
  UtcZone utc;
  EXPECT_EQ(format_lambda_log_line("2026-12-01T10:00:00.123Z\treq-1\tINFO\thello\n", marked),
            "<2026-12-01 10:00:00.123\t>INFO\thello");
  EXPECT_EQ(format_lambda_log_line("ERROR\t2026-12-01T10:00:01.000Z\treq-1\tboom", plain),
            "2026-12-01 10:00:01.000\tERROR\tboom");
  EXPECT_EQ(format_lambda_log_line("just a line", marked), "just a line");
  EXPECT_EQ(format_lambda_log_line("a\tb\tc", marked), "a\tb\tc");  // no date: as it is
}

TEST(LogFormat, TimeInputs) {
  const long long now = 1'800'000'000'000LL;
  EXPECT_EQ(parse_time_input("30m", now), now - 30 * 60'000);
  EXPECT_EQ(parse_time_input("2h", now), now - 2 * 3'600'000);
  EXPECT_EQ(parse_time_input("1d", now), now - 86'400'000);
  EXPECT_EQ(parse_time_input("10s", now), now - 10'000);
  EXPECT_EQ(parse_time_input("2013-02-08", now), 1360281600000LL);
  EXPECT_EQ(parse_time_input("2013-02-08T09:30:26.123", now), 1360315826123LL);
  EXPECT_EQ(parse_time_input("20130208T093026", now), 1360315826000LL);
  EXPECT_EQ(parse_time_input("2013-02-08T09:30:26+07:00", now), 1360315826000LL - 7 * 3'600'000);
  EXPECT_EQ(parse_time_input("2013-02-08T09:30:26Z", now), 1360315826000LL);
  EXPECT_EQ(parse_time_input("1469694264", now), 1469694264000LL);
  EXPECT_EQ(parse_time_input("1469694264123", now), 1469694264123LL);
  EXPECT_EQ(parse_time_input("2013", now), 1356998400000LL);
  EXPECT_FALSE(parse_time_input("yesterday", now));
  EXPECT_FALSE(parse_time_input("2013-13-01", now));
  EXPECT_FALSE(parse_time_input("-3600", now));
  EXPECT_THROW(time_option("soon", "--startTime", now), UserError);
}

}  // namespace
}  // namespace sls::aws::ops
