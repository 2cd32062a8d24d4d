#include "local/apigw_v1.h"

#include <ctime>

#include "util/digest.h"
#include "util/js_like.h"
#include "util/text.h"

namespace sls::local {

namespace {

// Header name -> values, keeping the first spelling and order of appearance.
Json header_values(const HeaderList& headers) {
  Json multi = Json::object();
  for (const auto& [name, value] : headers) {
    std::string key = name;
    for (auto it = multi.begin(); it != multi.end(); ++it)
      if (iequals(it.key(), name)) key = it.key();
    multi[key].push_back(value);
  }
  return multi;
}

void parse_query(const std::string& query, Json& single, Json& multi) {
  size_t start = 0;
  while (start < query.size()) {
    size_t end = std::min(query.find('&', start), query.size());
    std::string pair = query.substr(start, end - start);
    start = end + 1;
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string key = url_decode(pair.substr(0, eq), true);
    std::string value = eq == std::string::npos ? "" : url_decode(pair.substr(eq + 1), true);
    single[key] = value;
    multi[key].push_back(value);
  }
}

std::string scalar_text(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  return js::stringify(v);
}

}  // namespace

std::string url_decode(const std::string& s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else if (plus_is_space && s[i] == '+') {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string base64_decode(const std::string& s) {
  auto val = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
  };
  std::string out;
  int bits = 0, acc = 0;
  for (char c : s) {
    int v = val(c);
    if (v < 0) continue;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xff);
    }
  }
  return out;
}

