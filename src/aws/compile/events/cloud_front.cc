// The `cloudFront` event (Lambda@Edge, osls events/cloud-front.js): one
// AWS::CloudFront::Distribution built from every event (origins and cache
// behaviors merged), the cache policies of provider.cloudFront.cachePolicies,
// an edgelambda.amazonaws.com invoke permission on each function's version, the
// shared role opened to Lambda@Edge, and the distribution's id and domain outputs.
// Before that, osls's Lambda@Edge limits (package:initialize) and its defaults
// for the functions (before:package:compileFunctions: versioned, 128 MB, 5 s).
#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "aws/compile/cfn.h"
#include "aws/compile/events/common.h"
#include "aws/compile/events/registry.h"
#include "aws/naming.h"
#include "util/error.h"
#include "util/js_like.h"

namespace sls::compile::events {
namespace {

constexpr const char* kManagedCachingOptimized = "658327ea-f89d-4fab-a63d-7e88639e58f6";

struct Limits {
  long long max_timeout;
  long long max_memory_size;
};

Limits edge_limits(std::string_view event_type) {
  if (event_type == "origin-request" || event_type == "origin-response") return {30, 10240};
  return {5, 128};
}

// What Node.js's legacy url.parse() gives for the parts osls reads.
struct ParsedUrl {
  std::string protocol;  // lower case, with the colon ("s3:")
  Json hostname;         // lower case; null when the URL has none
  std::string pathname;  // "" when none
};

ParsedUrl parse_url(std::string text) {
  ParsedUrl u;
  size_t colon = text.find(':');
  u.protocol = text.substr(0, colon + 1);
  std::transform(u.protocol.begin(), u.protocol.end(), u.protocol.begin(), ::tolower);
  std::string rest = text.substr(colon + 1);
  size_t query = rest.find_first_of("?#");
  std::replace(rest.begin(), rest.begin() + static_cast<long>(std::min(query, rest.size())), '\\', '/');
  const bool slashes = rest.starts_with("//");
  static const std::set<std::string> kSlashed = {"http:", "https:", "ftp:", "gopher:", "file:"};
  const bool slashed_protocol = kSlashed.count(u.protocol) > 0;
  if (slashes || !slashed_protocol) {
    if (slashes) rest.erase(0, 2);
    size_t end = rest.find_first_of("/?#");
    std::string host = rest.substr(0, end);
    rest = end == std::string::npos ? "" : rest.substr(end);
    if (size_t at = host.rfind('@'); at != std::string::npos) host.erase(0, at + 1);
    if (host.starts_with('[')) {
      host = host.substr(1, host.find(']') - 1);
    } else if (size_t port = host.rfind(':'); port != std::string::npos) {
      host.erase(port);
    }
    std::transform(host.begin(), host.end(), host.begin(), ::tolower);
    u.hostname = host;
  }
  u.pathname = rest.substr(0, rest.find_first_of("?#"));
  if (u.pathname.empty() && slashed_protocol && !u.hostname.is_null()) u.pathname = "/";
  return u;
}

// osls's createOrigin: a URI becomes an S3 (s3://) or custom origin; an object is
// taken as it is; either gets its Id.
Json make_origin(const Json& origin) {
  Json o = Json::object();
  if (origin.is_string()) {
    ParsedUrl u = parse_url(origin.get<std::string>());
    o["DomainName"] = u.hostname;
    if (u.pathname.size() > 1) o["OriginPath"] = u.pathname;
    if (u.protocol == "s3:") o["S3OriginConfig"] = Json::object();
    else o["CustomOriginConfig"] = {{"OriginProtocolPolicy", "match-viewer"}};
  } else {
    js::shallow_assign(o, origin);
  }
  const Json* domain = js::get(o, "DomainName");
  const std::string domain_name = domain && domain->is_string() ? domain->get<std::string>()
                                  : naming::normalize_name_alnum(domain ? js::stringify(*domain) : "");
  const Json* path = js::get_truthy(o, "OriginPath");
  o["Id"] = naming::cloud_front_origin_id(js::truthy(js::get(o, "S3OriginConfig")), domain_name,
                                          path && path->is_string() ? path->get<std::string>() : "");
  return o;
}

// `items` without repeats (deep equality), first occurrences kept.
Json unique_items(const Json& items) {
  Json out = Json::array();
  for (const Json& item : items)
    if (std::find(out.begin(), out.end(), item) == out.end()) out.push_back(item);
  return out;
}

// osls's extendDeep: lists are concatenated without repeats, objects merged
// recursively, other values only fill in what `target` lacks.
void extend_deep(Json& target, const Json& source) {
  for (const auto& [key, value] : source.items()) {
    auto it = target.find(key);
    if (it == target.end()) {
      target[key] = value;
    } else if (it->is_array() && value.is_array()) {
      Json all = *it;
      all.insert(all.end(), value.begin(), value.end());
      *it = unique_items(all);
    } else if (it->is_object() && value.is_object()) {
      extend_deep(*it, value);
    }
  }
}

// The distribution being built, with what the events ask of it.
struct Distribution {
  Json origins = Json::array();
  Json behaviors = Json::array();
  std::optional<size_t> default_origin;  // index into origins
  std::vector<std::pair<std::string, std::string>> edge_functions;  // function, version logical id
  std::set<std::string> cache_policies;
  std::vector<std::string> unused_cache_policies;  // in config order, as osls warns
};

// Adds the event's origin (merged into an equal-Id one) and returns its index.
size_t add_origin(Distribution& d, const Event& e) {
  const Json* origin = js::get_non_null(*e.body, "origin");
  if (!origin)  // osls stops with a TypeError here
    event_error(e, "\"origin\" is missing: give the origin as a URI (\"https://example.com\", "
                   "\"s3://bucket.s3.amazonaws.com\") or as an origin object with \"DomainName\"",
                "CLOUDFRONT_MISSING_ORIGIN");
  Json o = make_origin(*origin);
  for (size_t i = 0; i < d.origins.size(); ++i) {
    if (d.origins[i]["Id"] != o["Id"]) continue;
    extend_deep(d.origins[i], o);
    return i;
  }
  d.origins.push_back(std::move(o));
  return d.origins.size() - 1;
}

Json cache_policy_id(Distribution& d, const Json& policy) {
  const Json* id = js::get_truthy(policy, "id");
  const Json* name = js::get_truthy(policy, "name");
  std::string policy_name = name && name->is_string() ? name->get<std::string>() : "";
  if (name) {
    if (!d.cache_policies.count(policy_name))
      throw UserError("Event references not configured cache policy '" + policy_name + "'",
                      "UNRECOGNIZED_CLOUDFRONT_CACHE_POLICY");
    std::erase(d.unused_cache_policies, policy_name);
  }
  return id ? *id : cfn::ref(naming::cloud_front_cache_policy_logical_id(policy_name));
}

Json make_behavior(Distribution& d, const Event& e, const std::string& origin_id, const std::string& version) {
  const Json& body = *e.body;
  Json b = {{"ViewerProtocolPolicy", "allow-all"}};
  bool default_policy = true;
  if (const Json* user = js::get_truthy(body, "behavior")) {
    js::shallow_assign(b, *user);
    if (const Json* id = js::get_truthy(*user, "CachePolicyId")) {
      b["CachePolicyId"] = *id;
      default_policy = false;
    }
    if (js::truthy(js::get(*user, "ForwardedValues")) || js::get_non_null(*user, "MaxTTL") ||
        js::get_non_null(*user, "MinTTL") || js::get_non_null(*user, "DefaultTTL"))
      default_policy = false;
  }
  if (const Json* policy = js::get_truthy(body, "cachePolicy")) {
    b["CachePolicyId"] = cache_policy_id(d, *policy);
    default_policy = false;
  }
  if (default_policy) b["CachePolicyId"] = kManagedCachingOptimized;
  Json association = Json::object();
  if (const Json* t = js::get(body, "eventType")) association["EventType"] = *t;
  association["LambdaFunctionARN"] = cfn::ref(version);
  if (const Json* v = js::get_non_null(body, "includeBody")) association["IncludeBody"] = *v;
  b["TargetOriginId"] = origin_id;
  b["LambdaFunctionAssociations"] = Json::array({std::move(association)});
  if (const Json* p = js::get_truthy(body, "pathPattern"); p && p->is_string()) b["PathPattern"] = *p;
  return b;
}

void add_behavior(Distribution& d, Json b) {
  static const Json kNone;
  for (Json& existing : d.behaviors) {
    const Json* p1 = js::get(existing, "PathPattern");
    const Json* p2 = js::get(b, "PathPattern");
    if ((p1 ? *p1 : kNone) == (p2 ? *p2 : kNone) && existing["TargetOriginId"] == b["TargetOriginId"]) {
      extend_deep(existing, b);
      return;
    }
  }
  d.behaviors.push_back(std::move(b));
}

// The function's resource as Lambda@Edge wants it: no VPC, no environment, retained.
void adapt_function(PackageContext& ctx, const std::string& fn) {
  auto it = ctx.resources().find(naming::lambda_logical_id(fn));
  if (it == ctx.resources().end()) return;
  if (auto props = it->find("Properties"); props != it->end() && props->is_object()) {
    props->erase("VpcConfig");
    props->erase("Environment");
  }
  (*it)["DeletionPolicy"] = "Retain";
}

void add_event(PackageContext& ctx, Distribution& d, const Event& e) {
  adapt_function(ctx, e.function);
  auto v = ctx.version_logical_ids.find(e.function);
  const std::string version = v == ctx.version_logical_ids.end() ? "" : v->second;
  const size_t origin = add_origin(d, e);
  if (js::truthy(js::get(*e.body, "isDefaultOrigin"))) {
    if (d.default_origin && *d.default_origin != origin)
      throw UserError("Found more than one cloudfront event with \"isDefaultOrigin\" defined",
                      "CLOUDFRONT_MULTIPLE_DEFAULT_ORIGIN_EVENTS");
    d.default_origin = origin;
  }
  add_behavior(d, make_behavior(d, e, d.origins[origin]["Id"].get<std::string>(), version));
  d.edge_functions.emplace_back(e.function, version);
}

void compile_cache_policies(PackageContext& ctx, Distribution& d) {
  const Json* config = js::get(ctx.provider(), "cloudFront");
  const Json* policies = config ? js::get_truthy(*config, "cachePolicies") : nullptr;
  if (!policies || !policies->is_object()) return;
  for (const auto& [name, policy] : policies->items()) {
    d.cache_policies.insert(name);
    d.unused_cache_policies.push_back(name);
    Json config_out = Json::object();
    if (policy.is_object()) js::shallow_assign(config_out, policy);
    config_out["Name"] = naming::cloud_front_cache_policy_name(ctx.service.name, ctx.service.stage, name);
    ctx.resources()[naming::cloud_front_cache_policy_logical_id(name)] =
        cfn::resource("AWS::CloudFront::CachePolicy", {{"CachePolicyConfig", std::move(config_out)}});
  }
}

// Each key's values distinct across `items` (a missing key counts as one value).
bool distinct_by(const Json& items, const char* key) {
  std::set<std::string> seen;
  for (const Json& item : items) {
    const Json* v = js::get(item, key);
    if (!seen.insert(v ? v->dump() : "\x01").second) return false;
  }
  return true;
}

void check_behaviors(const PackageContext& ctx, const Distribution& d) {
  if (ctx.service.region != "us-east-1")
    throw UserError("CloudFront associated functions have to be deployed to the us-east-1 region.",
                    "CLOUDFRONT_INVALID_REGION");
  if (!distinct_by(d.behaviors, "PathPattern"))
    throw UserError("Found more than one behavior with the same PathPattern",
                    "CLOUDFRONT_MULTIPLE_BEHAVIORS_FOR_SINGLE_PATH_PATTERN");
  for (const Json& b : d.behaviors)
    if (!distinct_by(b["LambdaFunctionAssociations"], "EventType"))
      throw UserError("The event type of a function association must be unique in the cache behavior",
                      "CLOUDFRONT_EVENT_TYPE_NON_UNIQUE_CACHE_BEHAVIOR");
}

// Behaviors without a PathPattern first (a stable sort); when every behavior has
// one, a default behavior copied from the first, pointing at the default origin.
void order_behaviors(Distribution& d) {
  std::stable_partition(d.behaviors.begin(), d.behaviors.end(),
                        [](const Json& b) { return !js::truthy(js::get(b, "PathPattern")); });
  if (!js::truthy(js::get(d.behaviors[0], "PathPattern"))) return;
  if (!d.default_origin && d.origins.size() > 1)
    throw UserError("Found more than one origin but none of the cloudfront event has \"isDefaultOrigin\" defined",
                    "CLOUDFRONT_MULTIPLE_DEFAULT_ORIGIN_EVENTS");
  Json b = Json::object();
  for (const auto& [key, value] : d.behaviors[0].items())
    if (key != "PathPattern" && key != "LambdaFunctionAssociations") b[key] = value;
  b["TargetOriginId"] = d.origins[d.default_origin.value_or(0)]["Id"];
  d.behaviors.insert(d.behaviors.begin(), std::move(b));
}

Json distribution_arn() {
  return cfn::join("", {"", "arn:", cfn::ref("AWS::Partition"), ":cloudfront::", cfn::ref("AWS::AccountId"),
                        ":distribution/", cfn::ref(naming::kCloudFrontDistributionLogicalId)});
}

// The shared role: assumable by Lambda@Edge, and writing logs in every region.
void open_role(PackageContext& ctx) {
  auto role = ctx.resources().find(naming::kRoleLogicalId);
  if (role == ctx.resources().end()) return;  // osls only reminds the user (a notice)
  Json* statements = &(*role)["Properties"]["AssumeRolePolicyDocument"]["Statement"];
  for (Json& s : *statements) {
    Json* service = s.contains("Principal") ? &s["Principal"]["Service"] : nullptr;
    if (service && service->is_array() &&
        std::find(service->begin(), service->end(), Json("lambda.amazonaws.com")) != service->end()) {
      service->push_back("edgelambda.amazonaws.com");
      break;
    }
  }
  add_role_statement(ctx, {{"Effect", "Allow"},
                           {"Action", {"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents",
                                       "logs:TagResource"}},
                           {"Resource", Json::array({cfn::sub("arn:${AWS::Partition}:logs:*:*:*")})}});
}

void add_distribution(PackageContext& ctx, Distribution& d) {
  Json config = Json::object();
  config["Comment"] = ctx.service.name + " " + ctx.service.stage;
  config["Enabled"] = true;
  config["DefaultCacheBehavior"] = d.behaviors[0];
  config["Origins"] = d.origins;
  if (d.behaviors.size() > 1) config["CacheBehaviors"] = Json(Json::array_t(d.behaviors.begin() + 1, d.behaviors.end()));
  const std::string id = naming::kCloudFrontDistributionLogicalId;
  ctx.resources()[id] = cfn::resource("AWS::CloudFront::Distribution", {{"DistributionConfig", std::move(config)}});
  ctx.outputs()[id] = {{"Description", "CloudFront Distribution Id"}, {"Value", cfn::ref(id)}};
  ctx.outputs()[naming::kCloudFrontDistributionDomainNameLogicalId] = {
      {"Description", "CloudFront Distribution Domain Name"}, {"Value", cfn::get_att(id, "DomainName")}};
}

}  // namespace

void check_cloud_front_limits(PackageContext& ctx) {
  for (const Event& e : collect_events(ctx, "cloudFront")) {
    const Json* type = js::get(*e.body, "eventType");
    const std::string event_type = type && type->is_string() ? type->get<std::string>() : "default";
    const Limits limits = edge_limits(event_type);
    const Json& fn = function_config(ctx, e.function);
    const Json* memory = js::get_truthy(fn, "memorySize");
    if (memory && memory->is_number() && memory->get<double>() > static_cast<double>(limits.max_memory_size))
      throw UserError("\"" + e.function + "\" memorySize is greater than " + std::to_string(limits.max_memory_size) +
                          " which is not supported by Lambda@Edge functions of type \"" + event_type + "\"",
                      "LAMBDA_EDGE_UNSUPPORTED_MEMORY_SIZE");
    const Json* timeout = js::get_truthy(fn, "timeout");
    if (timeout && timeout->is_number() && timeout->get<double>() > static_cast<double>(limits.max_timeout))
      throw UserError("\"" + e.function + "\" timeout is greater than " + std::to_string(limits.max_timeout) +
                          " which is not supported by Lambda@Edge functions of type \"" + event_type + "\"",
                      "LAMBDA_EDGE_UNSUPPORTED_TIMEOUT_VALUE");
  }
}

void prepare_cloud_front_functions(PackageContext& ctx) {
  std::set<std::string> done;
  for (const Event& e : collect_events(ctx, "cloudFront")) {
    if (!done.insert(e.function).second) continue;
    Json& fn = ctx.service.config["functions"][e.function];
    if (!fn.is_object()) continue;
    fn["versionFunction"] = true;
    if (!js::truthy(js::get(fn, "memorySize"))) fn["memorySize"] = 128;
    if (!js::truthy(js::get(fn, "timeout"))) fn["timeout"] = 5;
  }
}

std::string cloud_front_remove_reminder(const Json& functions) {
  if (!functions.is_object()) return "";
  for (const auto& [name, fn] : functions.items()) {
    const Json* events = js::get(fn, "events");
    if (!events || !events->is_array()) continue;
    for (const Json& e : *events)
      if (e.is_object() && !e.empty() && e.begin().key() == "cloudFront")
        return "Don't forget to manually remove your Lambda@Edge functions once the CloudFront distribution removal "
               "is successfully propagated!";
  }
  return "";
}

void compile_cloud_front(PackageContext& ctx, const Events& events) {
  Distribution d;
  compile_cache_policies(ctx, d);
  for (const Event& e : events) add_event(ctx, d, e);
  for (const std::string& name : d.unused_cache_policies)
    ctx.warnings.push_back("Setting \"provider.cloudFront.cachePolicies." + name +
                           "\" is not used by any cloudFront event configuration.");
  if (d.edge_functions.empty()) return;
  check_behaviors(ctx, d);
  order_behaviors(d);
  for (const auto& [fn, version] : d.edge_functions)
    ctx.resources()[naming::lambda_at_edge_invoke_permission_logical_id(fn)] =
        lambda_permission(cfn::ref(version), "edgelambda.amazonaws.com", distribution_arn());
  open_role(ctx);
  add_distribution(ctx, d);
}

}  // namespace sls::compile::events
