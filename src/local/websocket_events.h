// API Gateway WebSocket APIs as `sls offline` serves them: the routes of the
// service's `websocket` events, route selection from a message body, and the
// Lambda proxy events API Gateway builds for $connect, messages and
// $disconnect (the shapes serverless-offline gives, with the service's stage).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "config/service.h"
#include "local/authorizers.h"
#include "local/http_server.h"
#include "util/json.h"

namespace sls::local {

struct WebSocketRoute {
  std::string route;        // "$connect", "$default", "sendMessage"
  std::string function;     // functions.<key>
  bool reply_body = false;  // routeResponseSelectionExpression: $default (the result's body goes back)
};

struct WebSocketApi {
  std::vector<WebSocketRoute> routes;
  std::string selection_expression = "$request.body.action";  // provider.websocketsApiRouteSelectionExpression
  // The $connect route's Lambda REQUEST authorizer (kind unsupported when not run
  // locally: `note` says why; `function` empty and `arn` set when given by an ARN
  // that the caller may still map to a function of the service).
  std::optional<AuthorizerSpec> connect_authorizer;
  std::string connect_authorizer_arn;
  const WebSocketRoute* find(const std::string& route) const;
};

WebSocketApi websocket_api(Service& service);

// The route key a message selects: the string at the expression's path in the
// JSON body, else "$default" (not JSON, missing, not a string, empty).
std::string select_route(const std::string& expression, const std::string& body);

// A connection id shaped as API Gateway's ("L0SM9cOFvHcCIhw="): 16 characters
// of letters and digits ending in "=", safe in a URL path.
std::string new_connection_id();

struct WebSocketContextInfo {
  std::string connection_id;
  std::string stage;
  long long connected_at = 0;  // epoch ms
  long long now = 0;           // epoch ms of this event
  std::string source_ip = "127.0.0.1";
  std::string user_agent;
  std::string domain = "localhost";
  Json authorizer = nullptr;  // the $connect authorizer's answer, repeated in every event of the connection
};

// "arn:aws:execute-api:REGION:123456789012:private/STAGE/$connect", what a
// $connect authorizer's policy is judged against.
std::string websocket_connect_arn(const std::string& region, const std::string& stage);

// The REQUEST authorizer's event for a handshake: the $connect event's headers,
// query strings and requestContext, with `type` and `methodArn`.
Json websocket_authorizer_event(const std::string& target, const HeaderList& headers, const WebSocketContextInfo& info,
                                const std::string& method_arn);

Json websocket_connect_event(const std::string& target, const HeaderList& headers, const WebSocketContextInfo& info);
Json websocket_message_event(const std::string& route, const std::string& body, const WebSocketContextInfo& info);
Json websocket_disconnect_event(const WebSocketContextInfo& info, int status_code, const std::string& reason);

}  // namespace sls::local
