#include "aws/api/logs.h"

#include "aws/api/json_rpc.h"

namespace sls::aws::api::logs {
namespace {

// A member of a reply object as text; "" when absent or null (moto sends some nulls).
std::string text(const Json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

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
    auto ts = e.find("timestamp");
    page.events.push_back({text(e, "logStreamName"), ts != e.end() && ts->is_number() ? ts->get<long long>() : 0,
                           text(e, "message"), text(e, "eventId")});
  }
  page.next_token = text(reply, "nextToken");
  return page;
}

std::vector<std::string> recent_log_streams(const AwsContext& ctx, const std::string& log_group_name,
                                            int limit) {
  Json req = {{"logGroupName", log_group_name}, {"descending", true}, {"limit", limit},
              {"orderBy", "LastEventTime"}};
  Json reply = json_rpc_call(ctx, "logs", "Logs_20140328", "DescribeLogStreams", req);
  std::vector<std::string> names;
  for (const Json& s : reply.value("logStreams", Json::array())) names.push_back(text(s, "logStreamName"));
  return names;
}

void delete_log_group(const AwsContext& ctx, const std::string& log_group_name) {
  json_rpc_call(ctx, "logs", "Logs_20140328", "DeleteLogGroup", {{"logGroupName", log_group_name}});
}

}  // namespace sls::aws::api::logs
