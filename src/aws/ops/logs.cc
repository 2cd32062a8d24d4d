#include "aws/ops/logs.h"

#include <chrono>
#include <thread>

#include "aws/api/logs.h"
#include "util/error.h"

namespace sls::aws::ops {
namespace {

bool cancelled(const LogsOptions& o) { return o.cancelled && o.cancelled->load(); }

void sleep_unless_cancelled(const LogsOptions& o, long long ms) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (!cancelled(o) && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(std::min<long long>(ms, 50)));
}

bool shown(const std::string& message) {
  return message.find("SERVERLESS_ENTERPRISE") == std::string::npos && message.rfind("END", 0) != 0;
}

}  // namespace

void show_logs(const api::AwsContext& ctx, LogsOptions o, const std::function<void(const std::string&)>& write,
               const Style& aside) {
  if (!o.wait) o.wait = [&o](long long ms) { sleep_unless_cancelled(o, ms); };
  long long start = o.start_time ? time_option(*o.start_time, "--startTime", now_ms())
                                 : now_ms() - (o.tail ? 10'000 : 600'000);
  std::string next_token;
  while (true) {
    const auto streams = api::logs::recent_log_streams(ctx, o.log_group_name);
    if (streams.empty() && !o.tail)
      throw UserError("No existing streams for the function", "NO_EXISTING_LOG_STREAMS");
    if (!streams.empty()) {
      api::logs::FilterInput in;
      in.log_group_name = o.log_group_name;
      in.log_stream_names = streams;
      in.filter_pattern = o.filter;
      in.next_token = next_token;
      in.start_time = start;
      const api::logs::FilterPage page = api::logs::filter_log_events(ctx, in);
      for (const auto& e : page.events)
        if (shown(e.message)) write(format_lambda_log_line(e.message, aside));
      next_token = page.next_token;
      if (o.tail && !page.events.empty()) start = page.events.back().timestamp + 1;
    }
    if (!o.tail && next_token.empty()) return;  // osls shows one page; every page is more useful
    if (!o.tail) continue;
    if (cancelled(o)) return;
    o.wait(o.interval_ms);
    if (cancelled(o)) return;
  }
}

}  // namespace sls::aws::ops
