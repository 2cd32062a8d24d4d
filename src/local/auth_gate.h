// What stands before a route's integration in `sls offline`: its authorizer
// (authorizers.h) and, for `private: true` REST endpoints, the API key
// (api_keys.h); both skipped with --noAuth. On success the authorizer's answer
// is put into the event's requestContext.authorizer.
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "config/service.h"
#include "local/api_keys.h"
#include "local/apigw_v1.h"
#include "local/authorizers.h"
#include "local/http_api.h"
#include "local/rest_routes.h"

namespace sls::local {

struct AuthGateOptions {
  bool no_auth = false;               // --noAuth
  std::string api_key;                // --apiKey
  bool ignore_jwt_signature = false;  // --ignoreJWTSignature
};

class AuthGate {
 public:
  // Logs, once, what serverless-offline logs at start (the API key to use,
  // authorizers that are not run locally).
  AuthGate(const Service& service, const RestApi& rest, const HttpApi& http_api, AuthGateOptions options,
           RunFunction run, const LogLine& log);

  // Whether a route with this authorizer has a function (or a JWKS fetch) to run before it: blocking work.
  bool runs_authorizer(const AuthorizerSpec* spec) const {
    return !options_.no_auth && spec && spec->kind != AuthorizerSpec::Kind::unsupported;
  }
  // nullopt: go on with `event` (its requestContext.authorizer set); else the answer.
  std::optional<HttpResponse> rest(const RestRoute& route, const HttpRequest& req, const ProxyRequestInfo& info,
                                   Json& event);
  std::optional<HttpResponse> http_api(const HttpApiMatch& match, const HttpRequest& req,
                                       const ProxyRequestInfo& info, Json& event);

 private:
  std::string region_;
  std::string stage_;
  AuthGateOptions options_;
  LogLine log_;
  std::unique_ptr<ApiKeys> keys_;  // only with a private endpoint
  AuthorizerRunner runner_;
};

}  // namespace sls::local
