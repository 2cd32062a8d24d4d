// provider.logs.restApi (osls's stage.js and ensure-api-gateway-cloud-watch-role.js):
// the access-log group and, unless `roleManagedExternally`, the custom resource
// that gives the region's API Gateway account a CloudWatch role. The stage's own
// log settings are not in the template: `sls deploy` applies them afterwards
// (osls's update-stage hack).
#include "aws/compile/cfn.h"
#include "aws/compile/custom_resources.h"
#include "aws/compile/events/http_model.h"
#include "aws/naming.h"

namespace sls::compile::events::http {
namespace {

Json account_role_statements() {
  Json iam = {{"Effect", "Allow"},
              {"Resource", cfn::join(":", {"arn", cfn::ref("AWS::Partition"), "iam:",
                                           cfn::ref("AWS::AccountId"), "role/*"})},
              {"Action", Json::array({"iam:AttachRolePolicy", "iam:CreateRole",
                                      "iam:ListAttachedRolePolicies", "iam:PassRole"})}};
  Json apigateway = {{"Effect", "Allow"},
                     {"Resource", cfn::join(":", {"arn", cfn::ref("AWS::Partition"), "apigateway:*::/account"})},
                     {"Action", Json::array({"apigateway:GET", "apigateway:PATCH"})}};
  return Json::array({iam, apigateway});
}

// ensureApiGatewayCloudWatchRole: nothing when the role is managed externally.
void ensure_cloud_watch_role(HttpCompilation& c, const Json& logs) {
  if (logs.is_object() && truthy(logs.value("roleManagedExternally", Json(nullptr)))) return;
  const auto& handler = custom_resources::api_gateway_cloud_watch_role();
  Json props = {{"ServiceToken", cfn::get_att(naming::lambda_logical_id(handler.function_name), "Arn")}};
  if (logs.is_object() && logs.contains("role")) props["RoleArn"] = logs["role"];
  c.ctx.resources()[naming::kApiGatewayCloudWatchRoleResourceLogicalId] = {
      {"Type", "Custom::ApiGatewayAccountRole"}, {"Version", 1}, {"Properties", props}};
  custom_resources::add_to_service(c.ctx, handler, account_role_statements());
}

}  // namespace

void compile_stage(HttpCompilation& c) {
  const Json& provider = provider_config(c.ctx);
  if (!provider.contains("logs") || !provider["logs"].is_object()) return;
  const Json& logs = provider["logs"].value("restApi", Json(nullptr));
  if (!truthy(logs)) return;
  if (logs.is_object() && logs.contains("accessLogging") && !logs["accessLogging"].is_null() &&
      !truthy(logs["accessLogging"]))
    return;
  Json props = {{"LogGroupName", naming::api_gateway_log_group_name(c.ctx.service.name, c.ctx.service.stage)}};
  if (truthy(provider.value("logRetentionInDays", Json(nullptr))))
    props["RetentionInDays"] = provider["logRetentionInDays"];
  if (truthy(provider.value("logDataProtectionPolicy", Json(nullptr))))
    props["DataProtectionPolicy"] = provider["logDataProtectionPolicy"];
  c.ctx.resources()[naming::kApiGatewayLogGroupLogicalId] = {{"Type", "AWS::Logs::LogGroup"},
                                                             {"Properties", props}};
  ensure_cloud_watch_role(c, logs);
}

}  // namespace sls::compile::events::http
