// How osls shows Lambda log lines and reads time options (its
// utils/format-lambda-log-event.js and utils/time.js): shared by `sls logs`
// and `sls invoke --log`.
#pragma once
#include <functional>
#include <optional>
#include <string>

namespace sls::aws::ops {

// Dims a piece of text (the CLI's "aside" style); identity when output is plain.
using Style = std::function<std::string(const std::string&)>;

// One line of a Lambda log as osls prints it: START/REPORT shortened
// ("END Duration: 1.2 ms Max Memory Used: 64 MB"), "<date>\t<request id>\t<text>"
// turned into "<local time>\t<text>" (with the level kept when it leads), other
// lines as they are.
std::string format_lambda_log_line(std::string message, const Style& aside);

// "YYYY-MM-DD HH:mm:ss.SSS" in local time for an epoch in milliseconds.
std::string format_log_timestamp(long long epoch_ms);

// Epoch milliseconds of an ISO 8601 date or datetime, extended or basic form, with an
// optional offset ("Z", "+07:00"); UTC when it has none. nullopt when it is none.
std::optional<long long> parse_iso(const std::string& text);

// Epoch milliseconds of a --startTime/--endTime value: relative ("30s", "30m",
// "2h", "3d" before `now_ms`), an ISO 8601 date or datetime (UTC unless it has an
// offset), or Unix epoch seconds or milliseconds. nullopt when none of these.
std::optional<long long> parse_time_input(const std::string& value, long long now_ms);

// parse_time_input, or a UserError naming the option and the formats (osls's text).
long long time_option(const std::string& value, const std::string& option_name, long long now_ms);

// Milliseconds since the epoch, now.
long long now_ms();

}  // namespace sls::aws::ops
