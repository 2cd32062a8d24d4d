#include "config/provider_alb.h"

#include "config/patterns.h"

namespace sls::config {
namespace {

using schema::Checker;
using schema::Path;
using schema::describe;
using schema::join;
using schema::present;

// The properties both kinds share (baseAlbAuthorizerProperties).
void check_common(Checker& c, Json& a, const Path& path) {
  if (Json* v = present(a, "onUnauthenticatedRequest"))
    c.one_of(*v, join(path, "onUnauthenticatedRequest"), {"allow", "authenticate", "deny"});
  if (Json* v = present(a, "requestExtraParams"); v && c.object(*v, join(path, "requestExtraParams"))) {
    const Path rp = join(path, "requestExtraParams");
    if (v->size() > 10) c.add(rp, "must NOT have more than 10 properties");
    for (auto& [key, value] : v->items()) c.string(value, join(rp, key));
  }
  for (const char* key : {"scope", "sessionCookieName"})
    if (Json* v = present(a, key)) c.string(*v, join(path, key));
  if (Json* v = present(a, "sessionTimeout")) c.integer(*v, join(path, "sessionTimeout"), 0);
}

void check_oidc(Checker& c, Json& a, const Path& path) {
  c.known_properties(a, path, {"type", "authorizationEndpoint", "clientId", "clientSecret", "issuer",
                               "tokenEndpoint", "userInfoEndpoint", "onUnauthenticatedRequest",
                               "requestExtraParams", "scope", "sessionCookieName", "sessionTimeout"});
  for (const char* key : {"authorizationEndpoint", "clientId", "issuer", "tokenEndpoint", "userInfoEndpoint"})
    c.required(a, path, key);
  for (const char* key : {"clientId", "clientSecret"})
    if (Json* v = present(a, key)) c.string(*v, join(path, key));
  for (const char* key : {"authorizationEndpoint", "issuer", "tokenEndpoint", "userInfoEndpoint"})
    if (Json* v = present(a, key); v && c.string(*v, join(path, key)))
      c.pattern(*v, join(path, key), patterns::is_uri, "must match format \"uri\"");
  check_common(c, a, path);
}

void check_cognito(Checker& c, Json& a, const Path& path) {
  c.known_properties(a, path, {"type", "userPoolArn", "userPoolClientId", "userPoolDomain",
                               "onUnauthenticatedRequest", "requestExtraParams", "scope", "sessionCookieName",
                               "sessionTimeout"});
  for (const char* key : {"userPoolArn", "userPoolClientId", "userPoolDomain"}) c.required(a, path, key);
  if (Json* v = present(a, "userPoolArn"); v && !schema::is_cf_intrinsic(*v) && c.string(*v, join(path, "userPoolArn")))
    c.pattern(*v, join(path, "userPoolArn"), [](std::string_view s) { return s.rfind("arn:", 0) == 0; },
              "must match pattern \"^arn:\"");
  for (const char* key : {"userPoolClientId", "userPoolDomain"})
    if (Json* v = present(a, key)) c.string(*v, join(path, key));
  check_common(c, a, path);
}

// anyOf [oidc, cognito]: osls reports a failing authorizer as "unsupported
// configuration format"; the issues of the kind its `type` names follow.
void check_authorizer(Checker& c, Json& a, const Path& path) {
  const Json* type = present(a, "type");
  const bool oidc = type && *type == Json("oidc");
  const bool cognito = type && *type == Json("cognito");
  if (!a.is_object() || (!oidc && !cognito)) {
    c.add(path, "unsupported configuration format (an authorizer needs \"type\": cognito or oidc, got " +
                    (a.is_object() ? (type ? describe(*type) : std::string("no type")) : describe(a)) + ")");
    return;
  }
  std::vector<ValidationIssue> issues;
  Checker branch(issues);
  if (oidc) check_oidc(branch, a, path);
  else check_cognito(branch, a, path);
  if (issues.empty()) return;
  std::string details;
  for (const ValidationIssue& i : issues)
    details += (details.empty() ? "" : "; ") + (i.path == path.str() ? "" : "at '" + i.path + "': ") + i.message;
  c.add(path, "unsupported configuration format (as " + std::string(oidc ? "an oidc" : "a cognito") +
                  " authorizer: " + details + ")");
}

}  // namespace

void check_provider_alb(Checker& c, Json& alb, const Path& path) {
  if (!c.object(alb, path)) return;
  c.known_properties(alb, path, {"targetGroupPrefix", "authorizers"});
  if (Json* v = present(alb, "targetGroupPrefix")) c.string(*v, join(path, "targetGroupPrefix"), 0, 16);
  if (Json* auths = present(alb, "authorizers"); auths && c.object(*auths, join(path, "authorizers"))) {
    const Path ap = join(path, "authorizers");
    for (auto& [name, a] : auths->items())
      if (!a.is_null()) check_authorizer(c, a, join(ap, name));
  }
}

}  // namespace sls::config
