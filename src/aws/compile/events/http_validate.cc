// Turns every `http` event of the service into an HttpEvent with osls's
// defaults applied (validate.js), and merges the CORS settings per path.
#include <algorithm>
#include <string_view>

#include "aws/compile/events/common.h"
#include "aws/compile/events/http_model.h"
#include "config/patterns.h"
#include "util/error.h"
#include "util/js_like.h"
#include "util/js_order.h"
#include "util/text.h"

namespace sls::compile::events::http {
namespace {

std::string trim_slashes(std::string p) {
  if (!p.empty() && p.front() == '/') p.erase(0, 1);
  if (!p.empty() && p.back() == '/') p.pop_back();
  return p;
}

void add_unique(std::vector<std::string>& into, const std::string& v) {
  if (std::find(into.begin(), into.end(), v) == into.end()) into.push_back(v);
}

std::vector<std::string> union_of(const std::vector<std::string>& left,
                                  const std::vector<std::string>& right) {
  std::vector<std::string> out;
  for (const auto& v : left) add_unique(out, v);
  for (const auto& v : right) add_unique(out, v);
  return out;
}

std::vector<std::string> string_list(const Json& v) {
  std::vector<std::string> out;
  if (v.is_string()) {
    out.push_back(v.get<std::string>());
  } else if (v.is_array()) {
    for (const auto& item : v) out.push_back(item.is_string() ? item.get<std::string>() : item.dump());
  }
  return out;
}

Cors get_cors(const Json& raw, const std::string& method) {
  static const std::vector<std::string> kDefaultHeaders = {
      "Content-Type", "X-Amz-Date", "Authorization", "X-Api-Key",
      "X-Amz-Security-Token", "X-Amz-User-Agent", "X-Amzn-Trace-Id"};
  Cors cors;
  cors.origin = "*";
  cors.methods = {"OPTIONS"};
  cors.headers = kDefaultHeaders;
  const std::string upper_method = ascii_upper(method);
  if (!raw.is_object()) {
    cors.methods.push_back(upper_method);
    return cors;
  }
  if (raw.contains("origins") && !raw["origins"].is_null()) {
    cors.origin.reset();
    cors.origins = string_list(raw["origins"]);
  }
  if (raw.contains("origin")) {
    if (raw["origin"].is_string()) cors.origin = raw["origin"].get<std::string>();
    else cors.origin.reset();
  }
  if (raw.contains("methods")) cors.methods = string_list(raw["methods"]);
  if (raw.contains("headers") && truthy(raw["headers"])) cors.headers = string_list(raw["headers"]);
  cors.allow_credentials = raw.contains("allowCredentials") && truthy(raw["allowCredentials"]);
  if (raw.contains("maxAge")) cors.max_age = raw["maxAge"];
  if (raw.contains("cacheControl") && raw["cacheControl"].is_string())
    cors.cache_control = raw["cacheControl"].get<std::string>();
  add_unique(cors.methods, "OPTIONS");
  add_unique(cors.methods, upper_method);
  return cors;
}

void merge_preflight(std::vector<CorsPreflight>& all, const std::string& path, const Cors& cors) {
  auto it = std::find_if(all.begin(), all.end(), [&](const auto& p) { return p.path == path; });
  if (it == all.end()) {
    all.push_back(CorsPreflight{path, {}, {}, {}, {}, false, nullptr, std::nullopt});
    it = all.end() - 1;
  }
  it->headers = union_of(cors.headers, it->headers);
  it->methods = union_of(cors.methods, it->methods);
  it->origins = union_of(cors.origins.value_or(std::vector<std::string>{}), it->origins);
  it->origin = cors.origin;
  it->allow_credentials = it->allow_credentials || cors.allow_credentials;
  if (truthy(cors.max_age)) it->max_age = cors.max_age;
  if (cors.cache_control && !cors.cache_control->empty()) it->cache_control = cors.cache_control;
}

std::string normalize_integration(const std::string& raw) {
  std::string n = ascii_upper(raw);
  auto dash = n.find('-');
  if (dash != std::string::npos) n[dash] = '_';
  if (n == "LAMBDA") return "AWS";
  if (n == "LAMBDA_PROXY") return "AWS_PROXY";
  return n;
}

std::string integration_of(const Json& http) {
  if (http.contains("integration") && http["integration"].is_string())
    return normalize_integration(http["integration"].get<std::string>());
  if (truthy(http.value("async", Json(nullptr)))) return "AWS";
  return "AWS_PROXY";
}

Authorizer get_authorizer(const PackageContext& ctx, const Json& http) {
  const Json& raw = http["authorizer"];
  Authorizer a;
  std::optional<std::string> function_name;
  if (raw.is_string()) {
    const std::string s = raw.get<std::string>();
    if (ascii_upper(s) == "AWS_IAM") {
      a.type = "AWS_IAM";
    } else if (s.find(':') == std::string::npos) {
      function_name = a.name = s;
    } else {
      a.arn = s;
      a.name = authorizer_name_from_arn(s);
    }
  } else if (raw.is_object()) {
    const std::string type = raw.contains("type") && raw["type"].is_string()
                                 ? raw["type"].get<std::string>() : "";
    if (!type.empty() && truthy(raw.value("authorizerId", Json(nullptr)))) {
      a.type = type;
      a.authorizer_id = raw["authorizerId"];
    } else if (!type.empty() && ascii_upper(type) == "AWS_IAM") {
      a.type = "AWS_IAM";
    } else if (truthy(raw.value("arn", Json(nullptr)))) {
      a.arn = raw["arn"];
      if (raw.contains("name") && raw["name"].is_string()) {
        a.name = raw["name"].get<std::string>();
      } else if (ascii_upper(type) == "COGNITO_USER_POOLS" && a.arn.is_object()) {
        throw UserError("Please provide an authorizer name for authorizers of type COGNITO_USER_POOLS",
                        "API_GATEWAY_MISSING_AUTHORIZER_NAME");
      } else if (a.arn.is_string()) {
        a.name = authorizer_name_from_arn(a.arn.get<std::string>());
      } else {
        throw UserError("Please provide an authorizer name (authorizer.name) for the authorizer "
                        "whose ARN " + a.arn.dump() + " is not a string",
                        "API_GATEWAY_MISSING_AUTHORIZER_NAME");
      }
    } else if (raw.contains("name") && raw["name"].is_string() &&
               !raw["name"].get<std::string>().empty()) {
      function_name = a.name = raw["name"].get<std::string>();
    } else {
      throw UserError("Please provide either an authorizer name or ARN",
                      "API_GATEWAY_MISSING_AUTHORIZER_NAME_OR_ARN");
    }
    if (!a.type && !type.empty()) a.type = type;
    const Json& ttl = raw.value("resultTtlInSeconds", Json(nullptr));
    if (ttl.is_number()) a.result_ttl = static_cast<long long>(ttl.get<double>());
    else a.result_ttl = 300;
    a.scopes = raw.value("scopes", Json(nullptr));
    if (raw.contains("identitySource") && raw["identitySource"].is_string())
      a.identity_source = raw["identitySource"].get<std::string>();
    if (raw.contains("identityValidationExpression") &&
        raw["identityValidationExpression"].is_string())
      a.identity_validation_expression = raw["identityValidationExpression"].get<std::string>();
    a.managed_externally = raw.value("managedExternally", Json(false)).is_boolean() &&
                           raw.value("managedExternally", false);
    const Json& claims = raw.value("claims", Json(nullptr));
    a.claims = claims;
    if (integration_of(http) == "AWS_PROXY" && is_cognito_arn(a.arn) && claims.is_array() &&
        !claims.empty()) {
      throw UserError("Cognito claims can only be filtered when using the lambda integration type",
                      "API_GATEWAY_INVALID_COGNITO_CLAIMS");
    }
  }
  if (function_name) {
    if (!ctx.functions().contains(*function_name)) {
      throw UserError("Function \"" + *function_name + "\" doesn't exist in this Service",
                      "FUNCTION_MISSING_IN_SERVICE");
    }
    a.arn = lambda_target(ctx, *function_name);
    a.alias_logical_id = lambda_target_alias(ctx, *function_name);
  }
  if ((!a.identity_source || a.identity_source->empty()) &&
      !(a.type && ascii_upper(*a.type) == "REQUEST" && a.result_ttl && *a.result_ttl == 0)) {
    a.identity_source = "method.request.header.Authorization";
  }
  return a;
}

// request.parameters -> {"method.request.<location>.<name>": value}
Json request_parameters(const Json& parameters) {
  Json out = Json::object();
  for (const char* location : {"querystrings", "paths", "headers"}) {
    const std::string loc(location);
    if (!parameters.contains(loc) || !parameters[loc].is_object()) continue;
    const std::string singular = loc.substr(0, loc.size() - 1);
    for (const auto& [key, value] : parameters[loc].items())
      out["method.request." + singular + "." + key] = value;
  }
  return out;
}

void check_unsupported(const Json& http, const std::string& fn, int index) {
  auto unsupported = [&](const std::string& what) {
    throw UserError("functions." + fn + ".events." + std::to_string(index) + ".http: " + what +
                        " is not yet supported by this version of sls.",
                    "UNSUPPORTED_FEATURE");
  };
  if (http.contains("response") && http["response"].is_object() &&
      http["response"].contains("transferMode"))
    unsupported("response.transferMode");
}

Json default_status_codes() {
  return Json::parse(R"json({
    "200": {"pattern": ""},
    "400": {"pattern": "[\\s\\S]*\\[400\\][\\s\\S]*"},
    "401": {"pattern": "[\\s\\S]*\\[401\\][\\s\\S]*"},
    "403": {"pattern": "[\\s\\S]*\\[403\\][\\s\\S]*"},
    "404": {"pattern": "[\\s\\S]*\\[404\\][\\s\\S]*"},
    "422": {"pattern": "[\\s\\S]*\\[422\\][\\s\\S]*"},
    "500": {"pattern": "[\\s\\S]*(Process\\s?exited\\s?before\\s?completing\\s?request|\\[500\\])[\\s\\S]*"},
    "502": {"pattern": "[\\s\\S]*\\[502\\][\\s\\S]*"},
    "504": {"pattern": "([\\s\\S]*\\[504\\][\\s\\S]*)|(.*Task timed out after \\d+\\.\\d+ seconds$)"}
  })json");
}

// osls's getResponse: status codes in JavaScript key order, with a default 200.
Json normalized_response(const Json& response) {
  Json out = response;
  if (response.contains("statusCodes") && truthy(response["statusCodes"]) &&
      response["statusCodes"].is_object()) {
    Json codes = response["statusCodes"];
    auto& members = codes.get_ref<Json::object_t&>();
    sls::js::order_keys(members);
    bool has_default = false;
    for (const auto& [key, code] : members)
      has_default = has_default || (code.is_object() && code.contains("pattern") &&
                                    code["pattern"] == Json(""));
    if (!has_default) {
      codes["200"] = {{"pattern", ""}};
      sls::js::order_keys(members);
    }
    out["statusCodes"] = codes;
  } else {
    out["statusCodes"] = default_status_codes();
  }
  return out;
}

// Applies osls's per-integration handling of `request` and `response`
// (validate.js), warning about what a proxy integration ignores.
void apply_request_response(PackageContext& ctx, const Json& http, HttpEvent& e) {
  const std::string& fn = e.function_name;
  const std::string at = "functions." + fn + ".events." + std::to_string(e.event_index) + ".http";
  Json request = http.contains("request") && http["request"].is_object() ? http["request"] : Json();
  Json response = http.contains("response") && truthy(http["response"]) ? http["response"] : Json();

  if (e.integration == "HTTP" || e.integration == "HTTP_PROXY") {
    if (!request.is_object() || !request.contains("uri") || !truthy(request["uri"])) {
      throw UserError("You need to set the request uri when using the " + e.integration +
                          " integration.",
                      "API_GATEWAY_MISSING_REQUEST_URI");
    }
    if (http.contains("connectionType") && http["connectionType"].is_string()) {
      std::string t = ascii_upper(http["connectionType"].get<std::string>());
      auto dash = t.find('-');
      if (dash != std::string::npos) t[dash] = '_';
      e.connection_type = t;
      e.connection_id = http.value("connectionId", Json(nullptr));
      if (t == "VPC_LINK" && !truthy(e.connection_id)) {
        throw UserError("You need to set connectionId when using " + t + " connectionType.",
                        "API_GATEWAY_MISSING_CONNECTION_ID");
      }
    }
  }

  if (e.integration == "AWS" || e.integration == "HTTP") {
    if (!request.is_object()) request = Json::object();
    if (!(request.contains("passThrough") && truthy(request["passThrough"]))) {
      if (e.integration == "AWS") request["passThrough"] = "NEVER";
      else request.erase("passThrough");
    }
    if (response.is_object()) {
      response = normalized_response(response);
    } else if (e.integration == "AWS") {
      response = {{"statusCodes", default_status_codes()}};
    } else {
      throw UserError(at + ": the HTTP integration needs a `response` block (osls 4.3.1 fails "
                           "without one); add e.g. `response: {statusCodes: {200: {pattern: ''}}}`",
                      "API_GATEWAY_MISSING_RESPONSE");
    }
  } else if (e.integration == "AWS_PROXY" || e.integration == "HTTP_PROXY") {
    if (request.is_object()) {
      const bool aws = e.integration == "AWS_PROXY";
      std::vector<std::string> allowed = aws ? std::vector<std::string>{"parameters", "schema", "schemas"}
                                             : std::vector<std::string>{"parameters", "uri", "schema", "schemas"};
      Json kept = Json::object();
      bool dropped = false;
      for (const auto& [key, value] : request.items()) {
        if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) kept[key] = value;
        else dropped = true;
      }
      if (dropped) {
        std::string list;
        for (size_t i = 0; i < allowed.size(); ++i) list += (i ? ", request." : "request.") + allowed[i];
        ctx.warnings.push_back("You're using the " + e.integration +
                               " in combination with a request configuration in your function \"" +
                               fn + "\". Only the " + list + " configs are available in conjunction with " +
                               e.integration + ". osls will remove this configuration automatically before deployment.");
      }
      request = kept.empty() ? Json() : kept;
    }
    if (response.is_object()) {
      ctx.warnings.push_back("You're using the " + e.integration +
                             " in combination with response configuration in your function \"" + fn +
                             "\". osls will remove this configuration automatically before deployment.");
      response = Json();
    }
  } else if (e.integration == "MOCK") {
    if (response.is_object() && !(response.contains("statusCodes") && response["statusCodes"].is_object())) {
      throw UserError(at + ": a MOCK integration with a `response` needs `response.statusCodes` "
                           "(osls 4.3.1 fails without it)",
                      "API_GATEWAY_MISSING_RESPONSE");
    }
  }

