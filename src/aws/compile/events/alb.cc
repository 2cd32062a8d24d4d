// The `alb` event's build step (osls events/alb/lib/target-groups.js,
// listener-rules.js, permissions.js) and its registry entry.
#include <iterator>

#include "aws/compile/cfn.h"
#include "aws/compile/events/alb_model.h"
#include "aws/compile/events/common.h"
#include "aws/naming.h"
#include "util/js_like.h"
#include "util/js_order.h"

namespace sls::compile::events {
namespace alb {
namespace {

// A value as a JavaScript template literal prints it (an absent one: "undefined").
std::string text(const Json& v) {
  if (v.is_null()) return "undefined";
  return v.is_string() ? v.get<std::string>() : js::stringify(v);
}

Json pair(const char* key, Json value) {
  Json o = Json::object();
  o[key] = std::move(value);
  return o;
}

Json key_value(std::string key, Json value) {
  Json o = Json::object();
  o["Key"] = std::move(key);
  o["Value"] = std::move(value);
  return o;
}

std::string target_group_id(const Event& e) {
  return naming::alb_target_group_logical_id(e.function, e.alb_id, js::truthy(e.multi_value_headers));
}

// The health check properties osls appends to a target group.
void add_health_check(Json& props, const std::optional<HealthCheck>& hc) {
  if (!hc) {
    props["HealthCheckEnabled"] = false;
    return;
  }
  const Json& s = hc->settings;
  auto setting = [&](const char* key, Json fallback) {
    const Json* v = js::get_non_null(s, key);
    return v ? *v : fallback;
  };
  props["HealthCheckEnabled"] = true;
  props["HealthCheckPath"] = setting("path", "/");
  props["HealthCheckIntervalSeconds"] = setting("intervalSeconds", 35);
  props["HealthCheckTimeoutSeconds"] = setting("timeoutSeconds", 30);
  props["HealthyThresholdCount"] = setting("healthyThresholdCount", 5);
  const Json* unhealthy = js::get_truthy(s, "unhealthyThresholdCount");
  props["UnhealthyThresholdCount"] = unhealthy ? *unhealthy : Json(5);
  const Json* matcher = js::get_truthy(s, "matcher");
  const Json* code = matcher ? js::get_truthy(*matcher, "httpCode") : nullptr;
  props["Matcher"] = pair("HttpCode", code ? *code : Json("200"));
}

Json target_group(const PackageContext& ctx, const Event& e, const std::string& prefix) {
  const std::string& service = ctx.service.name;
  const std::string& stage = ctx.service.stage;
  Json props = Json::object();
  props["TargetType"] = "lambda";
  props["Targets"] = Json::array({pair("Id", lambda_target(ctx, e.function))});
  props["Name"] = e.target_group_name
                      ? *e.target_group_name
                      : naming::alb_target_group_name(
                            prefix, naming::alb_target_group_name_tag(service, e.function, e.alb_id,
                                                                      js::truthy(e.multi_value_headers), stage));
  props["Tags"] = Json::array({key_value("Name", naming::alb_target_group_name_tag(service, e.function, e.alb_id,
                                                                                   false, stage))});
  props["TargetGroupAttributes"] =
      Json::array({key_value("lambda.multi_value_headers.enabled", e.multi_value_headers)});
  add_health_check(props, e.health_check);
  Json resource = cfn::resource("AWS::ElasticLoadBalancingV2::TargetGroup", std::move(props));
  Json depends = Json::array({naming::lambda_register_target_permission_logical_id(e.function)});
  if (std::string alias = lambda_target_alias(ctx, e.function); !alias.empty()) depends.push_back(alias);
  resource["DependsOn"] = std::move(depends);
  return resource;
}

// config[key] for each key osls lists, skipping those the authorizer lacks
// (JSON.stringify drops undefined members).
void copy_settings(Json& out, const Json& config,
                   std::initializer_list<std::pair<const char*, const char*>> keys) {
  for (const auto& [to, from] : keys)
    if (const Json* v = js::get(config, from)) out[to] = *v;
}

Json authenticate_action(const Authorizer& a, int order) {
  Json out = Json::object();
  Json config = Json::object();
  if (a.cognito()) {
    copy_settings(config, a.config,
                  {{"UserPoolArn", "userPoolArn"}, {"UserPoolClientId", "userPoolClientId"},
                   {"UserPoolDomain", "userPoolDomain"}});
  } else {
    copy_settings(config, a.config,
                  {{"AuthorizationEndpoint", "authorizationEndpoint"}, {"ClientId", "clientId"},
                   {"Issuer", "issuer"}, {"TokenEndpoint", "tokenEndpoint"},
                   {"UserInfoEndpoint", "userInfoEndpoint"}});
  }
  copy_settings(config, a.config,
                {{"OnUnauthenticatedRequest", "onUnauthenticatedRequest"},
                 {"AuthenticationRequestExtraParams", "requestExtraParams"}, {"Scope", "scope"},
                 {"SessionCookieName", "sessionCookieName"}, {"SessionTimeout", "sessionTimeout"}});
  if (!a.cognito()) {
    if (const Json* secret = js::get_truthy(a.config, "clientSecret")) config["ClientSecret"] = *secret;
    else config["UseExistingClientSecret"] = true;
  }
  out["Type"] = a.cognito() ? "authenticate-cognito" : "authenticate-oidc";
  out["Order"] = order;
  out[a.cognito() ? "AuthenticateCognitoConfig" : "AuthenticateOidcConfig"] = std::move(config);
  return out;
}

Json actions(const Model& m, const Event& e) {
  Json out = Json::array();
  int order = 0;
  for (const std::string& name : e.authorizers) out.push_back(authenticate_action(m.authorizers.at(name), ++order));
  Json forward = Json::object();
  forward["Type"] = "forward";
  forward["TargetGroupArn"] = cfn::ref(target_group_id(e));
  if (order) forward["Order"] = order + 1;
  out.push_back(std::move(forward));
  return out;
}

// {"Field": field, <key>: value}
Json condition(const char* field, const char* key, Json value) {
  Json c = Json::object();
  c["Field"] = field;
  c[key] = std::move(value);
  return c;
}

Json conditions(const Event& e) {
  Json out = Json::array();
  if (!e.path.is_null()) out.push_back(condition("path-pattern", "Values", e.path));
  if (!e.host.is_null()) out.push_back(condition("host-header", "HostHeaderConfig", pair("Values", e.host)));
  if (!e.method.is_null())
    out.push_back(condition("http-request-method", "HttpRequestMethodConfig", pair("Values", e.method)));
  if (!e.header.is_null()) {
    for (const Json& h : e.header) {
      Json config = Json::object();
      if (const Json* name = js::get(h, "name")) config["HttpHeaderName"] = *name;
      if (const Json* values = js::get(h, "values")) config["Values"] = *values;
      out.push_back(condition("http-header", "HttpHeaderConfig", std::move(config)));
    }
  }
  if (e.query.is_object()) {
    Json values = Json::array();
    const Json::object_t& query = e.query.get_ref<const Json::object_t&>();
    for (size_t i : js::key_order(query)) {  // Object.keys order
      const auto& [key, value] = *std::next(query.begin(), static_cast<std::ptrdiff_t>(i));
      values.push_back(key_value(key, value));
    }
    out.push_back(condition("query-string", "QueryStringConfig", pair("Values", std::move(values))));
  }
  if (!e.ip.is_null()) out.push_back(condition("source-ip", "SourceIpConfig", pair("Values", e.ip)));
  return out;
}

}  // namespace

void add_target_groups(PackageContext& ctx, const Model& m) {
  for (const Event& e : m.events) ctx.resources()[target_group_id(e)] = target_group(ctx, e, m.target_group_prefix);
}

void add_listener_rules(PackageContext& ctx, const Model& m) {
  for (const Event& e : m.events) {
    Json props = Json::object();
    props["Actions"] = actions(m, e);
    props["Conditions"] = conditions(e);
    props["ListenerArn"] = e.listener_arn;
    props["Priority"] = e.priority;
    ctx.resources()[naming::alb_listener_rule_logical_id(e.function, text(e.priority))] =
        cfn::resource("AWS::ElasticLoadBalancingV2::ListenerRule", std::move(props));
  }
}

// Per function: one permission for the target group (the last one written
// wins, as in osls) and one for registering the function as a target.
void add_permissions(PackageContext& ctx, const Model& m) {
  for (const Event& e : m.events) {
    Json register_target = lambda_permission(lambda_target(ctx, e.function), "elasticloadbalancing.amazonaws.com");
    if (std::string alias = lambda_target_alias(ctx, e.function); !alias.empty())
      register_target["DependsOn"] = Json::array({alias});
    Json invoke = register_target;
    invoke["Properties"]["SourceArn"] = cfn::ref(target_group_id(e));
    Json& resources = ctx.resources();
    resources[naming::lambda_alb_permission_logical_id(e.function)] = std::move(invoke);
    resources[naming::lambda_register_target_permission_logical_id(e.function)] = std::move(register_target);
  }
}

}  // namespace alb

void compile_alb(PackageContext& ctx, const Events& events) {
  const alb::Model m = alb::parse(ctx, events);
  if (m.events.empty()) return;
  alb::add_target_groups(ctx, m);
  alb::add_listener_rules(ctx, m);
  alb::add_permissions(ctx, m);
}

}  // namespace sls::compile::events
