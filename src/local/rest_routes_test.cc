#include "local/rest_routes.h"

#include <gtest/gtest.h>

#include "local/apigw_v1.h"

namespace sls::local {
namespace {

RestRoute route(const std::string& method, const std::string& resource) {
  RestRoute r;
  r.function = method + resource;
  r.method = method;
  r.resource = resource;
  r.segments = split_path(resource);
  return r;
}

TEST(RestRoutes, StaticOverParameterOverGreedyAndMethodOverAny) {
  RestApi api;
  api.routes = {route("ANY", "/{proxy+}"), route("GET", "/users/{id}"), route("GET", "/users/me"),
                route("ANY", "/users/{id}"), route("GET", "/"), route("POST", "/users/{id}/files/{path+}")};
  auto m = [&](const std::string& method, const std::string& path) {
    auto r = match_route(api, method, split_path(path));
    return r ? r->route->method + " " + r->route->resource + " " + r->path_parameters.dump() : std::string("none");
  };
  EXPECT_EQ(m("GET", "/users/me"), "GET /users/me null");
  EXPECT_EQ(m("GET", "/users/7"), "GET /users/{id} {\"id\":\"7\"}");
  EXPECT_EQ(m("DELETE", "/users/7"), "ANY /users/{id} {\"id\":\"7\"}");
  EXPECT_EQ(m("GET", "/other/x"), "ANY /{proxy+} {\"proxy\":\"other/x\"}");
  EXPECT_EQ(m("GET", "/"), "GET / null");
  EXPECT_EQ(m("POST", "/"), "none");  // a greedy segment needs at least one segment
  EXPECT_EQ(m("POST", "/users/1/files/a/b"), "POST /users/{id}/files/{path+} {\"id\":\"1\",\"path\":\"a/b\"}");
  EXPECT_EQ(split_path("//a//b/"), (std::vector<std::string>{"a", "b"}));
}

TEST(ApiGatewayV1, ProxyResponseMapping) {
  HttpResponse ok = proxy_response(Json::parse(R"({"statusCode": 201, "headers": {"X-A": "1", "N": 2},
      "multiValueHeaders": {"Set-Cookie": ["a", "b"]}, "body": "hi"})"), true);
  EXPECT_EQ(ok.status, 201);
  EXPECT_EQ(ok.body, "hi");
  EXPECT_EQ(ok.headers, (HeaderList{{"X-A", "1"}, {"N", "2"}, {"Set-Cookie", "a"}, {"Set-Cookie", "b"},
                                    {"Content-Type", "application/json"}}));
  HttpResponse b64 = proxy_response(Json::parse(R"({"statusCode": "200", "isBase64Encoded": true, "body": "AQID",
      "headers": {"content-type": "image/png"}})"), true);
  EXPECT_EQ(b64.status, 200);
  EXPECT_EQ(b64.body, std::string("\x01\x02\x03"));
  EXPECT_EQ(b64.headers, (HeaderList{{"content-type", "image/png"}}));
  for (const char* bad : {R"("text")", R"({"body": "x"})", R"({"statusCode": 200, "body": {"a": 1}})",
                          R"({"statusCode": "abc"})", R"({"statusCode": 200, "headers": "x"})"}) {
    HttpResponse r = proxy_response(Json::parse(bad), true);
    EXPECT_EQ(r.status, 502) << bad;
    EXPECT_EQ(r.body, "{\"message\": \"Internal server error\"}") << bad;
  }
  EXPECT_EQ(proxy_response(Json(), false).status, 502);
}

TEST(ApiGatewayV1, Helpers) {
  EXPECT_EQ(url_decode("a%20b+c%2", true), "a b c%2");
  EXPECT_EQ(url_decode("a+b", false), "a+b");
  EXPECT_EQ(base64_decode("aGVsbG8="), "hello");
  EXPECT_EQ(request_time(0), "01/Jan/1970:00:00:00 +0000");
  EXPECT_TRUE(is_binary_type("image/png; q=1", {"image/*"}));
  EXPECT_TRUE(is_binary_type("application/zip", {"*/*"}));
  EXPECT_FALSE(is_binary_type("text/plain", {"image/png"}));
}

TEST(ApiGatewayV1, EventShape) {
  RestRoute r = route("GET", "/users/{id}");
  RouteMatch m{&r, Json{{"id", "1"}}};
  HttpRequest req;
  req.method = "GET";
  req.target = "/dev/users/1?a=1&a=2&b";
  req.headers = {{"Accept", "x"}, {"accept", "y"}, {"User-Agent", "t"}};
  req.remote_ip = "127.0.0.1";
  req.local_host = "localhost:3000";
  ProxyRequestInfo info{"dev", "rid", 1000, "/users/1", "/dev/users/1", "a=1&a=2&b", false};
  Json e = proxy_event(req, m, info);
  EXPECT_EQ(e["headers"], Json::parse(R"({"Accept": "y", "User-Agent": "t"})"));
  EXPECT_EQ(e["multiValueHeaders"], Json::parse(R"({"Accept": ["x", "y"], "User-Agent": ["t"]})"));
  EXPECT_EQ(e["queryStringParameters"], Json::parse(R"({"a": "2", "b": ""})"));
  EXPECT_EQ(e["multiValueQueryStringParameters"], Json::parse(R"({"a": ["1", "2"], "b": [""]})"));
  EXPECT_EQ(e["requestContext"]["requestTimeEpoch"], 1000);
  EXPECT_EQ(e["requestContext"]["identity"]["userAgent"], "t");
  EXPECT_EQ(e["body"], nullptr);
  req.body = "\x01\x02";
  info.binary_body = true;
  Json bin = proxy_event(req, m, info);
  EXPECT_EQ(bin["body"], "AQI=");
  EXPECT_EQ(bin["isBase64Encoded"], true);
}

}  // namespace
}  // namespace sls::local
