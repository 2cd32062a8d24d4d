// compile_websocket (osls's websockets plugin): the WebSocket API and, per
// event, its integration, route response, authorizer, Lambda permissions and
// route, in osls's step order (which fixes the template's key order and the
// deployment's hash).
#include "aws/compile/cfn.h"
#include "aws/compile/events/common.h"
#include "aws/compile/events/websocket_model.h"
#include "aws/naming.h"
#include "util/js_like.h"

namespace sls::compile::events {
namespace websocket {
namespace {

// {"Type": type, "DependsOn": depends_on (unless null), "Properties": properties}
Json resource(const char* type, Json depends_on, Json properties) {
  Json r = Json::object();
  r["Type"] = type;
  if (!depends_on.is_null()) r["DependsOn"] = std::move(depends_on);
  r["Properties"] = std::move(properties);
  return r;
}

Json alias_or_null(const PackageContext& ctx, const std::string& fn) {
  std::string alias = lambda_target_alias(ctx, fn);
  return alias.empty() ? Json() : Json(alias);
}

// The Ref of a {"Ref": ...} API id ("" for an imported or literal id).
std::string api_ref(const Settings& s) {
  const Json* ref = js::get(s.api_id, "Ref");
  return ref && ref->is_string() ? ref->get<std::string>() : std::string();
}

Json integration_uri(const PackageContext& ctx, const std::string& fn) {
  return cfn::join("", {"arn:", cfn::ref("AWS::Partition"), ":apigateway:", cfn::ref("AWS::Region"),
                        ":lambda:path/2015-03-31/functions/", lambda_target(ctx, fn), "/invocations"});
}

Json authorizer_permission(const Compilation& c, const Authorizer& a) {
  Json depends_on = Json::array();
  if (std::string ref = api_ref(c.settings); !ref.empty()) depends_on.push_back(ref);
  Json props = Json::object();
  props["Action"] = "lambda:InvokeFunction";
  props["Principal"] = "apigateway.amazonaws.com";
  if (a.function) {
    props["FunctionName"] = lambda_target(c.ctx, *a.function);
    depends_on.push_back(naming::lambda_logical_id(*a.function));
    if (std::string alias = lambda_target_alias(c.ctx, *a.function); !alias.empty()) depends_on.push_back(alias);
  } else {
    props["FunctionName"] = a.arn;
  }
  return resource("AWS::Lambda::Permission", std::move(depends_on), std::move(props));
}

}  // namespace

void compile_api(Compilation& c) {
  if (c.settings.existing_api) return;
  if (c.settings.use_provider_tags_set)
    c.ctx.warnings.push_back(
        "Property \"provider.websocket.useProviderTags\" is deprecated because provider tags are applied to "
        "Websocket Api Gateway by default. This property is scheduled for removal in osls 5.0.0.");
  Json props = Json::object();
  props["Name"] = c.settings.name;
  props["RouteSelectionExpression"] = c.settings.route_selection;
  props["Description"] = c.settings.description;
  props["ProtocolType"] = "WEBSOCKET";
  if (!c.settings.tags.is_null()) props["Tags"] = c.settings.tags;
  c.ctx.resources()[naming::kWebsocketsApiLogicalId] = cfn::resource("AWS::ApiGatewayV2::Api", std::move(props));
  // Lets the functions post to connections (@connections API).
  add_role_statement(c.ctx, {{"Effect", "Allow"},
                             {"Action", {"execute-api:ManageConnections"}},
                             {"Resource", Json::array({cfn::sub("arn:${AWS::Partition}:execute-api:*:*:*/@connections/*")})}});
}

void compile_integrations(Compilation& c) {
  for (const Route& r : c.routes) {
    Json props = Json::object();
    props["ApiId"] = c.settings.api_id;
    props["IntegrationType"] = "AWS_PROXY";
    props["IntegrationUri"] = integration_uri(c.ctx, r.function);
    c.ctx.resources()[naming::websockets_integration_logical_id(r.function)] =
        resource("AWS::ApiGatewayV2::Integration", alias_or_null(c.ctx, r.function), std::move(props));
  }
}

void compile_route_responses(Compilation& c) {
  for (const Route& r : c.routes) {
    if (r.response_selection.is_null()) continue;
    Json props = Json::object();
    props["ApiId"] = c.settings.api_id;
    props["RouteId"] = cfn::ref(naming::websockets_route_logical_id(r.route));
    props["RouteResponseKey"] = "$default";
    c.ctx.resources()[naming::websockets_route_response_logical_id(r.route)] =
        cfn::resource("AWS::ApiGatewayV2::RouteResponse", std::move(props));
  }
}

void compile_authorizers(Compilation& c) {
  for (const Route& r : c.routes) {
    if (!r.authorizer) continue;
    const Authorizer& a = *r.authorizer;
    // osls depends on the alias of a function of the service with the authorizer's name.
    Json depends_on = js::get(c.ctx.functions(), a.name) ? alias_or_null(c.ctx, a.name) : Json();
    Json props = Json::object();
    props["ApiId"] = c.settings.api_id;
    props["Name"] = a.name;
    props["AuthorizerType"] = "REQUEST";
    props["AuthorizerUri"] = a.uri;
    props["IdentitySource"] = a.identity_source;
    c.ctx.resources()[naming::websockets_authorizer_logical_id(a.name)] =
        resource("AWS::ApiGatewayV2::Authorizer", std::move(depends_on), std::move(props));
  }
}

void compile_permissions(Compilation& c) {
  for (const Route& r : c.routes) {
    Json depends_on = Json::array();
    if (std::string ref = api_ref(c.settings); !ref.empty()) depends_on.push_back(ref);
    std::string alias = lambda_target_alias(c.ctx, r.function);
    depends_on.push_back(alias.empty() ? naming::lambda_logical_id(r.function) : alias);
    Json props = Json::object();
    props["FunctionName"] = lambda_target(c.ctx, r.function);
    props["Action"] = "lambda:InvokeFunction";
    props["Principal"] = "apigateway.amazonaws.com";
    Json& resources = c.ctx.resources();
    resources[naming::lambda_websockets_permission_logical_id(r.function)] =
        resource("AWS::Lambda::Permission", std::move(depends_on), std::move(props));
    if (r.authorizer)
      resources[naming::lambda_websockets_permission_logical_id(r.authorizer->name)] =
          authorizer_permission(c, *r.authorizer);
  }
}

void compile_routes(Compilation& c) {
  for (const Route& r : c.routes) {
    Json props = Json::object();
    props["ApiId"] = c.settings.api_id;
    props["RouteKey"] = r.route;
    props["AuthorizationType"] = r.authorizer ? "CUSTOM" : "NONE";
    props["Target"] = cfn::join("/", {"integrations", cfn::ref(naming::websockets_integration_logical_id(r.function))});
    if (!r.response_selection.is_null()) props["RouteResponseSelectionExpression"] = r.response_selection;
    if (r.authorizer) props["AuthorizerId"] = cfn::ref(naming::websockets_authorizer_logical_id(r.authorizer->name));
    c.ctx.resources()[naming::websockets_route_logical_id(r.route)] =
        cfn::resource("AWS::ApiGatewayV2::Route", std::move(props));
  }
}

}  // namespace websocket

void compile_websocket(PackageContext& ctx, const Events& events) {
  websocket::Compilation c{ctx, websocket::parse_settings(ctx), websocket::parse_routes(ctx, events)};
  if (c.routes.empty()) return;
  websocket::compile_api(c);
  websocket::compile_integrations(c);
  websocket::compile_route_responses(c);
  websocket::compile_authorizers(c);
  websocket::compile_permissions(c);
  websocket::compile_routes(c);
  websocket::compile_stage(c);
  websocket::compile_deployment(c);
}

}  // namespace sls::compile::events
