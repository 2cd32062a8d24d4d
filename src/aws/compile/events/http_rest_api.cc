// The AWS::ApiGateway::RestApi (rest-api.js) and the Deployment with the
// ServiceEndpoint output (deployment.js).
#include "aws/compile/events/http_model.h"
#include "aws/naming.h"
#include "util/error.h"

namespace sls::compile::events::http {

namespace {

std::string api_name(const PackageContext& ctx, const Json& api_gateway) {
  const Json& provider = provider_config(ctx);
  if (provider.contains("apiName") && truthy(provider["apiName"])) {
    const Json& n = provider["apiName"];
    return n.is_string() ? n.get<std::string>() : n.dump();
  }
  return naming::api_gateway_name(ctx.service.name, ctx.service.stage,
                                  api_gateway.contains("shouldStartNameWithService") &&
                                      truthy(api_gateway["shouldStartNameWithService"]));
}

}  // namespace

void compile_rest_api(HttpCompilation& c) {
  const Json& ag = c.api_gateway();
  if (ag.contains("restApiId") && truthy(ag["restApiId"])) return;
  const Json& provider = provider_config(c.ctx);

  std::string endpoint_type = "EDGE";
  Json vpc_endpoint_ids;
  if (provider.contains("endpointType") && truthy(provider["endpointType"])) {
    endpoint_type = ascii_upper(provider["endpointType"].get<std::string>());
    if (provider.contains("vpcEndpointIds") && truthy(provider["vpcEndpointIds"])) {
      vpc_endpoint_ids = provider["vpcEndpointIds"];
      if (endpoint_type != "PRIVATE") {
        throw UserError("VPC endpoint IDs are only available for private APIs",
                        "API_GATEWAY_INVALID_VPC_ENDPOINT_IDS_CONFIG");
      }
    }
  }

  Json props = Json::object();
  props["Name"] = api_name(c.ctx, ag);
  if (ag.contains("binaryMediaTypes") && truthy(ag["binaryMediaTypes"]))
    props["BinaryMediaTypes"] = ag["binaryMediaTypes"];
  if (ag.contains("disableDefaultEndpoint") && !ag["disableDefaultEndpoint"].is_null())
    props["DisableExecuteApiEndpoint"] = ag["disableDefaultEndpoint"];
  Json endpoint_config = {{"Types", Json::array({endpoint_type})}};
  if (!vpc_endpoint_ids.is_null()) endpoint_config["VpcEndpointIds"] = vpc_endpoint_ids;
  props["EndpointConfiguration"] = endpoint_config;
  const Json endpoint = ag.contains("endpoint") && ag["endpoint"].is_object() ? ag["endpoint"]
                                                                               : Json::object();
  if (endpoint.contains("securityPolicy") && truthy(endpoint["securityPolicy"]))
    props["SecurityPolicy"] = endpoint["securityPolicy"];
  if (endpoint.contains("accessMode") && endpoint["accessMode"].is_string())
    props["EndpointAccessMode"] = ascii_upper(endpoint["accessMode"].get<std::string>());
  if (provider.contains("tags") && provider["tags"].is_object()) {
    Json tags = Json::array();
    for (const auto& [k, v] : provider["tags"].items()) tags.push_back({{"Key", k}, {"Value", v}});
    props["Tags"] = tags;
  }
  const Json policy = ag.value("resourcePolicy", Json(nullptr));
  if (truthy(policy) && !policy.empty()) {
    props["Policy"] = {{"Version", "2012-10-17"}, {"Statement", policy}};
  } else {
    props["Policy"] = "";
  }
  if (ag.contains("apiKeySourceType") && ag["apiKeySourceType"].is_string() &&
      truthy(ag["apiKeySourceType"]))
    props["ApiKeySourceType"] = ascii_upper(ag["apiKeySourceType"].get<std::string>());
  if (ag.contains("minimumCompressionSize") && !ag["minimumCompressionSize"].is_null())
    props["MinimumCompressionSize"] = ag["minimumCompressionSize"];
  if (ag.contains("description") && truthy(ag["description"]))
    props["Description"] = ag["description"];

  c.ctx.resources()[naming::kRestApiLogicalId] = {{"Type", "AWS::ApiGateway::RestApi"},
                                                  {"Properties", props}};
}

void compile_deployment(HttpCompilation& c, long long instance_id) {
  c.deployment_logical_id = naming::api_gateway_deployment_logical_id(std::to_string(instance_id));
  const Json& ag = c.api_gateway();
  Json props = Json::object();
  props["RestApiId"] = c.rest_api_id();
  props["StageName"] = ag.contains("stage") && truthy(ag["stage"]) ? ag["stage"]
                                                                     : Json(c.ctx.service.stage);
  if (ag.contains("description") && truthy(ag["description"])) props["Description"] = ag["description"];
  Json depends_on = Json::array();
  for (const auto& id : c.method_logical_ids) depends_on.push_back(id);
  c.ctx.resources()[c.deployment_logical_id] = {
      {"Type", "AWS::ApiGateway::Deployment"}, {"Properties", props}, {"DependsOn", depends_on}};

  c.ctx.outputs()["ServiceEndpoint"] = {
      {"Description", "URL of the service endpoint"},
      {"Value",
       {{"Fn::Join",
         {"",
          {"https://", c.rest_api_id(), ".execute-api.", {{"Ref", "AWS::Region"}}, ".",
           {{"Ref", "AWS::URLSuffix"}}, "/" + c.ctx.service.stage}}}}}};
}

}  // namespace sls::compile::events::http
