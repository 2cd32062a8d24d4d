#include "aws/naming.h"

#include <cctype>
#include <vector>

#include "util/digest.h"

namespace sls::naming {

namespace {

bool is_ascii_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

void upper_first_in_place(std::string& s) {
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
}

// Appends normalize_path_part(part) without its upper-first step: lower case,
// '-' -> "Dash", the text between the first '{' and the last '}' kept with
// "Var" after it (the braces dropped), then everything but [0-9A-Za-z] dropped.
void append_path_part(std::string& out, std::string_view part) {
  size_t open = part.find('{');
  size_t close = part.rfind('}');
  if (open == std::string_view::npos || close == std::string_view::npos || close <= open)
    open = close = std::string_view::npos;
  for (size_t i = 0; i < part.size(); ++i) {
    if (i == open) continue;
    if (i == close) {
      out += "Var";
      continue;
    }
    const char c = ascii_lower(part[i]);
    if (c == '-') out += "Dash";
    else if (is_ascii_alnum(c)) out += c;
  }
}

}  // namespace

std::string upper_first(std::string_view s) {
  std::string out(s);
  upper_first_in_place(out);
  return out;
}

std::string normalize_name(std::string_view name) { return upper_first(name); }

std::string normalize_name_alnum(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (char c : name)
    if (is_ascii_alnum(c)) out += c;
  upper_first_in_place(out);
  return out;
}

std::string normalize_resource_name(std::string_view name) {
  std::string out;
  out.reserve(name.size() + 16);
  for (char c : name) {
    if (c == '-') out += "Dash";
    else if (c == '_') out += "Underscore";
    else out += c;
  }
  upper_first_in_place(out);
  return out;
}

std::string normalized_function_name(std::string_view fn) { return normalize_resource_name(fn); }

std::string normalize_path_part(std::string_view part) {
  std::string out;
  out.reserve(part.size() + 8);
  append_path_part(out, part);
  upper_first_in_place(out);
  return out;
}

std::string normalize_path(std::string_view path) {
  std::string out;
  out.reserve(path.size() + 16);
  size_t start = 0;
  while (true) {
    const size_t slash = path.find('/', start);
    const size_t begin = out.size();
    append_path_part(out, path.substr(start, slash == std::string_view::npos ? path.npos : slash - start));
    if (begin < out.size()) out[begin] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[begin])));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

std::string normalize_method_name(std::string_view method) {
  std::string out;
  out.reserve(method.size());
  for (char c : method) out += ascii_lower(c);
  upper_first_in_place(out);
  return out;
}

std::string stack_name(std::string_view service, std::string_view stage) {
  return std::string(service) + "-" + std::string(stage);
}

std::string lambda_logical_id(std::string_view fn) { return normalized_function_name(fn) + "LambdaFunction"; }
std::string log_group_logical_id(std::string_view fn) { return normalized_function_name(fn) + "LogGroup"; }
std::string log_group_name(std::string_view function_name) {
  return "/aws/lambda/" + std::string(function_name);
}
std::string lambda_version_logical_id(std::string_view fn, std::string_view sha) {
  std::string out = normalized_function_name(fn);
  out.reserve(out.size() + 13 + sha.size());
  out += "LambdaVersion";
  for (char c : sha)
    if (is_ascii_alnum(c)) out += c;
  return out;
}
std::string lambda_version_output_logical_id(std::string_view fn) {
  return lambda_logical_id(fn) + "QualifiedArn";
}
std::string lambda_layer_logical_id(std::string_view layer) {
  return normalized_function_name(layer) + "LambdaLayer";
}
std::string lambda_layer_output_logical_id(std::string_view layer) {
  return lambda_layer_logical_id(layer) + "QualifiedArn";
}
std::string api_gateway_log_group_name(std::string_view service, std::string_view stage) {
  return "/aws/api-gateway/" + std::string(service) + "-" + std::string(stage);
}
std::string custom_resource_function_name(std::string_view service, std::string_view stage,
                                          std::string_view name) {
  std::string full = default_function_name(service, stage, name);
  if (full.size() <= 64) return full;
  return full.substr(0, 32) + digest::hex(digest::md5(full));
}
std::string custom_s3_resource_logical_id(std::string_view fn) {
  return normalized_function_name(fn) + "CustomS31";
}
std::string custom_cognito_user_pool_resource_logical_id(std::string_view fn) {
  return normalized_function_name(fn) + "CustomCognitoUserPool1";
}
std::string default_function_name(std::string_view service, std::string_view stage, std::string_view fn) {
  return std::string(service) + "-" + std::string(stage) + "-" + std::string(fn);
}

