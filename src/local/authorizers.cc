#include "local/authorizers.h"

#include <chrono>
#include <cstring>
#include <regex>

#include "aws/compile/events/http_model.h"
#include "local/apigw_v1.h"
#include "local/auth_policy.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/js_like.h"
#include "util/text.h"

namespace sls::local {

namespace {

constexpr size_t kMaxCached = 10000;

std::string trim(std::string s) {
  s.erase(0, s.find_first_not_of(" \t"));
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
  return s;
}

std::string header_of(const HttpRequest& req, const std::string& lower_name, bool& found) {
  std::string value;
  found = false;
  for (const auto& [k, v] : req.headers)
    if (iequals(k, lower_name)) {
      value = found ? value + "," + v : v;
      found = true;
    }
  return value;
}

std::string query_of(const std::string& query, const std::string& name, bool& found) {
  found = false;
  std::string value;
  for (size_t start = 0; start < query.size();) {
    size_t end = std::min(query.find('&', start), query.size());
    std::string pair = query.substr(start, end - start);
    start = end + 1;
    size_t eq = pair.find('=');
    if (url_decode(pair.substr(0, eq), true) != name) continue;
    value = eq == std::string::npos ? "" : url_decode(pair.substr(eq + 1), true);
    found = true;
  }
  return value;
}

// The identity values, in order; nullopt when one is missing or empty.
std::optional<std::vector<std::string>> identity_values(const AuthorizerSpec& spec, const AuthRequest& request) {
  std::vector<std::string> values;
  for (const auto& source : spec.identity) {
    if (source.from == IdentitySource::From::other) continue;
    bool found = false;
    std::string v = source.from == IdentitySource::From::header ? header_of(*request.http, source.name, found)
                                                                 : query_of(request.query, source.name, found);
    if (!found || v.empty()) return std::nullopt;
    values.push_back(v);
  }
  return values;
}

HttpResponse with_type(HttpResponse r, const char* type) {
  r.headers.emplace_back("x-amzn-ErrorType", type);
  return r;
}

HttpResponse rest_config_error() {
  HttpResponse r;
  r.status = 500;
  r.headers = {{"Content-Type", "application/json"}, {"x-amzn-ErrorType", "AuthorizerConfigurationException"}};
  r.body = "{\"message\": null}";
  return r;
}

bool is_unauthorized_error(const InvokeResult& r) {
  if (r.kind != InvokeResult::Kind::error) return false;
  const Json* m = js::get(r.error, "errorMessage");
  return m && m->is_string() && m->get<std::string>() == "Unauthorized";
}

}  // namespace

HttpResponse unauthorized() { return with_type(gateway_error(401, "Unauthorized"), "UnauthorizedException"); }

HttpResponse access_denied(bool explicit_deny) {
  return with_type(gateway_error(403, explicit_deny ? "User is not authorized to access this resource with an explicit deny"
                                                    : "User is not authorized to access this resource"),
                   "AccessDeniedException");
}

HttpResponse http_api_forbidden() { return gateway_error(403, "Forbidden"); }

std::vector<IdentitySource> identity_sources(const std::string& text) {
  std::vector<IdentitySource> out;
  for (size_t start = 0; start <= text.size();) {
    size_t end = std::min(text.find(',', start), text.size());
    std::string s = trim(text.substr(start, end - start));
    start = end + 1;
    if (s.empty()) continue;
    IdentitySource source;
    for (const char* prefix : {"method.request.header.", "$request.header.", "route.request.header."})
      if (s.rfind(prefix, 0) == 0) source = {IdentitySource::From::header, ascii_lower(s.substr(strlen(prefix)))};
    for (const char* prefix : {"method.request.querystring.", "$request.querystring.", "route.request.querystring."})
      if (s.rfind(prefix, 0) == 0) source = {IdentitySource::From::query, s.substr(strlen(prefix))};
    if (source.from == IdentitySource::From::other) source.name = s;
    out.push_back(source);
  }
  return out;
}

AuthorizerSpec rest_authorizer(const compile::events::http::Authorizer& a) {
  AuthorizerSpec spec;
  spec.name = a.name.value_or("");
  std::string type = ascii_lower(a.type.value_or("token"));
  if (type == "aws_iam") {
    spec.note = "AWS_IAM authorization is not checked locally";
  } else if (!a.authorizer_id.is_null()) {
    spec.note = "an authorizer referenced by authorizerId is not run locally";
  } else if (compile::events::http::is_cognito_authorizer(a)) {
    spec.note = "COGNITO_USER_POOLS authorizers are not checked locally";
  } else if (!a.arn.is_object()) {
    spec.note = "an authorizer given by ARN is not run locally (" + (a.arn.is_string() ? a.arn.get<std::string>() : a.arn.dump()) + ")";
  } else if (type != "token" && type != "request") {
    spec.note = "authorizer type " + *a.type + " is not run locally";
  } else {
    spec.kind = type == "request" ? AuthorizerSpec::Kind::request : AuthorizerSpec::Kind::token;
    spec.function = spec.name;
    spec.ttl_seconds = a.result_ttl.value_or(300);
    spec.identity = identity_sources(a.identity_source.value_or(""));
    if (spec.kind == AuthorizerSpec::Kind::token && spec.identity.size() > 1) spec.identity.resize(1);
    spec.validation_expression = a.identity_validation_expression.value_or("");
  }
  return spec;
}

AuthorizerSpec http_api_authorizer(const Service& service, const Json& event_authorizer) {
  AuthorizerSpec spec;
  spec.http_api = true;
  std::string name;
  if (event_authorizer.is_string()) name = event_authorizer.get<std::string>();
  if (event_authorizer.is_object()) {
    if (const Json* t = js::get(event_authorizer, "type"); t && t->is_string() && ascii_lower(t->get<std::string>()) == "aws_iam") {
      spec.note = "aws_iam authorization is not checked locally";
      return spec;
    }
    if (const Json* id = js::get(event_authorizer, "id"); js::truthy(id)) {
      spec.note = "an external authorizer (id) is not run locally";
      return spec;
    }
    if (const Json* n = js::get(event_authorizer, "name"); n && n->is_string()) name = n->get<std::string>();
    spec.scopes = string_or_strings(js::get(event_authorizer, "scopes"));
  }
  const Json* provider = js::get(service.config, "provider");
  const Json* http_api = provider ? js::get(*provider, "httpApi") : nullptr;
  const Json* all = http_api && http_api->is_object() ? js::get(*http_api, "authorizers") : nullptr;
  const Json* config = all && all->is_object() ? js::get(*all, name) : nullptr;
  if (!config || !config->is_object())
    throw UserError("Event references not configured authorizer '" + name + "'", "HTTP_API_AUTHORIZER_NOT_CONFIGURED");
  spec.name = name;
  std::vector<std::string> sources = string_or_strings(js::get(*config, "identitySource"));
  std::string joined;
  for (const auto& s : sources) joined += (joined.empty() ? "" : ",") + s;
  spec.identity = identity_sources(joined);
  const Json* type = js::get(*config, "type");
  if (type && type->is_string() && ascii_lower(type->get<std::string>()) == "request") {
    const Json* fn = js::get(*config, "functionName");
    if (!fn || !fn->is_string()) {
      spec.note = "an authorizer given by functionArn is not run locally";
      return spec;
    }
    spec.kind = AuthorizerSpec::Kind::request;
    spec.function = fn->get<std::string>();
    const Json* ttl = js::get(*config, "resultTtlInSeconds");
    spec.ttl_seconds = ttl && ttl->is_number() ? static_cast<long long>(ttl->get<double>()) : 0;
    spec.simple_responses = js::truthy(js::get(*config, "enableSimpleResponses"));
    const Json* payload = js::get(*config, "payloadVersion");
    spec.payload_version = payload && payload->is_string() ? payload->get<std::string>() : "2.0";
    return spec;
  }
  spec.kind = AuthorizerSpec::Kind::jwt;
  const Json* issuer = js::get(*config, "issuerUrl");
  spec.issuer = issuer && issuer->is_string() ? issuer->get<std::string>() : "";
  spec.audience = string_or_strings(js::get(*config, "audience"));
  if (spec.identity.empty()) spec.identity = identity_sources("$request.header.Authorization");
  return spec;
}

AuthorizerRunner::AuthorizerRunner(RunFunction run, LogLine log, JwtVerifier verifier)
    : run_(std::move(run)), log_(std::move(log)), verifier_(std::move(verifier)) {}

AuthOutcome AuthorizerRunner::authorize(const AuthorizerSpec& spec, const AuthRequest& request) {
  switch (spec.kind) {
    case AuthorizerSpec::Kind::token:
    case AuthorizerSpec::Kind::request:
      return lambda(spec, request);
    case AuthorizerSpec::Kind::jwt:
      return jwt(spec, request);
    default:
      return {};
  }
}

AuthOutcome AuthorizerRunner::lambda(const AuthorizerSpec& spec, const AuthRequest& request) {
  auto values = identity_values(spec, request);
  if (!values) {
    log_("Authorizer " + spec.name + ": the identity source is missing: 401");
    return {unauthorized(), nullptr, ""};
  }
  bool token = spec.kind == AuthorizerSpec::Kind::token;
  if (token && !spec.validation_expression.empty() && !values->empty()) {
    std::regex re;
    try {
      re = std::regex(spec.validation_expression, std::regex::ECMAScript);
    } catch (const std::regex_error&) {
      return {rest_config_error(), nullptr, ""};
    }
    if (!std::regex_match(values->front(), re)) {
      log_("Authorizer " + spec.name + ": the token does not match identityValidationExpression: 401");
      return {unauthorized(), nullptr, ""};
    }
  }
  std::string key = spec.name + '\n';
  for (const auto& v : *values) key += v + '\n';
  bool cacheable = spec.ttl_seconds > 0 && !spec.identity.empty();
  if (cacheable) {
    std::lock_guard lock(mutex_);
    auto it = cache_.find(key);
    if (it != cache_.end() && it->second.expires_ms > epoch_ms()) return judge(spec, request, it->second.result);
  }
  Json event;
  if (token) {
    event = Json{{"type", "TOKEN"}, {"authorizationToken", values->empty() ? "" : values->front()}, {"methodArn", request.arn}};
  } else {
    bool v1 = !spec.http_api || spec.payload_version == "1.0";
    event = request.event(v1);
    event.erase("body");
    event.erase("isBase64Encoded");
    event["type"] = "REQUEST";
    std::string joined;
    for (const auto& v : *values) joined += (joined.empty() ? "" : ",") + v;
    if (spec.http_api && !v1) {
      event["routeArn"] = request.arn;
      event["identitySource"] = *values;
    } else {
      event["methodArn"] = request.arn;
      if (spec.http_api) {
        event["identitySource"] = joined;
        event["authorizationToken"] = joined;
      }
    }
  }
  InvokeResult r = run_(spec.function, std::move(event), "Authorizer " + spec.name);
  if (cacheable && r.kind == InvokeResult::Kind::result) {
    std::lock_guard lock(mutex_);
    if (cache_.size() >= kMaxCached) cache_.clear();
    cache_[key] = Cached{epoch_ms() + spec.ttl_seconds * 1000, r};
  }
  return judge(spec, request, r);
}

AuthOutcome AuthorizerRunner::judge(const AuthorizerSpec& spec, const AuthRequest& request, const InvokeResult& r) {
  AuthOutcome out;
  auto failed = [&] {
    return spec.http_api ? gateway_error(500, "Internal Server Error") : rest_config_error();
  };
  if (is_unauthorized_error(r)) {
    log_("Authorizer " + spec.name + ": Unauthorized: 401");
    out.denied = unauthorized();
    return out;
  }
  if (r.kind != InvokeResult::Kind::result || !r.result.is_object()) {
    log_("Authorizer " + spec.name + ": failed or gave no object: " + (spec.http_api ? "500" : "500 AuthorizerConfigurationException"));
    out.denied = failed();
    return out;
  }
  const Json& result = r.result;
  if (spec.simple_responses) {
    if (!js::truthy(js::get(result, "isAuthorized"))) {
      log_("Authorizer " + spec.name + ": isAuthorized is false: 403");
      out.denied = http_api_forbidden();
      return out;
    }
    auto context = authorizer_context(js::get(result, "context"));
    out.authorizer = Json{{"lambda", context ? *context : Json::object()}};
    return out;
  }
  const Json* principal = js::get(result, "principalId");
  const Json* policy = js::get(result, "policyDocument");
  auto context = authorizer_context(js::get(result, "context"));
  if (!spec.http_api && (!principal || principal->is_null())) {
    log_("Authorizer " + spec.name + ": the answer has no principalId: 500");
    out.denied = failed();
    return out;
  }
  PolicyVerdict verdict = policy ? evaluate_policy(*policy, request.arn) : PolicyVerdict::malformed;
  if (verdict == PolicyVerdict::malformed || !context) {
    log_("Authorizer " + spec.name + ": malformed policyDocument or context: 500");
    out.denied = failed();
    return out;
  }
  if (verdict != PolicyVerdict::allow) {
    log_("Authorizer " + spec.name + ": the policy does not allow " + request.arn + ": 403");
    out.denied = spec.http_api ? http_api_forbidden() : access_denied(verdict == PolicyVerdict::deny);
    return out;
  }
  if (spec.http_api) {
    out.authorizer = Json{{"lambda", *context}};
    if (principal && !principal->is_null()) out.authorizer["principalId"] = *principal;
  } else {
    // REST: the context's values reach the integration as strings, beside principalId.
    out.authorizer = Json::object();
    for (auto it = context->begin(); it != context->end(); ++it)
      out.authorizer[it.key()] = it->is_string() ? it->get<std::string>() : js::stringify(*it);
    out.authorizer["principalId"] = principal->is_string() ? principal->get<std::string>() : js::stringify(*principal);
    out.authorizer["integrationLatency"] = static_cast<long long>(r.duration_ms);
  }
  if (const Json* k = js::get(result, "usageIdentifierKey"); k && k->is_string()) out.usage_key = k->get<std::string>();
  return out;
}

AuthOutcome AuthorizerRunner::jwt(const AuthorizerSpec& spec, const AuthRequest& request) {
  AuthOutcome out;
  auto refuse = [&](const std::string& why) {
    log_("JWT authorizer " + spec.name + ": " + why + ": 401");
    HttpResponse r = unauthorized();
    r.headers.emplace_back("www-authenticate", "Bearer error=\"invalid_token\"");
    out.denied = r;
    return out;
  };
  auto values = identity_values(spec, request);
  if (!values || values->empty()) return refuse("no token in " + (spec.identity.empty() ? std::string("the request") : spec.identity.front().name));
  std::string token = values->front();
  if (ascii_lower(token.substr(0, 7)) == "bearer ") token = trim(token.substr(7));
  auto decoded = decode_jwt(token);
  if (!decoded) return refuse("the token is not a JWT");
  std::string why = check_jwt_claims(decoded->claims, spec.issuer, spec.audience, epoch_ms() / 1000);
  if (!why.empty()) return refuse(why);
  if (verifier_) {
    why = verifier_(*decoded, spec.issuer);
    if (!why.empty()) return refuse(why);
  }
  std::vector<std::string> scopes = jwt_scopes(decoded->claims);
  if (!spec.scopes.empty()) {
    bool any = false;
    for (const auto& s : scopes)
      for (const auto& want : spec.scopes) any = any || s == want;
    if (!any) {
      log_("JWT authorizer " + spec.name + ": the token has none of the route's scopes: 403");
      out.denied = http_api_forbidden();
      return out;
    }
  }
  out.authorizer = Json{{"jwt", {{"claims", jwt_event_claims(decoded->claims)}, {"scopes", scopes.empty() ? Json(nullptr) : Json(scopes)}}}};
  return out;
}

}  // namespace sls::local
