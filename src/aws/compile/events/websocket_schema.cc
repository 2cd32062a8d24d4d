// osls's schema of the `websocket` event (websockets/index.js defineFunctionEvent),
// checked by config/validate through the event registry: a route string, or
// {route, routeResponseSelectionExpression: "$default", authorizer}, where the
// authorizer is an ARN, a function name or {name | arn, identitySource}.
#include <cctype>

#include "aws/compile/events/registry.h"

#include "config/schema_checks.h"

namespace sls::compile::events {
namespace {

// osls's functionName definition: ^[a-zA-Z0-9-_]+$.
bool is_function_name(std::string_view s) {
  if (s.empty()) return false;
  for (char ch : s)
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_')) return false;
  return true;
}

bool is_arn(std::string_view s) { return s.substr(0, 4) == "arn:"; }

// ajv's type coercion for a string branch: 5 -> "5", ["x"] -> "x".
bool coerce_to_string(Json& v) {
  std::vector<config::ValidationIssue> ignored;  // the caller words the issue
  Checker quiet(ignored);
  return quiet.string(v, "");
}

void check_authorizer_object(Checker& c, Json& a, const Path& path) {
  c.known_properties(a, path, {"name", "arn", "identitySource"});
  Json* name = present(a, "name");
  Json* arn = present(a, "arn");
  if (!name && !arn) c.add(path, "unsupported configuration format");  // anyOf required name / arn
  if (name && c.string(*name, join(path, "name")) && !is_function_name(name->get_ref<const std::string&>()))
    c.add(join(path, "name"), "must match pattern \"^[a-zA-Z0-9-_]+$\"");
  if (arn && !arn->is_object()) {  // awsArn: an ARN string or a CloudFormation function
    if (!coerce_to_string(*arn)) c.add(join(path, "arn"), "unsupported configuration format");
    else if (!is_arn(arn->get_ref<const std::string&>())) c.add(join(path, "arn"), "unsupported string format");
  }
  if (Json* sources = present(a, "identitySource")) {
    const Path sp = join(path, "identitySource");
    if (c.list(*sources, sp))
      for (size_t i = 0; i < sources->size(); ++i) c.string((*sources)[i], join(sp, i));
  }
}

void check_authorizer(Checker& c, Json& a, const Path& path) {
  if (a.is_object()) return check_authorizer_object(c, a, path);
  if (!coerce_to_string(a)) {
    c.add(path, "unsupported configuration format");
    return;
  }
  const std::string& s = a.get_ref<const std::string&>();
  if (!is_arn(s) && !is_function_name(s)) c.add(path, "unsupported string format");
}

}  // namespace

void check_websocket(Checker& c, Json& body, const Path& path) {
  if (!body.is_object()) {
    if (!coerce_to_string(body)) c.add(path, "unsupported configuration format");
    return;
  }
  c.known_properties(body, path, {"route", "routeResponseSelectionExpression", "authorizer"});
  c.required(body, path, "route");
  if (Json* route = present(body, "route")) c.string(*route, join(path, "route"));
  if (Json* v = present(body, "routeResponseSelectionExpression"); v && *v != Json("$default"))
    c.add(join(path, "routeResponseSelectionExpression"), "must be equal to constant");
  if (Json* a = present(body, "authorizer")) check_authorizer(c, *a, join(path, "authorizer"));
}

}  // namespace sls::compile::events