std::string api_gateway_name(std::string_view service, std::string_view stage, bool start_with_service) {
  return start_with_service ? std::string(service) + "-" + std::string(stage)
                            : std::string(stage) + "-" + std::string(service);
}
std::string api_gateway_deployment_logical_id(std::string_view id) {
  return "ApiGatewayDeployment" + std::string(id);
}
std::string request_validator_logical_id(std::string_view service) {
  return "ApiGateway" + normalize_name_alnum(service) + "RequestValidator";
}

namespace {

// lodash's words() for ASCII names: split on punctuation, lower->Upper,
// UPPER->Upper-lower and letter<->digit boundaries.
std::vector<std::string> words(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) out.push_back(cur);
    cur.clear();
  };
  auto is_upper = [](char ch) { return ch >= 'A' && ch <= 'Z'; };
  auto is_lower = [](char ch) { return ch >= 'a' && ch <= 'z'; };
  auto is_digit = [](char ch) { return ch >= '0' && ch <= '9'; };
  for (size_t i = 0; i < s.size(); ++i) {
    const char ch = s[i];
    if (!is_ascii_alnum(ch)) {
      flush();
      continue;
    }
    if (!cur.empty()) {
      const char prev = cur.back();
      const bool next_lower = i + 1 < s.size() && is_lower(s[i + 1]);
      if ((is_lower(prev) && is_upper(ch)) || (is_digit(prev) != is_digit(ch)) ||
          (is_upper(prev) && is_upper(ch) && next_lower))
        flush();
    }
    cur += ch;
  }
  flush();
  return out;
}

}  // namespace

std::string model_logical_id(std::string_view schema_id) {
  std::string camel;
  for (auto w : words(schema_id)) {
    for (char& ch : w) ch = ascii_lower(ch);
    camel += upper_first(w);
  }
  return "ApiGateway" + camel + "Model";
}
std::string endpoint_model_logical_id(std::string_view method_logical_id, std::string_view content_type) {
  std::string out(method_logical_id);
  for (const auto& w : words(content_type)) out += upper_first(w);
  return out + "Model";
}
std::string resource_logical_id(std::string_view resource_path) {
  return "ApiGatewayResource" + normalize_path(resource_path);
}
std::string method_logical_id(std::string_view resource_id, std::string_view method) {
  return "ApiGatewayMethod" + std::string(resource_id) + normalize_method_name(method);
}
std::string authorizer_logical_id(std::string_view name) {
  return normalized_function_name(name) + "ApiGatewayAuthorizer";
}
std::string lambda_api_gateway_permission_logical_id(std::string_view fn) {
  return normalized_function_name(fn) + "LambdaPermissionApiGateway";
}
std::string api_key_logical_id(int number, std::string_view name) {
  if (!name.empty()) return "ApiGatewayApiKey" + normalize_name(name) + std::to_string(number);
  return "ApiGatewayApiKey" + std::to_string(number);
}
std::string usage_plan_logical_id(std::string_view name) {
  if (!name.empty()) return "ApiGatewayUsagePlan" + normalize_name(name);
  return "ApiGatewayUsagePlan";
}
std::string usage_plan_key_logical_id(int number, std::string_view name) {
  if (!name.empty()) return "ApiGatewayUsagePlanKey" + normalize_name(name) + std::to_string(number);
  return "ApiGatewayUsagePlanKey" + std::to_string(number);
}

