#include "local/websocket_gateway.h"

#include <gtest/gtest.h>

#include "local/test_service.h"

namespace sls::local {
namespace {

// The connections management API with no connection open (the e2e test drives live ones).
TEST(WebSocketGateway, ConnectionsApiAnswers) {
  WebSocketGateway gw(WebSocketApi{}, "127.0.0.1", 0, "dev",
                      [](const std::string&, Json, const std::string&) { return InvokeResult{}; });
  EXPECT_NE(gw.port(), 0);
  for (const char* method : {"POST", "GET", "DELETE"}) {
    HttpResponse r = gw.handle_http(test_request(method, "/@connections/abc%3D"));
    EXPECT_EQ(r.status, 410) << method;
    EXPECT_EQ(response_header(r, "x-amzn-ErrorType"), "GoneException") << method;
    EXPECT_EQ(gw.handle_http(test_request(method, "/dev/@connections/abc%3D")).status, 410) << method;
  }
  EXPECT_EQ(gw.handle_http(test_request("GET", "/")).status, 426);
  EXPECT_EQ(gw.handle_http(test_request("POST", "/other")).status, 404);
  EXPECT_EQ(gw.handle_http(test_request("PATCH", "/@connections/abc")).status, 404);
}

}  // namespace
}  // namespace sls::local
