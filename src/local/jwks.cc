#include "local/jwks.h"

#include <nettle/bignum.h>
#include <nettle/rsa.h>
#include <nettle/sha2.h>

#include <chrono>
#include <map>
#include <mutex>

#include "aws/api/http.h"
#include "local/apigw_v1.h"
#include "util/js_like.h"

namespace sls::local {

namespace {

std::string text(const Json& obj, const char* name) {
  const Json* v = js::get(obj, name);
  return v && v->is_string() ? v->get<std::string>() : "";
}

struct Mpz {
  mpz_t v;
  explicit Mpz(const std::string& bytes) {
    mpz_init(v);
    nettle_mpz_set_str_256_u(v, bytes.size(), reinterpret_cast<const uint8_t*>(bytes.data()));
  }
  ~Mpz() { mpz_clear(v); }
};

bool rsa_verify(const Json& jwk, const std::string& alg, const std::string& input, const std::string& signature) {
  rsa_public_key pub;
  rsa_public_key_init(&pub);
  Mpz n(base64_decode(text(jwk, "n"))), e(base64_decode(text(jwk, "e"))), s(signature);
  mpz_set(pub.n, n.v);
  mpz_set(pub.e, e.v);
  bool ok = false;
  if (rsa_public_key_prepare(&pub)) {
    const auto* in = reinterpret_cast<const uint8_t*>(input.data());
    if (alg == "RS256") {
      uint8_t d[SHA256_DIGEST_SIZE];
      sha256_ctx c;
      sha256_init(&c);
      sha256_update(&c, input.size(), in);
      sha256_digest(&c, sizeof d, d);
      ok = rsa_sha256_verify_digest(&pub, d, s.v);
    } else if (alg == "RS512") {
      uint8_t d[SHA512_DIGEST_SIZE];
      sha512_ctx c;
      sha512_init(&c);
      sha512_update(&c, input.size(), in);
      sha512_digest(&c, sizeof d, d);
      ok = rsa_sha512_verify_digest(&pub, d, s.v);
    }
  }
  rsa_public_key_clear(&pub);
  return ok;
}

std::string default_fetch(const std::string& url) {
  aws::api::HttpOptions o;
  o.connect_timeout = std::chrono::milliseconds(3000);
  o.request_timeout = std::chrono::milliseconds(5000);
  aws::api::HttpClient client(o);
  aws::api::HttpRequest req;
  req.url = url;
  aws::api::HttpResponse r = client.send(req);
  if (r.status != 200) throw std::runtime_error("GET " + url + " answered " + std::to_string(r.status));
  return r.body;
}

}  // namespace

std::string verify_jwt_signature(const Jwt& token, const Json& jwks) {
  std::string alg = text(token.header, "alg");
  if (alg != "RS256" && alg != "RS512")
    return "the token's algorithm " + (alg.empty() ? std::string("(none)") : alg) +
           " is not checked locally (use --ignoreJWTSignature)";
  const Json* keys = js::get(jwks, "keys");
  if (!keys || !keys->is_array()) return "the issuer's JWKS has no keys";
  std::string kid = text(token.header, "kid");
  for (const Json& k : *keys) {
    if (!k.is_object() || text(k, "kty") != "RSA") continue;
    if (!kid.empty() && text(k, "kid") != kid) continue;
    if (rsa_verify(k, alg, token.signing_input, token.signature)) return "";
  }
  return kid.empty() ? "the token's signature matches none of the issuer's keys"
                     : "the token's signature does not match the issuer's key " + kid;
}

struct JwksVerifier::State {
  Log log;
  Fetch fetch;
  std::mutex mutex;
  struct Entry {
    std::chrono::steady_clock::time_point fetched;
    Json jwks;
    std::string error;  // why the keys could not be read
  };
  std::map<std::string, Entry> by_issuer;
};

JwksVerifier::JwksVerifier(Log log, Fetch fetch) : state_(std::make_shared<State>()) {
  state_->log = std::move(log);
  state_->fetch = fetch ? std::move(fetch) : Fetch(default_fetch);
}

std::string JwksVerifier::operator()(const Jwt& token, const std::string& issuer) const {
  using namespace std::chrono_literals;
  State::Entry entry;
  bool cached = false;
  {
    // Keys are kept 10 minutes; a failure to read them 30 seconds (no 3 s wait on every request).
    std::lock_guard lock(state_->mutex);
    auto it = state_->by_issuer.find(issuer);
    if (it != state_->by_issuer.end() &&
        std::chrono::steady_clock::now() - it->second.fetched < (it->second.error.empty() ? 600s : 30s)) {
      entry = it->second;
      cached = true;
    }
  }
  if (!cached) {
    entry.fetched = std::chrono::steady_clock::now();
    try {
      std::string base = issuer;
      while (!base.empty() && base.back() == '/') base.pop_back();
      Json config = Json::parse(state_->fetch(base + "/.well-known/openid-configuration"));
      std::string uri = text(config, "jwks_uri");
      if (uri.empty()) throw std::runtime_error("its openid-configuration has no jwks_uri");
      entry.jwks = Json::parse(state_->fetch(uri));
    } catch (const std::exception& e) {
      entry.error = std::string("cannot read the issuer's keys (") + e.what() +
                    "); use --ignoreJWTSignature to skip the check";
    }
    std::lock_guard lock(state_->mutex);
    state_->by_issuer[issuer] = entry;
  }
  return entry.error.empty() ? verify_jwt_signature(token, entry.jwks) : entry.error;
}

}  // namespace sls::local
