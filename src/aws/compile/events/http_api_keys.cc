// provider.apiGateway.apiKeys and usagePlan: ApiKey, UsagePlan and
// UsagePlanKey resources (api-keys.js, usage-plan.js, usage-plan-keys.js).
#include <algorithm>

#include "aws/compile/events/http_model.h"
#include "aws/naming.h"
#include "util/error.h"

namespace sls::compile::events::http {
namespace {

// The first key of an apiKeys entry as JavaScript's Object.keys sees it
// ("0" for a string entry).
std::string first_key(const Json& definition) {
  if (definition.is_object() && !definition.empty()) return definition.begin().key();
  if (definition.is_string() && !definition.get<std::string>().empty()) return "0";
  return "undefined";
}

std::vector<std::string> plan_names(const Json& usage_plan) {
  std::vector<std::string> names;
  if (!usage_plan.is_array()) return names;
  for (const auto& plan : usage_plan)
    if (plan.is_object())
      for (const auto& [name, value] : plan.items()) names.push_back(name);
  return names;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

Json api_key_resource(const HttpCompilation& c, const Json& key) {
  Json props = Json::object();
  const bool is_object = key.is_object();
  props["Enabled"] = is_object && key.contains("enabled") && !key["enabled"].is_null()
                         ? key["enabled"] : Json(true);
  if (key.is_string()) props["Name"] = key;
  else if (is_object && key.contains("name")) props["Name"] = key["name"];
  if (is_object && key.contains("value") && truthy(key["value"])) props["Value"] = key["value"];
  if (is_object && key.contains("description")) props["Description"] = key["description"];
  if (is_object && key.contains("customerId")) props["CustomerId"] = key["customerId"];
  props["StageKeys"] = Json::array(
      {{{"RestApiId", c.rest_api_id()}, {"StageName", c.ctx.service.stage}}});
  return {{"Type", "AWS::ApiGateway::ApiKey"},
          {"Properties", props},
          {"DependsOn", c.deployment_logical_id}};
}

Json quota(const Json& q) {
  Json out = Json::object();
  if (q.contains("limit")) out["Limit"] = q["limit"];
  if (q.contains("offset")) out["Offset"] = q["offset"];
  if (q.contains("period")) out["Period"] = q["period"];
  return out;
}

Json throttle(const Json& t) {
  Json out = Json::object();
  if (t.contains("burstLimit")) out["BurstLimit"] = t["burstLimit"];
  if (t.contains("rateLimit")) out["RateLimit"] = t["rateLimit"];
  return out;
}

Json usage_plan_resource(const HttpCompilation& c, const std::string& name, const Json& usage_plan) {
  const std::string& service = c.ctx.service.name;
  const std::string& stage = c.ctx.service.stage;
  Json props = Json::object();
  props["ApiStages"] = Json::array({{{"ApiId", c.rest_api_id()}, {"Stage", stage}}});
  if (name == "default") {
    props["Description"] = "Usage plan for " + service + " " + stage + " stage";
    props["UsagePlanName"] = service + "-" + stage;
    if (usage_plan.is_object() && usage_plan.contains("quota") && truthy(usage_plan["quota"]))
      props["Quota"] = quota(usage_plan["quota"]);
    if (usage_plan.is_object() && usage_plan.contains("throttle") && truthy(usage_plan["throttle"]))
      props["Throttle"] = throttle(usage_plan["throttle"]);
  } else {
    props["Description"] = "Usage plan \"" + name + "\" for " + service + " " + stage + " stage";
    props["UsagePlanName"] = service + "-" + name + "-" + stage;
    Json q = Json::object(), t = Json::object();
    for (const auto& plan : usage_plan) {
      if (!plan.is_object() || !plan.contains(name) || !plan[name].is_object()) continue;
      if (plan[name].contains("quota") && truthy(plan[name]["quota"])) q = plan[name]["quota"];
      if (plan[name].contains("throttle") && truthy(plan[name]["throttle"])) t = plan[name]["throttle"];
    }
    if (q.is_object() && !q.empty()) props["Quota"] = quota(q);
    if (t.is_object() && !t.empty()) props["Throttle"] = throttle(t);
  }
  return {{"Type", "AWS::ApiGateway::UsagePlan"},
          {"DependsOn", c.deployment_logical_id},
          {"Properties", props}};
}

Json usage_plan_key_resource(const std::string& plan_logical_id, const std::string& key_logical_id) {
  return {{"Type", "AWS::ApiGateway::UsagePlanKey"},
          {"Properties",
           {{"KeyId", {{"Ref", key_logical_id}}},
            {"KeyType", "API_KEY"},
            {"UsagePlanId", {{"Ref", plan_logical_id}}}}}};
}

const Json& setting(const HttpCompilation& c, const char* key) {
  static const Json kNull;
  const Json& ag = c.api_gateway();
  return ag.contains(key) ? ag[key] : kNull;
}

}  // namespace

void compile_api_keys(HttpCompilation& c) {
  const Json& api_keys = setting(c, "apiKeys");
  if (!truthy(api_keys)) return;
  if (!api_keys.is_array()) {
    throw UserError("provider.apiGateway.apiKeys must be a list of keys", "INVALID_CONFIG");
  }
  const std::vector<std::string> plans = plan_names(setting(c, "usagePlan"));
  int number = 0;
  for (const auto& definition : api_keys) {
    const std::string name = first_key(definition);
    if (definition.is_object() && contains(plans, name)) {
      number = 0;
      for (const auto& key : definition[name]) {
        ++number;
        c.ctx.resources()[naming::api_key_logical_id(number, name)] = api_key_resource(c, key);
      }
    } else {
      ++number;
      c.ctx.resources()[naming::api_key_logical_id(number)] = api_key_resource(c, definition);
    }
  }
}

void compile_usage_plans(HttpCompilation& c) {
  const Json& usage_plan = setting(c, "usagePlan");
  if (!truthy(usage_plan) && !truthy(setting(c, "apiKeys"))) return;
  if (usage_plan.is_array()) {
    for (const auto& plan : usage_plan) {
      const std::string name = first_key(plan);
      c.ctx.resources()[naming::usage_plan_logical_id(name)] = usage_plan_resource(c, name, usage_plan);
      c.usage_plan_names.push_back(name);
    }
  } else {
    c.ctx.resources()[naming::usage_plan_logical_id()] = usage_plan_resource(c, "default", usage_plan);
    c.usage_plan_names.push_back("default");
  }
}

void compile_usage_plan_keys(HttpCompilation& c) {
  const Json& api_keys = setting(c, "apiKeys");
  if (!truthy(api_keys) || !api_keys.is_array()) return;
  int number = 0;
  for (const auto& definition : api_keys) {
    const std::string name = first_key(definition);
    const bool has_plan = contains(c.usage_plan_names, name);
    const bool value_is_object = definition.is_object() && !definition.empty() &&
                                 definition.begin().value().is_object();
    if (!c.usage_plan_names.empty() && !has_plan && value_is_object) {
      throw UserError("API key \"" + name + "\" has no usage plan defined",
                      "API_GATEWAY_KEY_WITHOUT_USAGE_PLAN");
    }
    if (definition.is_object() && has_plan) {
      number = 0;
      for (size_t i = 0; i < definition[name].size(); ++i) {
        ++number;
        c.ctx.resources()[naming::usage_plan_key_logical_id(number, name)] = usage_plan_key_resource(
            naming::usage_plan_logical_id(name), naming::api_key_logical_id(number, name));
      }
    } else {
      ++number;
      c.ctx.resources()[naming::usage_plan_key_logical_id(number)] = usage_plan_key_resource(
          naming::usage_plan_logical_id(), naming::api_key_logical_id(number));
    }
  }
}

}  // namespace sls::compile::events::http
