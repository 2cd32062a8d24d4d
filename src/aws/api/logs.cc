#include "aws/api/logs.h"

#include "aws/api/json_rpc.h"

namespace sls::aws::api::logs {

FilterPage filter_log_events(const AwsContext& ctx, const FilterInput& input) {
  Json req = {{"logGroupName", input.log_group_name}, {"interleaved", true}};
  if (input.start_time) req["startTime"] = *input.start_time;
  if (input.end_time) req["endTime"] = *input.end_time;
  if (!input.filter_pattern.empty()) req["filterPattern"] = input.filter_pattern;
  if (!input.log_stream_names.empty()) req["logStreamNames"] = input.log_stream_names;
  if (!input.next_token.empty()) req["nextToken"] = input.next_token;
  Json reply = json_rpc_call(ctx, "logs", "Logs_20140328", "FilterLogEvents", req);
  FilterPage page;
  for (const Json& e : reply.value("events", Json::array())) {
    page.events.push_back({e.value("logStreamName", ""), e.value("timestamp", 0LL), e.value("message", ""),
                           e.value("eventId", "")});
  }
  page.next_token = reply.value("nextToken", "");
  return page;
}

void delete_log_group(const AwsContext& ctx, const std::string& log_group_name) {
  json_rpc_call(ctx, "logs", "Logs_20140328", "DeleteLogGroup", {{"logGroupName", log_group_name}});
}

}  // namespace sls::aws::api::logs
