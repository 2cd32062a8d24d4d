#include "config/provider_cloud_front.h"

namespace sls::config {
namespace {

using schema::Checker;
using schema::Path;
using schema::join;
using schema::present;

void string_list(Checker& c, Json& v, const Path& path) {
  if (!c.list(v, path)) return;
  for (size_t i = 0; i < v.size(); ++i) c.string(v[i], join(path, i));
}

// {<behavior>: one of `behaviors`, <list>: strings}, the behavior required.
void check_key_config(Checker& c, Json& v, const Path& path, const char* behavior, const char* list,
                      const std::vector<std::string_view>& behaviors) {
  if (!c.object(v, path)) return;
  c.known_properties(v, path, {behavior, list});
  c.required(v, path, behavior);
  if (Json* b = present(v, behavior)) c.one_of(*b, join(path, behavior), behaviors);
  if (Json* l = present(v, list)) string_list(c, *l, join(path, list));
}

void check_parameters(Checker& c, Json& v, const Path& path) {
  if (!c.object(v, path)) return;
  c.known_properties(v, path, {"CookiesConfig", "EnableAcceptEncodingBrotli", "EnableAcceptEncodingGzip",
                               "HeadersConfig", "QueryStringsConfig"});
  for (const char* key : {"CookiesConfig", "EnableAcceptEncodingGzip", "HeadersConfig", "QueryStringsConfig"})
    c.required(v, path, key);
  if (Json* x = present(v, "CookiesConfig"))
    check_key_config(c, *x, join(path, "CookiesConfig"), "CookieBehavior", "Cookies",
                     {"none", "whitelist", "allExcept", "all"});
  for (const char* key : {"EnableAcceptEncodingBrotli", "EnableAcceptEncodingGzip"})
    if (Json* x = present(v, key)) c.boolean(*x, join(path, key));
  if (Json* x = present(v, "HeadersConfig"))
    check_key_config(c, *x, join(path, "HeadersConfig"), "HeaderBehavior", "Headers", {"none", "whitelist"});
  if (Json* x = present(v, "QueryStringsConfig"))
    check_key_config(c, *x, join(path, "QueryStringsConfig"), "QueryStringBehavior", "QueryStrings",
                     {"none", "whitelist", "allExcept", "all"});
}

void check_cache_policy(Checker& c, Json& p, const Path& path) {
  if (!c.object(p, path)) return;
  c.known_properties(p, path, {"Comment", "DefaultTTL", "MaxTTL", "MinTTL", "ParametersInCacheKeyAndForwardedToOrigin"});
  for (const char* key : {"DefaultTTL", "MaxTTL", "MinTTL", "ParametersInCacheKeyAndForwardedToOrigin"})
    c.required(p, path, key);
  if (Json* v = present(p, "Comment")) c.string(*v, join(path, "Comment"));
  for (const char* key : {"DefaultTTL", "MaxTTL", "MinTTL"})
    if (Json* v = present(p, key)) c.integer(*v, join(path, key), 0);
  if (Json* v = present(p, "ParametersInCacheKeyAndForwardedToOrigin"))
    check_parameters(c, *v, join(path, "ParametersInCacheKeyAndForwardedToOrigin"));
}

}  // namespace

void check_provider_cloud_front(Checker& c, Json& cloud_front, const Path& path) {
  if (!c.object(cloud_front, path)) return;
  c.known_properties(cloud_front, path, {"cachePolicies"});
  Json* policies = present(cloud_front, "cachePolicies");
  const Path pp = join(path, "cachePolicies");
  if (!policies || !c.object(*policies, pp)) return;
  for (auto& [name, policy] : policies->items()) check_cache_policy(c, policy, join(pp, name));
}

}  // namespace sls::config
