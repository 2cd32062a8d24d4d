// The `httpApi` event (API Gateway v2 HTTP API, osls events/http-api.js),
// parsed once from provider.httpApi, provider.logs.httpApi and every httpApi
// event (osls's resolveConfiguration), then built into resources by
// http_api.cc. Values that osls copies into the template as given stay Json.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/compile/events/registry.h"
#include "util/json.h"

namespace sls::compile::events::http_api {

// provider.httpApi.cors, resolved (true: osls's defaults).
struct Cors {
  Json::array_t origins, headers, methods;  // methods: OPTIONS + every route's (when not given)
  bool credentials = false;
  Json exposed;  // array or null
  Json max_age;  // as given, or null
  bool fill_methods = false;
};

// One entry of provider.httpApi.authorizers.
struct Authorizer {
  std::string key;   // its key under `authorizers:` (what events name)
  std::string name;  // `name`, else the key: the Name and the logical id
  bool request = false;  // type: request (else JWT)
  Json identity_source;  // always an array
  Json issuer_url;       // JWT
  Json::array_t audience;
  std::string function_name;  // request: a function of this service ...
  Json function_arn;          // ... or an ARN (null when unset)
  bool managed_externally = false;
  Json result_ttl, simple_responses;  // null when unset
  Json payload_version;               // "2.0" unless given
};

// The authorizer of one route.
struct RouteAuthorizer {
  std::string type;          // "request", "aws_iam", "jwt" or "" (a JWT by name or id)
  Json id;                   // an external authorizer's id (null: by name or aws_iam)
  std::string name;          // by name: the Name of that provider.httpApi authorizer
  std::optional<Json::array_t> scopes;
};

struct Route {
  std::string key;       // "GET /users/{id}" or "*"
  std::string function;  // the function it invokes (the last one for a repeated "*")
  std::optional<RouteAuthorizer> authorizer;
};

struct Config {
  Json id;  // provider.httpApi.id (string or Fn::ImportValue), null when the API is ours
  bool metrics = false;
  Json disable_default_endpoint;  // null when unset
  std::optional<Cors> cors;
  std::vector<Authorizer> authorizers;
  std::optional<std::string> access_log_format;  // provider.logs.httpApi
  std::vector<Route> routes;  // in osls's Map order (first insertion of each key)
};

// An event's method and path as written ("*" string: path "*", no method);
// false when the event cannot be read as a route (validation reports it).
struct MethodPath {
  std::string method;  // as given; empty when missing
  std::string path;    // "*" for the catch-all
  bool catch_all() const { return path == "*"; }
  // osls's event.resolvedMethod: upper case, "*" and the catch-all -> "ANY".
  std::string resolved_method() const;
};
bool method_path(const Json& body, MethodPath& out);

// osls's route patterns: "METHOD /path" or "*" (the string form of an event),
// a method ("get", "ANY", "*"; any case) and a path ("*" or "/..." without spaces).
bool split_route(std::string_view s, std::string& method, std::string& path);
bool is_route_method(std::string_view s);
bool is_route_path(std::string_view s);

// Adds each event's route to config.routes (osls's Map semantics: a repeated
// "*" replaces the earlier target in place, any other repeated key is an
// error) and its methods to the CORS methods osls fills in.
class RouteTable {
 public:
  explicit RouteTable(Config& config) : config_(config) {}
  void add(const Event& e);

 private:
  Config& config_;
  std::map<std::string, size_t> index_;
};

// osls's resolveConfiguration: throws osls's errors (with the property path).
Config resolve(PackageContext& ctx, const Events& events);

}  // namespace sls::compile::events::http_api
