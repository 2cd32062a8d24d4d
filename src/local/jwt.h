// JSON Web Tokens for HTTP API `jwt` authorizers: the token decoded (header,
// claims, the signed part and the signature), the claims checked as API
// Gateway checks them (exp, nbf, iss, aud or client_id, the route's scopes)
// and, unless --ignoreJWTSignature, the signature (jwks.h).
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "util/json.h"

namespace sls::local {

struct Jwt {
  Json header;
  Json claims;
  std::string signing_input;  // "<header>.<payload>" as sent
  std::string signature;      // raw bytes
};

// nullopt unless three base64url parts of which the first two are JSON objects.
std::optional<Jwt> decode_jwt(const std::string& token);

// "" when the claims are acceptable, else why not (for the log).
std::string check_jwt_claims(const Json& claims, const std::string& issuer, const std::vector<std::string>& audience,
                             long long now_seconds);

// The token's scopes ("scope" space-separated, or "scp" an array).
std::vector<std::string> jwt_scopes(const Json& claims);

// The claims as API Gateway passes them in requestContext.authorizer.jwt.claims:
// every value a string (arrays as "[a b]").
Json jwt_event_claims(const Json& claims);

// Checks a token's signature for its issuer: "" when valid, else why not. An
// empty function accepts every signature (--ignoreJWTSignature).
using JwtVerifier = std::function<std::string(const Jwt& token, const std::string& issuer)>;

}  // namespace sls::local
