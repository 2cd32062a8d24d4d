#include "aws/deploy/update_stage.h"

#include "aws/api/apigateway.h"
#include "aws/api/logs.h"
#include "aws/api/sts.h"
#include "aws/naming.h"
#include "util/error.h"
#include "util/js_like.h"

namespace sls::aws::deploy {
namespace {

const char* const kDefaultLogFormat =
    "requestId: $context.requestId, ip: $context.identity.sourceIp, caller: $context.identity.caller, "
    "user: $context.identity.user, requestTime: $context.requestTime, httpMethod: $context.httpMethod, "
    "resourcePath: $context.resourcePath, status: $context.status, protocol: $context.protocol, "
    "responseLength: $context.responseLength";

// `obj.key != null` in JavaScript.
bool has_non_null(const Json& obj, std::string_view key) { return js::get_non_null(obj, key) != nullptr; }

const Json& member(const Json& obj, std::string_view key) {
  static const Json kNull;
  const Json* v = js::get(obj, key);
  return v ? *v : kNull;
}

// `value == null ? fallback : value` with JavaScript truthiness.
bool flag(const Json& obj, std::string_view key, bool fallback) {
  const Json* v = js::get_non_null(obj, key);
  return v ? js::truthy(*v) : fallback;
}

Json op(const std::string& path, const std::string& value) {
  return {{"op", "replace"}, {"path", path}, {"value", value}};
}

// JavaScript's String(value) for tag values.
std::string js_string(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_null()) return "null";
  return v.dump();
}

bool http_events_used(const Json& functions) {
  if (!functions.is_object()) return false;
  for (const auto& [name, fn] : functions.items()) {
    const Json& events = member(fn, "events");
    if (!events.is_array()) continue;
    for (const Json& e : events)
      if (e.is_object() && e.contains("http")) return true;
  }
  return false;
}

// resolveApiGatewayResource: the only RestApi of the template, when a Deployment references it.
const Json* template_rest_api(const Json& compiled) {
  const Json& resources = member(compiled, "Resources");
  if (!resources.is_object()) return nullptr;
  const Json* api = nullptr;
  std::string api_id;
  for (const auto& [id, r] : resources.items()) {
    if (member(r, "Type") != "AWS::ApiGateway::RestApi") continue;
    if (api) return nullptr;
    api = &r;
    api_id = id;
  }
  if (!api) return nullptr;
  for (const auto& [id, r] : resources.items()) {
    if (member(r, "Type") != "AWS::ApiGateway::Deployment") continue;
    if (member(member(member(r, "Properties"), "RestApiId"), "Ref") == api_id) return api;
  }
  return nullptr;
}

// getApiGatewayName.
std::string api_name(const Json& provider, const std::string& service, const std::string& stage) {
  if (const Json* n = js::get_truthy(provider, "apiName"); n && n->is_string()) return n->get<std::string>();
  if (js::truthy(js::get(member(provider, "apiGateway"), "shouldStartNameWithService")))
    return service + "-" + stage;
  return naming::api_gateway_name(service, stage);
}

std::string resolve_rest_api_id(const api::AwsContext& ctx, const Json& wanted_name) {
  if (!wanted_name.is_string()) return "";
  std::string position;
  do {
    api::apigateway::RestApiPage page = api::apigateway::get_rest_apis(ctx, position);
    for (const Json& item : page.items)
      if (member(item, "name") == wanted_name) return item.value("id", "");
    position = page.position;
  } while (!position.empty());
  return "";
}

}  // namespace

bool stage_settings_configured(const Json& provider) {
  return has_non_null(member(provider, "tracing"), "apiGateway") ||
         has_non_null(member(provider, "apiGateway"), "metrics") ||
         has_non_null(member(provider, "logs"), "restApi") || has_non_null(provider, "tags") ||
         has_non_null(provider, "stackTags");
}

Json stage_patch_operations(const Json& provider, const StageContext& s) {
  Json ops = Json::array();
  const Json& tracing = member(provider, "tracing");
  if (has_non_null(tracing, "apiGateway"))
    ops.push_back(op("/tracingEnabled", js::truthy(tracing["apiGateway"]) ? "true" : "false"));
  const Json& api_gateway = member(provider, "apiGateway");
  if (has_non_null(api_gateway, "metrics"))
    ops.push_back(op("/*/*/metrics/enabled", js::truthy(api_gateway["metrics"]) ? "true" : "false"));
  const Json& logs_parent = member(provider, "logs");
  if (!has_non_null(logs_parent, "restApi")) return ops;
  const Json& logs = logs_parent["restApi"];
  if (!js::truthy(logs)) {
    ops.push_back(op("/*/*/logging/dataTrace", "false"));
    ops.push_back(op("/*/*/logging/loglevel", "OFF"));
    return ops;
  }
  std::string level = "INFO";
  if (!flag(logs, "executionLogging", true)) level = "OFF";
  else if (const Json* l = js::get_truthy(logs, "level"); l && l->is_string()) level = l->get<std::string>();
  if (flag(logs, "accessLogging", true)) {
    std::string format = kDefaultLogFormat;
    if (const Json* f = js::get_truthy(logs, "format"); f && f->is_string()) format = f->get<std::string>();
    ops.push_back(op("/accessLogSettings/destinationArn",
                     "arn:" + s.partition + ":logs:" + s.region + ":" + s.account_id + ":log-group:" +
                         naming::api_gateway_log_group_name(s.service, s.stage)));
    ops.push_back(op("/accessLogSettings/format", format));
  } else {
    ops.push_back({{"op", "remove"}, {"path", "/accessLogSettings"}});
  }
  ops.push_back(op("/*/*/logging/dataTrace", flag(logs, "fullExecutionData", true) ? "true" : "false"));
  ops.push_back(op("/*/*/logging/loglevel", level));
  return ops;
}

