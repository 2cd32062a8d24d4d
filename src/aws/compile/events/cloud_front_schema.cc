// osls's schema of the `cloudFront` event (events/cloud-front.js defineFunctionEvent):
// eventType, pathPattern, includeBody, isDefaultOrigin, the origin (a URI or a
// CloudFront origin object), the cache behavior and the cache policy reference.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <set>

#include "aws/compile/events/registry.h"
#include "config/patterns.h"

namespace sls::compile::events {
namespace {

// ^([A-Za-z0-9_.*?$/~"'@:+-]|&amp;)+$
bool is_path_pattern(std::string_view s) {
  static constexpr std::string_view kAllowed = "_.*?$/~\"'@:+-";
  if (s.empty()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (std::isalnum(static_cast<unsigned char>(s[i])) || kAllowed.find(s[i]) != std::string_view::npos) continue;
    if (s.substr(i, 5) != "&amp;") return false;
    i += 4;
  }
  return true;
}

// A string or a CloudFormation function (osls's awsCfFunction takes any object).
void string_or_cf(Checker& c, Json& v, const Path& path) {
  if (!v.is_object()) c.string(v, path);
}

void string_list(Checker& c, Json& v, const Path& path) {
  if (!c.list(v, path)) return;
  for (size_t i = 0; i < v.size(); ++i) c.string(v[i], join(path, i));
}

// A list of distinct methods equal to one of the sets `allowed` (anyOf of
// uniqueItems + minItems over each set's enum).
void method_set(Checker& c, Json& v, const Path& path, std::initializer_list<std::set<std::string>> allowed) {
  if (!c.list(v, path)) return;
  std::set<std::string> got;
  bool strings = true;
  for (const Json& m : v) {
    if (m.is_string()) got.insert(m.get<std::string>());
    else strings = false;
  }
  if (strings && got.size() == v.size() && std::find(allowed.begin(), allowed.end(), got) != allowed.end()) return;
  c.add(path, "unsupported configuration format (one of [GET, HEAD], [GET, HEAD, OPTIONS]" +
                  std::string(allowed.size() > 2 ? " or all of GET, HEAD, OPTIONS, PUT, PATCH, POST, DELETE" : "") +
                  ", each once)");
}

void check_cookies(Checker& c, Json& v, const Path& path) {
  const Json* forward = v.is_object() ? present(v, "Forward") : nullptr;
  const bool whitelist = forward && *forward == Json("whitelist");
  const bool plain = forward && (*forward == Json("all") || *forward == Json("none"));
  const bool extra = v.is_object() && std::any_of(v.items().begin(), v.items().end(), [&](const auto& kv) {
                       return kv.key() != "Forward" && !(whitelist && kv.key() == "WhitelistedNames");
                     });
  if (!(whitelist || plain) || extra || (whitelist && !present(v, "WhitelistedNames"))) {
    c.add(path, "unsupported configuration format (\"Forward\": all or none, or \"Forward\": whitelist with "
                "\"WhitelistedNames\")");
    return;
  }
  if (Json* names = present(v, "WhitelistedNames")) string_list(c, *names, join(path, "WhitelistedNames"));
}

void check_forwarded_values(Checker& c, Json& v, const Path& path) {
  if (!c.object(v, path)) return;
  c.known_properties(v, path, {"Cookies", "Headers", "QueryString", "QueryStringCacheKeys"});
  c.required(v, path, "QueryString");
  if (Json* x = present(v, "Cookies")) check_cookies(c, *x, join(path, "Cookies"));
  if (Json* x = present(v, "Headers")) string_list(c, *x, join(path, "Headers"));
  if (Json* x = present(v, "QueryString")) c.boolean(*x, join(path, "QueryString"));
  if (Json* x = present(v, "QueryStringCacheKeys")) string_list(c, *x, join(path, "QueryStringCacheKeys"));
}

void check_behavior(Checker& c, Json& b, const Path& path) {
  if (!c.object(b, path)) return;
  c.known_properties(b, path,
                     {"AllowedMethods", "CachedMethods", "CachePolicyId", "Compress", "FieldLevelEncryptionId",
                      "OriginRequestPolicyId", "ResponseHeadersPolicyId", "SmoothStreaming", "TrustedSigners",
                      "ViewerProtocolPolicy", "TrustedKeyGroups", "MaxTTL", "MinTTL", "DefaultTTL",
                      "ForwardedValues"});
  const std::set<std::string> get_head = {"GET", "HEAD"}, with_options = {"GET", "HEAD", "OPTIONS"};
  if (Json* v = present(b, "AllowedMethods"))
    method_set(c, *v, join(path, "AllowedMethods"),
               {get_head, with_options, {"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"}});
  if (Json* v = present(b, "CachedMethods")) method_set(c, *v, join(path, "CachedMethods"), {get_head, with_options});
  for (const char* key : {"CachePolicyId", "FieldLevelEncryptionId"})
    if (Json* v = present(b, key)) c.string(*v, join(path, key));
  for (const char* key : {"OriginRequestPolicyId", "ResponseHeadersPolicyId"})
    if (Json* v = present(b, key)) string_or_cf(c, *v, join(path, key));
  for (const char* key : {"Compress", "SmoothStreaming"})
    if (Json* v = present(b, key)) c.boolean(*v, join(path, key));
  if (Json* v = present(b, "TrustedSigners")) string_list(c, *v, join(path, "TrustedSigners"));
  if (Json* v = present(b, "ViewerProtocolPolicy"))
    c.one_of(*v, join(path, "ViewerProtocolPolicy"), {"allow-all", "redirect-to-https", "https-only"});
  if (Json* v = present(b, "TrustedKeyGroups"); v && c.list(*v, join(path, "TrustedKeyGroups"))) {
    const Path groups = join(path, "TrustedKeyGroups");
    for (size_t i = 0; i < v->size(); ++i) {
      Json& g = (*v)[i];
      const Json* ref = g.is_object() ? present(g, "Ref") : nullptr;
      if (g.is_object() && !(g.size() == 1 && ref && ref->is_string() && !ref->get_ref<const std::string&>().empty()))
        c.add(join(groups, i), "unsupported configuration format (a key group id or {\"Ref\": <logical id>})");
      else if (!g.is_object())
        c.string(g, join(groups, i));
    }
  }
  for (const char* key : {"MaxTTL", "MinTTL", "DefaultTTL"})
    if (Json* v = present(b, key)) c.number(*v, join(path, key));
  if (Json* v = present(b, "ForwardedValues")) check_forwarded_values(c, *v, join(path, "ForwardedValues"));
}

void check_custom_origin_config(Checker& c, Json& o, const Path& path) {
  if (!c.object(o, path)) return;
  c.known_properties(o, path, {"HTTPPort", "HTTPSPort", "OriginKeepaliveTimeout", "OriginProtocolPolicy",
                               "OriginReadTimeout", "OriginSSLProtocols"});
  c.required(o, path, "OriginProtocolPolicy");
  for (const char* key : {"HTTPPort", "HTTPSPort"})
    if (Json* v = present(o, key)) c.integer(*v, join(path, key), 0, 65535);
  for (const char* key : {"OriginKeepaliveTimeout", "OriginReadTimeout"})
    if (Json* v = present(o, key)) c.integer(*v, join(path, key), 1, 60);
  if (Json* v = present(o, "OriginProtocolPolicy"))
    c.one_of(*v, join(path, "OriginProtocolPolicy"), {"http-only", "match-viewer", "https-only"});
  const Path protocols = join(path, "OriginSSLProtocols");
  if (Json* v = present(o, "OriginSSLProtocols"); v && c.list(*v, protocols))
    for (size_t i = 0; i < v->size(); ++i)
      c.one_of((*v)[i], join(protocols, i), {"SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2"});
}

void check_s3_origin_config(Checker& c, Json& o, const Path& path) {
  if (!c.object(o, path)) return;
  c.known_properties(o, path, {"OriginAccessIdentity"});
  Json* v = present(o, "OriginAccessIdentity");
  if (!v || v->is_object()) return;
  const Path p = join(path, "OriginAccessIdentity");
  static constexpr std::string_view kPrefix = "origin-access-identity/cloudfront/";
  if (!c.string(*v, p)) return;
  const std::string& s = v->get_ref<const std::string&>();
  if (!s.starts_with(kPrefix) || s.size() == kPrefix.size() || s[kPrefix.size()] == '\n' ||
      s[kPrefix.size()] == '\r')
    c.add(p, "unsupported string format (must match pattern \"^origin-access-identity/cloudfront/.+\"), got " +
                 describe(*v));
}

void check_origin_object(Checker& c, Json& o, const Path& path) {
  c.known_properties(o, path, {"ConnectionAttempts", "ConnectionTimeout", "CustomOriginConfig", "DomainName",
                               "OriginAccessControlId", "OriginCustomHeaders", "OriginPath", "S3OriginConfig"});
  c.required(o, path, "DomainName");
  if ((present(o, "CustomOriginConfig") != nullptr) == (present(o, "S3OriginConfig") != nullptr))
    c.add(path, "unsupported configuration format (an origin needs exactly one of \"CustomOriginConfig\" and "
                "\"S3OriginConfig\")");
  if (Json* v = present(o, "ConnectionAttempts")) c.integer(*v, join(path, "ConnectionAttempts"), 1, 3);
  if (Json* v = present(o, "ConnectionTimeout")) c.integer(*v, join(path, "ConnectionTimeout"), 1, 10);
  if (Json* v = present(o, "CustomOriginConfig")) check_custom_origin_config(c, *v, join(path, "CustomOriginConfig"));
  for (const char* key : {"DomainName", "OriginAccessControlId"})
    if (Json* v = present(o, key)) string_or_cf(c, *v, join(path, key));
  if (Json* v = present(o, "OriginCustomHeaders"); v && c.list(*v, join(path, "OriginCustomHeaders"))) {
    const Path headers = join(path, "OriginCustomHeaders");
    for (size_t i = 0; i < v->size(); ++i) {
      Json& h = (*v)[i];
      const Path hp = join(headers, i);
      if (!c.object(h, hp)) continue;
      c.known_properties(h, hp, {"HeaderName", "HeaderValue"});
      for (const char* key : {"HeaderName", "HeaderValue"}) {
        c.required(h, hp, key);
        if (Json* x = present(h, key)) c.string(*x, join(hp, key));
      }
    }
  }
  if (Json* v = present(o, "OriginPath")) c.string(*v, join(path, "OriginPath"));
  if (Json* v = present(o, "S3OriginConfig")) check_s3_origin_config(c, *v, join(path, "S3OriginConfig"));
}

void check_origin(Checker& c, Json& o, const Path& path) {
  if (o.is_object()) return check_origin_object(c, o, path);
  if (o.is_string() && config::patterns::is_uri(o.get_ref<const std::string&>())) return;
  c.add(path, "unsupported configuration format (a URI such as \"https://example.com\" or \"s3://bucket\", or an "
              "origin object with \"DomainName\"), got " + describe(o));
}

void check_cache_policy(Checker& c, Json& p, const Path& path) {
  if (!c.object(p, path)) return;
  c.known_properties(p, path, {"id", "name"});
  const bool id = present(p, "id") != nullptr, name = present(p, "name") != nullptr;
  if (id == name) {
    c.add(path, "unsupported configuration format (give either \"id\" or \"name\")");
    return;
  }
  if (Json* v = present(p, "name")) c.string(*v, join(path, "name"), 1, SIZE_MAX);
  if (Json* v = present(p, "id"); v && !v->is_object()) c.string(*v, join(path, "id"), 1, SIZE_MAX);
}

}  // namespace

void check_cloud_front(Checker& c, Json& body, const Path& path) {
  if (!c.object(body, path)) return;
  c.known_properties(body, path,
                     {"behavior", "cachePolicy", "eventType", "isDefaultOrigin", "includeBody", "origin", "pathPattern"});
  if (Json* v = present(body, "behavior")) check_behavior(c, *v, join(path, "behavior"));
  if (Json* v = present(body, "cachePolicy")) check_cache_policy(c, *v, join(path, "cachePolicy"));
  if (Json* v = present(body, "eventType"))
    c.one_of(*v, join(path, "eventType"), {"viewer-request", "origin-request", "origin-response", "viewer-response"});
  for (const char* key : {"isDefaultOrigin", "includeBody"})
    if (Json* v = present(body, key)) c.boolean(*v, join(path, key));
  if (Json* v = present(body, "origin")) check_origin(c, *v, join(path, "origin"));
  if (Json* v = present(body, "pathPattern"); v && c.string(*v, join(path, "pathPattern")))
    c.pattern(*v, join(path, "pathPattern"), is_path_pattern, "must match pattern \"^([A-Za-z0-9_.*?$/~\"'@:+-]|&amp;)+$\"");
}

}  // namespace sls::compile::events