std::string schedule_logical_id(std::string_view fn, int index) {
  return normalized_function_name(fn) + "EventsRuleSchedule" + std::to_string(index);
}
std::string lambda_schedule_permission_logical_id(std::string_view fn, int index) {
  return normalized_function_name(fn) + "LambdaPermissionEventsRuleSchedule" + std::to_string(index);
}
std::string scheduler_schedule_logical_id(std::string_view fn, int index) {
  return normalized_function_name(fn) + "SchedulerSchedule" + std::to_string(index);
}

std::string queue_logical_id(std::string_view fn, std::string_view queue) {
  return normalized_function_name(fn) + "EventSourceMappingSQS" + normalize_name_alnum(queue);
}

std::string topic_logical_id(std::string_view topic) { return "SNSTopic" + normalize_name_alnum(topic); }
std::string topic_dlq_policy_logical_id(std::string_view fn, std::string_view topic) {
  return normalize_name_alnum(topic) + "To" + normalized_function_name(fn) + "DLQPolicy";
}
std::string lambda_sns_permission_logical_id(std::string_view fn, std::string_view topic) {
  return normalized_function_name(fn) + "LambdaPermission" + normalize_name_alnum(topic) + "SNS";
}
std::string lambda_sns_subscription_logical_id(std::string_view fn, std::string_view topic) {
  return normalized_function_name(fn) + "SnsSubscription" + normalize_name_alnum(topic);
}

std::string stream_logical_id(std::string_view fn, std::string_view type, std::string_view stream) {
  return normalized_function_name(fn) + "EventSourceMapping" + normalize_name(type) + normalize_name_alnum(stream);
}
std::string stream_consumer_name(std::string_view fn, std::string_view stream, bool service_specific,
                                 std::string_view service, std::string_view stage) {
  std::string name = std::string(fn) + std::string(stream);
  if (service_specific) name += std::string(service) + std::string(stage);
  return name + "Consumer";
}
std::string stream_consumer_logical_id(std::string_view consumer_name) {
  return normalized_function_name(consumer_name) + "StreamConsumer";
}

namespace {
std::string alnum_cut(std::string_view name, size_t length) { return normalize_name_alnum(name).substr(0, length); }
}  // namespace

std::string kafka_event_logical_id(std::string_view fn, std::string_view topic) {
  return normalized_function_name(fn) + "EventSourceMappingKafka" + alnum_cut(topic, 158);
}
std::string msk_event_logical_id(std::string_view fn, std::string_view cluster, std::string_view topic) {
  return normalized_function_name(fn) + "EventSourceMappingMSK" + alnum_cut(cluster, 79) + alnum_cut(topic, 79);
}
std::string activemq_event_logical_id(std::string_view fn, std::string_view queue) {
  return normalized_function_name(fn) + "EventSourceMappingActiveMQ" + alnum_cut(queue, 150);
}
std::string rabbitmq_event_logical_id(std::string_view fn, std::string_view queue) {
  return normalized_function_name(fn) + "EventSourceMappingRabbitMQ" + alnum_cut(queue, 150);
}

std::string alb_target_group_logical_id(std::string_view fn, std::string_view alb_id, bool multi_value) {
  return normalized_function_name(fn) + (multi_value ? "AlbMultiValueTargetGroup" : "AlbTargetGroup") +
         std::string(alb_id);
}
std::string alb_target_group_name_tag(std::string_view service, std::string_view fn, std::string_view alb_id,
                                      bool multi_value, std::string_view stage) {
  std::string tag = std::string(service) + "-" + std::string(fn) + "-" + std::string(alb_id) + "-";
  if (multi_value) tag += "multi-value-";
  return tag + std::string(stage);
}
std::string alb_target_group_name(std::string_view prefix, std::string_view name_tag) {
  return (std::string(prefix) + digest::hex(digest::md5(name_tag))).substr(0, 32);
}
std::string alb_listener_rule_logical_id(std::string_view fn, std::string_view priority) {
  return normalized_function_name(fn) + "AlbListenerRule" + std::string(priority);
}
std::string lambda_alb_permission_logical_id(std::string_view fn) {
  return normalized_function_name(fn) + "LambdaPermissionAlb";
}
std::string lambda_register_target_permission_logical_id(std::string_view fn) {
  return normalized_function_name(fn) + "LambdaPermissionRegisterTarget";
}

