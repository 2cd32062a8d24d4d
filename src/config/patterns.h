// The string shapes the configuration checks accept, as small hand-written
// matchers. Each accepts exactly the strings the std::regex named beside it
// accepts (ECMAScript grammar, char in the "C" locale: \d is [0-9], \w is
// [A-Za-z0-9_], \S any byte but " \t\n\v\f\r"), without the cost of building
// a regex (std::regex compiles character-class caches through the locale).
#pragma once
#include <string_view>

namespace sls::config::patterns {

// ^[A-Za-z0-9-]+$ (osls's stage names: --stage, provider.stage)
bool is_stage_name(std::string_view s);
// ^[-_a-zA-Z0-9]+$ (stage names API Gateway accepts when there are http events)
bool is_api_gateway_stage_name(std::string_view s);
// ^[a-zA-Z][a-zA-Z0-9-]*$ (provider.stackName)
bool is_stack_name(std::string_view s);
// ^[a-zA-Z][0-9a-zA-Z-]+$ (service; at least two characters)
bool is_service_name(std::string_view s);
// ^[a-zA-Z0-9-_]+$ (the keys of functions)
bool is_function_name(std::string_view s);

// ^(?:\*|GET|POST|PUT|PATCH|OPTIONS|HEAD|DELETE|ANY)$, ignoring case
bool is_http_method(std::string_view s);
// ^(?:\*|(GET|POST|PUT|PATCH|OPTIONS|HEAD|DELETE|ANY) (\/\S*))$, ignoring case
// ("get /users": the short form of an http event)
bool is_http_method_and_path(std::string_view s);
// ^(?:\*|\/?\S*)$ (an http event's path: no whitespace at all)
bool is_http_path(std::string_view s);

// ^rate\((?:1 (?:minute|hour|day)|(?:1\d+|[2-9]\d*) (?:minute|hour|day)s)\)$
// |^cron\(\S+ \S+ \S+ \S+ \S+ \S+\)$
bool is_schedule_expression(std::string_view s);

// ^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$ (decimal numbers JavaScript's Number() reads)
bool is_decimal_number(std::string_view s);
// ^0([xX][0-9a-fA-F]+|[oO][0-7]+|[bB][01]+)$ (hexadecimal, octal and binary integers)
bool is_prefixed_integer(std::string_view s);

// ^[A-Za-z_][a-zA-Z0-9_]*$ (environment variable names)
bool is_env_var_name(std::string_view s);
// ^[\w./=+:\-_ ]{1,128}$ (tag keys; the "aws:" prefix is checked separately)
bool is_tag_key(std::string_view s);

// ^[#A-Za-z0-9-_./]+[*]?$ (awsLogicalResourceId: an IAM Resource naming a template resource)
bool is_logical_resource_id(std::string_view s);

// ^[A-Za-z0-9/_+=,.@-]{1,64}$ (IAM role names)
bool is_iam_role_name(std::string_view s);

// /^arn:aws[a-z-]*:kms/ (searched: a prefix) for kmsKeyArn strings
bool is_kms_arn(std::string_view s);

// ^[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#\[\]%]*$ (ajv-formats "uri",
// closely enough: a scheme, then only characters a URI may hold)
bool is_uri(std::string_view s);

// osls's awsS3BucketName pattern, kS3BucketNamePattern (lengths are checked apart):
// dot-separated labels of [a-z0-9-] that start and end with [a-z0-9], not an IPv4 address.
bool is_s3_bucket_name(std::string_view s);
inline constexpr std::string_view kS3BucketNamePattern =
    R"re(must match pattern "(?!^(\d{1,3}\.){3}\d{1,3}$)(^(([a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])\.)*([a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])$)")re";

}  // namespace sls::config::patterns
