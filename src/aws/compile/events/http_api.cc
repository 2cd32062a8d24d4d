// The `httpApi` event's resources (osls events/http-api.js): the API, its
// access-log group, the `$default` stage with the HttpApiId/HttpApiUrl
// outputs, the authorizers, and per route a Route plus, once per function,
// its Lambda permission and Integration. Built from http_api::Config.
#include <algorithm>

#include "aws/compile/cfn.h"
#include "aws/compile/events/common.h"
#include "aws/compile/events/http_api_model.h"
#include "aws/compile/events/registry.h"
#include "aws/naming.h"
#include "util/js_like.h"

namespace sls::compile::events {
namespace {

using http_api::Config;

Json api_id(const Config& c) { return c.id.is_null() ? cfn::ref(naming::kHttpApiLogicalId) : c.id; }

// "arn:<partition>:execute-api:<region>:<account>:<api>/*"
Json execute_api_arn(const Config& c) {
  return cfn::join("", {"arn:", cfn::ref("AWS::Partition"), ":execute-api:", cfn::ref("AWS::Region"), ":",
                        cfn::ref("AWS::AccountId"), ":", api_id(c), "/*"});
}

Json provider_tags(const PackageContext& ctx) {
  const Json* tags = js::get_truthy(ctx.provider(), "tags");
  if (!tags) return Json();
  Json out = Json::object();
  js::shallow_assign(out, *tags);
  return out;
}

Json cors_configuration(const http_api::Cors& cors) {
  Json out = Json::object();
  if (cors.credentials) out["AllowCredentials"] = true;
  out["AllowHeaders"] = cors.headers;
  out["AllowMethods"] = cors.methods;
  out["AllowOrigins"] = cors.origins;
  if (!cors.exposed.is_null()) out["ExposeHeaders"] = cors.exposed;
  if (!cors.max_age.is_null()) out["MaxAge"] = cors.max_age;
  return out;
}

void compile_api(PackageContext& ctx, const Config& c) {
  static const Json kEmpty = Json::object();
  const Json* user_ptr = js::get_truthy(ctx.provider(), "httpApi");
  const Json& user = user_ptr ? *user_ptr : kEmpty;
  Json props = Json::object();
  if (const Json* name = js::get_truthy(user, "name")) {
    props["Name"] = name->is_string() ? *name : Json(name->dump());
  } else {
    props["Name"] = naming::http_api_name(ctx.service.name, ctx.service.stage,
                                          js::truthy(js::get(user, "shouldStartNameWithService")));
  }
  if (const Json* d = js::get_truthy(user, "description")) props["Description"] = d->is_string() ? *d : Json(d->dump());
  props["ProtocolType"] = "HTTP";
  if (!c.disable_default_endpoint.is_null()) props["DisableExecuteApiEndpoint"] = c.disable_default_endpoint;
  if (Json tags = provider_tags(ctx); !tags.is_null()) props["Tags"] = std::move(tags);
  if (c.cors) props["CorsConfiguration"] = cors_configuration(*c.cors);
  ctx.resources()[naming::kHttpApiLogicalId] = cfn::resource("AWS::ApiGatewayV2::Api", std::move(props));
}

void compile_log_group(PackageContext& ctx) {
  const Json* custom = js::get_truthy(ctx.provider(), "stackName");  // osls's getStackName
  const std::string stack = custom && custom->is_string() ? custom->get<std::string>()
                                                          : naming::stack_name(ctx.service.name, ctx.service.stage);
  Json props = Json::object();
  props["LogGroupName"] = naming::http_api_log_group_name(stack);
  if (const Json* days = js::get_truthy(ctx.provider(), "logRetentionInDays")) props["RetentionInDays"] = *days;
  if (const Json* p = js::get_truthy(ctx.provider(), "logDataProtectionPolicy")) props["DataProtectionPolicy"] = *p;
  ctx.resources()[naming::kHttpApiLogGroupLogicalId] = cfn::resource("AWS::Logs::LogGroup", std::move(props));
}

void add_outputs(PackageContext& ctx) {
  Json& outputs = ctx.outputs();
  outputs["HttpApiId"] = {{"Description", "Id of the HTTP API"}, {"Value", cfn::ref(naming::kHttpApiLogicalId)}};
  Json url = Json::object();
  url["Description"] = "URL of the HTTP API";
  url["Value"] = cfn::join("", {"https://", cfn::ref(naming::kHttpApiLogicalId), ".execute-api.",
                                cfn::ref("AWS::Region"), ".", cfn::ref("AWS::URLSuffix")});
  outputs["HttpApiUrl"] = std::move(url);
}

void compile_stage(PackageContext& ctx, const Config& c) {
  Json props = Json::object();
  props["ApiId"] = cfn::ref(naming::kHttpApiLogicalId);
  props["StageName"] = "$default";
  props["AutoDeploy"] = true;
  props["DefaultRouteSettings"]["DetailedMetricsEnabled"] = c.metrics;
  if (Json tags = provider_tags(ctx); !tags.is_null()) props["Tags"] = std::move(tags);
  if (c.access_log_format) {
    Json logs = Json::object();
    logs["DestinationArn"] = cfn::get_att(naming::kHttpApiLogGroupLogicalId, "Arn");
    logs["Format"] = *c.access_log_format;
    props["AccessLogSettings"] = std::move(logs);
  }
  Json stage = cfn::resource("AWS::ApiGatewayV2::Stage", std::move(props));
  if (c.access_log_format) stage["DependsOn"] = naming::kHttpApiLogGroupLogicalId;
  ctx.resources()[naming::kHttpApiStageLogicalId] = std::move(stage);
  add_outputs(ctx);
}

Json authorizer_function(const PackageContext& ctx, const http_api::Authorizer& a) {
  return a.function_arn.is_null() ? lambda_target(ctx, a.function_name) : a.function_arn;
}

std::string authorizer_alias(const PackageContext& ctx, const http_api::Authorizer& a) {
  return a.function_name.empty() ? std::string() : lambda_target_alias(ctx, a.function_name);
}

void compile_authorizer_permission(PackageContext& ctx, const Config& c, const http_api::Authorizer& a) {
  Json permission = lambda_permission(authorizer_function(ctx, a), "apigateway.amazonaws.com", execute_api_arn(c));
  if (std::string alias = authorizer_alias(ctx, a); !alias.empty()) permission["DependsOn"] = alias;
  ctx.resources()[naming::lambda_authorizer_http_api_permission_logical_id(a.name)] = std::move(permission);
}

void compile_authorizer(PackageContext& ctx, const Config& c, const http_api::Authorizer& a) {
  Json props = Json::object();
  props["ApiId"] = api_id(c);
  props["Name"] = a.name;
  props["IdentitySource"] = a.identity_source;
  Json resource;
  if (a.request) {
    props["AuthorizerType"] = "REQUEST";
    if (!a.simple_responses.is_null()) props["EnableSimpleResponses"] = a.simple_responses;
    if (!a.result_ttl.is_null()) props["AuthorizerResultTtlInSeconds"] = a.result_ttl;
    props["AuthorizerPayloadFormatVersion"] = a.payload_version;
    props["AuthorizerUri"] =
        cfn::join("", {"arn:", cfn::ref("AWS::Partition"), ":apigateway:", cfn::ref("AWS::Region"),
                       ":lambda:path/2015-03-31/functions/", authorizer_function(ctx, a), "/invocations"});
    resource = cfn::resource("AWS::ApiGatewayV2::Authorizer", std::move(props));
    if (std::string alias = authorizer_alias(ctx, a); !alias.empty()) resource["DependsOn"] = alias;
    if (!a.managed_externally) compile_authorizer_permission(ctx, c, a);
  } else {
    props["AuthorizerType"] = "JWT";
    Json jwt = Json::object();
    jwt["Audience"] = a.audience;
    if (!a.issuer_url.is_null()) jwt["Issuer"] = a.issuer_url;
    props["JwtConfiguration"] = std::move(jwt);
    resource = cfn::resource("AWS::ApiGatewayV2::Authorizer", std::move(props));
  }
  ctx.resources()[naming::http_api_authorizer_logical_id(a.name)] = std::move(resource);
}

// PayloadFormatVersion: functions.<fn>.httpApi.payload, provider.httpApi.payload, "2.0".
Json payload_version(const PackageContext& ctx, const std::string& fn) {
  const Json* f = js::get_truthy(function_config(ctx, fn), "httpApi");
  if (const Json* p = f ? js::get_truthy(*f, "payload") : nullptr) return *p;
  const Json* user = js::get_truthy(ctx.provider(), "httpApi");
  if (const Json* p = user ? js::get_truthy(*user, "payload") : nullptr) return *p;
  return "2.0";
}

// The Lambda permission and the Integration of one function (once per function).
void compile_function_target(PackageContext& ctx, const Config& c, const std::string& fn) {
  const Json target = lambda_target(ctx, fn);
  const std::string alias = lambda_target_alias(ctx, fn);
  Json permission = lambda_permission(target, "apigateway.amazonaws.com", execute_api_arn(c));
  if (!alias.empty()) permission["DependsOn"] = alias;
  ctx.resources()[naming::lambda_http_api_permission_logical_id(fn)] = std::move(permission);
  Json props = Json::object();
  props["ApiId"] = api_id(c);
  props["IntegrationType"] = "AWS_PROXY";
  props["IntegrationUri"] = target;
  props["PayloadFormatVersion"] = payload_version(ctx, fn);
  props["TimeoutInMillis"] = 30000;
  Json integration = Json::object();
  integration["Type"] = "AWS::ApiGatewayV2::Integration";
  if (!alias.empty()) integration["DependsOn"] = alias;
  integration["Properties"] = std::move(props);
  ctx.resources()[naming::http_api_integration_logical_id(fn)] = std::move(integration);
}

void add_route_authorizer(Json& props, const http_api::RouteAuthorizer& a) {
  props["AuthorizationType"] = a.type == "request" ? "CUSTOM" : a.type == "aws_iam" ? "AWS_IAM" : "JWT";
  if (a.type == "aws_iam") return;
  props["AuthorizerId"] = a.id.is_null() ? cfn::ref(naming::http_api_authorizer_logical_id(a.name)) : a.id;
  if (a.scopes) props["AuthorizationScopes"] = *a.scopes;
}

void compile_route(PackageContext& ctx, const Config& c, const http_api::Route& r) {
  const std::string integration = naming::http_api_integration_logical_id(r.function);
  Json props = Json::object();
  props["ApiId"] = api_id(c);
  props["RouteKey"] = r.key == "*" ? "$default" : r.key;
  props["Target"] = cfn::join("/", {"integrations", cfn::ref(integration)});
  if (r.authorizer) add_route_authorizer(props, *r.authorizer);
  Json route = cfn::resource("AWS::ApiGatewayV2::Route", std::move(props));
  route["DependsOn"] = integration;
  ctx.resources()[naming::http_api_route_logical_id(r.key)] = std::move(route);
}

void compile_endpoints(PackageContext& ctx, const Config& c) {
  std::vector<std::string> done;
  for (const http_api::Route& r : c.routes) {
    if (std::find(done.begin(), done.end(), r.function) == done.end()) {
      compile_function_target(ctx, c, r.function);
      done.push_back(r.function);
    }
    compile_route(ctx, c, r);
  }
}

}  // namespace

void compile_httpApi(PackageContext& ctx, const Events& events) {
  const Config c = http_api::resolve(ctx, events);
  if (c.routes.empty()) return;
  const bool own_api = c.id.is_null();
  if (own_api) compile_api(ctx, c);
  if (c.access_log_format) compile_log_group(ctx);
  if (own_api) compile_stage(ctx, c);
  for (const http_api::Authorizer& a : c.authorizers) compile_authorizer(ctx, c, a);
  compile_endpoints(ctx, c);
}

}  // namespace sls::compile::events
