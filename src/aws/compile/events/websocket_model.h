// The `websocket` event compiler (osls's websockets plugin): the events and the
// provider settings parsed once (websocket_parse.cc), then the build steps in
// osls's order (websocket.cc: API, integrations, route responses, authorizers,
// permissions, routes; websocket_stage.cc: stage with its logs, deployment).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "aws/compile/events/registry.h"
#include "util/json.h"

namespace sls::compile::events::websocket {

// A Lambda REQUEST authorizer of a route.
struct Authorizer {
  std::string name;      // function name, the given name, or the ARN's last ":" segment
  Json uri;              // AuthorizerUri: the Lambda invocation URI
  Json identity_source;  // a list, route.request.header.Auth unless given
  // Its Lambda permission's target: a function of the service (by name) or an ARN value.
  std::optional<std::string> function;
  Json arn;  // when `function` is unset: a string ARN or a CloudFormation function
};

// One websocket event.
struct Route {
  std::string function;   // the function it invokes
  std::string route;      // the route key ("$connect", "sendMessage")
  Json response_selection;  // routeResponseSelectionExpression, null when unset
  std::optional<Authorizer> authorizer;
};

// What the provider block says about the WebSocket API.
struct Settings {
  Json api_id;               // {"Ref": "WebsocketsApi"}, or provider.apiGateway.websocketApiId
  bool existing_api = false; // websocketApiId given: no Api, Stage or role statement is created
  std::string name;          // websocketsApiName or "<stage>-<service>-websockets"
  Json route_selection;      // websocketsApiRouteSelectionExpression or "$request.body.action"
  Json description;          // websocketsDescription or "Serverless Websockets"
  Json tags;                 // provider.tags (null when unset)
  Json logs;                 // provider.logs.websocket (null when falsy)
  bool use_provider_tags_set = false;  // provider.websocket.useProviderTags (deprecated)
};

struct Compilation {
  PackageContext& ctx;
  Settings settings;
  std::vector<Route> routes;
};

// websocket_parse.cc
Settings parse_settings(const PackageContext& ctx);
std::vector<Route> parse_routes(const PackageContext& ctx, const Events& events);

// websocket.cc
void compile_api(Compilation& c);
void compile_integrations(Compilation& c);
void compile_route_responses(Compilation& c);
void compile_authorizers(Compilation& c);
void compile_permissions(Compilation& c);
void compile_routes(Compilation& c);

// websocket_stage.cc
void compile_stage(Compilation& c);
void compile_deployment(Compilation& c);
// The SHA-256 (base64) osls names the deployment after: of the JSON text of the
// template's WebSocket resources (the API, and those whose ApiId is a Ref to it
// or that depend on it), in template order.
std::string deployment_hash(const Json& resources);

}  // namespace sls::compile::events::websocket
