#include "config/validate_http_api.h"

namespace sls::config {
namespace {

using schema::Checker;
using schema::Path;
using schema::describe;
using schema::is_cf_intrinsic;
using schema::join;
using schema::present;

// awsCfInstruction: a string or a CloudFormation intrinsic.
void cf_instruction(Checker& c, Json& v, const Path& path) {
  if (!is_cf_intrinsic(v)) c.string(v, path);
}

// One value or a list of awsCfInstruction (identitySource, audience).
void cf_instructions(Checker& c, Json& v, const Path& path) {
  if (!v.is_array()) return cf_instruction(c, v, path);
  for (size_t i = 0; i < v.size(); ++i) cf_instruction(c, v[i], join(path, i));
}

void string_list(Checker& c, Json& v, const Path& path) {
  if (!c.list(v, path)) return;
  for (size_t i = 0; i < v.size(); ++i) c.string(v[i], join(path, i));
}

// The JWT branch of osls's oneOf: closed, issuerUrl/audience/identitySource required.
void check_jwt_authorizer(Checker& c, Json& a, const Path& path) {
  c.known_properties(a, path, {"type", "name", "identitySource", "issuerUrl", "audience"});
  for (const char* key : {"identitySource", "issuerUrl", "audience"}) c.required(a, path, key);
  if (Json* v = present(a, "type"); v && *v != Json("jwt"))
    c.add(join(path, "type"), "must be \"jwt\" or \"request\", got " + describe(*v));
  if (Json* v = present(a, "name")) c.string(*v, join(path, "name"));
  if (Json* v = present(a, "identitySource")) cf_instruction(c, *v, join(path, "identitySource"));
  if (Json* v = present(a, "issuerUrl")) cf_instruction(c, *v, join(path, "issuerUrl"));
  if (Json* v = present(a, "audience")) cf_instructions(c, *v, join(path, "audience"));
}

// The request (Lambda) branch: open, but its known properties are typed.
void check_request_authorizer(Checker& c, Json& a, const Path& path) {
  if (Json* v = present(a, "name")) c.string(*v, join(path, "name"));
  if (Json* v = present(a, "functionName")) c.string(*v, join(path, "functionName"));
  if (Json* v = present(a, "functionArn")) cf_instruction(c, *v, join(path, "functionArn"));
  for (const char* key : {"managedExternally", "enableSimpleResponses"})
    if (Json* v = present(a, key)) c.boolean(*v, join(path, key));
  if (Json* v = present(a, "resultTtlInSeconds")) c.integer(*v, join(path, "resultTtlInSeconds"), 0, 3600);
  if (Json* v = present(a, "payloadVersion")) c.one_of(*v, join(path, "payloadVersion"), {"1.0", "2.0"});
  if (Json* v = present(a, "identitySource")) cf_instructions(c, *v, join(path, "identitySource"));
}

void check_authorizers(Checker& c, Json& all, const Path& path) {
  if (!c.object(all, path)) return;
  for (auto& [key, a] : all.items()) {
    const Path p = join(path, key);
    if (!c.object(a, p)) continue;
    if (Json* type = present(a, "type"); type && *type == Json("request")) check_request_authorizer(c, a, p);
    else check_jwt_authorizer(c, a, p);
  }
}

void check_cors(Checker& c, Json& cors, const Path& path) {
  schema::coerce_boolean_string(cors);
  if (cors.is_boolean()) return;
  if (!cors.is_object()) {
    c.add(path, "must be a boolean or an object, got " + describe(cors));
    return;
  }
  c.known_properties(cors, path, {"allowCredentials", "allowedHeaders", "allowedMethods", "allowedOrigins",
                                  "exposedResponseHeaders", "maxAge"});
  if (Json* v = present(cors, "allowCredentials")) c.boolean(*v, join(path, "allowCredentials"));
  for (const char* key : {"allowedHeaders", "allowedMethods", "allowedOrigins", "exposedResponseHeaders"})
    if (Json* v = present(cors, key)) string_list(c, *v, join(path, key));
  if (Json* v = present(cors, "maxAge")) c.integer(*v, join(path, "maxAge"), 0);
}

// A string, or {Fn::ImportValue: string} (awsCfImportLocallyResolvable).
void check_api_id(Checker& c, Json& id, const Path& path) {
  if (!id.is_object()) {
    c.string(id, path);
    return;
  }
  c.required(id, path, "Fn::ImportValue");
  c.known_properties(id, path, {"Fn::ImportValue"});
  if (Json* v = present(id, "Fn::ImportValue")) c.string(*v, join(path, "Fn::ImportValue"));
}

void check_http_api(Checker& c, Json& api, const Path& path) {
  if (!c.object(api, path)) return;
  c.known_properties(api, path, {"authorizers", "cors", "id", "name", "description", "payload", "metrics",
                                 "useProviderTags", "disableDefaultEndpoint", "shouldStartNameWithService"});
  if (Json* v = present(api, "authorizers")) check_authorizers(c, *v, join(path, "authorizers"));
  if (Json* v = present(api, "cors")) check_cors(c, *v, join(path, "cors"));
  if (Json* v = present(api, "id")) check_api_id(c, *v, join(path, "id"));
  for (const char* key : {"name", "description", "payload"})
    if (Json* v = present(api, key)) c.string(*v, join(path, key));
  for (const char* key : {"metrics", "disableDefaultEndpoint", "shouldStartNameWithService"})
    if (Json* v = present(api, key)) c.boolean(*v, join(path, key));
  if (Json* v = present(api, "useProviderTags"); v && *v != Json(true))
    c.add(join(path, "useProviderTags"), "must be equal to constant (true), got " + describe(*v));
}

// provider.logs.httpApi: true/false or {format}.
void check_logs(Checker& c, Json& logs, const Path& path) {
  schema::coerce_boolean_string(logs);
  if (logs.is_boolean()) return;
  if (!logs.is_object()) {
    c.add(path, "must be a boolean or an object with \"format\", got " + describe(logs));
    return;
  }
  c.known_properties(logs, path, {"format"});
  if (Json* v = present(logs, "format")) c.string(*v, join(path, "format"));
}

}  // namespace

void check_provider_http_api(Checker& c, Json& provider) {
  const Path root = "provider";
  if (Json* v = present(provider, "httpApi")) check_http_api(c, *v, join(root, "httpApi"));
  Json* logs = present(provider, "logs");
  if (!logs || !logs->is_object()) return;
  const Path lp = join(root, "logs");
  if (Json* v = present(*logs, "httpApi")) check_logs(c, *v, join(lp, "httpApi"));
}

void check_function_http_api(Checker& c, Json& fn, const Path& path) {
  Json* api = present(fn, "httpApi");
  if (!api) return;
  const Path p = join(path, "httpApi");
  if (!c.object(*api, p)) return;
  c.known_properties(*api, p, {"payload"});
  if (Json* v = present(*api, "payload")) c.one_of(*v, join(p, "payload"), {"1.0", "2.0"});
}

}  // namespace sls::config
