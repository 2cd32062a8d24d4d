// osls's schema of the `httpApi` event (http-api.js defineFunctionEvent):
// "METHOD /path" or "*", or {method, path, authorizer}, with osls's patterns.
#include "aws/compile/events/http_api_model.h"
#include "aws/compile/events/registry.h"

namespace sls::compile::events {
namespace {

constexpr std::string_view kRoutePattern =
    "/^(?:\\*|(ANY|GET|POST|PUT|PATCH|OPTIONS|HEAD|DELETE) (\\/\\S*))$/i";
constexpr std::string_view kMethodPattern = "/^(?:\\*|ANY|GET|POST|PUT|PATCH|OPTIONS|HEAD|DELETE)$/i";
constexpr std::string_view kPathPattern = "/^(?:\\*|\\/\\S*)$/";

void mismatch(Checker& c, const Path& path, const Json& v, std::string_view pattern) {
  c.add(path, "value '" + v.get<std::string>() + "' does not satisfy pattern " + std::string(pattern));
}

void check_authorizer(Checker& c, Json& a, const Path& path) {
  if (!a.is_object()) {
    c.string(a, path);  // an authorizer name
    return;
  }
  c.known_properties(a, path, {"id", "name", "scopes", "type"});
  if (!present(a, "id") && !present(a, "name") && !present(a, "type"))
    c.add(path, "must have required property 'id', 'name' or 'type'");
  if (Json* id = present(a, "id"); id && !config::schema::is_cf_intrinsic(*id)) c.string(*id, join(path, "id"));
  if (Json* name = present(a, "name")) c.string(*name, join(path, "name"));
  if (Json* scopes = present(a, "scopes")) {
    const Path sp = join(path, "scopes");
    if (c.list(*scopes, sp))
      for (size_t i = 0; i < scopes->size(); ++i) c.string((*scopes)[i], join(sp, i));
  }
  if (Json* type = present(a, "type")) c.one_of(*type, join(path, "type"), {"request", "jwt", "aws_iam"});
}

}  // namespace

void check_httpApi(Checker& c, Json& body, const Path& path) {
  if (body.is_number()) body = Json(body.dump());  // ajv: the string branch coerces numbers
  if (body.is_string()) {
    std::string method, route;
    if (!http_api::split_route(body.get_ref<const std::string&>(), method, route)) mismatch(c, path, body, kRoutePattern);
    return;
  }
  if (!body.is_object()) {
    c.add(path, "must be \"<METHOD> /<path>\" (e.g. \"GET /users\"), \"*\" or an object with \"method\" and "
                "\"path\", got " + describe(body));
    return;
  }
  c.known_properties(body, path, {"authorizer", "method", "path"});
  c.required(body, path, "path");
  if (Json* m = present(body, "method"); m && c.string(*m, join(path, "method")) &&
                                          !http_api::is_route_method(m->get_ref<const std::string&>()))
    mismatch(c, join(path, "method"), *m, kMethodPattern);
  if (Json* p = present(body, "path"); p && c.string(*p, join(path, "path")) &&
                                        !http_api::is_route_path(p->get_ref<const std::string&>()))
    mismatch(c, join(path, "path"), *p, kPathPattern);
  if (Json* a = present(body, "authorizer")) check_authorizer(c, *a, join(path, "authorizer"));
}

}  // namespace sls::compile::events
