// The WebSocket stage (with provider.logs.websocket: its log settings and log
// group) and the deployment osls names after a hash of the API's resources,
// with the ServiceEndpointWebsocket output (websockets/lib/stage.js, deployment.js).
#include "aws/compile/cfn.h"
#include "aws/compile/custom_resources.h"
#include "aws/compile/events/websocket_model.h"
#include "aws/naming.h"
#include "util/digest.h"
#include "util/error.h"
#include "util/js_like.h"

namespace sls::compile::events::websocket {
namespace {

constexpr const char* kDefaultLogFormat =
    "$context.identity.sourceIp $context.identity.caller $context.identity.user [$context.requestTime] "
    "\"$context.eventType $context.routeKey $context.connectionId\" $context.requestId";

// logs.<key> when set (not null), else `fallback` (osls: `logs.key == null ? true : logs.key`).
Json log_option(const Json& logs, std::string_view key, Json fallback) {
  const Json* v = js::get_non_null(logs, key);
  return v ? *v : fallback;
}

std::string log_level(const Json& logs, bool execution_logging) {
  if (!execution_logging) return "OFF";
  const Json* level = js::get_truthy(logs, "level");
  if (!level) return "INFO";
  if (*level != Json("INFO") && *level != Json("ERROR"))
    throw UserError("provider.logs.websocket.level is set to an invalid value. Support values are INFO, ERROR, got " +
                        (level->is_string() ? level->get<std::string>() : level->dump()) + ".",
                    "WEBSOCKETS_INVALID_LOGS_LEVEL");
  return level->get<std::string>();
}

Json log_group(const PackageContext& ctx) {
  Json props = Json::object();
  props["LogGroupName"] = naming::websockets_log_group_name(ctx.service.name, ctx.service.stage);
  const Json* provider = js::get(ctx.service.config, "provider");
  if (const Json* days = provider ? js::get_truthy(*provider, "logRetentionInDays") : nullptr)
    props["RetentionInDays"] = *days;
  if (const Json* policy = provider ? js::get_truthy(*provider, "logDataProtectionPolicy") : nullptr)
    props["DataProtectionPolicy"] = *policy;
  return cfn::resource("AWS::Logs::LogGroup", std::move(props));
}

void add_log_settings(Compilation& c, Json& props) {
  const Json& logs = c.settings.logs;
  const bool access_logging = js::truthy(log_option(logs, "accessLogging", true));
  const bool execution_logging = js::truthy(log_option(logs, "executionLogging", true));
  Json route_settings = Json::object();
  route_settings["DataTraceEnabled"] = log_option(logs, "fullExecutionData", true);
  route_settings["LoggingLevel"] = log_level(logs, execution_logging);
  props["DefaultRouteSettings"] = std::move(route_settings);
  if (access_logging) {
    const Json* format = js::get_truthy(logs, "format");
    Json access = Json::object();
    access["DestinationArn"] = cfn::sub(std::string("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${") +
                                        naming::kWebsocketsLogGroupLogicalId + "}");
    access["Format"] = format ? *format : Json(kDefaultLogFormat);
    props["AccessLogSettings"] = std::move(access);
  }
}

// The resources osls's pickWebsocketsTemplatePart keeps, in template order.
bool belongs_to_api(const std::string& key, const Json& resource) {
  if (key == naming::kWebsocketsApiLogicalId) return true;
  const Json* props = js::get(resource, "Properties");
  const Json* api_id = props ? js::get_truthy(*props, "ApiId") : nullptr;
  if (api_id && js::get(*api_id, "Ref") && *js::get(*api_id, "Ref") == Json(naming::kWebsocketsApiLogicalId))
    return true;
  const Json* depends_on = js::get(resource, "DependsOn");
  if (depends_on && depends_on->is_array())
    for (const Json& d : *depends_on)
      if (d == Json(naming::kWebsocketsApiLogicalId)) return true;
  return false;
}

}  // namespace

void compile_stage(Compilation& c) {
  if (c.settings.existing_api) return;  // the deployment updates the existing API's stage
  Json props = Json::object();
  props["ApiId"] = c.settings.api_id;
  props["StageName"] = c.ctx.service.stage;
  props["Description"] = c.settings.description;
  Json& resources = c.ctx.resources();
  Json& stage = resources[naming::kWebsocketsStageLogicalId];
  stage = cfn::resource("AWS::ApiGatewayV2::Stage", std::move(props));
  if (!js::truthy(c.settings.logs)) return;
  add_log_settings(c, stage["Properties"]);
  resources[naming::kWebsocketsLogGroupLogicalId] = log_group(c.ctx);
  custom_resources::ensure_api_gateway_cloud_watch_role(c.ctx);  // as osls, shared with REST API logs
}

std::string deployment_hash(const Json& resources) {
  Json part = Json::object();
  for (const auto& [key, resource] : resources.items())
    if (belongs_to_api(key, resource)) part[key] = resource;
  return digest::base64(digest::sha256(js::stringify(part)));
}

void compile_deployment(Compilation& c) {
  Json depends_on = Json::array();
  for (const Route& r : c.routes) {
    if (!r.response_selection.is_null()) depends_on.push_back(naming::websockets_route_response_logical_id(r.route));
    depends_on.push_back(naming::websockets_route_logical_id(r.route));
  }
  Json& resources = c.ctx.resources();
  const std::string id = naming::websockets_deployment_logical_id(deployment_hash(resources));
  Json props = Json::object();
  props["ApiId"] = c.settings.api_id;
  props["Description"] = c.settings.description;
  if (c.settings.existing_api) props["StageName"] = c.ctx.service.stage;
  Json deployment = Json::object();
  deployment["Type"] = "AWS::ApiGatewayV2::Deployment";
  deployment["DependsOn"] = std::move(depends_on);
  deployment["Properties"] = std::move(props);
  resources[id] = std::move(deployment);

  Json output = Json::object();
  output["Description"] = "URL of the service endpoint";
  output["Value"] = cfn::join("", {"wss://", c.settings.api_id, ".execute-api.", cfn::ref("AWS::Region"), ".",
                                   cfn::ref("AWS::URLSuffix"), "/" + c.ctx.service.stage});
  c.ctx.outputs()[naming::kWebsocketsEndpointOutput] = std::move(output);

  auto stage = resources.find(naming::kWebsocketsStageLogicalId);
  if (stage != resources.end() && stage->is_object() && stage->contains("Properties"))
    (*stage)["Properties"]["DeploymentId"] = cfn::ref(id);
}

}  // namespace sls::compile::events::websocket
