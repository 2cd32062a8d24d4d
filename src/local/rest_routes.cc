#include "local/rest_routes.h"

#include <algorithm>

#include "aws/compile/events/http_model.h"
#include "aws/compile/events/registry.h"
#include "local/authorizers.h"
#include "package/context.h"
#include "util/text.h"

namespace sls::local {

namespace {

namespace ev = compile::events;

bool is_param(const std::string& s) { return s.size() > 2 && s.front() == '{' && s.back() == '}'; }
bool is_greedy(const std::string& s) { return is_param(s) && s.size() > 3 && s[s.size() - 2] == '+'; }
std::string param_name(const std::string& s) { return s.substr(1, s.size() - (is_greedy(s) ? 3 : 2)); }

// Specificity of a match, compared lexicographically: per segment 2 static,
// 1 parameter, 0 greedy; then 1 for an exact method over ANY.
using Score = std::vector<int>;

std::optional<Score> score(const RestRoute& r, const std::string& method, const std::vector<std::string>& segs,
                           Json& params) {
  if (r.method != "ANY" && r.method != method) return std::nullopt;
  Score s;
  Json p = Json::object();
  size_t i = 0;
  for (size_t k = 0; k < r.segments.size(); ++k) {
    const std::string& part = r.segments[k];
    if (is_greedy(part)) {
      if (k + 1 != r.segments.size() || i >= segs.size()) return std::nullopt;
      std::string rest;
      for (; i < segs.size(); ++i) rest += (rest.empty() ? "" : "/") + segs[i];
      p[param_name(part)] = rest;
      s.push_back(0);
      break;
    }
    if (i >= segs.size()) return std::nullopt;
    if (is_param(part)) {
      p[param_name(part)] = segs[i];
      s.push_back(1);
    } else if (part == segs[i]) {
      s.push_back(2);
    } else {
      return std::nullopt;
    }
    ++i;
  }
  if (i != segs.size()) return std::nullopt;
  s.push_back(r.method == "ANY" ? 0 : 1);
  params = p.empty() ? Json(nullptr) : p;
  return s;
}

std::vector<std::string> strings(const Json* v) {
  std::vector<std::string> out;
  if (v && v->is_array())
    for (const Json& s : *v)
      if (s.is_string()) out.push_back(s.get<std::string>());
  return out;
}

}  // namespace

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = std::min(path.find('/', start), path.size());
    if (end > start) out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

RestApi rest_api(Service& service) {
  PackageContext ctx{service};
  ev::Events events = ev::collect_events(ctx, "http");
  ev::http::HttpEvents parsed = ev::http::validate(ctx, events);
  RestApi api;
  for (const auto& e : parsed.events) {
    RestRoute r;
    r.function = e.function_name;
    r.method = ascii_upper(e.method);
    r.resource = "/" + e.path;
    r.segments = split_path(e.path);
    r.lambda_proxy = e.integration == "AWS_PROXY";
    r.is_private = e.is_private;
    r.lambda_integration = e.integration == "AWS";
    r.integration_response = e.response;
    if (e.authorizer) r.authorizer = std::make_shared<const AuthorizerSpec>(rest_authorizer(*e.authorizer));
    api.routes.push_back(std::move(r));
  }
  for (const auto& c : parsed.cors_preflight) {
    CorsRule rule;
    if (c.origin) rule.origins.push_back(*c.origin);
    for (const auto& o : c.origins) rule.origins.push_back(o);
    rule.headers = c.headers;
    rule.methods = c.methods;
    rule.allow_credentials = c.allow_credentials;
    rule.max_age = c.max_age;
    api.cors.emplace_back("/" + c.path, std::move(rule));
  }
  const Json& provider = service.config.contains("provider") ? service.config["provider"] : Json::object();
  if (provider.is_object() && provider.contains("apiGateway") && provider["apiGateway"].is_object())
    api.binary_media_types = strings(js::get(provider["apiGateway"], "binaryMediaTypes"));
  return api;
}

std::optional<RouteMatch> match_route(const RestApi& api, const std::string& method,
                                      const std::vector<std::string>& segments) {
  std::optional<RouteMatch> best;
  Score best_score;
  for (const auto& r : api.routes) {
    Json params;
    auto s = score(r, method, segments, params);
    if (!s) continue;
    if (!best || *s > best_score) {
      best = RouteMatch{&r, params};
      best_score = *s;
    }
  }
  return best;
}

const CorsRule* cors_for(const RestApi& api, const std::string& resource) {
  for (const auto& [path, rule] : api.cors)
    if (path == resource) return &rule;
  return nullptr;
}

}  // namespace sls::local
