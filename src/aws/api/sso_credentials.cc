#include "aws/api/sso_credentials.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "aws/api/endpoints.h"
#include "aws/api/hash.h"
#include "aws/api/sts.h"
#include "util/error.h"
#include "util/json.h"

namespace sls::aws::api {

bool is_sso_profile(const IniSection& profile) {
  return profile_value(profile, "sso_session") || profile_value(profile, "sso_start_url");
}

Credentials sso_credentials(const std::string& profile_name, const IniSection& profile, const SharedConfig& config,
                            const EnvLookup& env, HttpClient& http) {
  auto fail = [&](const std::string& why) {
    return UserError(fmt::format("AWS profile \"{}\": {}", profile_name, why), "AWS_SSO_CREDENTIALS_FAILED");
  };
  std::string start_url, sso_region, cache_key;
  if (auto session = profile_value(profile, "sso_session")) {
    auto it = config.sso_sessions.find(*session);
    if (it == config.sso_sessions.end()) throw fail(fmt::format("sso-session \"{}\" is not configured", *session));
    start_url = profile_value(it->second, "sso_start_url").value_or("");
    sso_region = profile_value(it->second, "sso_region").value_or("");
    cache_key = *session;
  } else {
    start_url = profile_value(profile, "sso_start_url").value_or("");
    sso_region = profile_value(profile, "sso_region").value_or("");
    cache_key = start_url;
  }
  auto account = profile_value(profile, "sso_account_id");
  auto role = profile_value(profile, "sso_role_name");
  if (sso_region.empty() || !account || !role) {
    throw fail("SSO profiles need sso_region, sso_account_id and sso_role_name");
  }
  const std::string login_hint = fmt::format("run \"aws sso login --profile {}\"", profile_name);
  std::ifstream in(home_dir(env) + "/.aws/sso/cache/" + sha1_hex(cache_key) + ".json");
  if (!in) throw fail("no cached SSO token; " + login_hint);
  std::stringstream ss;
  ss << in.rdbuf();
  Json token = Json::parse(ss.str(), nullptr, false);
  if (!token.is_object() || !token.value("accessToken", Json()).is_string()) {
    throw fail("the cached SSO token is unreadable; " + login_hint);
  }
  if (token.value("expiresAt", Json()).is_string()) {
    auto expires = parse_iso8601(token["expiresAt"]);
    if (expires && *expires <= std::chrono::system_clock::now()) throw fail("the SSO session has expired; " + login_hint);
  }
  std::optional<std::string> custom = env("AWS_ENDPOINT_URL_SSO");
  std::string origin = custom ? parse_url(*custom, "AWS_ENDPOINT_URL_SSO").origin()
                              : fmt::format("https://portal.sso.{}.amazonaws.com", sso_region);
  HttpRequest req{"GET",
                  fmt::format("{}/federation/credentials?account_id={}&role_name={}", origin, uri_encode(*account),
                              uri_encode(*role)),
                  {{"x-amz-sso_bearer_token", token["accessToken"].get<std::string>()}},
                  ""};
  HttpResponse r;
  try {
    r = http.send(req);
  } catch (const TransportError& e) {
    throw fail(fmt::format("could not reach the SSO portal: {}", e.what()));
  }
  Json body = Json::parse(r.body, nullptr, false);
  if (r.status != 200 || !body.is_object() || !body.contains("roleCredentials")) {
    throw fail(fmt::format("the SSO portal refused the cached token (HTTP {}); {}", r.status, login_hint));
  }
  const Json& rc = body["roleCredentials"];
  Credentials c;
  c.access_key_id = rc.value("accessKeyId", "");
  c.secret_access_key = rc.value("secretAccessKey", "");
  c.session_token = rc.value("sessionToken", "");
  if (rc.contains("expiration") && rc["expiration"].is_number()) {
    c.expiration = std::chrono::system_clock::time_point(std::chrono::milliseconds(rc["expiration"].get<long long>()));
  }
  c.source = fmt::format("SSO profile {}", profile_name);
  return c;
}

}  // namespace sls::aws::api
