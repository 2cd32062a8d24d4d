#include "local/http_api.h"

#include <gtest/gtest.h>

#include "util/error.h"

namespace sls::local {
namespace {

Service service_with(const char* config) {
  Service s;
  s.name = "svc";
  s.stage = "dev";
  s.config = Json::parse(config);
  return s;
}

TEST(HttpApi, RoutesAsOslsReadsThem) {
  HttpApi api = http_api(service_with(R"({"provider": {"httpApi": {"payload": "1.0"}}, "functions": {
      "a": {"handler": "h.a", "events": [{"httpApi": "GET /users/{id}"}, {"httpApi": "*"},
                                         {"httpApi": {"method": "*", "path": "/any"}}]},
      "b": {"handler": "h.b", "httpApi": {"payload": "2.0"}, "events": [{"httpApi": {"method": "post", "path": "/b"}}]}}})"));
  ASSERT_EQ(api.routes.size(), 4u);
  EXPECT_EQ(api.routes[0].route_key, "GET /users/{id}");
  EXPECT_EQ(api.routes[0].payload, "1.0");
  EXPECT_EQ(api.routes[1].route_key, "$default");
  EXPECT_EQ(api.routes[2].route_key, "ANY /any");
  EXPECT_EQ(api.routes[3].route_key, "POST /b");
  EXPECT_EQ(api.routes[3].payload, "2.0");
  auto key = [&](const char* method, const char* path) {
    auto m = match_http_api(api, method, split_path(path));
    return m ? m->route->route_key : std::string("none");
  };
  EXPECT_EQ(key("GET", "/users/1"), "GET /users/{id}");
  EXPECT_EQ(key("PATCH", "/any"), "ANY /any");
  EXPECT_EQ(key("GET", "/b"), "$default");
  EXPECT_THROW(http_api(service_with(R"({"functions": {"a": {"events": [{"httpApi": {"path": "/x"}}]}}})")), UserError);
  EXPECT_THROW(http_api(service_with(R"({"functions": {"a": {"events": [{"httpApi": {"method": "GET", "path": "*"}}]}}})")),
               UserError);
}

TEST(HttpApi, ResponseInference) {
  HttpResponse s = http_api_response(Json("text"), true);
  EXPECT_EQ(s.status, 200);
  EXPECT_EQ(s.body, "text");
  EXPECT_EQ(s.headers, (HeaderList{{"Content-Type", "application/json"}}));
  EXPECT_EQ(http_api_response(Json{{"a", 1}}, true).body, "{\"a\":1}");
  EXPECT_EQ(http_api_response(Json(), false).body, "");
  HttpResponse full = http_api_response(Json::parse(R"({"statusCode": 404, "headers": {"X-A": "1"},
      "cookies": ["c=1", "d=2"], "body": "gone"})"), true);
  EXPECT_EQ(full.status, 404);
  EXPECT_EQ(full.body, "gone");
  EXPECT_EQ(full.headers, (HeaderList{{"X-A", "1"}, {"Set-Cookie", "c=1"}, {"Set-Cookie", "d=2"}}));
  EXPECT_EQ(http_api_response(Json::parse(R"({"statusCode": "x"})"), true).status, 500);
}

}  // namespace
}  // namespace sls::local
