// HTTP API (`httpApi` events): the routes as osls reads them ("METHOD /path",
// "*", {method, path}; payload 2.0 unless the function's or provider's
// httpApi.payload says "1.0"), the v2.0 event AWS builds, and how AWS maps a
// result back (v2 inference: a result without statusCode is a 200 JSON body).
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/service.h"
#include "local/apigw_v1.h"
#include "local/http_server.h"
#include "local/rest_routes.h"
#include "util/json.h"

namespace sls::local {

struct HttpApiRoute {
  RestRoute route;       // method "ANY" for "*"; resource "" for the $default route
  std::string route_key; // "GET /users/{id}", "$default"
  std::string payload = "2.0";
  std::shared_ptr<const AuthorizerSpec> authorizer;  // null when none
};

struct HttpApi {
  std::vector<HttpApiRoute> routes;
  // Built once by http_api() for matching: the routes but $default, and where each is in `routes`.
  RestApi matcher;
  std::vector<size_t> matcher_routes;
  std::optional<size_t> fallback;  // the $default route
};

// Throws UserError for what osls rejects (missing method, a method with path "*").
HttpApi http_api(const Service& service);

struct HttpApiMatch {
  const HttpApiRoute* route = nullptr;
  Json path_parameters = nullptr;
};
std::optional<HttpApiMatch> match_http_api(const HttpApi& api, const std::string& method,
                                           const std::vector<std::string>& segments);

// `info.path` is the raw path (no stage: HTTP APIs serve the $default stage).
Json http_api_event(const HttpRequest& req, const HttpApiMatch& match, const ProxyRequestInfo& info);
// The 1.0 payload (the REST proxy event with version and routeKey).
Json http_api_v1_event(const HttpRequest& req, const HttpApiMatch& match, const ProxyRequestInfo& info);
HttpResponse http_api_response(const Json& result, bool has_result);

}  // namespace sls::local
