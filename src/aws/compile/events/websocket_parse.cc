// The websocket events and provider settings, parsed once (osls's
// websockets/lib/validate.js and the provider values the other steps read).
#include "aws/compile/cfn.h"
#include "aws/compile/events/common.h"
#include "aws/compile/events/websocket_model.h"
#include "aws/naming.h"
#include "util/error.h"
#include "util/js_like.h"

namespace sls::compile::events::websocket {
namespace {

const Json& provider_of(const PackageContext& ctx) {
  static const Json kEmpty = Json::object();
  const Json* p = js::get(ctx.service.config, "provider");
  return p && p->is_object() ? *p : kEmpty;
}

const Json kDefaultIdentitySource = Json::array({"route.request.header.Auth"});

// arn:${Partition}:apigateway:${Region}:lambda:path/2015-03-31/functions/<target>/invocations
Json invocation_uri(Json target) {
  return cfn::join("", {"arn:", cfn::ref("AWS::Partition"), ":apigateway:", cfn::ref("AWS::Region"),
                        ":lambda:path/2015-03-31/functions/", std::move(target), "/invocations"});
}

std::string last_arn_segment(const std::string& arn) { return arn.substr(arn.rfind(':') + 1); }

[[noreturn]] void authorizer_error(const Event& e, const std::string& what, const char* code) {
  throw UserError(what + " (" + e.path() + ".authorizer)", code);
}

Authorizer by_function(const PackageContext& ctx, const Event& e, const std::string& fn) {
  if (!js::get(ctx.functions(), fn))
    authorizer_error(e, "Function \"" + fn + "\" doesn't exist in this Service", "FUNCTION_MISSING_IN_SERVICE");
  Authorizer a;
  a.name = fn;
  a.uri = invocation_uri(lambda_target(ctx, fn));
  a.function = fn;
  return a;
}

Authorizer by_arn(Json arn, std::string name) {
  Authorizer a;
  a.name = std::move(name);
  a.uri = invocation_uri(arn);
  a.arn = std::move(arn);
  return a;
}

// authorizer: "<function name>" | "arn:..." (identity source route.request.header.Auth).
Authorizer parse_string_authorizer(const PackageContext& ctx, const Event& e, const std::string& value) {
  Authorizer a = value.find(':') != std::string::npos ? by_arn(Json(value), last_arn_segment(value))
                                                       : by_function(ctx, e, value);
  a.identity_source = kDefaultIdentitySource;
  return a;
}

// authorizer: {arn | name, identitySource}.
Authorizer parse_object_authorizer(const PackageContext& ctx, const Event& e, const Json& raw) {
  Authorizer a;
  const Json* name = js::get_truthy(raw, "name");
  if (const Json* arn = js::get_truthy(raw, "arn")) {
    if (arn->is_string()) {
      a = by_arn(*arn, last_arn_segment(arn->get<std::string>()));
    } else {
      if (!name || !name->is_string())
        authorizer_error(e, "Websocket Authorizer: Non-string \"arn\" needs to be accompanied with \"name\"",
                         "WEBSOCKETS_MISSING_AUTHORIZER_NAME");
      a = by_arn(*arn, name->get<std::string>());
    }
  } else if (name && name->is_string()) {
    a = by_function(ctx, e, name->get<std::string>());
  } else {
    authorizer_error(e, "Websocket Authorizer: set \"name\" (a function of this service) or \"arn\"",
                     "WEBSOCKETS_INVALID_AUTHORIZER");
  }
  const Json* sources = js::get_truthy(raw, "identitySource");
  a.identity_source = sources ? *sources : kDefaultIdentitySource;
  return a;
}

std::optional<Route> parse_route(const PackageContext& ctx, const Event& e) {
  const Json& body = *e.body;
  Route r;
  r.function = e.function;
  if (body.is_string()) {
    r.route = body.get<std::string>();
    return r;
  }
  if (!body.is_object()) {
    if (body.is_array())
      throw UserError("Cannot setup \"websocket\" event (" + e.path() + "): expected a route string or an "
                      "object with \"route\"", "WEBSOCKETS_INVALID_EVENT");
    return std::nullopt;  // osls ignores other values (only reachable with configValidationMode off)
  }
  const Json* route = js::get(body, "route");
  if (!route || !route->is_string())
    throw UserError("Cannot setup \"websocket\" event (" + e.path() + "): \"route\" must be a string",
                    "WEBSOCKETS_INVALID_EVENT");
  r.route = route->get<std::string>();
  if (const Json* rrse = js::get_truthy(body, "routeResponseSelectionExpression")) r.response_selection = *rrse;
  if (const Json* a = js::get(body, "authorizer")) {
    if (a->is_string()) r.authorizer = parse_string_authorizer(ctx, e, a->get<std::string>());
    else if (a->is_object()) r.authorizer = parse_object_authorizer(ctx, e, *a);
  }
  return r;
}

}  // namespace

Settings parse_settings(const PackageContext& ctx) {
  const Json& provider = provider_of(ctx);
  Settings s;
  const Json* api_gateway = js::get(provider, "apiGateway");
  const Json* existing = api_gateway ? js::get_truthy(*api_gateway, "websocketApiId") : nullptr;
  s.existing_api = existing != nullptr;
  s.api_id = existing ? *existing : cfn::ref(naming::kWebsocketsApiLogicalId);
  const Json* name = js::get_truthy(provider, "websocketsApiName");
  s.name = name && name->is_string() ? name->get<std::string>()
                                     : naming::websockets_api_name(ctx.service.name, ctx.service.stage);
  const Json* rse = js::get_truthy(provider, "websocketsApiRouteSelectionExpression");
  s.route_selection = rse ? *rse : Json("$request.body.action");
  const Json* description = js::get_truthy(provider, "websocketsDescription");
  s.description = description ? *description : Json("Serverless Websockets");
  if (const Json* tags = js::get_truthy(provider, "tags")) {
    s.tags = Json::object();
    js::shallow_assign(s.tags, *tags);
  }
  const Json* logs = js::get_truthy(provider, "logs");
  if (const Json* ws = logs ? js::get_truthy(*logs, "websocket") : nullptr) s.logs = *ws;
  const Json* websocket = js::get_truthy(provider, "websocket");
  s.use_provider_tags_set = websocket && js::get_non_null(*websocket, "useProviderTags");
  return s;
}

std::vector<Route> parse_routes(const PackageContext& ctx, const Events& events) {
  std::vector<Route> routes;
  for (const Event& e : events)
    if (auto r = parse_route(ctx, e)) routes.push_back(std::move(*r));
  return routes;
}

}  // namespace sls::compile::events::websocket
