#include "aws/compile/events/schedule_expression.h"

namespace sls::compile::events {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// \s of std::regex in the classic locale.
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }

bool is_unit(std::string_view u) { return u == "minute" || u == "hour" || u == "day"; }

// "1 minute", "1 hour", "1 day", or "<n> <unit>s" with n a number above 1 without leading zeros.
bool is_rate(std::string_view body) {
  const size_t space = body.find(' ');
  if (space == std::string_view::npos) return false;
  const std::string_view number = body.substr(0, space);
  std::string_view unit = body.substr(space + 1);
  if (number == "1") return is_unit(unit);
  if (number.empty() || number[0] == '0') return false;
  for (char c : number)
    if (!is_digit(c)) return false;
  if (unit.empty() || unit.back() != 's') return false;
  unit.remove_suffix(1);
  return is_unit(unit);
}

// Six non-empty fields without white space, separated by single spaces.
bool is_cron(std::string_view body) {
  int fields = 1;
  bool empty_field = true;
  for (char c : body) {
    if (c == ' ') {
      if (empty_field) return false;
      ++fields;
      empty_field = true;
    } else if (is_space(c)) {
      return false;
    } else {
      empty_field = false;
    }
  }
  return fields == 6 && !empty_field;
}

}  // namespace

bool is_schedule_expression(std::string_view text) {
  if (text.size() < 6 || text.back() != ')') return false;
  const std::string_view body = text.substr(5, text.size() - 6);
  if (text.substr(0, 5) == "rate(") return is_rate(body);
  if (text.substr(0, 5) == "cron(") return is_cron(body);
  return false;
}

}  // namespace sls::compile::events
