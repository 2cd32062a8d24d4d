#include "aws/naming.h"

#include <cctype>

namespace sls::naming {

std::string upper_first(std::string_view s) {
  std::string out(s);
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

std::string normalize_name(std::string_view name) { return upper_first(name); }

std::string normalize_name_alnum(std::string_view name) {
  std::string out;
  for (char c : name)
    if (std::isalnum(static_cast<unsigned char>(c))) out += c;
  return upper_first(out);
}

std::string normalize_resource_name(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (c == '-') out += "Dash";
    else if (c == '_') out += "Underscore";
    else out += c;
  }
  return upper_first(out);
}

std::string normalized_function_name(std::string_view fn) { return normalize_resource_name(fn); }

std::string normalize_path_part(std::string_view part) {
  std::string lower;
  for (char c : part) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string dashed;
  for (char c : lower) {
    if (c == '-') dashed += "Dash";
    else dashed += c;
  }
  // osls: .replace(/\{(.*)\}/g, '$1Var') -- greedy, first '{' to last '}'.
  auto open = dashed.find('{');
  auto close = dashed.rfind('}');
  if (open != std::string::npos && close != std::string::npos && close > open) {
    dashed = dashed.substr(0, open) + dashed.substr(open + 1, close - open - 1) + "Var" +
             dashed.substr(close + 1);
  }
  std::string out;
  for (char c : dashed)
    if (std::isalnum(static_cast<unsigned char>(c))) out += c;
  return upper_first(out);
}

std::string normalize_path(std::string_view path) {
  std::string out;
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    out += normalize_path_part(path.substr(start, slash == std::string_view::npos ? path.npos : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

std::string normalize_method_name(std::string_view method) {
  std::string lower;
  for (char c : method) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return upper_first(lower);
}

std::string stack_name(std::string_view service, std::string_view stage) {
  return std::string(service) + "-" + std::string(stage);
}
std::string service_artifact_name(std::string_view service) { return std::string(service) + ".zip"; }
std::string function_artifact_name(std::string_view fn) { return std::string(fn) + ".zip"; }
std::string layer_artifact_name(std::string_view layer) { return std::string(layer) + ".zip"; }

std::string lambda_logical_id(std::string_view fn) { return normalized_function_name(fn) + "LambdaFunction"; }
std::string log_group_logical_id(std::string_view fn) { return normalized_function_name(fn) + "LogGroup"; }
std::string log_group_name(std::string_view function_name) {
  return "/aws/lambda/" + std::string(function_name);
}
std::string lambda_version_logical_id(std::string_view fn, std::string_view sha) {
  std::string clean;
  for (char c : sha)
    if (std::isalnum(static_cast<unsigned char>(c))) clean += c;
  return normalized_function_name(fn) + "LambdaVersion" + clean;
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
std::string default_function_name(std::string_view service, std::string_view stage, std::string_view fn) {
  return std::string(service) + "-" + std::string(stage) + "-" + std::string(fn);
}

std::string api_gateway_name(std::string_view service, std::string_view stage) {
  return std::string(stage) + "-" + std::string(service);
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

}  // namespace sls::naming