  // request.parameters -> method.request.* keys, except for MOCK where osls keeps them as written.
  if (request.is_object() && request.contains("parameters") && truthy(request["parameters"]) &&
      request["parameters"].is_object()) {
    e.request_parameters = e.integration == "MOCK" ? request["parameters"]
                                                    : request_parameters(request["parameters"]);
  }
  e.request = request;
  e.response = response;
}

// The method and path of an event, from "METHOD /path" or the object form.
// The schema (check_http) has checked the shape; this only reads it.
Json method_and_path(const Json& raw) {
  Json http = raw.is_object() ? raw : Json::object();
  if (raw.is_string()) {
    const std::string& s = raw.get_ref<const std::string&>();
    const auto space = s.find(' ');
    http = {{"method", s.substr(0, space)}, {"path", space == std::string::npos ? s : s.substr(space + 1)}};
  }
  for (const char* key : {"path", "method"}) {  // ajv coerces numbers to text
    const Json* v = js::get(http, key);
    http[key] = !v ? Json("") : v->is_string() ? *v : Json(v->dump());
  }
  return http;
}

HttpEvent parse_event(PackageContext& ctx, const Event& event, HttpEvents& out) {
  const std::string& fn = event.function;
  const int index = static_cast<int>(event.index);
  const Json http = method_and_path(*event.body);
  HttpEvent e;
  e.function_name = fn;
  e.event_index = index;
  e.path = trim_slashes(http["path"].get<std::string>());
  e.method = ascii_lower(http["method"].get<std::string>());
  if (http.contains("authorizer") && truthy(http["authorizer"])) e.authorizer = get_authorizer(ctx, http);
  if (http.contains("cors") && truthy(http["cors"])) {
    e.cors = get_cors(http["cors"], e.method);
    merge_preflight(out.cors_preflight, e.path, *e.cors);
  }
  e.integration = integration_of(http);
  check_unsupported(http, fn, index);
  e.async = truthy(http.value("async", Json(nullptr)));
  apply_request_response(ctx, http, e);
  e.is_private = truthy(http.value("private", Json(nullptr)));
  if (http.contains("operationId") && http["operationId"].is_string())
    e.operation_id = http["operationId"].get<std::string>();
  if (http.contains("timeoutInMillis")) e.timeout_in_millis = http["timeoutInMillis"];
  return e;
}

