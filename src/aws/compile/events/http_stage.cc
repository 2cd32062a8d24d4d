// provider.logs.restApi (osls's stage.js and ensure-api-gateway-cloud-watch-role.js):
// the access-log group and, unless `roleManagedExternally`, the custom resource
// that gives the region's API Gateway account a CloudWatch role. The stage's own
// log settings are not in the template: `sls deploy` applies them afterwards
// (osls's update-stage hack).
#include "aws/compile/custom_resources.h"
#include "aws/compile/events/http_model.h"
#include "aws/naming.h"

namespace sls::compile::events::http {

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
  custom_resources::ensure_api_gateway_cloud_watch_role(c.ctx);
}

}  // namespace sls::compile::events::http
