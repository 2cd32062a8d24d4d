#include "local/websocket_events.h"

#include <random>

#include "aws/compile/events/websocket_model.h"
#include "local/apigw_v1.h"
#include "package/context.h"
#include "local/function_pool.h"

namespace sls::local {

namespace {

Json request_context(const std::string& event_type, const std::string& route, const WebSocketContextInfo& info) {
  Json c = Json::object();
  c["routeKey"] = route;
  c["eventType"] = event_type;
  c["extendedRequestId"] = new_request_id();
  c["requestTime"] = request_time(info.now);
  c["messageDirection"] = "IN";
  c["stage"] = info.stage;
  c["connectedAt"] = info.connected_at;
  c["requestTimeEpoch"] = info.now;
  c["identity"] = Json{{"sourceIp", info.source_ip}, {"userAgent", info.user_agent}};
  c["requestId"] = new_request_id();
  c["domainName"] = info.domain;
  c["connectionId"] = info.connection_id;
  c["apiId"] = "private";
  if (!info.authorizer.is_null()) c["authorizer"] = info.authorizer;
  return c;
}

// A route's authorizer as the websocket compiler parsed it: a REQUEST lambda
// (API Gateway has no other kind for WebSocket APIs) with its identity sources.
AuthorizerSpec connect_authorizer(const compile::events::websocket::Authorizer& a, std::string& arn) {
  AuthorizerSpec spec;
  spec.kind = AuthorizerSpec::Kind::request;
  spec.name = a.name;
  std::string joined;
  if (a.identity_source.is_array())
    for (const auto& s : a.identity_source)
      if (s.is_string()) joined += (joined.empty() ? "" : ",") + s.get<std::string>();
  if (a.identity_source.is_string()) joined = a.identity_source.get<std::string>();
  spec.identity = identity_sources(joined);
  if (a.function) {
    spec.function = *a.function;
  } else if (a.arn.is_string()) {
    arn = a.arn.get<std::string>();
    spec.kind = AuthorizerSpec::Kind::unsupported;
    spec.note = "an authorizer given by ARN is not run locally (" + arn + ")";
  } else {
    spec.kind = AuthorizerSpec::Kind::unsupported;
    spec.note = "an authorizer given by a CloudFormation ARN is not run locally (" + a.arn.dump() + ")";
  }
  return spec;
}

}  // namespace

const WebSocketRoute* WebSocketApi::find(const std::string& route) const {
  for (const auto& r : routes)
    if (r.route == route) return &r;
  return nullptr;
}

// The routes as the websocket compiler parses them (its checks included).
WebSocketApi websocket_api(Service& service) {
  namespace ev = compile::events;
  PackageContext ctx{service};
  ev::Events events = ev::collect_events(ctx, "websocket");
  WebSocketApi api;
  if (events.empty()) return api;
  ev::websocket::Settings settings = ev::websocket::parse_settings(ctx);
  if (settings.route_selection.is_string()) api.selection_expression = settings.route_selection.get<std::string>();
  for (const auto& r : ev::websocket::parse_routes(ctx, events)) {
    if (r.route == "$connect" && r.authorizer) api.connect_authorizer = connect_authorizer(*r.authorizer, api.connect_authorizer_arn);
    api.routes.push_back(WebSocketRoute{r.route, r.function,
                                        r.response_selection.is_string() &&
                                            r.response_selection.get<std::string>() == "$default"});
  }
  return api;
}

std::string select_route(const std::string& expression, const std::string& body) {
  const std::string kDefault = "$default";
  Json v = Json::parse(body, nullptr, false);
  if (v.is_discarded()) return kDefault;
  std::string path = expression;
  const std::string prefix = "$request.body";
  if (path.rfind(prefix, 0) != 0) return kDefault;
  path = path.substr(prefix.size());
  const Json* at = &v;
  size_t pos = 0;
  while (pos < path.size()) {
    if (path[pos] != '.') return kDefault;
    size_t end = std::min(path.find('.', pos + 1), path.size());
    std::string key = path.substr(pos + 1, end - pos - 1);
    if (!at->is_object() || !at->contains(key)) return kDefault;
    at = &(*at)[key];
    pos = end;
  }
  if (!at->is_string() || at->get<std::string>().empty()) return kDefault;
  return at->get<std::string>();
}

std::string new_connection_id() {
  static const char kChars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::string id;
  for (int i = 0; i < 15; ++i) id += kChars[rng() % 62];
  return id + "=";
}

Json websocket_connect_event(const std::string& target, const HeaderList& headers, const WebSocketContextInfo& info) {
  Json e = Json::object();
  Json headers_single = Json::object();
  Json multi = multi_value_headers(headers);
  for (auto it = multi.begin(); it != multi.end(); ++it) headers_single[it.key()] = it.value().back();
  e["headers"] = headers_single;
  e["isBase64Encoded"] = false;
  e["multiValueHeaders"] = multi;
  auto q = target.find('?');
  if (q != std::string::npos) {
    Json single = Json::object(), multi_q = Json::object();
    query_parameters(target.substr(q + 1), single, multi_q);
    if (!single.empty()) {
      e["multiValueQueryStringParameters"] = multi_q;
      e["queryStringParameters"] = single;
    }
  }
  e["requestContext"] = request_context("CONNECT", "$connect", info);
  return e;
}

Json websocket_message_event(const std::string& route, const std::string& body, const WebSocketContextInfo& info) {
  Json c = request_context("MESSAGE", route, info);
  c["messageId"] = new_request_id();
  return Json{{"requestContext", c}, {"body", body}, {"isBase64Encoded", false}};
}

Json websocket_disconnect_event(const WebSocketContextInfo& info, int status_code, const std::string& reason) {
  HeaderList headers = {{"Host", info.domain}, {"x-api-key", ""}, {"X-Forwarded-For", ""}, {"x-restapi", ""}};
  Json single = Json::object();
  for (const auto& [k, v] : headers) single[k] = v;
  Json c = request_context("DISCONNECT", "$disconnect", info);
  c["disconnectStatusCode"] = status_code;
  c["disconnectReason"] = reason;
  return Json{{"headers", single},
              {"multiValueHeaders", multi_value_headers(headers)},
              {"requestContext", c},
              {"isBase64Encoded", false}};
}


std::string websocket_connect_arn(const std::string& region, const std::string& stage) {
  return "arn:aws:execute-api:" + region + ":123456789012:private/" + stage + "/$connect";
}

Json websocket_authorizer_event(const std::string& target, const HeaderList& headers, const WebSocketContextInfo& info,
                                const std::string& method_arn) {
  Json e = websocket_connect_event(target, headers, info);
  e.erase("isBase64Encoded");
  e["methodArn"] = method_arn;
  e["type"] = "REQUEST";
  return e;
}

}  // namespace sls::local
