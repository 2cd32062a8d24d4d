// What a Lambda authorizer answered, judged as API Gateway judges it: the IAM
// policy document's statements against the request's method ARN (an explicit
// Deny wins over any Allow; `*` and `?` wildcards in Resource), and the
// `context` it may pass on (string, number and boolean values only).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "util/json.h"

namespace sls::local {

// A string, or the strings of an array (others skipped); empty for anything else.
std::vector<std::string> string_or_strings(const Json* v);

// "arn:aws:execute-api:us-east-1:123456789012:apiId/dev/GET/users/12"
std::string method_arn(const std::string& region, const std::string& api_id, const std::string& stage,
                       const std::string& method, const std::string& path);

// One Resource of a statement against a method ARN: equal, "*", or with `*`
// (any run of characters, `/` included) and `?` (one character) wildcards.
bool resource_matches(const std::string& pattern, const std::string& arn);

enum class PolicyVerdict { allow, deny, no_match, malformed };

// A policyDocument ({Version, Statement: [{Action, Effect, Resource}]}, Statement
// also a single object; Action must cover execute-api:Invoke).
PolicyVerdict evaluate_policy(const Json& policy_document, const std::string& arn);

// The authorizer's `context`: null or an object of strings, numbers and
// booleans; nullopt when it is anything else (API Gateway's 500).
std::optional<Json> authorizer_context(const Json* context);

}  // namespace sls::local
