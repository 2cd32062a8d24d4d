// The `iotFleetProvisioning` event (osls events/iot-fleet-provisioning.js): at
// most one per function, an AWS::IoT::ProvisioningTemplate whose pre-provisioning
// hook is the function, and the AWS::Lambda::Permission letting IoT invoke it.
#include <set>

#include "aws/compile/events/common.h"
#include "aws/compile/events/registry.h"
#include "aws/naming.h"
#include "util/error.h"
#include "util/js_like.h"

namespace sls::compile::events {
namespace {

struct FleetProvisioningEvent {
  Json provisioning_role_arn;
  Json template_body;
  Json enabled = true;
  Json template_name;  // null: none
};

FleetProvisioningEvent parse(const Event& e) {
  FleetProvisioningEvent p;
  const Json& body = *e.body;
  if (const Json* v = js::get(body, "provisioningRoleArn")) p.provisioning_role_arn = *v;
  if (const Json* v = js::get(body, "templateBody")) p.template_body = *v;
  if (!p.template_body.is_object())
    event_error(e, "\"templateBody\" must be the provisioning template (an object)", "IOT_FLEET_PROVISIONING_NO_TEMPLATE");
  if (const Json* v = js::get(body, "enabled")) p.enabled = *v;
  if (const Json* v = option(e, "templateName")) p.template_name = *v;
  return p;
}

Json provisioning_template(const Json& target, const std::string& permission_id, const std::string& alias,
                           const FleetProvisioningEvent& p) {
  Json props = Json::object();
  props["Enabled"] = p.enabled;
  props["PreProvisioningHook"] = {{"TargetArn", target}};
  props["ProvisioningRoleArn"] = p.provisioning_role_arn;
  props["TemplateBody"] = js::stringify(p.template_body);
  if (!p.template_name.is_null()) props["TemplateName"] = p.template_name;
  Json depends_on = Json::array({permission_id});
  if (!alias.empty()) depends_on.push_back(alias);
  return {{"Type", "AWS::IoT::ProvisioningTemplate"}, {"Properties", std::move(props)}, {"DependsOn", depends_on}};
}

}  // namespace

void check_iot_fleet_provisioning(Checker& c, Json& body, const Path& path) {
  if (!c.object(body, path)) return;
  c.known_properties(body, path, {"enabled", "provisioningRoleArn", "templateBody", "templateName"});
  c.required(body, path, "templateBody");
  c.required(body, path, "provisioningRoleArn");
  if (Json* v = present(body, "enabled")) c.boolean(*v, join(path, "enabled"));
  if (Json* v = present(body, "provisioningRoleArn")) check_arn(c, *v, join(path, "provisioningRoleArn"));
  if (Json* v = present(body, "templateBody")) c.object(*v, join(path, "templateBody"));
  if (Json* v = present(body, "templateName")) c.string(*v, join(path, "templateName"));
}

void compile_iot_fleet_provisioning(PackageContext& ctx, const Events& events) {
  std::set<std::string> seen;
  for (const Event& e : events)
    if (!seen.insert(e.function).second)
      throw UserError("Found more than one iotFleetProvision event for function " + e.function,
                      "MULTIPLE_IOT_PROVISIONING_TEMPLATE_HOOK");
  for (const Event& e : events) {
    const FleetProvisioningEvent p = parse(e);
    const Json target = lambda_target(ctx, e.function);
    const std::string alias = lambda_target_alias(ctx, e.function);
    const std::string permission_id = naming::lambda_iot_fleet_provisioning_permission_logical_id(e.function);
    ctx.resources()[naming::iot_fleet_provisioning_logical_id(e.function)] =
        provisioning_template(target, permission_id, alias, p);
    ctx.resources()[permission_id] = depends_on_alias(lambda_permission(target, "iot.amazonaws.com"), alias);
  }
}

}  // namespace sls::compile::events
