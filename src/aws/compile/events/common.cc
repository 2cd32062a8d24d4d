#include "aws/compile/events/common.h"

#include "aws/compile/cfn.h"
#include "aws/compile/lambda_target.h"
#include "aws/naming.h"
#include "util/error.h"
#include "util/js_like.h"

namespace sls::compile::events {

bool add_role_statement(PackageContext& ctx, Json statement) {
  Json& resources = ctx.resources();
  auto role = resources.find(naming::kRoleLogicalId);
  if (role == resources.end()) return false;
  (*role)["Properties"]["Policies"][0]["PolicyDocument"]["Statement"].push_back(std::move(statement));
  return true;
}

const Json& function_config(const PackageContext& ctx, const std::string& fn) {
  static const Json kEmpty = Json::object();
  const Json* f = js::get(ctx.functions(), fn);
  return f && f->is_object() ? *f : kEmpty;
}

Json lambda_target(const PackageContext& ctx, const std::string& fn) {
  return compile::lambda_target(fn, function_config(ctx, fn));
}

std::string lambda_target_alias(const PackageContext& ctx, const std::string& fn) {
  auto alias = target_alias(fn, function_config(ctx, fn));
  return alias ? alias->logical_id : std::string();
}

Json lambda_permission(Json function, std::string principal, Json source_arn) {
  Json props = Json::object();
  props["FunctionName"] = std::move(function);
  props["Action"] = "lambda:InvokeFunction";
  props["Principal"] = std::move(principal);
  if (!source_arn.is_null()) props["SourceArn"] = std::move(source_arn);
  return cfn::resource("AWS::Lambda::Permission", std::move(props));
}

const Json* option(const Event& e, std::string_view key) { return js::get_truthy(*e.body, key); }

Json spliced_string(const Event& e, const std::string& text, std::string_view property) {
  try {
    Json v = Json::parse("\"" + text + "\"");
    if (v.is_string()) return v;
  } catch (const Json::parse_error&) {
  }
  event_error(e, "the value of " + e.path() + "." + std::string(property) +
                     " is not valid inside a JSON string (check its quotes and backslashes)",
              "INVALID_EVENT_VALUE");
}

void check_rule_name(config::schema::Checker& c, Json& name, const config::schema::Path& path) {
  if (!c.string(name, path, 1, 64)) return;
  for (char ch : name.get_ref<const std::string&>())
    if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '_') || ch == '.') return;
  c.add(path, "must match pattern \"[a-zA-Z0-9-_.]+\"");
}

bool check_arn_string(config::schema::Checker& c, const Json& value, const config::schema::Path& path) {
  if (!value.is_string()) {
    c.add(path, "must be string (an ARN), got " + config::schema::describe(value));
    return false;
  }
  if (value.get_ref<const std::string&>().rfind("arn:", 0) != 0) {
    c.add(path, "must match pattern \"^arn:\", got " + config::schema::describe(value));
    return false;
  }
  return true;
}

bool check_arn(config::schema::Checker& c, const Json& value, const config::schema::Path& path) {
  if (value.is_object()) return true;
  if (value.is_string()) return check_arn_string(c, value, path);
  c.add(path, "must be an ARN (\"arn:...\") or a CloudFormation intrinsic, got " +
                  config::schema::describe(value));
  return false;
}

Json depends_on_alias(Json resource, const std::string& alias) {
  if (alias.empty()) return resource;
  Json out = Json::object();
  out["Type"] = std::move(resource["Type"]);
  out["DependsOn"] = alias;
  for (auto& [key, value] : resource.items())
    if (key != "Type") out[key] = std::move(value);
  return out;
}

namespace {
bool check_alexa_token(config::schema::Checker& c, Json& value, const config::schema::Path& path) {
  if (!c.string(value, path, 0, 256)) return false;
  const std::string& s = value.get_ref<const std::string&>();
  bool ok = !s.empty();
  for (char ch : s)
    if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '.' ||
          ch == '_' || ch == '-'))
      ok = false;
  if (!ok) c.add(path, "must match pattern \"^[a-zA-Z0-9._\\-]+$\", got " + config::schema::describe(value));
  return ok;
}
}  // namespace

void check_alexa_event(config::schema::Checker& c, Json& body, const config::schema::Path& path) {
  if (!body.is_object()) {  // a token (scalars coerced to strings, as ajv does)
    check_alexa_token(c, body, path);
    return;
  }
  c.known_properties(body, path, {"appId", "enabled"});
  c.required(body, path, "appId");
  if (Json* v = config::schema::present(body, "appId")) check_alexa_token(c, *v, config::schema::join(path, "appId"));
  if (Json* v = config::schema::present(body, "enabled")) c.boolean(*v, config::schema::join(path, "enabled"));
}

bool is_strictly_false(const Json* value) { return value && value->is_boolean() && !value->get<bool>(); }

std::string strip_escaped_line_breaks(std::string text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && (text[i + 1] == 'n' || text[i + 1] == 'r')) {
      ++i;
      continue;
    }
    out += text[i];
  }
  return out;
}

std::string strip_line_breaks(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    if (text[i] == '\n') continue;
    out += text[i];
  }
  return out;
}

void event_error(const Event& e, const std::string& what, const char* code) {
  throw UserError("Cannot setup \"" + std::string(e.type) + "\" event (" + e.path() + "): " + what, code);
}

}  // namespace sls::compile::events
