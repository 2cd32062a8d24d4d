#include "aws/plugin_naming.h"

#include <functional>
#include <map>

#include "aws/deploy/target.h"
#include "aws/naming.h"
#include "config/load_service.h"
#include "util/error.h"

namespace sls::aws {

namespace {

struct Call {
  const Service& service;
  const Json& args;

  std::string str(size_t i) const {
    if (i < args.size() && args[i].is_string()) return args[i].get<std::string>();
    if (i < args.size() && args[i].is_number_integer()) return std::to_string(args[i].get<long long>());
    return "";
  }
  int num(size_t i) const {
    if (i < args.size() && args[i].is_number()) return args[i].get<int>();
    if (i < args.size() && args[i].is_string()) return std::atoi(args[i].get_ref<const std::string&>().c_str());
    return 0;
  }
  const Json& provider() const {
    static const Json empty = Json::object();
    auto it = service.config.find("provider");
    return it != service.config.end() && it->is_object() ? *it : empty;
  }
};

using Helper = std::function<Json(const Call&)>;

Json constant(const char* value) { return value; }

const std::map<std::string, Helper>& helpers() {
  static const std::map<std::string, Helper> kHelpers = {
      {"normalizeName", [](const Call& c) -> Json { return naming::normalize_name(c.str(0)); }},
      {"normalizeNameToAlphaNumericOnly", [](const Call& c) -> Json { return naming::normalize_name_alnum(c.str(0)); }},
      {"getNormalizedFunctionName", [](const Call& c) -> Json { return naming::normalized_function_name(c.str(0)); }},
      {"getNormalizedResourceName", [](const Call& c) -> Json { return naming::normalize_resource_name(c.str(0)); }},
      {"normalizePathPart", [](const Call& c) -> Json { return naming::normalize_path_part(c.str(0)); }},
      {"normalizePath", [](const Call& c) -> Json { return naming::normalize_path(c.str(0)); }},
      {"normalizeMethodName", [](const Call& c) -> Json { return naming::normalize_method_name(c.str(0)); }},
      {"getStackName",
       [](const Call& c) -> Json { return deploy::stack_name_for(c.service.name, c.service.stage, c.provider()); }},
      {"getStackChangeSetName",
       [](const Call& c) -> Json {
         return deploy::stack_name_for(c.service.name, c.service.stage, c.provider()) + "-change-set";
       }},
      {"getServiceArtifactName", [](const Call& c) -> Json { return c.service.name + ".zip"; }},
      {"getFunctionArtifactName", [](const Call& c) -> Json { return c.str(0) + ".zip"; }},
      {"getLayerArtifactName", [](const Call& c) -> Json { return c.str(0) + ".zip"; }},
      {"getServiceStateFileName", [](const Call&) { return constant("serverless-state.json"); }},
      {"getCompiledTemplateFileName", [](const Call&) { return constant("cloudformation-template-update-stack.json"); }},
      {"getCoreTemplateFileName", [](const Call&) { return constant("cloudformation-template-create-stack.json"); }},
      {"getRoleLogicalId", [](const Call&) { return constant("IamRoleLambdaExecution"); }},
      {"getLambdaLogicalId", [](const Call& c) -> Json { return naming::lambda_logical_id(c.str(0)); }},
      {"getLogGroupLogicalId", [](const Call& c) -> Json { return naming::log_group_logical_id(c.str(0)); }},
      {"getLogGroupName", [](const Call& c) -> Json { return naming::log_group_name(c.str(0)); }},
      {"getLambdaVersionLogicalId",
       [](const Call& c) -> Json { return naming::lambda_version_logical_id(c.str(0), c.str(1)); }},
      {"getLambdaVersionOutputLogicalId",
       [](const Call& c) -> Json { return naming::lambda_version_output_logical_id(c.str(0)); }},
      {"getLambdaLayerLogicalId", [](const Call& c) -> Json { return naming::lambda_layer_logical_id(c.str(0)); }},
      {"getLambdaLayerOutputLogicalId",
       [](const Call& c) -> Json { return naming::lambda_layer_output_logical_id(c.str(0)); }},
      {"getRestApiLogicalId", [](const Call&) { return constant("ApiGatewayRestApi"); }},
      {"getStageLogicalId", [](const Call&) { return constant("ApiGatewayStage"); }},
      {"getApiGatewayLogGroupLogicalId", [](const Call&) { return constant("ApiGatewayLogGroup"); }},
      {"getResourceLogicalId", [](const Call& c) -> Json { return naming::resource_logical_id(c.str(0)); }},
      {"getMethodLogicalId", [](const Call& c) -> Json { return naming::method_logical_id(c.str(0), c.str(1)); }},
      {"getNormalizedAuthorizerName", [](const Call& c) -> Json { return naming::normalized_function_name(c.str(0)); }},
      {"getAuthorizerLogicalId", [](const Call& c) -> Json { return naming::authorizer_logical_id(c.str(0)); }},
      {"getLambdaApiGatewayPermissionLogicalId",
       [](const Call& c) -> Json { return naming::lambda_api_gateway_permission_logical_id(c.str(0)); }},
      {"getDeploymentBucketLogicalId", [](const Call&) { return constant("ServerlessDeploymentBucket"); }},
      {"getDeploymentBucketOutputLogicalId", [](const Call&) { return constant("ServerlessDeploymentBucketName"); }},
      {"getDeploymentBucketPolicyLogicalId", [](const Call&) { return constant("ServerlessDeploymentBucketPolicy"); }},
      {"getHttpApiLogicalId", [](const Call&) { return constant("HttpApi"); }},
      {"getHttpApiStageLogicalId", [](const Call&) { return constant("HttpApiStage"); }},
      {"getHttpApiIntegrationLogicalId",
       [](const Call& c) -> Json { return naming::http_api_integration_logical_id(c.str(0)); }},
      {"getHttpApiRouteLogicalId", [](const Call& c) -> Json { return naming::http_api_route_logical_id(c.str(0)); }},
      {"getWebsocketsApiLogicalId", [](const Call&) { return constant("WebsocketsApi"); }},
      {"getWebsocketsIntegrationLogicalId",
       [](const Call& c) -> Json { return naming::websockets_integration_logical_id(c.str(0)); }},
      {"getWebsocketsRouteLogicalId", [](const Call& c) -> Json { return naming::websockets_route_logical_id(c.str(0)); }},
      {"getQueueLogicalId", [](const Call& c) -> Json { return naming::queue_logical_id(c.str(0), c.str(1)); }},
      {"getTopicLogicalId", [](const Call& c) -> Json { return naming::topic_logical_id(c.str(0)); }},
      {"getBucketLogicalId", [](const Call& c) -> Json { return naming::bucket_logical_id(c.str(0)); }},
      {"getScheduleLogicalId", [](const Call& c) -> Json { return naming::schedule_logical_id(c.str(0), c.num(1)); }},
      {"getStreamLogicalId",
       [](const Call& c) -> Json { return naming::stream_logical_id(c.str(0), c.str(1), c.str(2)); }},
      {"getCloudWatchEventLogicalId",
       [](const Call& c) -> Json { return naming::cloudwatch_event_logical_id(c.str(0), c.num(1)); }},
      {"getCloudWatchLogLogicalId",
       [](const Call& c) -> Json { return naming::cloudwatch_log_logical_id(c.str(0), c.num(1)); }},
      {"getIotLogicalId", [](const Call& c) -> Json { return naming::iot_logical_id(c.str(0), c.num(1)); }},
      {"getCognitoUserPoolLogicalId",
       [](const Call& c) -> Json { return naming::cognito_user_pool_logical_id(c.str(0)); }},
      {"getEventBridgeEventBusLogicalId",
       [](const Call& c) -> Json { return naming::event_bridge_event_bus_logical_id(c.str(0)); }},
      {"getDeploymentPrefix", [](const Call& c) -> Json { return config::deployment_prefix(c.provider()); }},
  };
  return kHelpers;
}

}  // namespace

Json plugin_naming(const Service& service, const std::string& fn, const Json& args) {
  auto it = helpers().find(fn);
  if (it == helpers().end())
    throw UserError("provider.naming." + fn + "() is not available through sls's plugin bridge yet.",
                    "SLS_BRIDGE_NAMING_UNSUPPORTED");
  return it->second(Call{service, args.is_array() ? args : Json::array()});
}

}  // namespace sls::aws
