// osls's resolveConfiguration for HTTP APIs: provider.httpApi (cors,
// authorizers), provider.logs.httpApi and the routes of every httpApi event,
// with osls's compile-time errors and its timeout warnings.
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>

#include "aws/compile/events/common.h"
#include "aws/compile/events/http_api_model.h"
#include "util/error.h"
#include "util/js_like.h"

namespace sls::compile::events::http_api {
namespace {

[[noreturn]] void fail(const std::string& path, const std::string& what, const char* code) {
  throw UserError(path + ": " + what, code);
}

// JavaScript's String(value) for the scalars a config holds.
std::string js_string(const Json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

// osls's toSet: a list (or one value) without repeated primitives, in order.
Json::array_t to_set(const Json& v) {
  Json::array_t out;
  for (const Json& item : v.is_array() ? v.get_ref<const Json::array_t&>() : Json::array_t{v}) {
    bool seen = false;
    if (item.is_primitive())
      for (const Json& o : out) seen = seen || o == item;
    if (!seen) out.push_back(item);
  }
  return out;
}

Json::array_t default_origins() { return {"*"}; }
Json::array_t default_headers() {
  return {"Content-Type", "X-Amz-Date", "Authorization", "X-Api-Key", "X-Amz-Security-Token",
          "X-Amz-User-Agent", "X-Amzn-Trace-Id"};
}

std::optional<Cors> resolve_cors(const Json& user, bool external) {
  const Json* c = js::get_truthy(user, "cors");
  if (!c) return std::nullopt;
  if (external)
    fail("provider.httpApi.cors", "Cannot setup CORS rules for externally configured HTTP API",
         "EXTERNAL_HTTP_API_CORS_CONFIG");
  Cors cors;
  if (*c == Json(true)) {
    cors.origins = default_origins();
    cors.headers = default_headers();
    cors.fill_methods = true;
  } else {
    const Json* v = js::get_truthy(*c, "allowedOrigins");
    cors.origins = v ? to_set(*v) : default_origins();
    v = js::get_truthy(*c, "allowedHeaders");
    cors.headers = v ? to_set(*v) : default_headers();
    if ((v = js::get_truthy(*c, "allowedMethods"))) cors.methods = to_set(*v);
    else cors.fill_methods = true;
    cors.credentials = js::truthy(js::get(*c, "allowCredentials"));
    if ((v = js::get_truthy(*c, "exposedResponseHeaders"))) cors.exposed = to_set(*v);
    if ((v = js::get_non_null(*c, "maxAge"))) cors.max_age = *v;
  }
  if (cors.fill_methods) cors.methods = {"OPTIONS"};
  return cors;
}

Json value_or_null(const Json& obj, std::string_view key) {
  const Json* v = js::get_non_null(obj, key);
  return v ? *v : Json();
}

void check_request_authorizer(const PackageContext& ctx, const std::string& key, const Json& a,
                              const std::string& path) {
  const bool arn = js::truthy(js::get(a, "functionArn")), name = js::truthy(js::get(a, "functionName"));
  if (!arn && !name)
    fail(path, "Either \"functionArn\" or \"functionName\" property needs to be set on authorizer \"" + key + "\"",
         "HTTP_API_CUSTOM_AUTHORIZER_NEITHER_FUNCTION_ARN_NOR_FUNCTION_NAME_DEFINED");
  if (arn && name)
    fail(path,
         "Either \"functionArn\" or \"functionName\" (not both) property needs to be set on authorizer \"" + key + "\"",
         "HTTP_API_CUSTOM_AUTHORIZER_BOTH_FUNCTION_ARN_AND_FUNCTION_NAME_DEFINED");
  if (name) {
    const std::string fn = js_string(a["functionName"]);
    if (!js::get(ctx.functions(), fn))
      fail(path + ".functionName",
           "Function \"" + fn + "\" for HTTP API authorizer \"" + key + "\" not found in service.",
           "HTTP_API_CUSTOM_AUTHORIZER_FUNCTION_NOT_FOUND_IN_SERVICE");
  }
  if (js::truthy(js::get(a, "resultTtlInSeconds")) && !js::truthy(js::get(a, "identitySource")))
    fail(path,
         "Property \"identitySource\" has to be set on authorizer \"" + key +
             "\" when \"resultTtlInSeconds\" is set to non-zero value.",
         "HTTP_API_CUSTOM_AUTHORIZER_IDENTITY_SOURCE_MISSING_WHEN_CACHING_ENABLED");
}

Authorizer parse_authorizer(const PackageContext& ctx, const std::string& key, const Json& a) {
  const std::string path = "provider.httpApi.authorizers." + key;
  Authorizer out;
  out.key = key;
  out.request = js::get(a, "type") && a["type"] == "request";
  if (out.request) check_request_authorizer(ctx, key, a, path);
  const Json* name = js::get_truthy(a, "name");
  out.name = name ? js_string(*name) : key;
  const Json* source = js::get_truthy(a, "identitySource");
  out.identity_source = source ? js::coerce_array(*source) : Json::array();
  out.issuer_url = value_or_null(a, "issuerUrl");
  out.audience = to_set(value_or_null(a, "audience"));
  if (const Json* fn = js::get_truthy(a, "functionName")) out.function_name = js_string(*fn);
  out.function_arn = value_or_null(a, "functionArn");
  out.managed_externally = js::truthy(js::get(a, "managedExternally"));
  out.result_ttl = value_or_null(a, "resultTtlInSeconds");
  out.simple_responses = value_or_null(a, "enableSimpleResponses");
  const Json* payload = js::get_truthy(a, "payloadVersion");
  out.payload_version = payload ? *payload : Json("2.0");
  return out;
}

std::vector<Authorizer> resolve_authorizers(const PackageContext& ctx, const Json& user, bool external) {
  const Json* all = js::get_truthy(user, "authorizers");
  if (!all) return {};
  if (external)
    fail("provider.httpApi.authorizers", "Cannot setup authorizers for externally configured HTTP API",
         "EXTERNAL_HTTP_API_AUTHORIZERS_CONFIG");
  std::vector<Authorizer> out;
  if (all->is_object())
    for (const auto& [key, a] : all->items()) out.push_back(parse_authorizer(ctx, key, a));
  return out;
}

std::string default_access_log_format() {
  return R"({"requestId":"$context.requestId","ip":"$context.identity.sourceIp",)"
         R"("requestTime":"$context.requestTime","httpMethod":"$context.httpMethod",)"
         R"("routeKey":"$context.routeKey","status":"$context.status","protocol":"$context.protocol",)"
         R"("responseLength":"$context.responseLength"})";
}

std::optional<std::string> resolve_logs(const PackageContext& ctx, bool external) {
  const Json* logs = js::get_truthy(ctx.provider(), "logs");
  const Json* http = logs ? js::get_truthy(*logs, "httpApi") : nullptr;
  if (!http) return std::nullopt;
  if (external)
    fail("provider.logs.httpApi", "Cannot setup access logs for externally configured HTTP API",
         "EXTERNAL_HTTP_API_LOGS_CONFIG");
  const Json* format = js::get_truthy(*http, "format");
  return format ? js_string(*format) : default_access_log_format();
}

// JavaScript's Number(value) (NaN for undefined and non-numeric text).
double js_number(const Json* v) {
  if (!v) return NAN;
  if (v->is_number()) return v->get<double>();
  if (v->is_boolean()) return v->get<bool>() ? 1 : 0;
  if (v->is_null()) return 0;
  if (!v->is_string()) return NAN;
  std::string s = v->get<std::string>();
  size_t b = s.find_first_not_of(" \t\n\r\f\v"), e = s.find_last_not_of(" \t\n\r\f\v");
  if (b == std::string::npos) return 0;
  s = s.substr(b, e - b + 1);
  char* end = nullptr;
  const double d = std::strtod(s.c_str(), &end);
  return end && *end == '\0' ? d : NAN;
}

std::string number_text(double d) {
  if (d == std::floor(d) && std::fabs(d) < 1e15) return std::to_string(static_cast<long long>(d));
  return Json(d).dump();
}

// osls warns when a function may outlive the 30 s HTTP API timeout.
void warn_timeout(PackageContext& ctx, const std::string& fn) {
  double t = js_number(js::get(function_config(ctx, fn), "timeout"));
  if (!js::truthy(Json(t))) t = js_number(js::get(ctx.provider(), "timeout"));
  if (!js::truthy(Json(t))) t = 6;
  const std::string head = "Function (" + fn + ") timeout setting (" + number_text(t) + ") ";
  const std::string tail = "This may introduce a situation where endpoint times out for a successful lambda invocation.";
  if (t > 30)
    ctx.warnings.push_back(head + "is greater than maximum allowed timeout for HTTP API endpoint (30s). " + tail);
  else if (t == 30)
    ctx.warnings.push_back(head + "may not provide enough room to process an HTTP API request (of which timeout is "
                                  "limited to 30s). " + tail);
}

// Options of the Api and Stage osls silently ignores for an existing API.
void warn_ignored_with_id(PackageContext& ctx, const Json& user) {
  for (const char* key : {"name", "description", "metrics", "disableDefaultEndpoint", "shouldStartNameWithService"})
    if (js::get_non_null(user, key))
      ctx.warnings.push_back("provider.httpApi." + std::string(key) +
                             " has no effect with provider.httpApi.id: the HTTP API exists already, so sls (like "
                             "osls) creates no Api or Stage for it.");
}

}  // namespace

Config resolve(PackageContext& ctx, const Events& events) {
  static const Json kEmpty = Json::object();
  const Json* user_ptr = js::get_truthy(ctx.provider(), "httpApi");
  const Json& user = user_ptr && user_ptr->is_object() ? *user_ptr : kEmpty;
  Config config;
  if (const Json* id = js::get_truthy(user, "id")) config.id = *id;
  const bool external = !config.id.is_null();
  if (external) warn_ignored_with_id(ctx, user);
  config.metrics = js::truthy(js::get(user, "metrics"));
  config.disable_default_endpoint = value_or_null(user, "disableDefaultEndpoint");
  config.cors = resolve_cors(user, external);
  config.authorizers = resolve_authorizers(ctx, user, external);
  config.access_log_format = resolve_logs(ctx, external);
  RouteTable table(config);
  for (size_t i = 0; i < events.size(); ++i) {
    table.add(events[i]);
    if (i + 1 == events.size() || events[i + 1].function != events[i].function) warn_timeout(ctx, events[i].function);
  }
  return config;
}

}  // namespace sls::compile::events::http_api
