// IANA time zones read from the system's tz database (/usr/share/zoneinfo,
// Debian's tzdata): the TZif file's transitions, then its POSIX TZ footer
// ("CET-1CEST,M3.5.0,M10.5.0/3") for the times past the last one. What a
// `schedule` with `timezone` needs under `sls offline` (libstdc++ 12 has no
// std::chrono::locate_zone).
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace sls::local {

// A POSIX TZ rule: standard offset, and when given a daylight offset with its
// start and end as Mm.w.d dates (the form tzdata footers use).
struct PosixTzRule {
  int std_offset = 0;  // seconds east of UTC
  bool has_dst = false;
  int dst_offset = 0;
  struct When {
    int month = 0, week = 0, weekday = 0;  // Mm.w.d: week 5 is the last
    int seconds = 7200;                    // local time of the change, default 02:00
  } start, end;
  int offset_at(long long utc_seconds) const;
};

// nullopt when `text` is not a rule of that form.
std::optional<PosixTzRule> parse_posix_tz(const std::string& text);

class TimeZone {
 public:
  // "Europe/Paris" from `dir`; nullopt (and `error` says why) for a name that
  // is not a zone there. "UTC" and "Etc/UTC" are always known.
  static std::optional<TimeZone> load(const std::string& name, std::string* error = nullptr,
                                      const std::string& dir = "/usr/share/zoneinfo");
  // A TZif file's content (exposed for tests).
  static std::optional<TimeZone> parse(const std::string& name, const std::string& data);

  const std::string& name() const { return name_; }
  int offset_at(long long utc_seconds) const;  // seconds east of UTC at that instant

 private:
  std::string name_;
  std::vector<long long> transitions_;  // UTC seconds, ascending
  std::vector<int> offsets_;            // the offset from each transition on
  int initial_offset_ = 0;              // before the first transition
  std::optional<PosixTzRule> footer_;   // after the last one
};

}  // namespace sls::local
