// The routes of httpApi events (osls's resolveConfiguration loop over
// functions.*.events): route keys, their authorizers and the CORS methods.
#include <cctype>

#include "aws/compile/events/http_api_model.h"
#include "util/error.h"
#include "util/js_like.h"
#include "util/text.h"

namespace sls::compile::events::http_api {
namespace {

constexpr std::string_view kMethods[] = {"ANY", "GET", "POST", "PUT", "PATCH", "OPTIONS", "HEAD", "DELETE"};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool is_allowed_method(std::string_view s) {
  const std::string u = ascii_upper(s);
  for (std::string_view m : kMethods)
    if (u == m) return true;
  return false;
}

// "/" followed by non-space characters (the \/\S* of osls's patterns).
bool is_slash_path(std::string_view s) {
  if (s.empty() || s[0] != '/') return false;
  for (char c : s)
    if (is_space(c)) return false;
  return true;
}

std::string js_string(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_object()) return "[object Object]";
  return v.dump();
}

[[noreturn]] void fail(const std::string& path, const std::string& what, const char* code) {
  throw UserError(path + ": " + what, code);
}

std::string in_function(const Event& e) {
  return " in function " + e.function + " for httpApi event in serverless.yml";
}

}  // namespace

bool split_route(std::string_view s, std::string& method, std::string& path) {
  if (s == "*") {
    method.clear();
    path = "*";
    return true;
  }
  const size_t space = s.find(' ');
  if (space == std::string_view::npos || !is_allowed_method(s.substr(0, space)) ||
      !is_slash_path(s.substr(space + 1)))
    return false;
  method = std::string(s.substr(0, space));
  path = std::string(s.substr(space + 1));
  return true;
}

bool is_route_method(std::string_view s) { return s == "*" || is_allowed_method(s); }
bool is_route_path(std::string_view s) { return s == "*" || is_slash_path(s); }

std::string MethodPath::resolved_method() const {
  if (catch_all()) return "ANY";
  const std::string m = ascii_upper(method);
  return m == "*" ? "ANY" : m;
}

bool method_path(const Json& body, MethodPath& out) {
  out = {};
  if (body.is_object()) {
    if (const Json* m = js::get_truthy(body, "method")) out.method = js_string(*m);
    const Json* p = js::get(body, "path");
    out.path = p ? js_string(*p) : "undefined";
    return true;
  }
  if (!body.is_string()) return false;
  return split_route(body.get_ref<const std::string&>(), out.method, out.path);
}

namespace {

RouteAuthorizer route_authorizer(const Config& config, const Event& e, const Json& a) {
  const std::string at = e.path() + ".authorizer";
  RouteAuthorizer out;
  Json name, id, scopes;
  if (a.is_object()) {
    if (const Json* v = js::get_truthy(a, "name")) name = *v;
    if (const Json* v = js::get_truthy(a, "id")) id = *v;
    if (const Json* v = js::get_truthy(a, "scopes")) scopes = *v;
    if (const Json* v = js::get_truthy(a, "type")) out.type = js_string(*v);
  } else {
    name = a;
  }
  const bool iam = out.type == "aws_iam";
  if (!iam && id.is_null() && name.is_null())
    fail(at, "When configuring an authorizer with type: \"" + (out.type.empty() ? "jwt" : out.type) +
                 "\", property \"id\" or \"name\" has to be specified.",
         "HTTP_API_AUTHORIZER_MISSING_ID_OR_NAME");
  if (iam && (!name.is_null() || !id.is_null() || !scopes.is_null()))
    fail(at, "When configuring authorizer with type: \"aws_iam\", all other properties are not supported.",
         "HTTP_API_AUTHORIZER_AWS_IAM_UNEXPECTED_PROPERTIES");
  if (!id.is_null()) {
    if (config.id.is_null())
      fail(at, "Event references external authorizer '" + js_string(id) +
                   "', but httpApi is part of the current stack.",
           "EXTERNAL_HTTP_API_AUTHORIZER_WITHOUT_EXTERNAL_HTTP_API");
    out.id = id;
  } else if (!iam) {
    const std::string wanted = js_string(name);
    const Authorizer* named = nullptr;
    for (const Authorizer& known : config.authorizers)
      if (known.key == wanted) named = &known;
    if (!named)
      fail(at, "Event references not configured authorizer '" + wanted + "'", "UNRECOGNIZED_HTTP_API_AUTHORIZER");
    out.type = named->request ? "request" : "jwt";
    out.name = named->name;
  }
  if (!scopes.is_null()) {
    Json::array_t set;
    for (const Json& s : scopes.is_array() ? scopes.get_ref<const Json::array_t&>() : Json::array_t{scopes}) {
      bool seen = false;
      for (const Json& o : set) seen = seen || (s.is_primitive() && o == s);
      if (!seen) set.push_back(s);
    }
    out.scopes = std::move(set);
  }
  return out;
}

void add_cors_methods(Cors& cors, const std::string& method) {
  auto add = [&](std::string_view m) {
    for (const Json& v : cors.methods)
      if (v == m) return;
    cors.methods.emplace_back(std::string(m));
  };
  if (method != "ANY") return add(method);
  for (std::string_view m : kMethods)
    if (m != "ANY") add(m);
}

}  // namespace

void RouteTable::add(const Event& e) {
  MethodPath mp;
  if (!method_path(*e.body, mp))
    fail(e.path(), "must be \"<METHOD> /<path>\" or \"*\" or an object with \"method\" and \"path\"",
         "INVALID_HTTP_API_PATH");
  std::string key;
  if (mp.catch_all()) {
    if (!mp.method.empty() && mp.method != "*")
      fail(e.path(), "Invalid \"path\" property" + in_function(e), "INVALID_HTTP_API_PATH");
    key = "*";
  } else {
    if (mp.method.empty()) fail(e.path(), "Missing \"method\" property" + in_function(e), "MISSING_HTTP_API_METHOD");
    const std::string method = mp.resolved_method();
    if (!is_allowed_method(method))
      fail(e.path(), "Invalid \"method\" property" + in_function(e), "INVALID_HTTP_API_METHOD");
    key = method + " " + mp.path;
    if (index_.count(key))
      fail(e.path(), "Duplicate route '" + key + "' configuration" + in_function(e), "DUPLICATE_HTTP_API_ROUTE");
  }
  Route route{key, e.function, std::nullopt};
  if (e.body->is_object())
    if (const Json* a = js::get_truthy(*e.body, "authorizer")) route.authorizer = route_authorizer(config_, e, *a);
  auto [it, fresh] = index_.emplace(key, config_.routes.size());
  if (fresh) config_.routes.push_back(std::move(route));
  else config_.routes[it->second] = std::move(route);
  if (config_.cors && config_.cors->fill_methods) add_cors_methods(*config_.cors, mp.resolved_method());
}

}  // namespace sls::compile::events::http_api
