#include "local/auth_gate.h"

#include <cctype>

#include "local/auth_policy.h"
#include "local/jwks.h"
#include "util/js_like.h"
#include "util/text.h"

namespace sls::local {

namespace {

HttpResponse forbidden_key() {
  HttpResponse r = gateway_error(403, "Forbidden");
  r.headers.emplace_back("x-amzn-ErrorType", "ForbiddenException");
  return r;
}

void note_unsupported(const std::string& where, const AuthorizerSpec* spec, const LogLine& log) {
  if (spec && spec->kind == AuthorizerSpec::Kind::unsupported)
    log("Warning: " + where + ": " + spec->note + "; requests pass unchecked");
}

}  // namespace

AuthGate::AuthGate(const Service& service, const RestApi& rest, const HttpApi& http_api, AuthGateOptions options,
                   RunFunction run, const LogLine& log)
    : region_(service.region),
      stage_(service.stage),
      options_(std::move(options)),
      log_(log),
      runner_(std::move(run), log,
              options_.ignore_jwt_signature ? JwtVerifier() : JwtVerifier(JwksVerifier(log))) {
  bool any_private = false;
  for (const auto& r : rest.routes) {
    any_private = any_private || r.is_private;
    note_unsupported(r.method + " " + r.resource, r.authorizer.get(), log);
  }
  for (const auto& r : http_api.routes) note_unsupported(r.route_key, r.authorizer.get(), log);
  if (options_.no_auth && any_private) log("Authorizers are turned off. You do not need to use 'x-api-key' header.");
  if (!any_private || options_.no_auth) return;
  log("Remember to use 'x-api-key' on the request headers.");
  keys_ = std::make_unique<ApiKeys>(service, options_.api_key);
  if (!keys_->generated().empty()) log("Key with token: '" + keys_->generated() + "'");
}

std::optional<HttpResponse> AuthGate::rest(const RestRoute& route, const HttpRequest& req, const ProxyRequestInfo& info,
                                           Json& event) {
  if (options_.no_auth) return std::nullopt;
  AuthOutcome outcome;
  if (runs_authorizer(route.authorizer.get())) {
    AuthRequest ar;
    ar.http = &req;
    ar.query = info.query;
    ar.arn = method_arn(region_, "offlineContext_apiId", stage_, req.method, info.path);
    ar.event = [&event](bool) { return event; };
    outcome = runner_.authorize(*route.authorizer, ar);
    if (outcome.denied) return outcome.denied;
    if (!outcome.authorizer.is_null()) event["requestContext"]["authorizer"] = outcome.authorizer;
  }
  if (route.is_private && keys_) {
    std::string key = req.header("x-api-key");
    if (key.empty()) key = outcome.usage_key;
    if (key.empty() || !keys_->valid(key)) {
      log_("403 Forbidden: " + std::string(key.empty() ? "no x-api-key header" : "the x-api-key is not a known key") +
           " on a private endpoint");
      return forbidden_key();
    }
    event["requestContext"]["identity"]["apiKey"] = key;
    event["requestContext"]["identity"]["apiKeyId"] = "offlineContext_apiKeyId";
  }
  return std::nullopt;
}

std::optional<HttpResponse> AuthGate::http_api(const HttpApiMatch& match, const HttpRequest& req,
                                               const ProxyRequestInfo& info, Json& event) {
  const HttpApiRoute& route = *match.route;
  if (!runs_authorizer(route.authorizer.get())) return std::nullopt;
  bool v1_route = route.payload == "1.0";
  AuthRequest ar;
  ar.http = &req;
  ar.query = info.query;
  ar.arn = method_arn(region_, "offlineContext_apiId", "$default", req.method, info.path);
  ar.event = [&](bool v1) {
    if (v1 == v1_route) return event;
    return v1 ? http_api_v1_event(req, match, info) : http_api_event(req, match, info);
  };
  AuthOutcome outcome = runner_.authorize(*route.authorizer, ar);
  if (outcome.denied) return outcome.denied;
  if (outcome.authorizer.is_null()) return std::nullopt;
  Json& rc = event["requestContext"];
  if (!v1_route) {
    rc["authorizer"] = outcome.authorizer;
  } else if (outcome.authorizer.contains("jwt")) {
    rc["authorizer"] = outcome.authorizer["jwt"];
  } else {
    Json flat = outcome.authorizer.value("lambda", Json::object());
    if (outcome.authorizer.contains("principalId")) flat["principalId"] = outcome.authorizer["principalId"];
    rc["authorizer"] = flat;
  }
  return std::nullopt;
}

}  // namespace sls::local
