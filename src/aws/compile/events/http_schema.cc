// osls's schema of the `http` event (api-gateway/index.js defineFunctionEvent),
// checked by config/validate through the event registry.
#include "aws/compile/events/registry.h"
#include "config/patterns.h"

namespace sls::compile::events {
namespace {

using config::schema::coerce_boolean_string;
using config::schema::one_of_ignoring_case;
namespace patterns = config::patterns;

const std::vector<std::string_view> kHttpEventProperties = {
    "async", "authorizer", "connectionId", "connectionType", "cors", "integration", "method",
    "operationId", "path", "private", "request", "response", "timeoutInMillis"};
const std::vector<std::string_view> kRequestProperties = {
    "contentHandling", "method", "parameters", "passThrough", "schemas", "template", "uri"};

// response and its statusCodes: objects with osls's properties only.
void check_response(Checker& c, Json& http, const Path& path) {
  const Path rp = join(path, "response");
  Json* response = present(http, "response");
  if (!response || !c.object(*response, rp)) return;
  c.known_properties(*response, rp, {"contentHandling", "headers", "template", "transferMode", "statusCodes"});
  Json* codes = present(*response, "statusCodes");
  if (!codes || !codes->is_object()) return;
  const Path cp = join(rp, "statusCodes");
  for (auto& [code, value] : codes->items())
    if (value.is_object()) c.known_properties(value, join(cp, code), {"headers", "pattern", "template"});
}

}  // namespace

void check_http(Checker& c, Json& http, const Path& path) {
  if (http.is_string()) {
    c.pattern(http, path, patterns::is_http_method_and_path,
              "must be \"<METHOD> /<path>\" (e.g. \"get /users\"; the path starts with \"/\") or an "
              "object with \"method\" and \"path\"");
    return;
  }
  if (!http.is_object()) {
    c.add(path, "must be \"<METHOD> /<path>\" or an object with \"method\" and \"path\", got " +
                    describe(http));
    return;
  }
  c.known_properties(http, path, kHttpEventProperties);
  c.required(http, path, "path");
  c.required(http, path, "method");
  if (Json* m = present(http, "method")) {
    if (c.string(*m, join(path, "method"))) {
      c.pattern(*m, join(path, "method"), patterns::is_http_method,
                "must be an HTTP method (GET, POST, PUT, PATCH, OPTIONS, HEAD, DELETE, ANY) or *");
    }
  }
  if (Json* p = present(http, "path")) {
    if (c.string(*p, join(path, "path"))) {
      c.pattern(*p, join(path, "path"), patterns::is_http_path, "must be a URL path without spaces");
    }
  }
  if (Json* v = present(http, "integration")) {
    // osls: one of these, case-insensitively, else "unsupported string format".
    if (c.string(*v, join(path, "integration")) &&
        !one_of_ignoring_case(*v, {"lambda", "lambda-proxy", "lambda_proxy", "aws", "aws_proxy", "aws-proxy",
                                   "http", "http-proxy", "http_proxy", "mock"}))
      c.add(join(path, "integration"), "unsupported string format");
  }
  if (Json* a = present(http, "authorizer")) {
    const Path ap = join(path, "authorizer");
    if (!a->is_object()) {
      c.string(*a, ap);  // a function name or ARN; ajv makes 5 "5"
    } else if (Json* type = present(*a, "type")) {
      if (c.string(*type, join(ap, "type")) &&
          !one_of_ignoring_case(*type, {"token", "cognito_user_pools", "request", "aws_iam"}))
        c.add(join(ap, "type"), "unsupported string format");
    }
  }
  const Path rp = join(path, "request");
  if (Json* r = present(http, "request"); r && c.object(*r, rp)) {
    c.known_properties(*r, rp, kRequestProperties);
    if (Json* params = present(*r, "parameters"); params && params->is_object()) {
      const Path pp = join(rp, "parameters");
      c.known_properties(*params, pp, {"querystrings", "headers", "paths"});
      for (const char* kind : {"querystrings", "headers", "paths"}) {
        Json* group = present(*params, kind);
        if (!group || !group->is_object()) continue;
        const Path gp = join(pp, kind);
        for (auto& [name, value] : group->items()) {  // true/false or {required, mappedValue}
          coerce_boolean_string(value);
          if (!value.is_boolean() && !value.is_object()) c.add(join(gp, name), "unsupported configuration format");
        }
      }
    }
  }
  check_response(c, http, path);
  if (Json* v = present(http, "cors"); v && !v->is_object()) {
    coerce_boolean_string(*v);
    if (!v->is_boolean()) c.add(join(path, "cors"), "unsupported configuration format");
  }
  if (Json* v = present(http, "private")) c.boolean(*v, join(path, "private"));
  if (Json* v = present(http, "async")) c.boolean(*v, join(path, "async"));
  if (Json* v = present(http, "timeoutInMillis")) c.integer(*v, join(path, "timeoutInMillis"), 50);
}

}  // namespace sls::compile::events