// WebSockets
std::string websockets_api_name(std::string_view service, std::string_view stage) {
  return std::string(stage) + "-" + std::string(service) + "-websockets";
}
std::string websockets_integration_logical_id(std::string_view fn) {
  return normalized_function_name(fn) + "WebsocketsIntegration";
}
std::string lambda_websockets_permission_logical_id(std::string_view fn) {
  return normalized_function_name(fn) + "LambdaPermissionWebsockets";
}
std::string normalized_websockets_route_key(std::string_view route) {
  std::string out;
  out.reserve(route.size() + 16);
  for (char c : route) {
    if (c == '$') out += 'S';
    else if (c == '/') out += "Slash";
    else if (c == '-') out += "Dash";
    else if (c == '_') out += "Underscore";
    else if (c == '.') out += "Period";
    else out += c;
  }
  return out;
}
std::string websockets_route_logical_id(std::string_view route) {
  return normalized_websockets_route_key(route) + "WebsocketsRoute";
}
std::string websockets_route_response_logical_id(std::string_view route) {
  return websockets_route_logical_id(route) + "Response";
}
std::string websockets_deployment_logical_id(std::string_view sha) {
  std::string out = "WebsocketsDeployment";
  for (char c : sha)
    if (is_ascii_alnum(c)) out += c;
  return out;
}
std::string websockets_authorizer_logical_id(std::string_view name) {
  return normalized_function_name(name) + "WebsocketsAuthorizer";
}
std::string websockets_log_group_name(std::string_view service, std::string_view stage) {
  return "/aws/websocket/" + std::string(service) + "-" + std::string(stage);
}

// HTTP API (API Gateway v2)
std::string http_api_name(std::string_view service, std::string_view stage, bool start_with_service) {
  return start_with_service ? std::string(service) + "-" + std::string(stage)
                            : std::string(stage) + "-" + std::string(service);
}
std::string http_api_integration_logical_id(std::string_view fn) {
  return "HttpApiIntegration" + normalized_function_name(fn);
}
std::string http_api_route_logical_id(std::string_view route_key) {
  if (route_key == "*") return "HttpApiRouteDefault";
  return "HttpApiRoute" + normalize_path(route_key);
}
std::string http_api_authorizer_logical_id(std::string_view name) {
  return "HttpApiAuthorizer" + normalized_function_name(name);
}
std::string lambda_http_api_permission_logical_id(std::string_view fn) {
  return normalized_function_name(fn) + "LambdaPermissionHttpApi";
}
std::string lambda_authorizer_http_api_permission_logical_id(std::string_view authorizer) {
  return normalize_resource_name(authorizer) + "LambdaAuthorizerPermissionHttpApi";
}
std::string http_api_log_group_name(std::string_view stack_name) {
  return "/aws/http-api/" + std::string(stack_name);
}

std::string bucket_logical_id(std::string_view bucket) { return "S3Bucket" + normalize_name_alnum(bucket); }
std::string lambda_s3_permission_logical_id(std::string_view fn, std::string_view bucket) {
  return normalized_function_name(fn) + "LambdaPermission" + normalize_name_alnum(bucket) + "S3";
}

std::string cognito_user_pool_logical_id(std::string_view pool) {
  return "CognitoUserPool" + normalize_name_alnum(pool);
}
std::string lambda_cognito_user_pool_permission_logical_id(std::string_view fn, std::string_view pool,
                                                           std::string_view trigger) {
  return normalized_function_name(fn) + "LambdaPermissionCognitoUserPool" + normalize_name_alnum(pool) +
         "TriggerSource" + normalize_name_alnum(trigger);
}

