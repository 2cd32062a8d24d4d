// CloudFormation logical IDs and resource names, exactly as osls names them.
// Free functions over plain strings: the caller passes service/stage where needed.
#pragma once
#include <string>
#include <string_view>

namespace sls::naming {

// General
std::string upper_first(std::string_view s);
std::string normalize_name(std::string_view name);                  // upperFirst
std::string normalize_name_alnum(std::string_view name);            // strip non-alnum, upperFirst
std::string normalize_resource_name(std::string_view name);         // '-'->Dash, '_'->Underscore
std::string normalized_function_name(std::string_view fn);          // = normalize_resource_name
std::string normalize_path_part(std::string_view part);             // API Gateway path part
std::string normalize_path(std::string_view path);                  // parts joined
std::string normalize_method_name(std::string_view method);         // "GET" -> "Get"

// Stack and files
std::string stack_name(std::string_view service, std::string_view stage);  // "<service>-<stage>"
inline constexpr const char* kServiceStateFile = "serverless-state.json";
inline constexpr const char* kUpdateTemplateFile = "cloudformation-template-update-stack.json";
inline constexpr const char* kCreateTemplateFile = "cloudformation-template-create-stack.json";
inline constexpr const char* kCompiledTemplateS3Suffix = "compiled-cloudformation-template.json";

// Core
inline constexpr const char* kDeploymentBucket = "ServerlessDeploymentBucket";
inline constexpr const char* kDeploymentBucketPolicy = "ServerlessDeploymentBucketPolicy";
inline constexpr const char* kDeploymentBucketOutput = "ServerlessDeploymentBucketName";
inline constexpr const char* kRoleLogicalId = "IamRoleLambdaExecution";

// Lambda
std::string lambda_logical_id(std::string_view fn);            // <Fn>LambdaFunction
std::string log_group_logical_id(std::string_view fn);         // <Fn>LogGroup
std::string log_group_name(std::string_view function_name);    // /aws/lambda/<name>
std::string lambda_version_logical_id(std::string_view fn, std::string_view sha);
std::string lambda_version_output_logical_id(std::string_view fn);  // <Fn>LambdaFunctionQualifiedArn
std::string lambda_layer_logical_id(std::string_view layer);
std::string lambda_layer_output_logical_id(std::string_view layer);
std::string default_function_name(std::string_view service, std::string_view stage,
                                  std::string_view fn);  // <service>-<stage>-<fn>

// API Gateway (REST)
inline constexpr const char* kRestApiLogicalId = "ApiGatewayRestApi";
// "<stage>-<service>", or "<service>-<stage>" with apiGateway.shouldStartNameWithService
std::string api_gateway_name(std::string_view service, std::string_view stage, bool start_with_service = false);
std::string api_gateway_deployment_logical_id(std::string_view id);  // ApiGatewayDeployment<id>
std::string request_validator_logical_id(std::string_view service);  // ApiGateway<Alnum>RequestValidator
std::string model_logical_id(std::string_view schema_id);            // ApiGateway<UpperCamel>Model
// <method logical id><StartCase of the content type, no spaces>Model
std::string endpoint_model_logical_id(std::string_view method_logical_id, std::string_view content_type);
std::string resource_logical_id(std::string_view resource_path);  // ApiGatewayResource<Path>
std::string method_logical_id(std::string_view resource_id, std::string_view method);
std::string authorizer_logical_id(std::string_view name);      // <Name>ApiGatewayAuthorizer
std::string lambda_api_gateway_permission_logical_id(std::string_view fn);
std::string api_key_logical_id(int number, std::string_view name = {});
std::string usage_plan_logical_id(std::string_view name = {});
std::string usage_plan_key_logical_id(int number, std::string_view name = {});

inline constexpr const char* kApiGatewayLogGroupLogicalId = "ApiGatewayLogGroup";
std::string api_gateway_log_group_name(std::string_view service, std::string_view stage);  // /aws/api-gateway/<service>-<stage>

// Custom resources (osls's custom-resources/index.js)
inline constexpr const char* kCustomResourcesArtifactName = "custom-resources.zip";
inline constexpr const char* kCustomResourcesRoleLogicalId = "IamRoleCustomResourcesLambdaExecution";
inline constexpr const char* kApiGatewayCloudWatchRoleFunctionName = "custom-resource-apigw-cw-role";
inline constexpr const char* kApiGatewayCloudWatchRoleResourceLogicalId = "CustomApiGatewayAccountCloudWatchRole";
inline constexpr const char* kExistingS3FunctionName = "custom-resource-existing-s3";
inline constexpr const char* kExistingCognitoUserPoolFunctionName = "custom-resource-existing-cup";
std::string custom_s3_resource_logical_id(std::string_view fn);                 // <Fn>CustomS31
std::string custom_cognito_user_pool_resource_logical_id(std::string_view fn);  // <Fn>CustomCognitoUserPool1
// "<service>-<stage>-<name>", or its first 32 characters + md5 hex when longer than 64.
std::string custom_resource_function_name(std::string_view service, std::string_view stage,
                                          std::string_view name);

// Schedule
std::string schedule_logical_id(std::string_view fn, int index);  // <Fn>EventsRuleSchedule<i>
std::string lambda_schedule_permission_logical_id(std::string_view fn, int index);
std::string scheduler_schedule_logical_id(std::string_view fn, int index);  // <Fn>SchedulerSchedule<i>

// SQS
std::string queue_logical_id(std::string_view fn, std::string_view queue);  // <Fn>EventSourceMappingSQS<Queue>

// SNS
std::string topic_logical_id(std::string_view topic);  // SNSTopic<Topic>
std::string topic_dlq_policy_logical_id(std::string_view fn, std::string_view topic);  // <Topic>To<Fn>DLQPolicy
std::string lambda_sns_permission_logical_id(std::string_view fn, std::string_view topic);  // <Fn>LambdaPermission<Topic>SNS
std::string lambda_sns_subscription_logical_id(std::string_view fn, std::string_view topic);  // <Fn>SnsSubscription<Topic>

// Stream (DynamoDB, Kinesis)
// <Fn>EventSourceMapping<Type><Stream> (type upper-first, stream alphanumerics only)
std::string stream_logical_id(std::string_view fn, std::string_view type, std::string_view stream);
// "<fn><stream>Consumer", or "<fn><stream><service><stage>Consumer" with provider.kinesis.consumerNamingMode.
std::string stream_consumer_name(std::string_view fn, std::string_view stream, bool service_specific,
                                 std::string_view service, std::string_view stage);
std::string stream_consumer_logical_id(std::string_view consumer_name);  // <Consumer>StreamConsumer

// Kafka, MSK, ActiveMQ, RabbitMQ (names alphanumerics only, cut as osls cuts them)
std::string kafka_event_logical_id(std::string_view fn, std::string_view topic);  // <Fn>EventSourceMappingKafka<Topic>
std::string msk_event_logical_id(std::string_view fn, std::string_view cluster, std::string_view topic);
std::string activemq_event_logical_id(std::string_view fn, std::string_view queue);
std::string rabbitmq_event_logical_id(std::string_view fn, std::string_view queue);

// ALB. `alb_id` is a load balancer id or a Ref'd listener's logical id;
// `priority` the rule's priority as JavaScript prints it.
std::string alb_target_group_logical_id(std::string_view fn, std::string_view alb_id,
                                        bool multi_value);  // <Fn>Alb[MultiValue]TargetGroup<albId>
// "<service>-<fn>-<albId>-[multi-value-]<stage>": the Name tag (never multi-value) and the
// text hashed into the generated target group name.
std::string alb_target_group_name_tag(std::string_view service, std::string_view fn,
                                      std::string_view alb_id, bool multi_value, std::string_view stage);
// <prefix> + md5 hex of that text, cut to 32 characters.
std::string alb_target_group_name(std::string_view prefix, std::string_view name_tag);
std::string alb_listener_rule_logical_id(std::string_view fn, std::string_view priority);
std::string lambda_alb_permission_logical_id(std::string_view fn);              // <Fn>LambdaPermissionAlb
std::string lambda_register_target_permission_logical_id(std::string_view fn);  // <Fn>LambdaPermissionRegisterTarget

// WebSockets (API Gateway v2)
inline constexpr const char* kWebsocketsApiLogicalId = "WebsocketsApi";
inline constexpr const char* kWebsocketsStageLogicalId = "WebsocketsDeploymentStage";
inline constexpr const char* kWebsocketsLogGroupLogicalId = "WebsocketsLogGroup";
inline constexpr const char* kWebsocketsEndpointOutput = "ServiceEndpointWebsocket";
std::string websockets_api_name(std::string_view service, std::string_view stage);  // "<stage>-<service>-websockets"
std::string websockets_integration_logical_id(std::string_view fn);   // <Fn>WebsocketsIntegration
std::string lambda_websockets_permission_logical_id(std::string_view fn);  // <Fn>LambdaPermissionWebsockets
std::string normalized_websockets_route_key(std::string_view route);  // $ -> S, / -> Slash, - . _ spelled out
std::string websockets_route_logical_id(std::string_view route);      // <Route>WebsocketsRoute
std::string websockets_route_response_logical_id(std::string_view route);  // <Route>WebsocketsRouteResponse
std::string websockets_deployment_logical_id(std::string_view sha);   // WebsocketsDeployment<alnum of sha>
std::string websockets_authorizer_logical_id(std::string_view name);  // <Name>WebsocketsAuthorizer
std::string websockets_log_group_name(std::string_view service, std::string_view stage);  // /aws/websocket/<service>-<stage>

// HTTP API (API Gateway v2)
inline constexpr const char* kHttpApiLogicalId = "HttpApi";
inline constexpr const char* kHttpApiStageLogicalId = "HttpApiStage";
inline constexpr const char* kHttpApiLogGroupLogicalId = "HttpApiLogGroup";
// provider.httpApi.name, else "<service>-<stage>" (shouldStartNameWithService) or "<stage>-<service>".
std::string http_api_name(std::string_view service, std::string_view stage, bool start_with_service);
std::string http_api_integration_logical_id(std::string_view fn);   // HttpApiIntegration<Fn>
std::string http_api_route_logical_id(std::string_view route_key);  // HttpApiRoute<Key>, "*": HttpApiRouteDefault
std::string http_api_authorizer_logical_id(std::string_view name);  // HttpApiAuthorizer<Name>
std::string lambda_http_api_permission_logical_id(std::string_view fn);  // <Fn>LambdaPermissionHttpApi
std::string lambda_authorizer_http_api_permission_logical_id(std::string_view authorizer);
std::string http_api_log_group_name(std::string_view stack_name);   // /aws/http-api/<stack>

// S3 (events)
std::string bucket_logical_id(std::string_view bucket);  // S3Bucket<Alnum>
std::string lambda_s3_permission_logical_id(std::string_view fn, std::string_view bucket);

// CloudWatch Events / Logs
std::string cloudwatch_event_id(std::string_view fn);  // <fn>CloudWatchEvent (target Id)
std::string cloudwatch_event_logical_id(std::string_view fn, int index);
std::string lambda_cloudwatch_event_permission_logical_id(std::string_view fn, int index);
std::string cloudwatch_log_logical_id(std::string_view fn, int index);
std::string lambda_cloudwatch_log_permission_logical_id(std::string_view fn);

// EventBridge
std::string event_bridge_event_bus_logical_id(std::string_view bus);  // <Bus>EventBridgeEventBus
std::string event_bridge_rule_logical_id(std::string_view rule_name);  // <Alnum>EventBridgeRule
std::string event_bridge_lambda_permission_logical_id(std::string_view fn, int index);
// "<function name>-rule-<index>" (the logical id stub), and the rule name osls
// gives it: the same, or shortened with an md5 when over 64 characters.
std::string event_bridge_rule_stub(std::string_view function_name, int index);
std::string event_bridge_rule_name(std::string_view function_name, int index);
std::string event_bridge_target_id(std::string_view rule_name);  // "<rule>-target", hashed over 64

// Cognito User Pool (events)
std::string cognito_user_pool_logical_id(std::string_view pool);  // CognitoUserPool<Alnum>
// <Fn>LambdaPermissionCognitoUserPool<Pool>TriggerSource<Trigger>
std::string lambda_cognito_user_pool_permission_logical_id(std::string_view fn, std::string_view pool,
                                                           std::string_view trigger);

// Alexa, IoT (index: the event's 1-based position among the function's events of its type)
std::string lambda_alexa_skill_permission_logical_id(std::string_view fn, int index);  // <Fn>LambdaPermissionAlexaSkill<i>
std::string lambda_alexa_smart_home_permission_logical_id(std::string_view fn, int index);
std::string iot_logical_id(std::string_view fn, int index);  // <Fn>IotTopicRule<i>
std::string lambda_iot_permission_logical_id(std::string_view fn, int index);  // <Fn>LambdaPermissionIotTopicRule<i>
std::string iot_fleet_provisioning_logical_id(std::string_view fn);  // <Fn>IotProvisioningTemplate
std::string lambda_iot_fleet_provisioning_permission_logical_id(std::string_view fn);

// CloudFront (Lambda@Edge)
inline constexpr const char* kCloudFrontDistributionLogicalId = "CloudFrontDistribution";
inline constexpr const char* kCloudFrontDistributionDomainNameLogicalId = "CloudFrontDistributionDomainName";
std::string lambda_at_edge_invoke_permission_logical_id(std::string_view fn);  // <Fn>LambdaFunctionInvokePermission
// "s3/<domain><path>" or "custom/<domain><path>"; `domain` is the DomainName string, or
// normalize_name_alnum of its JSON text when it is an intrinsic.
std::string cloud_front_origin_id(bool s3, std::string_view domain, std::string_view origin_path);
std::string cloud_front_cache_policy_logical_id(std::string_view name);  // CloudFrontCachePolicy<Name>
std::string cloud_front_cache_policy_name(std::string_view service, std::string_view stage,
                                          std::string_view name);  // "<service>-<stage>-<name>"

}  // namespace sls::naming
