// AWS STS: who am I, and assuming roles.
#pragma once
#include <optional>
#include <string>

#include "aws/api/client.h"

namespace sls::aws::api {

struct CallerIdentity {
  std::string account;
  std::string arn;
  std::string user_id;
};

CallerIdentity sts_get_caller_identity(const AwsContext& context);

struct AssumeRoleInput {
  std::string role_arn;
  std::string session_name;
  std::string external_id;               // optional
  std::optional<int> duration_seconds;   // optional
};

Credentials sts_assume_role(const AwsContext& context, const AssumeRoleInput& input);

// "2015-08-30T12:36:00Z" (optionally with fractional seconds) -> time point.
std::optional<std::chrono::system_clock::time_point> parse_iso8601(const std::string& text);

}  // namespace sls::aws::api
