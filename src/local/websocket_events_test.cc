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