std::string request_time(long long epoch_ms) {
  std::time_t t = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%02d/%s/%04d:%02d:%02d:%02d +0000", tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900,
                tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

bool is_binary_type(const std::string& content_type, const std::vector<std::string>& types) {
  std::string ct = ascii_lower(content_type.substr(0, content_type.find(';')));
  while (!ct.empty() && ct.back() == ' ') ct.pop_back();
  for (const auto& t : types) {
    std::string lt = ascii_lower(t);
    if (lt == "*/*" || lt == ct) return true;
    if (lt.size() > 2 && lt.ends_with("/*") && ct.rfind(lt.substr(0, lt.size() - 1), 0) == 0) return true;
  }
  return false;
}

Json proxy_event(const HttpRequest& req, const RouteMatch& match, const ProxyRequestInfo& info) {
  Json multi_headers = header_values(req.headers);
  Json headers = Json::object();
  for (auto it = multi_headers.begin(); it != multi_headers.end(); ++it) headers[it.key()] = it.value().back();
  Json query = Json::object(), multi_query = Json::object();
  parse_query(info.query, query, multi_query);

  Json e = Json::object();
  e["resource"] = match.route->resource;
  e["path"] = info.path;
  e["httpMethod"] = req.method;
  e["headers"] = headers.empty() ? Json(nullptr) : std::move(headers);
  e["multiValueHeaders"] = multi_headers.empty() ? Json(nullptr) : std::move(multi_headers);
  e["queryStringParameters"] = query.empty() ? Json(nullptr) : std::move(query);
  e["multiValueQueryStringParameters"] = multi_query.empty() ? Json(nullptr) : std::move(multi_query);
  e["pathParameters"] = match.path_parameters;
  e["stageVariables"] = nullptr;

  Json identity = Json::object();
  for (const char* k : {"cognitoIdentityPoolId", "accountId", "cognitoIdentityId", "caller"}) identity[k] = nullptr;
  identity["sourceIp"] = req.remote_ip;
  for (const char* k : {"principalOrgId", "accessKey", "cognitoAuthenticationType", "cognitoAuthenticationProvider",
                        "userArn"})
    identity[k] = nullptr;
  std::string agent = req.header("user-agent");
  identity["userAgent"] = agent.empty() ? Json(nullptr) : Json(agent);
  identity["user"] = nullptr;

  Json rc = Json::object();
  rc["resourceId"] = "offlineContext_resourceId";
  rc["resourcePath"] = match.route->resource;
  rc["httpMethod"] = req.method;
  rc["extendedRequestId"] = info.request_id;
  rc["requestTime"] = request_time(info.epoch_ms);
  rc["path"] = info.full_path;
  rc["accountId"] = "123456789012";
  rc["protocol"] = "HTTP/1.1";
  rc["stage"] = info.stage;
  std::string host = req.local_host.substr(0, req.local_host.find(':'));
  rc["domainPrefix"] = host.substr(0, host.find('.'));
  rc["requestTimeEpoch"] = info.epoch_ms;
  rc["requestId"] = info.request_id;
  rc["identity"] = std::move(identity);
  rc["domainName"] = req.local_host;
  rc["apiId"] = "offlineContext_apiId";
  e["requestContext"] = std::move(rc);

  if (req.body.empty()) {
    e["body"] = nullptr;
    e["isBase64Encoded"] = false;
  } else if (info.binary_body) {
    e["body"] = digest::base64(req.body);
    e["isBase64Encoded"] = true;
  } else {
    e["body"] = req.body;
    e["isBase64Encoded"] = false;
  }
  return e;
}

HttpResponse gateway_error(int status, const std::string& message) {
  HttpResponse r;
  r.status = status;
  r.headers = {{"Content-Type", "application/json"}};
  // API Gateway writes {"message": "..."} with a space after the colon.
  r.body = "{\"message\": " + Json(message).dump() + "}";
  if (status == 502 || status == 500) r.headers.emplace_back("x-amzn-ErrorType", "InternalServerErrorException");
  return r;
}

HttpResponse proxy_response(const Json& result, bool has_result) {
  auto malformed = [] { return gateway_error(502, "Internal server error"); };
  if (!has_result || !result.is_object()) return malformed();
  HttpResponse r;
  const Json* status = js::get(result, "statusCode");
  if (!status) return malformed();
  if (status->is_number_integer() || status->is_number_unsigned()) {
    r.status = status->get<int>();
  } else if (status->is_string()) {
    try {
      size_t used = 0;
      r.status = std::stoi(status->get<std::string>(), &used);
      if (used != status->get<std::string>().size()) return malformed();
    } catch (...) {
      return malformed();
    }
  } else {
    return malformed();
  }
  if (r.status < 100 || r.status > 599) return malformed();
  bool has_content_type = false;
  auto add = [&](const std::string& k, const Json& v) {
    if (v.is_null()) return true;
    if (v.is_object() || v.is_array()) return false;
    if (iequals(k, "content-type")) has_content_type = true;
    r.headers.emplace_back(k, scalar_text(v));
    return true;
  };
  const Json* headers = js::get(result, "headers");
  if (headers && !headers->is_null()) {
    if (!headers->is_object()) return malformed();
    for (auto it = headers->begin(); it != headers->end(); ++it)
      if (!add(it.key(), it.value())) return malformed();
  }
  const Json* multi = js::get(result, "multiValueHeaders");
  if (multi && !multi->is_null()) {
    if (!multi->is_object()) return malformed();
    for (auto it = multi->begin(); it != multi->end(); ++it) {
      if (!it.value().is_array()) return malformed();
      // A name in both: multiValueHeaders' values replace the single one.
      std::erase_if(r.headers, [&](const auto& h) { return iequals(h.first, it.key()); });
      for (const Json& v : it.value())
        if (!add(it.key(), v)) return malformed();
    }
  }
  const Json* body = js::get(result, "body");
  if (body && !body->is_null()) {
    if (!body->is_string()) return malformed();
    r.body = body->get<std::string>();
  }
  const Json* b64 = js::get(result, "isBase64Encoded");
  if (b64 && js::truthy(*b64)) r.body = base64_decode(r.body);
  if (!has_content_type) r.headers.emplace_back("Content-Type", "application/json");
  return r;
}

Json multi_value_headers(const HeaderList& headers) { return header_values(headers); }

void query_parameters(const std::string& query, Json& single, Json& multi) { parse_query(query, single, multi); }

}  // namespace sls::local
