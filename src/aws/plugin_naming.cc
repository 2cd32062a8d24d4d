#include "aws/plugin_naming.h"

#include <functional>
#include <map>

#include "aws/deploy/target.h"
#include "aws/naming.h"
#include "config/load_service.h"
#include "util/js_like.h"
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
  // provider.<key>.<sub>, or nullptr.
  const Json* provider_at(const char* key, const char* sub) const {
    const Json* part = js::get(provider(), key);
    return part ? js::get(*part, sub) : nullptr;
  }
  const Json& provider() const {
    static const Json empty = Json::object();
    auto it = service.config.find("provider");
    return it != service.config.end() && it->is_object() ? *it : empty;
  }
};

using Helper = std::function<Json(const Call&)>;

Json constant(const char* value) { return value; }

// The text after the last ':' of an ARN (osls's extractLambdaNameFromArn).
std::string after_last_colon(const std::string& arn) {
  size_t at = arn.rfind(':');
  return at == std::string::npos ? arn : arn.substr(at + 1);
}

// A configured name as osls's template literal prints it (`${value}`).
std::string text_of(const Json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

Json rest_api_name(const Call& c) {
  if (const Json* name = js::get_truthy(c.provider(), "apiName")) return text_of(*name);
  return naming::api_gateway_name(c.service.name, c.service.stage,
                                  js::truthy(c.provider_at("apiGateway", "shouldStartNameWithService")));
}

Json http_api_name(const Call& c) {
  if (const Json* name = c.provider_at("httpApi", "name"); js::truthy(name)) return text_of(*name);
  return naming::http_api_name(c.service.name, c.service.stage,
                               js::truthy(c.provider_at("httpApi", "shouldStartNameWithService")));
}

Json websockets_api_name(const Call& c) {
  const Json* name = js::get_truthy(c.provider(), "websocketsApiName");
  if (name && name->is_string()) return *name;
  return naming::websockets_api_name(c.service.name, c.service.stage);
}

// provider.iam.role.<key> when truthy, else `fallback`.
Json role_setting(const Call& c, const char* key, Json fallback) {
  const Json* role = c.provider_at("iam", "role");
  const Json* value = role ? js::get_truthy(*role, key) : nullptr;
  return value ? *value : fallback;
}

Json role_name(const Call& c) {
  return role_setting(c, "name",
                      Json{{"Fn::Join",
                            {"-", {c.service.name, c.service.stage, Json{{"Ref", "AWS::Region"}}, "lambdaRole"}}}});
}

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
      // API Gateway (REST)
      {"getApiGatewayName", rest_api_name},
      {"generateApiGatewayDeploymentLogicalId",
       [](const Call& c) -> Json { return naming::api_gateway_deployment_logical_id(c.str(0)); }},
      {"getValidatorLogicalId",
       [](const Call& c) -> Json { return naming::request_validator_logical_id(c.service.name); }},
      {"getModelLogicalId", [](const Call& c) -> Json { return naming::model_logical_id(c.str(0)); }},
      {"getEndpointModelLogicalId",
       [](const Call& c) -> Json {
         return naming::endpoint_model_logical_id(naming::method_logical_id(c.str(0), c.str(1)), c.str(2));
       }},
      {"getApiKeyLogicalId", [](const Call& c) -> Json { return naming::api_key_logical_id(c.num(0), c.str(1)); }},
      {"getUsagePlanLogicalId", [](const Call& c) -> Json { return naming::usage_plan_logical_id(c.str(0)); }},
      {"getUsagePlanKeyLogicalId",
       [](const Call& c) -> Json { return naming::usage_plan_key_logical_id(c.num(0), c.str(1)); }},
      {"extractLambdaNameFromArn", [](const Call& c) -> Json { return after_last_colon(c.str(0)); }},
      {"extractAuthorizerNameFromArn",
       [](const Call& c) -> Json {
         std::string name = after_last_colon(c.str(0));
         size_t dash = name.rfind('-');
         return dash == std::string::npos ? name : name.substr(dash + 1);
       }},
      // IAM
      {"getRoleName", role_name},
      {"getRolePath", [](const Call& c) { return role_setting(c, "path", "/"); }},
      {"getPolicyName",
       [](const Call& c) -> Json { return Json{{"Fn::Join", {"-", {c.service.name, c.service.stage, "lambda"}}}}; }},
      {"getCustomResourcesArtifactName", [](const Call&) { return constant("custom-resources.zip"); }},
      {"getCustomResourcesRoleLogicalId", [](const Call&) { return constant("IamRoleCustomResourcesLambdaExecution"); }},
      // Lambda
      {"getLambdaLayerHashOutputLogicalId",
       [](const Call& c) -> Json { return naming::lambda_layer_logical_id(c.str(0)) + "Hash"; }},
      {"getLambdaProvisionedConcurrencyAliasName", [](const Call&) { return constant("provisioned"); }},
      {"getLambdaProvisionedConcurrencyAliasLogicalId",
       [](const Call& c) -> Json { return naming::normalized_function_name(c.str(0)) + "ProvConcLambdaAlias"; }},
      {"getLambdaFunctionUrlLogicalId",
       [](const Call& c) -> Json { return naming::normalized_function_name(c.str(0)) + "LambdaFunctionUrl"; }},
      {"getLambdaFunctionUrlOutputLogicalId",
       [](const Call& c) -> Json { return naming::normalized_function_name(c.str(0)) + "LambdaFunctionUrl"; }},
      {"getLambdaEventConfigLogicalId",
       [](const Call& c) -> Json { return naming::normalized_function_name(c.str(0)) + "LambdaEvConf"; }},
      // Events
      {"getScheduleId", [](const Call& c) -> Json { return c.str(0) + "Schedule"; }},
      {"getSchedulerScheduleLogicalId",
       [](const Call& c) -> Json { return naming::scheduler_schedule_logical_id(c.str(0), c.num(1)); }},
      {"getLambdaSchedulePermissionLogicalId",
       [](const Call& c) -> Json { return naming::lambda_schedule_permission_logical_id(c.str(0), c.num(1)); }},
      {"getCloudWatchEventId", [](const Call& c) -> Json { return naming::cloudwatch_event_id(c.str(0)); }},
      {"getLambdaCloudWatchEventPermissionLogicalId",
       [](const Call& c) -> Json {
         return naming::lambda_cloudwatch_event_permission_logical_id(c.str(0), c.num(1));
       }},
      {"getLambdaCloudWatchLogPermissionLogicalId",
       [](const Call& c) -> Json { return naming::lambda_cloudwatch_log_permission_logical_id(c.str(0)); }},
      {"getLambdaSnsPermissionLogicalId",
       [](const Call& c) -> Json { return naming::lambda_sns_permission_logical_id(c.str(0), c.str(1)); }},
      {"getLambdaSnsSubscriptionLogicalId",
       [](const Call& c) -> Json { return naming::lambda_sns_subscription_logical_id(c.str(0), c.str(1)); }},
      {"getTopicDLQPolicyLogicalId",
       [](const Call& c) -> Json { return naming::topic_dlq_policy_logical_id(c.str(0), c.str(1)); }},
      {"getLambdaS3PermissionLogicalId",
       [](const Call& c) -> Json { return naming::lambda_s3_permission_logical_id(c.str(0), c.str(1)); }},
      {"getLambdaIotPermissionLogicalId",
       [](const Call& c) -> Json { return naming::lambda_iot_permission_logical_id(c.str(0), c.num(1)); }},
      {"getLambdaAlexaSkillPermissionLogicalId",
       [](const Call& c) -> Json { return naming::lambda_alexa_skill_permission_logical_id(c.str(0), c.num(1)); }},
      {"getLambdaAlexaSmartHomePermissionLogicalId",
       [](const Call& c) -> Json {
         return naming::lambda_alexa_smart_home_permission_logical_id(c.str(0), c.num(1));
       }},
      {"getLambdaAlbPermissionLogicalId",
       [](const Call& c) -> Json { return naming::lambda_alb_permission_logical_id(c.str(0)); }},
      {"getLambdaRegisterTargetPermissionLogicalId",
       [](const Call& c) -> Json { return naming::lambda_register_target_permission_logical_id(c.str(0)); }},
      {"getStreamConsumerLogicalId",
       [](const Call& c) -> Json { return naming::stream_consumer_logical_id(c.str(0)); }},
      {"getEventBridgeRuleLogicalId",
       [](const Call& c) -> Json { return naming::event_bridge_rule_logical_id(c.str(0)); }},
      {"getEventBridgeLambdaPermissionLogicalId",
       [](const Call& c) -> Json { return naming::event_bridge_lambda_permission_logical_id(c.str(0), c.num(1)); }},
      // HTTP API and websockets
      {"getHttpApiName", http_api_name},
      {"getHttpApiLogGroupLogicalId", [](const Call&) { return constant("HttpApiLogGroup"); }},
      {"getHttpApiAuthorizerLogicalId",
       [](const Call& c) -> Json { return naming::http_api_authorizer_logical_id(c.str(0)); }},
      {"getLambdaHttpApiPermissionLogicalId",
       [](const Call& c) -> Json { return naming::lambda_http_api_permission_logical_id(c.str(0)); }},
      {"getLambdaAuthorizerHttpApiPermissionLogicalId",
       [](const Call& c) -> Json { return naming::lambda_authorizer_http_api_permission_logical_id(c.str(0)); }},
      {"getWebsocketsApiName", websockets_api_name},
      {"getWebsocketsStageLogicalId", [](const Call&) { return constant("WebsocketsDeploymentStage"); }},
      {"getWebsocketsLogGroupLogicalId", [](const Call&) { return constant("WebsocketsLogGroup"); }},
      {"getWebsocketsDeploymentLogicalId",
       [](const Call& c) -> Json { return naming::websockets_deployment_logical_id(c.str(0)); }},
      {"getWebsocketsRouteResponseLogicalId",
       [](const Call& c) -> Json { return naming::websockets_route_response_logical_id(c.str(0)); }},
      {"getWebsocketsAuthorizerLogicalId",
       [](const Call& c) -> Json { return naming::websockets_authorizer_logical_id(c.str(0)); }},
      {"getLambdaWebsocketsPermissionLogicalId",
       [](const Call& c) -> Json { return naming::lambda_websockets_permission_logical_id(c.str(0)); }},
      {"getNormalizedWebsocketsRouteKey",
       [](const Call& c) -> Json { return naming::normalized_websockets_route_key(c.str(0)); }},
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
