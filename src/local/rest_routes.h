// The REST API (`http` events) as API Gateway routes it: the events parsed by
// the http compiler's own validation (aws/compile/events/http_model.h), then
// matched segment by segment, a static segment over a {param} over a greedy
// {proxy+}, an exact method over ANY.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/service.h"
#include "util/json.h"

namespace sls::local {

struct AuthorizerSpec;  // authorizers.h

struct CorsRule {
  std::vector<std::string> origins;  // "*" allowed
  std::vector<std::string> headers;
  std::vector<std::string> methods;
  bool allow_credentials = false;
  Json max_age;                      // null when unset
};

struct RestRoute {
  std::string function;               // key under functions:
  std::string method;                 // upper case, or "ANY"
  std::string resource;               // "/users/{id}", "/" for the root
  std::vector<std::string> segments;  // {"users", "{id}"}
  bool lambda_proxy = true;           // integration: lambda-proxy (the only one run locally)
  bool is_private = false;            // private: true (an API key needed)
  bool lambda_integration = false;    // integration: lambda (non-proxy, lambda_integration.h)
  Json integration_response;          // its normalized `response` ({statusCodes, headers})
  std::shared_ptr<const AuthorizerSpec> authorizer;  // null when none
};

struct RestApi {
  std::vector<RestRoute> routes;
  std::vector<std::pair<std::string, CorsRule>> cors;  // resource -> OPTIONS answer
  std::vector<std::string> binary_media_types;
};

// Throws UserError for events the http compiler rejects.
RestApi rest_api(Service& service);

struct RouteMatch {
  const RestRoute* route = nullptr;
  Json path_parameters = nullptr;  // object, or null when the resource has none
};

// `segments` are the request path's, URL-decoded, without the stage.
std::optional<RouteMatch> match_route(const RestApi& api, const std::string& method,
                                      const std::vector<std::string>& segments);
const CorsRule* cors_for(const RestApi& api, const std::string& resource);

std::vector<std::string> split_path(const std::string& path);  // "/a//b/" -> {"a", "b"}

}  // namespace sls::local
