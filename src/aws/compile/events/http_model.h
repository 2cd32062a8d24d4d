// The normalized model of `http` (API Gateway REST v1) events and the steps
// that compile it. compile_http (http.cc) validates the events once into an
// HttpEvents and then runs each step in osls's order; each step adds resources
// to ctx.template_ in the order osls adds them (key order is part of the output).
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "aws/compile/events/registry.h"
#include "package/context.h"
#include "util/js_like.h"
#include "util/json.h"
#include "util/text.h"

namespace sls::compile::events::http {

// `cors:` of one event after defaults (osls validate.getCors).
struct Cors {
  std::optional<std::string> origin;      // absent when `origins` was given
  std::optional<std::vector<std::string>> origins;
  std::vector<std::string> headers;
  std::vector<std::string> methods;       // upper case, always with OPTIONS and the method
  bool allow_credentials = false;
  Json max_age;                           // null when unset
  std::optional<std::string> cache_control;
};

// The OPTIONS method of one path, merged over every event on that path.
struct CorsPreflight {
  std::string path;
  std::optional<std::string> origin;
  std::vector<std::string> origins;
  std::vector<std::string> headers;
  std::vector<std::string> methods;
  bool allow_credentials = false;
  Json max_age;
  std::optional<std::string> cache_control;
};

struct Authorizer {
  std::optional<std::string> type;        // as written, "AWS_IAM" normalized
  std::optional<std::string> name;
  Json arn;                               // null, a string or a CloudFormation function
  Json authorizer_id;                     // null unless an existing authorizer is referenced
  bool managed_externally = false;
  std::optional<long long> result_ttl;    // unset for the string form
  std::optional<std::string> identity_source;
  std::optional<std::string> identity_validation_expression;
  Json scopes;                            // null or an array
  Json claims;                            // null or an array (lambda integration only)
  std::string alias_logical_id;           // the authorizer function's target alias, if any
};

struct HttpEvent {
  std::string function_name;
  int event_index = 0;
  std::string path;                       // without leading/trailing '/'
  std::string method;                     // lower case
  std::string integration = "AWS_PROXY";
  bool is_private = false;
  std::optional<std::string> operation_id;
  Json timeout_in_millis;                 // null when unset
  std::optional<Cors> cors;
  std::optional<Authorizer> authorizer;
  // "method.request.querystring.q" -> true / false / {required, mappedValue}, in osls's
  // order (querystrings, paths, headers); null when the event has no request.parameters.
  Json request_parameters;
  Json request;    // the `request` block as osls keeps it for this integration, or null
  Json response;   // `response` with osls's status-code defaults (AWS/HTTP), or null
  bool async = false;
  std::optional<std::string> connection_type;  // "VPC_LINK", ...
  Json connection_id;
};

struct HttpEvents {
  std::vector<HttpEvent> events;
  std::vector<CorsPreflight> cors_preflight;  // in osls's registry order
};

// A node of the API Gateway resource tree.
struct ApiResource {
  std::string path;       // "users/{id}"
  std::string path_part;  // "{id}"
  std::string name;       // normalized path, "UsersIdVar"
  std::string logical_id; // "ApiGatewayResourceUsersIdVar"; empty for a predefined resource
  Json resource_id;       // {"Ref": logical_id}, or the id of a predefined resource
  Json parent_id;         // the parent's resource id; null under the root resource
};

// Shared state of one compile_http run.
struct HttpCompilation {
  HttpCompilation(PackageContext& context, HttpEvents events);

  PackageContext& ctx;
  HttpEvents validated;
  std::vector<ApiResource> resources;  // set by compile_resources, with set_resources
  std::vector<std::string> method_logical_ids;  // DependsOn of the deployment
  std::string deployment_logical_id;
  std::vector<std::string> usage_plan_names;
  std::string validator_logical_id;  // set once a request validator is created

  const Json& api_gateway() const;   // provider.apiGateway or an empty object
  const Json& rest_api_id() const { return rest_api_id_; }  // {"Ref": "ApiGatewayRestApi"} or the external id
  Json root_resource_id() const;
  Json resource_id(const std::string& path) const;
  std::string resource_name(const std::string& path) const;
  void set_resources(std::vector<ApiResource> list);  // paths must be unique

 private:
  Json rest_api_id_;
  std::unordered_map<std::string, size_t> resource_by_path_;  // index into resources
};

// Steps, in osls's order.
HttpEvents validate(PackageContext& ctx, const Events& events);  // may add warnings
void compile_rest_api(HttpCompilation& c);
void compile_resources(HttpCompilation& c);
void compile_cors(HttpCompilation& c);
void compile_methods(HttpCompilation& c);
void compile_request_validators(HttpCompilation& c);
void compile_authorizers(HttpCompilation& c);
void compile_deployment(HttpCompilation& c, long long instance_id);
void compile_api_keys(HttpCompilation& c);
void compile_usage_plans(HttpCompilation& c);
void compile_usage_plan_keys(HttpCompilation& c);
void compile_permissions(HttpCompilation& c);
void compile_stage(HttpCompilation& c);  // provider.logs.restApi

// The Integration of a method and its MethodResponses (http_integration.cc).
Json method_integration(const HttpCompilation& c, const HttpEvent& e);
Json method_responses(const HttpEvent& e);

// Helpers shared by the steps.
const Json& provider_config(const PackageContext& ctx);  // `provider:` or an empty object
bool is_cognito_arn(const Json& arn);                 // /^arn:[a-zA-Z-]*:cognito-idp/
bool is_cognito_authorizer(const Authorizer& a);      // by type or by ARN
std::string authorizer_name_from_arn(const std::string& arn);
Json lambda_arn(const std::string& function_name);    // {"Fn::GetAtt": [<Fn>LambdaFunction, Arn]}
using js::truthy;                                     // JavaScript truthiness

}  // namespace sls::compile::events::http
