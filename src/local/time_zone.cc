#include "local/time_zone.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <ctime>
#include <fstream>
#include <sstream>

namespace sls::local {

namespace {

constexpr long long kDay = 86400;

long long days_before(int year, int month, int day) {  // days since 1970-01-01 of that date
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  return static_cast<long long>(timegm(&tm)) / kDay;
}

int days_in_month(int year, int month) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// Local seconds since the epoch of rule date `w` in `year` (at its time of day).
long long local_change(const PosixTzRule::When& w, int year) {
  long long first = days_before(year, w.month, 1);
  int first_weekday = static_cast<int>(((first % 7) + 11) % 7);  // 1970-01-01 was a Thursday (4)
  int day = 1 + (w.weekday - first_weekday + 7) % 7 + (w.week - 1) * 7;
  while (day > days_in_month(year, w.month)) day -= 7;
  return (first + day - 1) * kDay + w.seconds;
}

struct Reader {
  const std::string& s;
  size_t at = 0;
  bool done() const { return at >= s.size(); }
  char peek() const { return done() ? '\0' : s[at]; }

  bool name() {  // "CET" or "<+03>"
    if (peek() == '<') {
      size_t close = s.find('>', at);
      if (close == std::string::npos) return false;
      at = close + 1;
      return true;
    }
    size_t from = at;
    while (std::isalpha(static_cast<unsigned char>(peek()))) ++at;
    return at - from >= 3;
  }
  std::optional<int> number() {
    size_t from = at;
    while (std::isdigit(static_cast<unsigned char>(peek()))) ++at;
    if (at == from || at - from > 3) return std::nullopt;
    return std::stoi(s.substr(from, at - from));
  }
  std::optional<int> hms() {  // [+-]hh[:mm[:ss]] in seconds
    int sign = 1;
    if (peek() == '+' || peek() == '-') sign = s[at++] == '-' ? -1 : 1;
    auto h = number();
    if (!h) return std::nullopt;
    int total = *h * 3600;
    for (int unit : {60, 1}) {
      if (peek() != ':') break;
      ++at;
      auto n = number();
      if (!n) return std::nullopt;
      total += *n * unit;
    }
    return sign * total;
  }
  std::optional<PosixTzRule::When> date() {
    if (peek() != 'M') return std::nullopt;  // Jn and n forms: not used by tzdata
    ++at;
    PosixTzRule::When w;
    auto m = number();
    if (!m || peek() != '.') return std::nullopt;
    ++at;
    auto week = number();
    if (!week || peek() != '.') return std::nullopt;
    ++at;
    auto d = number();
    if (!d || *m < 1 || *m > 12 || *week < 1 || *week > 5 || *d > 6) return std::nullopt;
    w.month = *m;
    w.week = *week;
    w.weekday = *d;
    if (peek() == '/') {
      ++at;
      auto t = hms();
      if (!t) return std::nullopt;
      w.seconds = *t;
    }
    return w;
  }
};

unsigned long long big_endian(const std::string& data, size_t at, int bytes) {
  unsigned long long v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<unsigned char>(data[at + static_cast<size_t>(i)]);
  return v;
}

bool valid_name(const std::string& name) {
  if (name.empty() || name.front() == '/' || name.find("..") != std::string::npos) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' || c == '-' || c == '+';
  });
}

}  // namespace

int PosixTzRule::offset_at(long long utc_seconds) const {
  if (!has_dst) return std_offset;
  long long local = utc_seconds + std_offset;
  std::time_t t = static_cast<std::time_t>(local);
  std::tm tm{};
  gmtime_r(&t, &tm);
  int year = tm.tm_year + 1900;
  long long begins = local_change(start, year) - std_offset;  // the start is given in standard time
  long long ends = local_change(end, year) - dst_offset;      // the end in daylight time
  bool dst = begins < ends ? utc_seconds >= begins && utc_seconds < ends   // northern hemisphere
                           : !(utc_seconds >= ends && utc_seconds < begins);  // southern
  return dst ? dst_offset : std_offset;
}

