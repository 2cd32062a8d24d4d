// Helpers osls repeats in most event modules: the shared role's policy, the
// Lambda a trigger targets, the Lambda permission resource, and the messages
// of compile-time event errors.
#pragma once
#include <optional>
#include <string>

#include "aws/compile/events/registry.h"
#include "util/json.h"

namespace sls::compile::events {

// Appends `statement` to the policy of the shared role (IamRoleLambdaExecution);
// false, changing nothing, when the service has no shared role (custom roles).
bool add_role_statement(PackageContext& ctx, Json statement);

// The function's configuration under `functions:` (an empty object if absent).
const Json& function_config(const PackageContext& ctx, const std::string& fn);

// osls's resolveLambdaTarget: {"Fn::GetAtt": [<Fn>LambdaFunction, Arn]}, joined
// with the alias osls points events at (durable > provisioned > SnapStart).
Json lambda_target(const PackageContext& ctx, const std::string& fn);
// That alias's logical id, for DependsOn ("" when the function has none).
std::string lambda_target_alias(const PackageContext& ctx, const std::string& fn);

// An AWS::Lambda::Permission resource letting `principal` invoke `function`.
Json lambda_permission(Json function, std::string principal, Json source_arn = nullptr);

// The event's value at `key` when it is JavaScript-truthy, else nullptr.
const Json* option(const Event& e, std::string_view key);

// osls builds some resources as JSON text with values spliced in between double
// quotes ("Name": "${name}") and parses it back; this gives that value (escapes
// decoded) and fails, naming `property` of the event, where that text would
// not parse.
Json spliced_string(const Event& e, const std::string& text, std::string_view property);

// The inputTransformer schema of cloudwatchEvent and eventBridge (events/cloudwatch_event.cc).
void check_event_input_transformer(config::schema::Checker& c, Json& t, const config::schema::Path& path);

// The `name` of cloudwatchEvent and eventBridge rules: 1 to 64 characters
// matching osls's unanchored pattern "[a-zA-Z0-9-_.]+" (one such character
// anywhere; "9-_" is the range 9..._).
void check_rule_name(config::schema::Checker& c, Json& name, const config::schema::Path& path);

// osls's shared schema definitions, as the event schemas use them:
// awsArnString (a string starting "arn:") and awsArn (that, or any object: osls's
// awsCfFunction branch Fn::Base64 accepts every object). Each returns false after
// reporting an issue at `path`.
bool check_arn_string(config::schema::Checker& c, const Json& value, const config::schema::Path& path);
bool check_arn(config::schema::Checker& c, const Json& value, const config::schema::Path& path);

// `resource` ({Type, Properties}) with "DependsOn": `alias` after Type, as osls
// writes it for functions with a target alias; unchanged when `alias` is empty.
Json depends_on_alias(Json resource, const std::string& alias);

// The schema alexaSkill and alexaSmartHome share: an awsAlexaEventToken (a string
// of at most 256 characters matching "^[a-zA-Z0-9._\\-]+$"), or an object with
// that as `appId` (required) and a boolean `enabled`.
void check_alexa_event(config::schema::Checker& c, Json& body, const config::schema::Path& path);

// JavaScript's `value === false` (a missing value is not).
bool is_strictly_false(const Json* value);

// `text` without the two-character sequences "\\n" and "\\r" (osls's
// .replace(/\\n|\\r/g, '') on Alexa tokens).
std::string strip_escaped_line_breaks(std::string text);

// `text` without line breaks (osls's .replace(/\r?\n/g, '')).
std::string strip_line_breaks(const std::string& text);

// A compile-time error about one event, naming it:
// "Cannot setup \"<type>\" event (functions.f.events.0.<type>): <what>".
[[noreturn]] void event_error(const Event& e, const std::string& what, const char* code);

}  // namespace sls::compile::events
