// The `alb` event (osls events/alb), parsed once from the events and
// provider.alb, then built into target groups, listener rules and permissions.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "aws/compile/events/registry.h"
#include "util/json.h"

namespace sls::compile::events::alb {

// One entry of provider.alb.authorizers (type cognito or oidc).
struct Authorizer {
  Json config;  // the authorizer's settings, onUnauthenticatedRequest defaulted to "deny"
  bool cognito() const;
};

// healthCheck: true, or its object (any field may be absent).
struct HealthCheck {
  Json settings = Json::object();
};

struct Event {
  std::string function;
  std::string alb_id;       // the load balancer id of a listener ARN, or the Ref'd logical id
  std::string listener_id;  // the listener id of the ARN, or the Ref'd logical id
  Json listener_arn;        // as written (a string or {Ref: ...})
  Json priority;            // as written (an integer after validation)
  // Each condition kind as a list (query: its object), null when absent.
  Json path, host, method, header, query, ip;
  Json multi_value_headers = false;  // as written when truthy
  std::optional<std::string> target_group_name;
  std::vector<std::string> authorizers;  // names in provider.alb.authorizers
  std::optional<HealthCheck> health_check;
};

struct Model {
  std::vector<Event> events;                       // config order
  std::map<std::string, Authorizer> authorizers;   // by name
  std::string target_group_prefix;                 // provider.alb.targetGroupPrefix or ""
};

// Reads provider.alb and the events, with osls's compile-time checks (no
// conditions, bad listener ARN, unknown authorizer, targetGroupName with a
// prefix, priority clashes).
Model parse(const PackageContext& ctx, const Events& events);

// The resources, in osls's order: all target groups, all listener rules, all permissions.
void add_target_groups(PackageContext& ctx, const Model& m);
void add_listener_rules(PackageContext& ctx, const Model& m);
void add_permissions(PackageContext& ctx, const Model& m);

}  // namespace sls::compile::events::alb
