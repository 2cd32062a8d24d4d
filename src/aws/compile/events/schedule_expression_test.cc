#include "aws/compile/events/schedule_expression.h"

#include <gtest/gtest.h>

#include <random>
#include <regex>
#include <string>
#include <vector>

namespace sls::compile::events {
namespace {

bool by_regex(const std::string& s) {
  static const std::regex re(
      "^rate\\((?:1 (?:minute|hour|day)|(?:1\\d+|[2-9]\\d*) (?:minute|hour|day)s)\\)$|"
      "^cron\\(\\S+ \\S+ \\S+ \\S+ \\S+ \\S+\\)$");
  return std::regex_search(s, re);
}

TEST(ScheduleExpression, AcceptsRatesAndCrons) {
  for (const char* ok : {"rate(1 minute)", "rate(1 hour)", "rate(1 day)", "rate(2 minutes)", "rate(10 hours)",
                         "rate(19 days)", "rate(100 minutes)", "cron(0 12 * * ? *)", "cron(a b c d e f)",
                         "cron(* * * * * ))", "cron(( ) ( ) ( ))"})
    EXPECT_TRUE(is_schedule_expression(ok)) << ok;
  for (const char* bad : {"", "rate()", "cron()", "rate(1 minutes)", "rate(2 minute)", "rate(0 minutes)",
                          "rate(01 minutes)", "rate(1 days)", "rate(5 day)", "rate(2  minutes)", "rate(2 minutes) ",
                          " rate(2 minutes)", "rate(2 weeks)", "rate(-2 minutes)", "cron(0 12 * * ?)",
                          "cron(0  12 * * ? *)", "cron(0\t12 * * ? *)", "cron(0 12 * * ? * )", "cron(0 12 * * ? * 1)",
                          "cron( 0 12 * * ? *)", "Rate(2 minutes)", "rate(2 minutes)\n", "cron(0 12 * * ? *)x"})
    EXPECT_FALSE(is_schedule_expression(bad)) << bad;
}

TEST(ScheduleExpression, AgreesWithThePatternOnRandomText) {
  const std::vector<std::string> pieces = {"rate(", "cron(", ")", "(", " ", "  ", "\t", "1", "2", "0", "9", "10",
                                           "minute", "hour", "day", "s", "*", "?", "x", "\xc3\xa9", "\n"};
  std::mt19937 rng(7);
  for (int n = 0; n < 20000; ++n) {
    std::string s = rng() % 2 ? "rate(" : "cron(";
    const size_t len = rng() % 14;
    for (size_t i = 0; i < len; ++i) s += pieces[rng() % pieces.size()];
    if (rng() % 4) s += ")";
    ASSERT_EQ(is_schedule_expression(s), by_regex(s)) << s;
  }
  // Near misses of both forms.
  const std::vector<std::string> numbers = {"1", "2", "01", "0", "10", "19", "100", "1a", ""};
  const std::vector<std::string> units = {"minute", "minutes", "hour", "hours", "day", "days", "week", ""};
  const std::vector<std::string> fields = {"0", "12", "*", "?", ")", "(", "", "a\tb", "1,2", "\xc3\xa9"};
  const std::vector<std::string> separators = {" ", " ", " ", "  ", "\t"};
  int accepted = 0;
  for (int n = 0; n < 20000; ++n) {
    std::string s;
    if (rng() % 2) {
      s = "rate(" + numbers[rng() % numbers.size()] + separators[rng() % separators.size()] +
          units[rng() % units.size()] + ")";
    } else {
      s = "cron(";
      const size_t count = 5 + rng() % 3;
      for (size_t i = 0; i < count; ++i) s += (i ? separators[rng() % separators.size()] : "") + fields[rng() % fields.size()];
      s += ")";
    }
    if (rng() % 20 == 0) s += " ";
    const bool expected = by_regex(s);
    accepted += expected;
    ASSERT_EQ(is_schedule_expression(s), expected) << s;
  }
  EXPECT_GT(accepted, 1000);  // both outcomes are exercised
}

}  // namespace
}  // namespace sls::compile::events
