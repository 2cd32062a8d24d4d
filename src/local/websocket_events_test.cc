#include "local/websocket_events.h"

#include <gtest/gtest.h>

#include "local/test_service.h"

namespace sls::local {
namespace {

Service service_with(const Json& config) { return test_service(config, "us-east-1"); }

TEST(WebSocketEvents, RoutesOfTheService) {
  Service s = service_with(Json::parse(R"({"provider": {"name": "aws", "websocketsApiRouteSelectionExpression": "$request.body.route"},
    "functions": {
      "conn": {"handler": "h.conn", "events": [{"websocket": "$connect"}, {"websocket": {"route": "$disconnect"}}]},
      "chat": {"handler": "h.chat", "events": [{"websocket": {"route": "send", "routeResponseSelectionExpression": "$default"}}]}}})"));
  WebSocketApi api = websocket_api(s);
  EXPECT_EQ(api.selection_expression, "$request.body.route");
  ASSERT_EQ(api.routes.size(), 3u);
  EXPECT_EQ(api.routes[0].route, "$connect");
  EXPECT_EQ(api.routes[0].function, "conn");
  EXPECT_FALSE(api.routes[0].reply_body);
  ASSERT_NE(api.find("send"), nullptr);
  EXPECT_TRUE(api.find("send")->reply_body);
  EXPECT_EQ(api.find("$default"), nullptr);
  Service none = service_with(Json::parse(R"({"functions": {}})"));
  EXPECT_TRUE(websocket_api(none).routes.empty());
}

TEST(WebSocketEvents, ConnectAuthorizer) {
  Service s = service_with(Json::parse(R"({"provider": {"name": "aws"},
    "functions": {
      "auth": {"handler": "h.auth"},
      "conn": {"handler": "h.conn", "events": [{"websocket": {"route": "$connect", "authorizer": {"name": "auth",
        "identitySource": ["route.request.header.Auth", "route.request.querystring.token"]}}}]}}})"));
  WebSocketApi api = websocket_api(s);
  ASSERT_TRUE(api.connect_authorizer);
  const AuthorizerSpec& a = *api.connect_authorizer;
  EXPECT_EQ(a.kind, AuthorizerSpec::Kind::request);
  EXPECT_EQ(a.function, "auth");
  EXPECT_FALSE(a.http_api);
  ASSERT_EQ(a.identity.size(), 2u);
  EXPECT_EQ(a.identity[0].from, IdentitySource::From::header);
  EXPECT_EQ(a.identity[0].name, "auth");
  EXPECT_EQ(a.identity[1].from, IdentitySource::From::query);
  EXPECT_EQ(a.identity[1].name, "token");

  Service by_arn = service_with(Json::parse(R"({"provider": {"name": "aws"},
    "functions": {"conn": {"handler": "h.conn", "events": [{"websocket": {"route": "$connect",
      "authorizer": "arn:aws:lambda:us-east-1:1:function:svc-dev-auth"}}]}}})"));
  WebSocketApi api2 = websocket_api(by_arn);
  ASSERT_TRUE(api2.connect_authorizer);
  EXPECT_EQ(api2.connect_authorizer->kind, AuthorizerSpec::Kind::unsupported);
  EXPECT_EQ(api2.connect_authorizer_arn, "arn:aws:lambda:us-east-1:1:function:svc-dev-auth");
  ASSERT_EQ(api2.connect_authorizer->identity.size(), 1u);  // route.request.header.Auth by default
  EXPECT_EQ(api2.connect_authorizer->identity[0].name, "auth");
}

TEST(WebSocketEvents, AuthorizerEvent) {
  WebSocketContextInfo info;
  info.connection_id = "abc=";
  info.stage = "dev";
  std::string arn = websocket_connect_arn("eu-west-1", "dev");
  EXPECT_EQ(arn, "arn:aws:execute-api:eu-west-1:123456789012:private/dev/$connect");
  Json e = websocket_authorizer_event("/?token=t1", {{"Auth", "secret"}}, info, arn);
  EXPECT_EQ(e["type"], "REQUEST");
  EXPECT_EQ(e["methodArn"], arn);
  EXPECT_EQ(e["headers"]["Auth"], "secret");
  EXPECT_EQ(e["queryStringParameters"]["token"], "t1");
  EXPECT_EQ(e["requestContext"]["eventType"], "CONNECT");
  EXPECT_EQ(e["requestContext"]["routeKey"], "$connect");
  EXPECT_FALSE(e.contains("isBase64Encoded"));
  EXPECT_FALSE(e["requestContext"].contains("authorizer"));
  info.authorizer = Json{{"principalId", "u1"}};
  EXPECT_EQ(websocket_message_event("send", "x", info)["requestContext"]["authorizer"]["principalId"], "u1");
}

TEST(WebSocketEvents, RouteSelection) {
  const std::string e = "$request.body.action";
  EXPECT_EQ(select_route(e, R"({"action": "send", "x": 1})"), "send");
  EXPECT_EQ(select_route(e, R"({"action": ""})"), "$default");
  EXPECT_EQ(select_route(e, R"({"action": 3})"), "$default");
  EXPECT_EQ(select_route(e, R"({"other": "send"})"), "$default");
  EXPECT_EQ(select_route(e, "not json"), "$default");
  EXPECT_EQ(select_route("$request.body.meta.kind", R"({"meta": {"kind": "deep"}})"), "deep");
}

TEST(WebSocketEvents, ConnectionIds) {
  std::string a = new_connection_id(), b = new_connection_id();
  EXPECT_EQ(a.size(), 16u);
  EXPECT_EQ(a.back(), '=');
  EXPECT_NE(a, b);
  EXPECT_EQ(a.find_first_of("+/"), std::string::npos);
}

TEST(WebSocketEvents, Shapes) {
  WebSocketContextInfo info;
  info.connection_id = "abc=";
  info.stage = "dev";
  info.connected_at = 1000;
  info.now = 2000;
  info.user_agent = "ua";
  Json c = websocket_connect_event("/?token=t&x=1&x=2", {{"Host", "localhost:3001"}, {"X-Multi", "a"}, {"x-multi", "b"}},
                                   info);
  EXPECT_EQ(c["headers"]["Host"], "localhost:3001");
  EXPECT_EQ(c["headers"]["X-Multi"], "b");
  EXPECT_EQ(c["multiValueHeaders"]["X-Multi"], Json::array({"a", "b"}));
  EXPECT_EQ(c["queryStringParameters"], Json::parse(R"({"token": "t", "x": "2"})"));
  EXPECT_EQ(c["multiValueQueryStringParameters"]["x"], Json::array({"1", "2"}));
  EXPECT_EQ(c["isBase64Encoded"], false);
  const Json& rc = c["requestContext"];
  EXPECT_EQ(rc["routeKey"], "$connect");
  EXPECT_EQ(rc["eventType"], "CONNECT");
  EXPECT_EQ(rc["connectionId"], "abc=");
  EXPECT_EQ(rc["stage"], "dev");
  EXPECT_EQ(rc["connectedAt"], 1000);
  EXPECT_EQ(rc["requestTimeEpoch"], 2000);
  EXPECT_EQ(rc["messageDirection"], "IN");
  EXPECT_EQ(rc["domainName"], "localhost");
  EXPECT_EQ(rc["apiId"], "private");
  EXPECT_EQ(rc["identity"]["userAgent"], "ua");
  EXPECT_FALSE(rc.contains("messageId"));
  EXPECT_FALSE(websocket_connect_event("/", {}, info).contains("queryStringParameters"));

  Json m = websocket_message_event("send", R"({"action":"send"})", info);
  EXPECT_EQ(m["body"], R"({"action":"send"})");
  EXPECT_EQ(m["requestContext"]["eventType"], "MESSAGE");
  EXPECT_EQ(m["requestContext"]["routeKey"], "send");
  EXPECT_EQ(m["requestContext"]["messageId"].get<std::string>().size(), 36u);

  Json d = websocket_disconnect_event(info, 1000, "bye");
  EXPECT_EQ(d["requestContext"]["eventType"], "DISCONNECT");
  EXPECT_EQ(d["requestContext"]["routeKey"], "$disconnect");
  EXPECT_EQ(d["requestContext"]["disconnectStatusCode"], 1000);
  EXPECT_EQ(d["requestContext"]["disconnectReason"], "bye");
  EXPECT_EQ(d["headers"]["Host"], "localhost");
}

}  // namespace
}  // namespace sls::local
