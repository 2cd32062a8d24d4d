#include "local/http_api.h"

#include "local/authorizers.h"
#include "util/digest.h"
#include "util/error.h"
#include "util/js_like.h"
#include "util/text.h"

namespace sls::local {

namespace {

std::string text_of(const Json* v) {
  if (!v || v->is_null()) return "";
  return v->is_string() ? v->get<std::string>() : js::stringify(*v);
}

std::string payload_of(const Json* holder) {
  if (!holder || !holder->is_object()) return "";
  return text_of(js::get(*holder, "payload"));
}

void index_routes(HttpApi& api) {
  for (size_t i = 0; i < api.routes.size(); ++i) {
    if (api.routes[i].route_key == "$default") {
      api.fallback = i;
      continue;
    }
    api.matcher.routes.push_back(api.routes[i].route);
    api.matcher_routes.push_back(i);
  }
}

}  // namespace

HttpApi http_api(const Service& service) {
  HttpApi api;
  const Json* fns = js::get(service.config, "functions");
  const Json* provider = js::get(service.config, "provider");
  std::string provider_payload = provider ? payload_of(js::get(*provider, "httpApi")) : "";
  if (!fns || !fns->is_object()) return api;
  for (auto f = fns->begin(); f != fns->end(); ++f) {
    const Json* events = js::get(f.value(), "events");
    if (!events || !events->is_array()) continue;
    std::string payload = payload_of(js::get(f.value(), "httpApi"));
    if (payload.empty()) payload = provider_payload.empty() ? "2.0" : provider_payload;
    for (const Json& ev : *events) {
      const Json* body = ev.is_object() ? js::get(ev, "httpApi") : nullptr;
      if (!body || !js::truthy(*body)) continue;
      std::string method, path;
      std::shared_ptr<const AuthorizerSpec> authorizer;
      if (body->is_object()) {
        method = text_of(js::get(*body, "method"));
        path = text_of(js::get(*body, "path"));
        if (const Json* a = js::get(*body, "authorizer"); a && js::truthy(*a))
          authorizer = std::make_shared<const AuthorizerSpec>(http_api_authorizer(service, *a));
      } else {
        std::string mp = text_of(body);
        if (mp == "*") {
          path = "*";
        } else {
          auto sp = mp.find(' ');
          method = mp.substr(0, sp);
          path = sp == std::string::npos ? "" : mp.substr(mp.find_first_not_of(' ', sp));
        }
      }
      HttpApiRoute r;
      r.payload = payload;
      r.authorizer = std::move(authorizer);
      r.route.function = f.key();
      if (path == "*") {
        if (!method.empty() && method != "*")
          throw UserError("Invalid \"path\" property in function " + f.key() + " for httpApi event in serverless.yml",
                          "INVALID_HTTP_API_PATH");
        r.route.method = "ANY";
        r.route_key = "$default";
      } else {
        if (method.empty())
          throw UserError("Missing \"method\" property in function " + f.key() + " for httpApi event in serverless.yml",
                          "MISSING_HTTP_API_METHOD");
        method = ascii_upper(method);
        r.route.method = method == "*" ? "ANY" : method;
        r.route.resource = path;
        r.route.segments = split_path(path);
        r.route_key = (method == "*" ? "ANY" : method) + " " + path;
      }
      api.routes.push_back(std::move(r));
    }
  }
  index_routes(api);
  return api;
}

std::optional<HttpApiMatch> match_http_api(const HttpApi& api, const std::string& method,
                                           const std::vector<std::string>& segments) {
  if (auto m = match_route(api.matcher, method, segments)) {
    size_t i = static_cast<size_t>(m->route - api.matcher.routes.data());
    return HttpApiMatch{&api.routes[api.matcher_routes[i]], m->path_parameters};
  }
  if (api.fallback) return HttpApiMatch{&api.routes[*api.fallback], nullptr};
  return std::nullopt;
}

Json http_api_event(const HttpRequest& req, const HttpApiMatch& match, const ProxyRequestInfo& info) {
  Json headers = Json::object();
  std::vector<std::string> cookies;
  std::string agent;
  for (const auto& [name, value] : req.headers) {
    std::string key = ascii_lower(name);
    if (key == "cookie") {
      size_t start = 0;
      while (start < value.size()) {
        size_t end = std::min(value.find(';', start), value.size());
        std::string c = value.substr(start, end - start);
        c.erase(0, c.find_first_not_of(' '));
        if (!c.empty()) cookies.push_back(c);
        start = end + 1;
      }
      continue;
    }
    if (key == "user-agent") agent = value;
    headers[key] = headers.contains(key) ? headers[key].get<std::string>() + "," + value : value;
  }
  Json query = Json::object();
  size_t start = 0;
  while (start < info.query.size()) {
    size_t end = std::min(info.query.find('&', start), info.query.size());
    std::string pair = info.query.substr(start, end - start);
    start = end + 1;
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string k = url_decode(pair.substr(0, eq), true);
    std::string v = eq == std::string::npos ? "" : url_decode(pair.substr(eq + 1), true);
    query[k] = query.contains(k) ? query[k].get<std::string>() + "," + v : v;
  }
  Json e = Json::object();
  e["version"] = "2.0";
  e["routeKey"] = match.route->route_key;
  e["rawPath"] = info.path;
  e["rawQueryString"] = info.query;
  if (!cookies.empty()) e["cookies"] = std::move(cookies);
  e["headers"] = std::move(headers);
  if (!query.empty()) e["queryStringParameters"] = std::move(query);
  Json http = Json::object();
  http["method"] = req.method;
  http["path"] = info.path;
  http["protocol"] = "HTTP/1.1";
  http["sourceIp"] = req.remote_ip;
  http["userAgent"] = agent;
  Json rc = Json::object();
  rc["accountId"] = "123456789012";
  rc["apiId"] = "offlineContext_apiId";
  rc["domainName"] = req.local_host;
  std::string host = req.local_host.substr(0, req.local_host.find(':'));
  rc["domainPrefix"] = host.substr(0, host.find('.'));
  rc["http"] = std::move(http);
  rc["requestId"] = info.request_id;
  rc["routeKey"] = match.route->route_key;
  rc["stage"] = "$default";
  rc["time"] = request_time(info.epoch_ms);
  rc["timeEpoch"] = info.epoch_ms;
  e["requestContext"] = std::move(rc);
  if (!req.body.empty()) e["body"] = info.binary_body ? digest::base64(req.body) : req.body;
  if (!match.path_parameters.is_null()) e["pathParameters"] = match.path_parameters;
  e["isBase64Encoded"] = !req.body.empty() && info.binary_body;
  return e;
}

Json http_api_v1_event(const HttpRequest& req, const HttpApiMatch& match, const ProxyRequestInfo& info) {
  RestRoute shown = match.route->route;
  if (shown.resource.empty()) shown.resource = "$default";
  RouteMatch m{&shown, match.path_parameters};
  Json event = Json::object();
  event["version"] = "1.0";
  Json e = proxy_event(req, m, info);
  for (auto it = e.begin(); it != e.end(); ++it) event[it.key()] = std::move(it.value());
  event["routeKey"] = match.route->route_key;
  return event;
}

HttpResponse http_api_response(const Json& result, bool has_result) {
  HttpResponse r;
  auto inferred = [&](std::string body) {
    r.status = 200;
    r.headers = {{"Content-Type", "application/json"}};
    r.body = std::move(body);
    return r;
  };
  if (!has_result) return inferred("");
  if (!result.is_object() || !result.contains("statusCode")) {
    if (result.is_string()) return inferred(result.get<std::string>());
    return inferred(result.dump());
  }
  const Json& status = result["statusCode"];
  if (status.is_number_integer() || status.is_number_unsigned()) {
    r.status = status.get<int>();
  } else if (status.is_string()) {
    try {
      r.status = std::stoi(status.get<std::string>());
    } catch (...) {
      return gateway_error(500, "Internal Server Error");
    }
  } else {
    return gateway_error(500, "Internal Server Error");
  }
  if (r.status < 100 || r.status > 599) return gateway_error(500, "Internal Server Error");
  if (const Json* h = js::get(result, "headers"); h && h->is_object())
    for (auto it = h->begin(); it != h->end(); ++it)
      if (!it.value().is_null()) r.headers.emplace_back(it.key(), text_of(&it.value()));
  if (const Json* c = js::get(result, "cookies"); c && c->is_array())
    for (const Json& cookie : *c) r.headers.emplace_back("Set-Cookie", text_of(&cookie));
  if (const Json* b = js::get(result, "body"); b && !b->is_null())
    r.body = b->is_string() ? b->get<std::string>() : b->dump();
  if (const Json* b64 = js::get(result, "isBase64Encoded"); b64 && js::truthy(*b64)) r.body = base64_decode(r.body);
  return r;
}

}  // namespace sls::local
