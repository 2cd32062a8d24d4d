// `sls logs -f F`: the function's CloudWatch log events of all recent streams,
// interleaved in time order, as osls shows them (aws/logs.js); with --tail,
// polls for new events until cancelled.
#pragma once
#include <atomic>
#include <functional>
#include <optional>
#include <string>

#include "aws/api/client.h"
#include "aws/ops/log_format.h"

namespace sls::aws::ops {

struct LogsOptions {
  std::string log_group_name;            // /aws/lambda/<deployed name>
  std::optional<std::string> start_time; // --startTime; default 10m (10s with --tail)
  std::string filter;                    // --filter
  bool tail = false;                     // --tail
  long long interval_ms = 1000;          // --interval
  const std::atomic<bool>* cancelled = nullptr;  // Ctrl-C ends --tail
  // Waits between polls (replaceable in tests); default sleeps in small steps
  // and returns early once cancelled.
  std::function<void(long long ms)> wait;
};

// Writes each event's line (format_lambda_log_line), skipping END and
// SERVERLESS_ENTERPRISE lines. "No existing streams for the function" is a
// UserError unless tailing.
void show_logs(const api::AwsContext& ctx, LogsOptions options, const std::function<void(const std::string&)>& write,
               const Style& aside);

}  // namespace sls::aws::ops