void check_external_api(const Json& provider) {
  const Json api_gateway = provider.is_object() && provider.contains("apiGateway") &&
                                   provider["apiGateway"].is_object()
                               ? provider["apiGateway"] : Json::object();
  const bool external_api = truthy(api_gateway.value("restApiId", Json(nullptr)));
  if (external_api && !truthy(api_gateway.value("restApiRootResourceId", Json(nullptr)))) {
    throw UserError(
        "Missing required \"provider.apiGateway.restApiRootResourceId\" property (needed if "
        "\"provider.apiGateway.restApiId\" is provided)",
        "API_GATEWAY_MISSING_REST_API_ROOT_RESOURCE_ID");
  }
  if (external_api && provider.contains("tracing") && provider["tracing"].is_object() &&
      provider["tracing"].contains("apiGateway") && !provider["tracing"]["apiGateway"].is_null()) {
    throw UserError(
        "When external API Gateway resource is imported via \"provider.apiGateway.restApiId\", "
        "property \"provider.tracing.apiGateway\" is ineffective.",
        "API_GATEWAY_EXTERNAL_API_TRACING");
  }
  if (external_api && provider.contains("logs") && provider["logs"].is_object() &&
      provider["logs"].contains("restApi") && !provider["logs"]["restApi"].is_null()) {
    throw UserError(
        "When external API Gateway resource is imported via \"provider.apiGateway.restApiId\", "
        "property \"provider.logs.restApi\" is ineffective.",
        "API_GATEWAY_EXTERNAL_API_LOGS");
  }
}

}  // namespace

HttpEvents validate(PackageContext& ctx, const Events& events) {
  check_external_api(provider_config(ctx));
  HttpEvents out;
  if (!events.empty() && !config::patterns::is_api_gateway_stage_name(ctx.service.stage)) {
    throw UserError("Invalid stage name " + ctx.service.stage +
                        ": it should contains only [-_a-zA-Z0-9] for AWS provider if http "
                        "event are present according to API Gateway limitation.",
                    "API_GATEWAY_INVALID_STAGE_NAME");
  }
  for (const Event& event : events) out.events.push_back(parse_event(ctx, event, out));
  return out;
}

}  // namespace sls::compile::events::http