std::string cloudwatch_event_id(std::string_view fn) { return std::string(fn) + "CloudWatchEvent"; }
std::string cloudwatch_event_logical_id(std::string_view fn, int index) {
  return normalized_function_name(fn) + "EventsRuleCloudWatchEvent" + std::to_string(index);
}
std::string lambda_cloudwatch_event_permission_logical_id(std::string_view fn, int index) {
  return normalized_function_name(fn) + "LambdaPermissionEventsRuleCloudWatchEvent" + std::to_string(index);
}
std::string cloudwatch_log_logical_id(std::string_view fn, int index) {
  return normalized_function_name(fn) + "LogsSubscriptionFilterCloudWatchLog" + std::to_string(index);
}
std::string lambda_cloudwatch_log_permission_logical_id(std::string_view fn) {
  return normalized_function_name(fn) + "LambdaPermissionLogsSubscriptionFilterCloudWatchLog";
}

std::string event_bridge_event_bus_logical_id(std::string_view bus) {
  return normalize_resource_name(bus) + "EventBridgeEventBus";
}
std::string event_bridge_rule_logical_id(std::string_view rule_name) {
  return normalize_name_alnum(rule_name) + "EventBridgeRule";
}
std::string event_bridge_lambda_permission_logical_id(std::string_view fn, int index) {
  return normalized_function_name(fn) + "EventBridgeLambdaPermission" + std::to_string(index);
}

namespace {
// osls's hashName: the first 31 - |suffix| characters, the md5 (hex) of the whole, "-<suffix>".
std::string hash_name(std::string_view name, std::string_view suffix) {
  return std::string(name.substr(0, 31 - suffix.size())) + digest::hex(digest::md5(name)) + "-" +
         std::string(suffix);
}
}  // namespace

std::string event_bridge_rule_stub(std::string_view function_name, int index) {
  return std::string(function_name) + "-rule-" + std::to_string(index);
}
std::string event_bridge_rule_name(std::string_view function_name, int index) {
  std::string name = event_bridge_rule_stub(function_name, index);
  return name.size() > 64 ? hash_name(name, "rule-" + std::to_string(index)) : name;
}
std::string event_bridge_target_id(std::string_view rule_name) {
  std::string id = std::string(rule_name) + "-target";
  return id.size() > 64 ? hash_name(id, "target") : id;
}

std::string lambda_alexa_skill_permission_logical_id(std::string_view fn, int index) {
  return normalized_function_name(fn) + "LambdaPermissionAlexaSkill" + std::to_string(index);
}
std::string lambda_alexa_smart_home_permission_logical_id(std::string_view fn, int index) {
  return normalized_function_name(fn) + "LambdaPermissionAlexaSmartHome" + std::to_string(index);
}
std::string iot_logical_id(std::string_view fn, int index) {
  return normalized_function_name(fn) + "IotTopicRule" + std::to_string(index);
}
std::string lambda_iot_permission_logical_id(std::string_view fn, int index) {
  return normalized_function_name(fn) + "LambdaPermissionIotTopicRule" + std::to_string(index);
}
std::string iot_fleet_provisioning_logical_id(std::string_view fn) {
  return normalized_function_name(fn) + "IotProvisioningTemplate";
}
std::string lambda_iot_fleet_provisioning_permission_logical_id(std::string_view fn) {
  return normalized_function_name(fn) + "LambdaPermissionIotProvisioningTemplate";
}

std::string lambda_at_edge_invoke_permission_logical_id(std::string_view fn) {
  return lambda_logical_id(fn) + "InvokePermission";
}
std::string cloud_front_origin_id(bool s3, std::string_view domain, std::string_view origin_path) {
  return std::string(s3 ? "s3/" : "custom/") + std::string(domain) + std::string(origin_path);
}
std::string cloud_front_cache_policy_logical_id(std::string_view name) {
  return "CloudFrontCachePolicy" + normalized_function_name(name);
}
std::string cloud_front_cache_policy_name(std::string_view service, std::string_view stage, std::string_view name) {
  return std::string(service) + "-" + std::string(stage) + "-" + std::string(name);
}

}  // namespace sls::naming
