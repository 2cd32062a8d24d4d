#include "local/jwt.h"

#include "local/apigw_v1.h"
#include "util/js_like.h"

namespace sls::local {

namespace {

std::optional<Json> json_part(const std::string& part) {
  Json v = Json::parse(base64_decode(part), nullptr, false);
  if (v.is_discarded() || !v.is_object()) return std::nullopt;
  return v;
}

bool audience_ok(const Json& claims, const std::vector<std::string>& audience) {
  std::vector<std::string> given;
  if (const Json* aud = js::get(claims, "aud")) {
    if (aud->is_string()) given.push_back(aud->get<std::string>());
    if (aud->is_array())
      for (const Json& a : *aud)
        if (a.is_string()) given.push_back(a.get<std::string>());
  }
  if (const Json* cid = js::get(claims, "client_id"); cid && cid->is_string()) given.push_back(cid->get<std::string>());
  for (const auto& g : given)
    for (const auto& a : audience)
      if (g == a) return true;
  return false;
}

}  // namespace

std::optional<Jwt> decode_jwt(const std::string& token) {
  size_t a = token.find('.');
  size_t b = a == std::string::npos ? a : token.find('.', a + 1);
  if (b == std::string::npos || token.find('.', b + 1) != std::string::npos) return std::nullopt;
  auto header = json_part(token.substr(0, a));
  auto claims = json_part(token.substr(a + 1, b - a - 1));
  if (!header || !claims) return std::nullopt;
  return Jwt{*header, *claims, token.substr(0, b), base64_decode(token.substr(b + 1))};
}

std::string check_jwt_claims(const Json& claims, const std::string& issuer, const std::vector<std::string>& audience,
                             long long now_seconds) {
  const Json* exp = js::get(claims, "exp");
  if (!exp || !exp->is_number()) return "the token has no exp claim";
  if (exp->get<double>() < static_cast<double>(now_seconds)) return "the token has expired";
  if (const Json* nbf = js::get(claims, "nbf"); nbf && nbf->is_number() && nbf->get<double>() > now_seconds)
    return "the token is not valid yet (nbf)";
  const Json* iss = js::get(claims, "iss");
  if (!iss || !iss->is_string() || iss->get<std::string>() != issuer)
    return "the token's issuer is not " + issuer;
  if (!audience_ok(claims, audience)) return "the token's audience (aud or client_id) is not one configured";
  return "";
}

std::vector<std::string> jwt_scopes(const Json& claims) {
  std::vector<std::string> out;
  if (const Json* scp = js::get(claims, "scp"); scp && scp->is_array()) {
    for (const Json& s : *scp)
      if (s.is_string()) out.push_back(s.get<std::string>());
    return out;
  }
  const Json* scope = js::get(claims, "scope");
  if (!scope || !scope->is_string()) return out;
  const std::string& text = scope->get_ref<const std::string&>();
  for (size_t start = 0; start < text.size();) {
    size_t end = std::min(text.find(' ', start), text.size());
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

Json jwt_event_claims(const Json& claims) {
  Json out = Json::object();
  for (auto it = claims.begin(); it != claims.end(); ++it) {
    const Json& v = it.value();
    if (v.is_string()) {
      out[it.key()] = v;
    } else if (v.is_array()) {
      std::string joined;
      for (const Json& e : v) joined += (joined.empty() ? "" : " ") + (e.is_string() ? e.get<std::string>() : e.dump());
      out[it.key()] = "[" + joined + "]";
    } else {
      out[it.key()] = v.is_object() ? v.dump() : js::stringify(v);
    }
  }
  return out;
}

}  // namespace sls::local
