#include "local/jwt.h"

#include <gtest/gtest.h>

#include "local/jwks.h"
#include "util/digest.h"

namespace sls::local {
namespace {

std::string b64url(const std::string& s) {
  std::string b = digest::base64(s);
  while (!b.empty() && b.back() == '=') b.pop_back();
  for (char& c : b) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return b;
}

std::string token(const Json& header, const Json& claims, const std::string& sig = "sig") {
  return b64url(header.dump()) + "." + b64url(claims.dump()) + "." + b64url(sig);
}

TEST(Jwt, DecodesThreeParts) {
  auto t = decode_jwt(token({{"alg", "RS256"}, {"kid", "k"}}, {{"sub", "u"}}));
  ASSERT_TRUE(t);
  EXPECT_EQ(t->header["kid"], "k");
  EXPECT_EQ(t->claims["sub"], "u");
  EXPECT_EQ(t->signature, "sig");
  EXPECT_EQ(t->signing_input, t->signing_input.substr(0, t->signing_input.rfind('.')) + t->signing_input.substr(t->signing_input.rfind('.')));
  EXPECT_FALSE(decode_jwt("a.b"));
  EXPECT_FALSE(decode_jwt("not-json.x.y"));
  EXPECT_FALSE(decode_jwt(""));
}

TEST(Jwt, ClaimsCheckedAsApiGatewayChecksThem) {
  Json c = {{"iss", "https://i"}, {"aud", "a1"}, {"exp", 2000}};
  EXPECT_EQ(check_jwt_claims(c, "https://i", {"a1"}, 1000), "");
  EXPECT_NE(check_jwt_claims(c, "https://i", {"a1"}, 3000), "");  // expired
  EXPECT_NE(check_jwt_claims(c, "https://other", {"a1"}, 1000), "");
  EXPECT_NE(check_jwt_claims(c, "https://i", {"a2"}, 1000), "");
  Json list = {{"iss", "https://i"}, {"aud", {"x", "a2"}}, {"exp", 2000}};
  EXPECT_EQ(check_jwt_claims(list, "https://i", {"a2"}, 1000), "");
  Json client = {{"iss", "https://i"}, {"client_id", "a1"}, {"exp", 2000}};
  EXPECT_EQ(check_jwt_claims(client, "https://i", {"a1"}, 1000), "");
  Json noexp = {{"iss", "https://i"}, {"aud", "a1"}};
  EXPECT_NE(check_jwt_claims(noexp, "https://i", {"a1"}, 1000), "");
  Json early = {{"iss", "https://i"}, {"aud", "a1"}, {"exp", 2000}, {"nbf", 1500}};
  EXPECT_NE(check_jwt_claims(early, "https://i", {"a1"}, 1000), "");
}

TEST(Jwt, ScopesAndEventClaims) {
  EXPECT_EQ(jwt_scopes({{"scope", "read  write"}}), (std::vector<std::string>{"read", "write"}));
  EXPECT_EQ(jwt_scopes({{"scp", {"a"}}, {"scope", "b"}}), (std::vector<std::string>{"a"}));
  EXPECT_TRUE(jwt_scopes(Json::object()).empty());
  Json claims = jwt_event_claims({{"sub", "u"}, {"exp", 12}, {"ok", true}, {"groups", {"a", "b"}}});
  EXPECT_EQ(claims, (Json{{"sub", "u"}, {"exp", "12"}, {"ok", "true"}, {"groups", "[a b]"}}));
}

TEST(Jwks, RefusesWhatItCannotCheck) {
  auto t = decode_jwt(token({{"alg", "HS256"}}, {{"sub", "u"}}));
  ASSERT_TRUE(t);
  EXPECT_NE(verify_jwt_signature(*t, Json{{"keys", Json::array()}}).find("--ignoreJWTSignature"), std::string::npos);
  auto r = decode_jwt(token({{"alg", "RS256"}, {"kid", "k1"}}, {{"sub", "u"}}));
  EXPECT_NE(verify_jwt_signature(*r, Json::object()), "");
  // A key whose kid differs is not tried; a wrong signature does not verify.
  Json jwks = {{"keys", {{{"kty", "RSA"}, {"kid", "k1"}, {"n", "AQAB"}, {"e", "AQAB"}}}}};
  EXPECT_NE(verify_jwt_signature(*r, jwks), "");
}

TEST(Jwks, FetchesTheIssuersKeysOnceAndReportsFailures) {
  int fetches = 0;
  JwksVerifier v([](const std::string&) {}, [&](const std::string& url) -> std::string {
    ++fetches;
    if (url == "https://i/.well-known/openid-configuration") return R"({"jwks_uri": "https://i/keys"})";
    if (url == "https://i/keys") return R"({"keys": []})";
    throw std::runtime_error("no route to " + url);
  });
  auto t = decode_jwt(token({{"alg", "RS256"}}, {{"sub", "u"}}));
  EXPECT_NE(v(*t, "https://i/"), "");
  EXPECT_NE(v(*t, "https://i/"), "");
  EXPECT_EQ(fetches, 2);  // kept for the second call
  EXPECT_NE(v(*t, "https://down").find("cannot read the issuer's keys"), std::string::npos);
  int before = fetches;
  EXPECT_NE(v(*t, "https://down").find("--ignoreJWTSignature"), std::string::npos);
  EXPECT_EQ(fetches, before);  // the failure is kept for a while too
}

}  // namespace
}  // namespace sls::local
