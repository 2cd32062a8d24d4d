// provider.logs.restApi (stage.js): the access-log group. The API Gateway
// account CloudWatch role osls sets up through a custom resource is not
// supported yet, so only `roleManagedExternally: true` is accepted.
#include "aws/compile/events/http_model.h"
#include "util/error.h"

namespace sls::compile::events::http {

void compile_stage(HttpCompilation& c) {
  const Json& provider = provider_config(c.ctx);
  if (!provider.is_object() || !provider.contains("logs") || !provider["logs"].is_object()) return;
  const Json& logs = provider["logs"].value("restApi", Json(nullptr));
  if (!truthy(logs)) return;
  if (logs.is_object() && logs.contains("accessLogging") && !logs["accessLogging"].is_null() &&
      !truthy(logs["accessLogging"]))
    return;
  if (!(logs.is_object() && truthy(logs.value("roleManagedExternally", Json(nullptr))))) {
    throw UserError(
        "provider.logs.restApi needs `roleManagedExternally: true` in this version of sls (the "
        "custom resource that sets up the API Gateway CloudWatch role is not yet supported).",
        "UNSUPPORTED_FEATURE");
  }
  Json props = {{"LogGroupName", "/aws/api-gateway/" + c.ctx.service.name + "-" + c.ctx.service.stage}};
  if (truthy(provider.value("logRetentionInDays", Json(nullptr))))
    props["RetentionInDays"] = provider["logRetentionInDays"];
  if (truthy(provider.value("logDataProtectionPolicy", Json(nullptr))))
    props["DataProtectionPolicy"] = provider["logDataProtectionPolicy"];
  c.ctx.resources()["ApiGatewayLogGroup"] = {{"Type", "AWS::Logs::LogGroup"}, {"Properties", props}};
}

}  // namespace sls::compile::events::http
