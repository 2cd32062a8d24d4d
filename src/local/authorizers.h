// Lambda and JWT authorizers run locally, as API Gateway runs them before the
// integration: the authorizer's configuration read into an AuthorizerSpec
// (REST `http` events: TOKEN and REQUEST; `httpApi` events: `request` lambda
// authorizers with simple or IAM responses, and `jwt`), then, per request, the
// identity sources checked, the authorizer function invoked (its answer cached
// for resultTtlInSeconds, keyed by the identity values, as API Gateway does) and
// its policy evaluated against this request's ARN.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "config/service.h"
#include "local/function_pool.h"
#include "local/http_server.h"
#include "local/jwt.h"
#include "util/json.h"

namespace sls::compile::events::http {
struct Authorizer;
}

namespace sls::local {

struct IdentitySource {
  enum class From { header, query, other } from = From::other;  // other: $context.x, stageVariables.x (not checked)
  std::string name;  // header names lower case
};

struct AuthorizerSpec {
  enum class Kind { token, request, jwt, unsupported } kind = Kind::unsupported;
  std::string name;                      // as configured, for logs and the cache
  std::string function;                  // the authorizer function's key (token, request)
  std::vector<IdentitySource> identity;  // all must be present; empty: none checked
  std::string validation_expression;     // TOKEN: a token not matching it is refused unseen
  long long ttl_seconds = 0;
  bool http_api = false;
  std::string payload_version = "1.0";   // httpApi request authorizers: "2.0" unless set
  bool simple_responses = false;         // httpApi enableSimpleResponses
  std::string issuer;                    // jwt
  std::vector<std::string> audience;     // jwt
  std::vector<std::string> scopes;       // the route's authorization scopes (jwt)
  std::string note;                      // why an unsupported one is not run
};

// IdentitySources of "method.request.header.Authorization, method.request.querystring.t"
// (REST), "$request.header.Authorization" (HTTP API) or "route.request.header.Auth" (WebSocket).
std::vector<IdentitySource> identity_sources(const std::string& text);

// A REST event's authorizer, as the http compiler validated it.
AuthorizerSpec rest_authorizer(const compile::events::http::Authorizer& a);

// An httpApi event's `authorizer` (a name or {name, scopes} / {type: aws_iam})
// against provider.httpApi.authorizers. Throws UserError for a name not
// configured there (osls's text).
AuthorizerSpec http_api_authorizer(const Service& service, const Json& event_authorizer);

struct AuthOutcome {
  std::optional<HttpResponse> denied;  // the gateway's answer when the request is refused
  Json authorizer = nullptr;           // what the handler sees in requestContext.authorizer
  std::string usage_key;               // usageIdentifierKey, for private endpoints
};

using RunFunction = std::function<InvokeResult(const std::string& function, Json event, const std::string& log)>;
using LogLine = std::function<void(const std::string&)>;

// What a request offers the authorizer: its headers and query, the ARN of the
// method it calls, and the event a REQUEST authorizer receives (built on demand:
// v1 = the REST/1.0 shape, else the HTTP API 2.0 shape).
struct AuthRequest {
  const HttpRequest* http = nullptr;
  std::string query;
  std::string arn;
  std::function<Json(bool v1)> event;
};

class AuthorizerRunner {
 public:
  AuthorizerRunner(RunFunction run, LogLine log, JwtVerifier verifier);
  AuthOutcome authorize(const AuthorizerSpec& spec, const AuthRequest& request);

 private:
  AuthOutcome lambda(const AuthorizerSpec& spec, const AuthRequest& request);
  AuthOutcome judge(const AuthorizerSpec& spec, const AuthRequest& request, const InvokeResult& r);
  AuthOutcome jwt(const AuthorizerSpec& spec, const AuthRequest& request);

  RunFunction run_;
  LogLine log_;
  JwtVerifier verifier_;
  struct Cached {
    long long expires_ms;
    InvokeResult result;
  };
  std::mutex mutex_;
  std::map<std::string, Cached> cache_;  // bounded: cleared past kMaxCached entries
};

// The gateway's answers to a refused request.
HttpResponse unauthorized();                   // 401 {"message": "Unauthorized"}
HttpResponse access_denied(bool explicit_deny); // 403, REST
HttpResponse http_api_forbidden();             // 403 {"message": "Forbidden"}, HTTP API

}  // namespace sls::local
