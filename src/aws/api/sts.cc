#include "aws/api/sts.h"

#include <ctime>

#include "aws/api/query.h"

namespace sls::aws::api {
namespace {
constexpr const char* kVersion = "2011-06-15";
}

std::optional<std::chrono::system_clock::time_point> parse_iso8601(const std::string& text) {
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (!end) return std::nullopt;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

CallerIdentity sts_get_caller_identity(const AwsContext& context) {
  QueryReply reply = query_call(context, "sts", kVersion, "GetCallerIdentity", {});
  return {child_text(reply.result, "Account"), child_text(reply.result, "Arn"), child_text(reply.result, "UserId")};
}

Credentials sts_assume_role(const AwsContext& context, const AssumeRoleInput& input) {
  QueryParams params = {{"RoleArn", input.role_arn}, {"RoleSessionName", input.session_name}};
  if (!input.external_id.empty()) params.emplace_back("ExternalId", input.external_id);
  if (input.duration_seconds) params.emplace_back("DurationSeconds", std::to_string(*input.duration_seconds));
  QueryReply reply = query_call(context, "sts", kVersion, "AssumeRole", params);
  pugi::xml_node c = reply.result.child("Credentials");
  Credentials out;
  out.access_key_id = child_text(c, "AccessKeyId");
  out.secret_access_key = child_text(c, "SecretAccessKey");
  out.session_token = child_text(c, "SessionToken");
  out.expiration = parse_iso8601(child_text(c, "Expiration"));
  out.source = "assumed role " + input.role_arn;
  return out;
}

}  // namespace sls::aws::api
