// JWT signature checking for `sls offline` (unless --ignoreJWTSignature): the
// issuer's keys read from <issuerUrl>/.well-known/openid-configuration ->
// jwks_uri (kept for 10 minutes), the token's RS256 or RS512 signature
// checked with the key its `kid` names. serverless-offline does not check
// signatures at all (without --ignoreJWTSignature it skips the authorizer);
// other algorithms are refused with a hint to use --ignoreJWTSignature.
#pragma once
#include <functional>
#include <memory>
#include <string>

#include "local/jwt.h"
#include "util/json.h"

namespace sls::local {

// "" when `token`'s signature is valid for one of `jwks`'s keys ({keys: [...]}).
std::string verify_jwt_signature(const Jwt& token, const Json& jwks);

class JwksVerifier {
 public:
  using Log = std::function<void(const std::string&)>;
  // `fetch` GETs a URL and returns its body (throws on failure); the default uses libcurl.
  using Fetch = std::function<std::string(const std::string& url)>;
  explicit JwksVerifier(Log log, Fetch fetch = {});
  std::string operator()(const Jwt& token, const std::string& issuer) const;

  struct State;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace sls::local
