// The `alb` event's parse step (osls events/alb/lib/validate.js): the events
// and provider.alb into alb::Model, with osls's compile-time errors.
#include <regex>

#include "aws/compile/events/alb_model.h"
#include "aws/compile/events/common.h"
#include "util/error.h"
#include "util/js_like.h"

namespace sls::compile::events::alb {
namespace {

// A value as a JavaScript template literal prints it.
std::string text(const Json& v) { return v.is_string() ? v.get<std::string>() : js::stringify(v); }

// osls's ALB_LISTENER_REGEXP: the load balancer id and the listener id.
void read_listener(const Json& arn, const std::string& fn, Event& out) {
  if (arn.is_object()) {
    if (const Json* ref = js::get_truthy(arn, "Ref")) {
      out.alb_id = out.listener_id = text(*ref);
      return;
    }
  }
  static const std::regex kListener(
      R"(^arn:aws[\w-]*:elasticloadbalancing:.+:listener\/app\/[\w-]+\/([\w-]+)\/([\w-]+)$)");
  std::smatch m;
  const std::string s = arn.is_string() ? arn.get<std::string>() : std::string();
  if (!arn.is_string() || !std::regex_match(s, m, kListener))
    throw UserError("Invalid ALB listenerArn in function \"" + fn + "\".", "ALB_INVALID_LISTENER_ARN");
  out.alb_id = m[1].str();
  out.listener_id = m[2].str();
}

Json as_list(const Json& v) { return v.is_array() ? v : Json::array({v}); }  // [].concat(v)

void read_conditions(const Json& conditions, const std::string& fn, Event& out) {
  for (auto [key, slot] : {std::pair{"path", &out.path}, {"host", &out.host}, {"method", &out.method},
                           {"header", &out.header}, {"ip", &out.ip}})
    if (const Json* v = js::get_truthy(conditions, key)) *slot = as_list(*v);
  if (const Json* q = js::get_truthy(conditions, "query")) out.query = *q;
  if (!conditions.is_object() || conditions.empty())
    throw UserError("Cannot setup \"alb\" event in \"" + fn + "\" function: At least one condition must be defined",
                    "ALB_NO_CONDITIONS");
}

std::vector<std::string> read_authorizers(const Json& names, const Model& m, const std::string& fn) {
  std::vector<std::string> out;
  for (const Json& name : as_list(names)) {
    const std::string n = text(name);
    if (!m.authorizers.count(n))
      throw UserError("No match for \"" + n + "\" in function \"" + fn + "\" found in registered ALB authorizers",
                      "ALB_MISSING_AUTHORIZER");
    out.push_back(n);
  }
  return out;
}

Event read_event(const events::Event& e, const Model& m) {
  const Json& body = *e.body;
  Event out;
  out.function = e.function;
  out.listener_arn = js::get(body, "listenerArn") ? body["listenerArn"] : Json();
  read_listener(out.listener_arn, e.function, out);
  out.priority = js::get(body, "priority") ? body["priority"] : Json();
  const Json* conditions = js::get(body, "conditions");
  read_conditions(conditions ? *conditions : Json::object(), e.function, out);
  if (const Json* v = option(e, "multiValueHeaders")) out.multi_value_headers = *v;
  if (const Json* v = option(e, "targetGroupName")) {
    if (!m.target_group_prefix.empty())
      throw UserError("ALB \"targetGroupName\" setting is exclusive with \"provider.alb.targetGroupPrefix\": "
                      "Please specify only one.",
                      "ALB_TARGET_GROUP_NAME_EXCLUSIVE");
    out.target_group_name = text(*v);
  }
  if (const Json* v = option(e, "authorizer")) out.authorizers = read_authorizers(*v, m, e.function);
  if (const Json* v = option(e, "healthCheck")) {
    HealthCheck hc;
    if (v->is_object()) hc.settings = *v;
    out.health_check = std::move(hc);
  }
  return out;
}

[[noreturn]] void priority_in_use(const Event& e, bool same_function) {
  std::string msg = "ALB event in function \"" + e.function + "\" cannot use priority \"" + text(e.priority) +
                    "\" because it is already in use.";
  if (same_function)
    msg += "\n  Events in the same function cannot use the same priority even if they have a different "
           "listenerArn.\n  This is a Serverless limitation that will be fixed in the next major release.";
  throw UserError(msg, "ALB_PRIORITY_ALREADY_IN_USE");
}

// osls checks the whole list for one kind of clash, then for the other: a
// same-function clash across listeners is reported first.
void check_priorities(const std::vector<Event>& events) {
  for (bool same_function : {true, false}) {
    for (size_t i = 0; i < events.size(); ++i) {
      for (size_t j = 0; j < i; ++j) {
        const Event& a = events[i];
        const Event& b = events[j];
        if (a.priority == b.priority && (a.listener_id == b.listener_id) != same_function &&
            (a.function == b.function) == same_function)
          priority_in_use(a, same_function);
      }
    }
  }
}

void read_provider(const PackageContext& ctx, Model& m) {
  const Json* alb = js::get(ctx.provider(), "alb");
  if (!js::truthy(alb)) return;
  if (const Json* prefix = js::get_truthy(*alb, "targetGroupPrefix")) m.target_group_prefix = text(*prefix);
  const Json* authorizers = js::get_truthy(*alb, "authorizers");
  if (!authorizers || !authorizers->is_object()) return;
  for (const auto& [name, config] : authorizers->items()) {
    Authorizer a{config.is_object() ? config : Json::object()};
    if (!js::truthy(js::get(a.config, "onUnauthenticatedRequest"))) a.config["onUnauthenticatedRequest"] = "deny";
    m.authorizers[name] = std::move(a);
  }
}

}  // namespace

bool Authorizer::cognito() const {
  const Json* type = js::get(config, "type");
  return type && *type == Json("cognito");
}

Model parse(const PackageContext& ctx, const Events& events) {
  Model m;
  read_provider(ctx, m);
  for (const events::Event& e : events)
    if (e.body->is_object()) m.events.push_back(read_event(e, m));
  check_priorities(m.events);
  return m;
}

}  // namespace sls::compile::events::alb
