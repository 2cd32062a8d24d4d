// Amazon CloudWatch Logs over JSON 1.1 (target prefix Logs_20140328).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "aws/api/client.h"

namespace sls::aws::api::logs {

struct FilterInput {
  std::string log_group_name;
  std::optional<long long> start_time;  // ms since epoch
  std::optional<long long> end_time;
  std::string filter_pattern;
  std::vector<std::string> log_stream_names;
  std::string next_token;
};

struct LogEvent {
  std::string log_stream_name;
  long long timestamp = 0;
  std::string message;
  std::string event_id;
};

struct FilterPage {
  std::vector<LogEvent> events;
  std::string next_token;
};

FilterPage filter_log_events(const AwsContext& ctx, const FilterInput& input);

// The names of the group's most recently written streams (DescribeLogStreams,
// orderBy LastEventTime, descending), at most `limit`.
std::vector<std::string> recent_log_streams(const AwsContext& ctx, const std::string& log_group_name,
                                            int limit = 50);

// DeleteLogGroup; throws UserError (e.g. ResourceNotFoundException) like every call.
void delete_log_group(const AwsContext& ctx, const std::string& log_group_name);

}  // namespace sls::aws::api::logs