TagChanges stage_tag_changes(const Json& provider, const Json& current_tags) {
  Json merged = Json::object();
  for (const char* key : {"stackTags", "tags"}) {
    const Json& tags = member(provider, key);
    if (!tags.is_object()) continue;
    for (const auto& [k, v] : tags.items())
      if (!js::is_unsafe_key(k)) merged[k] = js_string(v);
  }
  const Json current = current_tags.is_object() ? current_tags : Json::object();
  TagChanges out;
  for (const auto& [k, v] : current.items())
    if (k.rfind("aws:", 0) != 0 && !(merged.contains(k) && merged[k].is_string())) out.remove.push_back(k);
  if (current != merged && !merged.empty()) out.tags = merged;
  return out;
}

void update_stage(const api::AwsContext& ctx, const Target& target, const Package& package,
                  const Reporter& reporter) {
  const Json& service = member(package.state, "service");
  const Json& provider = member(service, "provider");
  if (!stage_settings_configured(provider)) return;
  const Json& functions = member(service, "functions");

  StageContext s;
  s.service = target.service;
  s.region = target.region;
  const Json& api_gateway = member(provider, "apiGateway");
  const Json* custom_stage = js::get_truthy(api_gateway, "stage");
  s.stage = custom_stage && custom_stage->is_string() ? custom_stage->get<std::string>() : target.stage;
  api::CallerIdentity who = api::sts_get_caller_identity(ctx);
  s.account_id = who.account;
  s.partition = "aws";
  if (who.arn.rfind("arn:", 0) == 0) s.partition = who.arn.substr(4, who.arn.find(':', 4) - 4);

  if (js::truthy(js::get(api_gateway, "restApiId"))) return;  // an imported API's stage is not ours
  std::string rest_api_id;
  const Json* api = template_rest_api(package.compiled_template);
  if (api || http_events_used(functions)) {
    Json name = api ? member(member(*api, "Properties"), "Name")
                    : Json(api_name(provider, target.service, target.stage));
    rest_api_id = resolve_rest_api_id(ctx, name);
  }
  std::string deployment_id;
  if (!rest_api_id.empty()) deployment_id = api::apigateway::first_deployment_id(ctx, rest_api_id);
  if (deployment_id.empty()) {
    if (!http_events_used(functions)) return;
    if (!has_non_null(member(provider, "tracing"), "apiGateway") && !has_non_null(member(provider, "logs"), "restApi"))
      return;
    throw UserError(
        "Rest API id could not be resolved.\nThis might be caused by a custom API Gateway configuration.\n\n"
        "In given setup stage specific options such as `tracing`, `logs` and `tags` are not supported.\n\n"
        "Please update your configuration (or open up an issue if you feel that there's a way to support "
        "your setup).",
        "API_GATEWAY_REST_API_ID_NOT_RESOLVED");
  }

  reporter.say_debug("updating API Gateway stage " + s.stage + " of REST API " + rest_api_id);
  std::optional<Json> stage = api::apigateway::get_stage(ctx, rest_api_id, s.stage);
  if (!stage || stage->empty()) api::apigateway::create_stage(ctx, rest_api_id, s.stage, deployment_id);
  const Json ops = stage_patch_operations(provider, s);
  const bool tags_configured = has_non_null(provider, "tags") || has_non_null(provider, "stackTags");
  TagChanges tags;
  if (tags_configured) tags = stage_tag_changes(provider, stage ? member(*stage, "tags") : Json());
  if (!ops.empty()) api::apigateway::update_stage(ctx, rest_api_id, s.stage, ops);
  const std::string stage_arn =
      "arn:" + s.partition + ":apigateway:" + s.region + "::/restapis/" + rest_api_id + "/stages/" + s.stage;
  if (!tags.tags.empty()) api::apigateway::tag_resource(ctx, stage_arn, tags.tags);
  if (!tags.remove.empty()) api::apigateway::untag_resource(ctx, stage_arn, tags.remove);

  // Access logging off (or logs not configured): the log group goes, so that turning
  // logs on again does not collide with a leftover group. Best effort, as osls.
  const Json& logs = member(member(provider, "logs"), "restApi");
  if (!(js::truthy(logs) && flag(logs, "accessLogging", true))) {
    try {
      api::logs::delete_log_group(ctx, naming::api_gateway_log_group_name(s.service, s.stage));
    } catch (const UserError& e) {
      reporter.say_debug(std::string("access log group not deleted: ") + e.what());
    }
  }
}

}  // namespace sls::aws::deploy