std::optional<PosixTzRule> parse_posix_tz(const std::string& text) {
  Reader r{text};
  PosixTzRule rule;
  if (!r.name()) return std::nullopt;
  auto std_off = r.hms();
  if (!std_off) return std::nullopt;
  rule.std_offset = -*std_off;  // POSIX counts west of Greenwich
  if (r.done()) return rule;
  if (!r.name()) return std::nullopt;
  rule.has_dst = true;
  rule.dst_offset = rule.std_offset + 3600;
  if (r.peek() != ',') {
    auto dst_off = r.hms();
    if (!dst_off) return std::nullopt;
    rule.dst_offset = -*dst_off;
  }
  if (r.peek() != ',') return std::nullopt;
  ++r.at;
  auto start = r.date();
  if (!start || r.peek() != ',') return std::nullopt;
  ++r.at;
  auto end = r.date();
  if (!end || !r.done()) return std::nullopt;
  rule.start = *start;
  rule.end = *end;
  return rule;
}

std::optional<TimeZone> TimeZone::parse(const std::string& name, const std::string& data) {
  auto header = [&](size_t at, long long counts[6]) {
    if (data.size() < at + 44 || data.compare(at, 4, "TZif") != 0) return false;
    for (int i = 0; i < 6; ++i) counts[i] = static_cast<long long>(big_endian(data, at + 20 + 4 * static_cast<size_t>(i), 4));
    return true;
  };
  long long c[6];  // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
  if (!header(0, c)) return std::nullopt;
  char version = data[4];
  size_t at = 44;
  int time_size = 4;
  if (version >= '2') {  // skip the 32-bit block for the 64-bit one
    at += static_cast<size_t>(c[3] * 5 + c[4] * 6 + c[5] + c[2] * 8 + c[1] + c[0]);
    if (!header(at, c)) return std::nullopt;
    at += 44;
    time_size = 8;
  }
  size_t need = static_cast<size_t>(c[3] * (time_size + 1) + c[4] * 6 + c[5] + c[2] * (time_size + 4) + c[1] + c[0]);
  if (c[4] < 1 || data.size() < at + need) return std::nullopt;
  TimeZone z;
  z.name_ = name;
  size_t types_at = at + static_cast<size_t>(c[3] * (time_size + 1));
  auto type_offset = [&](long long i) {
    return static_cast<int>(static_cast<int32_t>(big_endian(data, types_at + static_cast<size_t>(i) * 6, 4)));
  };
  for (long long i = 0; i < c[3]; ++i) {
    unsigned long long raw = big_endian(data, at + static_cast<size_t>(i * time_size), time_size);
    long long t = time_size == 8 ? static_cast<long long>(raw) : static_cast<long long>(static_cast<int32_t>(raw));
    long long type = static_cast<long long>(static_cast<unsigned char>(data[at + static_cast<size_t>(c[3] * time_size + i)]));
    if (type >= c[4]) return std::nullopt;
    z.transitions_.push_back(t);
    z.offsets_.push_back(type_offset(type));
  }
  z.initial_offset_ = type_offset(0);
  size_t footer = at + need;
  if (time_size == 8 && footer < data.size() && data[footer] == '\n') {
    size_t close = data.find('\n', footer + 1);
    if (close != std::string::npos) z.footer_ = parse_posix_tz(data.substr(footer + 1, close - footer - 1));
  }
  return z;
}

std::optional<TimeZone> TimeZone::load(const std::string& name, std::string* error, const std::string& dir) {
  if (name == "UTC" || name == "Etc/UTC") {
    TimeZone z;
    z.name_ = name;
    return z;
  }
  auto fail = [&](const std::string& why) {
    if (error) *error = why;
    return std::nullopt;
  };
  if (!valid_name(name)) return fail("\"" + name + "\" is not a time zone name (Area/City, as Europe/Paris)");
  std::ifstream in(dir + "/" + name, std::ios::binary);
  if (!in) return fail("no time zone \"" + name + "\" in " + dir + " (is tzdata installed?)");
  std::stringstream buf;
  buf << in.rdbuf();
  auto z = parse(name, buf.str());
  if (!z) return fail(dir + "/" + name + " is not a TZif time zone file");
  return z;
}

int TimeZone::offset_at(long long utc_seconds) const {
  if (transitions_.empty() || utc_seconds < transitions_.front())
    return transitions_.empty() && footer_ ? footer_->offset_at(utc_seconds) : initial_offset_;
  if (footer_ && utc_seconds >= transitions_.back()) return footer_->offset_at(utc_seconds);
  auto it = std::upper_bound(transitions_.begin(), transitions_.end(), utc_seconds);
  return offsets_[static_cast<size_t>(it - transitions_.begin()) - 1];
}

}  // namespace sls::local
