#include "aws/api/metadata_credentials.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "aws/api/http.h"
#include "aws/api/sts.h"
#include "util/error.h"
#include "util/json.h"

namespace sls::aws::api {
namespace {

HttpOptions short_timeouts() {
  HttpOptions o;
  o.connect_timeout = std::chrono::milliseconds(1000);
  o.request_timeout = std::chrono::milliseconds(3000);
  return o;
}

std::string trim_slash(std::string s) {
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

}  // namespace

std::optional<Credentials> parse_metadata_credentials(const std::string& body, const std::string& source) {
  Json j = Json::parse(body, nullptr, false);
  if (!j.is_object() || !j.value("AccessKeyId", Json()).is_string() ||
      !j.value("SecretAccessKey", Json()).is_string()) {
    return std::nullopt;
  }
  Credentials c;
  c.access_key_id = j["AccessKeyId"];
  c.secret_access_key = j["SecretAccessKey"];
  if (j.value("Token", Json()).is_string()) c.session_token = j["Token"];
  if (j.value("Expiration", Json()).is_string()) c.expiration = parse_iso8601(j["Expiration"]);
  c.source = source;
  return c;
}

std::optional<Credentials> container_credentials(const EnvLookup& env) {
  std::string url;
  if (auto rel = env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
    url = "http://169.254.170.2" + *rel;
  } else if (auto full = env("AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
    url = *full;
  } else {
    return std::nullopt;
  }
  HttpRequest req{"GET", url, {}, ""};
  std::optional<std::string> token = env("AWS_CONTAINER_AUTHORIZATION_TOKEN");
  if (auto file = env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")) {
    std::ifstream in(*file);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string t = ss.str();
    while (!t.empty() && (t.back() == '\n' || t.back() == '\r')) t.pop_back();
    token = t;
  }
  if (token) req.headers.emplace_back("Authorization", *token);
  HttpClient http(short_timeouts());
  try {
    HttpResponse r = http.send(req);
    if (r.status != 200) {
      throw UserError(fmt::format("The container credentials endpoint answered HTTP {}", r.status));
    }
    return parse_metadata_credentials(r.body, "container credentials endpoint");
  } catch (const TransportError& e) {
    throw UserError(fmt::format("Could not reach the container credentials endpoint: {}", e.what()));
  }
}

std::optional<Credentials> instance_credentials(const EnvLookup& env) {
  if (env("AWS_EC2_METADATA_DISABLED").value_or("") == "true") return std::nullopt;
  std::string base = trim_slash(env("AWS_EC2_METADATA_SERVICE_ENDPOINT").value_or("http://169.254.169.254"));
  HttpClient http(short_timeouts());
  try {
    HttpResponse token = http.send({"PUT", base + "/latest/api/token",
                                    {{"X-aws-ec2-metadata-token-ttl-seconds", "21600"}}, ""});
    if (token.status != 200) return std::nullopt;
    Headers auth = {{"X-aws-ec2-metadata-token", token.body}};
    const std::string roles_url = base + "/latest/meta-data/iam/security-credentials/";
    HttpResponse roles = http.send({"GET", roles_url, auth, ""});
    if (roles.status != 200 || roles.body.empty()) return std::nullopt;
    std::string role = roles.body.substr(0, roles.body.find('\n'));
    HttpResponse creds = http.send({"GET", roles_url + role, auth, ""});
    if (creds.status != 200) return std::nullopt;
    return parse_metadata_credentials(creds.body, "EC2 instance metadata");
  } catch (const TransportError&) {
    return std::nullopt;  // not on EC2
  }
}

}  // namespace sls::aws::api
