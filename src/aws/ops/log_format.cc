#include "aws/ops/log_format.h"

#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <vector>

#include "util/error.h"
#include "util/clock.h"

namespace sls::aws::ops {
namespace {

std::vector<std::string> split_tabs(const std::string& s) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t tab; (tab = s.find('\t', start)) != std::string::npos; start = tab + 1)
    parts.push_back(s.substr(start, tab - start));
  parts.push_back(s.substr(start));
  return parts;
}

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

std::string trim_right(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  return s;
}

bool all_digits(const std::string& s, size_t from = 0, size_t to = std::string::npos) {
  to = std::min(to, s.size());
  if (from >= to) return false;
  for (size_t i = from; i < to; ++i)
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  return true;
}

long long days_from_civil(long long y, unsigned m, unsigned d) {  // Howard Hinnant's algorithm
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

struct Cursor {
  const std::string& s;
  size_t i = 0;
  // Up to `max` digits (at least `min`), as a number; nullopt when fewer.
  std::optional<long long> digits(size_t min, size_t max) {
    size_t start = i;
    while (i < s.size() && i - start < max && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    if (i - start < min) return std::nullopt;
    return std::stoll(s.substr(start, i - start));
  }
  bool take(char c) { return i < s.size() && s[i] == c ? (++i, true) : false; }
  bool take_any(const char* cs) {
    for (const char* c = cs; *c; ++c)
      if (take(*c)) return true;
    return false;
  }
  bool done() const { return i == s.size(); }
};

}  // namespace

std::optional<long long> parse_iso(const std::string& s) {
  Cursor c{s};
  const bool basic = s.size() >= 8 && all_digits(s, 0, 8);
  auto year = c.digits(4, 4);
  if (!year) return std::nullopt;
  if (!basic && !c.take('-')) return std::nullopt;
  auto month = basic ? c.digits(2, 2) : c.digits(1, 2);
  if (!month || (!basic && !c.take('-'))) return std::nullopt;
  auto day = basic ? c.digits(2, 2) : c.digits(1, 2);
  if (!day) return std::nullopt;
  long long hour = 0, minute = 0, second = 0, millis = 0, offset_min = 0;
  if (c.take_any("Tt ")) {
    auto h = basic ? c.digits(2, 2) : c.digits(1, 2);
    if (!h) return std::nullopt;
    hour = *h;
    if (basic ? true : c.take(':')) {
      if (auto m = basic ? c.digits(0, 2) : c.digits(1, 2)) minute = *m;
      if ((basic || c.take(':'))) {
        if (auto sec = basic ? c.digits(0, 2) : c.digits(1, 2)) second = *sec;
        if (c.take_any(".,")) {
          size_t start = c.i;
          if (!c.digits(1, 20)) return std::nullopt;
          std::string frac = s.substr(start, c.i - start).substr(0, 3);
          frac.resize(3, '0');
          millis = std::stoll(frac);
        }
      }
    }
  } else if (basic && !c.done()) {
    return std::nullopt;
  }
  if (c.take_any("Zz")) {
  } else if (!c.done() && (s[c.i] == '+' || s[c.i] == '-')) {
    const int sign = s[c.i++] == '-' ? -1 : 1;
    auto oh = c.digits(2, 2);
    c.take(':');
    auto om = c.digits(2, 2);
    if (!oh) return std::nullopt;
    offset_min = sign * (*oh * 60 + (om ? *om : 0));
  }
  if (!c.done() || *month < 1 || *month > 12 || *day < 1 || *day > 31 || hour > 23 || minute > 59 ||
      second > 59)
    return std::nullopt;
  const long long days = days_from_civil(*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day));
  return ((days * 24 + hour) * 60 + minute - offset_min) * 60000 + second * 1000 + millis;
}

std::string format_lambda_log_line(std::string msg, const Style& aside) {
  if (!starts_with(msg, "REPORT")) msg = trim_right(msg);
  if (starts_with(msg, "START")) return aside("START");
  if (starts_with(msg, "REPORT")) {
    const auto parts = split_tabs(msg);
    const std::string duration = parts.size() > 1 ? parts[1] : "";
    const std::string memory = parts.size() > 4 && parts[4].size() > 4 ? parts[4].substr(4) : "";
    std::string init;
    if (parts.size() > 5) {
      auto colon = parts[5].find(':');
      if (colon != std::string::npos) init = parts[5].substr(colon + 1);
      auto next = init.find(':');
      if (next != std::string::npos) init = init.substr(0, next);
    }
    return aside(init.empty() ? "END " + duration + " " + memory
                              : "END " + duration + " (init:" + init + ") " + memory);
  }
  const auto parts = split_tabs(msg);
  if (parts.size() < 3) return msg;
  std::optional<long long> when;
  std::string request_id, level;
  if ((when = parse_iso(parts[0]))) {
    request_id = parts[1];
  } else if ((when = parse_iso(parts[1]))) {
    request_id = parts[2];
    level = parts[0] + "\t";
  } else {
    return msg;
  }
  const std::string marker = request_id + "\t";
  const auto at = msg.find(marker);
  std::string text = msg.substr(at + marker.size());
  if (auto tab = text.find(marker); tab != std::string::npos) text = text.substr(0, tab);  // split(...)[1]
  return aside(format_log_timestamp(*when) + "\t") + level + text;
}

std::string format_log_timestamp(long long epoch_ms) {
  const std::time_t secs = static_cast<std::time_t>(floor_seconds(epoch_ms));
  std::tm tm{};
  localtime_r(&secs, &tm);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d.%03lld", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ((epoch_ms % 1000) + 1000) % 1000);
  return buf;
}

std::optional<long long> parse_time_input(const std::string& raw, long long now) {
  std::string s = raw;
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.erase(0, 1);
  s = trim_right(s);
  if (s.size() >= 2 && all_digits(s, 0, s.size() - 1)) {
    const long long n = std::stoll(s.substr(0, s.size() - 1));
    switch (s.back()) {
      case 's': return now - n * 1000;
      case 'm': return now - n * 60000;
      case 'h': return now - n * 3600000;
      case 'd': return now - n * 86400000;  // osls: calendar days in local time; equal but across DST
      default: break;
    }
  }
  if (all_digits(s)) {
    if (s.size() == 4) return days_from_civil(std::stoll(s), 1, 1) * 86400000;
    if (s.size() == 8) return parse_iso(s);
    if (s.size() >= 9 && s.size() <= 18) {
      const long long epoch = std::stoll(s);
      return epoch < 1000000000000LL ? epoch * 1000 : epoch;
    }
    return std::nullopt;
  }
  return parse_iso(s);
}

long long time_option(const std::string& value, const std::string& option_name, long long now) {
  if (auto ms = parse_time_input(value, now)) return *ms;
  throw UserError("Invalid \"" + option_name + "\" value: \"" + value + "\". Supported formats: " +
                      "relative time (\"30s\", \"30m\", \"2h\" or \"3d\"), " +
                      "ISO 8601 date or datetime interpreted as UTC unless an offset is given " +
                      "(\"2013-02-08\", \"2013-02-08T09:30:26.123\" or \"2013-02-08T09:30:26+07:00\"), " +
                      "or Unix epoch time in seconds or milliseconds (\"1469694264\")",
                  "INVALID_TIME_INPUT");
}

long long now_ms() { return epoch_ms(); }

}  // namespace sls::aws::ops
