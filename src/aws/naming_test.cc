#include "aws/naming.h"

#include <gtest/gtest.h>

#include <cctype>
#include <random>
#include <string>

namespace sls::naming {

TEST(Naming, NormalizesFunctionNames) {
  EXPECT_EQ(lambda_logical_id("create-billing_record"), "CreateDashbillingUnderscorerecordLambdaFunction");
  EXPECT_EQ(log_group_logical_id("hello"), "HelloLogGroup");
}

TEST(Naming, NormalizesApiGatewayPaths) {
  EXPECT_EQ(resource_logical_id("billing/{id}"), "ApiGatewayResourceBillingIdVar");
  EXPECT_EQ(resource_logical_id("my-path/{proxy+}"), "ApiGatewayResourceMyDashpathProxyVar");
  EXPECT_EQ(method_logical_id("BillingIdVar", "GET"), "ApiGatewayMethodBillingIdVarGet");
}

TEST(Naming, VersionLogicalIdDropsNonAlphanumerics) {
  EXPECT_EQ(lambda_version_logical_id("fn", "ab+/c=1"), "FnLambdaVersionabc1");
}

TEST(Naming, NormalizesPathPartsAsOsls) {
  EXPECT_EQ(normalize_path_part("{id}"), "IdVar");
  EXPECT_EQ(normalize_path_part("-a"), "Dasha");
  EXPECT_EQ(normalize_path_part("_abc"), "Abc");
  EXPECT_EQ(normalize_path_part("a{b}c}d"), "AbcVard");    // first '{' to last '}'
  EXPECT_EQ(normalize_path_part("}a{"), "A");               // no pair: braces dropped
  EXPECT_EQ(normalize_path_part("{proxy+}"), "ProxyVar");
  EXPECT_EQ(normalize_path_part("USERS"), "Users");
  EXPECT_EQ(normalize_path_part(""), "");
  EXPECT_EQ(normalize_path("items/fn7/{id}"), "ItemsFn7IdVar");
  EXPECT_EQ(normalize_path("a//b"), "AB");
  EXPECT_EQ(normalize_path(""), "");
}

// The step-by-step form of osls's normalizePathPart (capitalize, '-' -> Dash,
// /\{(.*)\}/ -> '$1Var', drop [^0-9A-Za-z], upperFirst) as a reference.
std::string reference_path_part(const std::string& part) {
  std::string lower;
  for (char c : part) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string dashed;
  for (char c : lower) dashed += c == '-' ? std::string("Dash") : std::string(1, c);
  auto open = dashed.find('{');
  auto close = dashed.rfind('}');
  if (open != std::string::npos && close != std::string::npos && close > open)
    dashed = dashed.substr(0, open) + dashed.substr(open + 1, close - open - 1) + "Var" + dashed.substr(close + 1);
  std::string out;
  for (char c : dashed)
    if (std::isalnum(static_cast<unsigned char>(c))) out += c;
  return upper_first(out);
}

TEST(Naming, PathNormalizationMatchesReferenceOnRandomInput) {
  const std::string alphabet = "aZq9-_{}/. +\xc3\xa9";
  std::mt19937 rng(42);
  for (int n = 0; n < 5000; ++n) {
    std::string path;
    const size_t len = rng() % 12;
    for (size_t i = 0; i < len; ++i) path += alphabet[rng() % alphabet.size()];
    std::string expected;
    size_t start = 0;
    while (true) {
      size_t slash = path.find('/', start);
      expected += reference_path_part(path.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
      if (slash == std::string::npos) break;
      start = slash + 1;
    }
    ASSERT_EQ(normalize_path(path), expected) << path;
    if (path.find('/') == std::string::npos) ASSERT_EQ(normalize_path_part(path), expected) << path;
  }
}

TEST(Naming, NormalizesNamesAndMethods) {
  EXPECT_EQ(normalize_name_alnum("my-service_1!"), "Myservice1");
  EXPECT_EQ(normalize_resource_name("a-b_c"), "ADashbUnderscorec");
  EXPECT_EQ(normalize_method_name("gEt"), "Get");
}

TEST(Naming, QueueTopicAndStreamIds) {
  EXPECT_EQ(queue_logical_id("my-fn", "my-queue.fifo"), "MyDashfnEventSourceMappingSQSMyqueuefifo");
  EXPECT_EQ(topic_logical_id("my-topic_1"), "SNSTopicMytopic1");
  EXPECT_EQ(topic_dlq_policy_logical_id("fn_a", "t-1"), "T1ToFnUnderscoreaDLQPolicy");
  EXPECT_EQ(lambda_sns_permission_logical_id("fn", "t-1"), "FnLambdaPermissionT1SNS");
  EXPECT_EQ(lambda_sns_subscription_logical_id("fn", "t-1"), "FnSnsSubscriptionT1");
  EXPECT_EQ(stream_logical_id("fn", "dynamodb", "my-table"), "FnEventSourceMappingDynamodbMytable");
  EXPECT_EQ(stream_consumer_name("fn", "s1", false, "svc", "dev"), "fns1Consumer");
  EXPECT_EQ(stream_consumer_name("fn", "s1", true, "svc", "dev"), "fns1svcdevConsumer");
  EXPECT_EQ(stream_consumer_logical_id("my-fns1Consumer"), "MyDashfns1ConsumerStreamConsumer");
}

TEST(Naming, KafkaMskAndMqIdsAreCutAsOslsCutsThem) {
  EXPECT_EQ(kafka_event_logical_id("fn", "my.topic"), "FnEventSourceMappingKafkaMytopic");
  EXPECT_EQ(kafka_event_logical_id("fn", std::string(200, 'a')), "FnEventSourceMappingKafkaA" + std::string(157, 'a'));
  EXPECT_EQ(msk_event_logical_id("fn", "my-cluster", "t-1"), "FnEventSourceMappingMSKMyclusterT1");
  EXPECT_EQ(msk_event_logical_id("fn", std::string(90, 'c'), "t").size(), std::string("FnEventSourceMappingMSK").size() + 80);
  EXPECT_EQ(activemq_event_logical_id("fn", "q.1"), "FnEventSourceMappingActiveMQQ1");
  EXPECT_EQ(rabbitmq_event_logical_id("fn", "q.1"), "FnEventSourceMappingRabbitMQQ1");
}

// osls 4.3.1 (tests/golden/alb-shared-listener, alb-target-group-prefix).
TEST(Naming, AlbTargetGroupsRulesAndPermissions) {
  EXPECT_EQ(alb_target_group_logical_id("users", "HttpListener", false), "UsersAlbTargetGroupHttpListener");
  EXPECT_EQ(alb_target_group_logical_id("my-fn", "50dc6c495c0c9188", true),
            "MyDashfnAlbMultiValueTargetGroup50dc6c495c0c9188");
  const std::string tag = alb_target_group_name_tag("albshared", "users", "HttpListener", false, "dev");
  EXPECT_EQ(tag, "albshared-users-HttpListener-dev");
  EXPECT_EQ(alb_target_group_name("", tag), "550f86d771bc761e9e1110bd7cdb573c");
  EXPECT_EQ(alb_target_group_name_tag("s", "f", "a", true, "prod"), "s-f-a-multi-value-prod");
  EXPECT_EQ(alb_target_group_name("pre-", tag), "pre-550f86d771bc761e9e1110bd7cdb");
  EXPECT_EQ(alb_listener_rule_logical_id("users", "3"), "UsersAlbListenerRule3");
  EXPECT_EQ(lambda_alb_permission_logical_id("a_b"), "AUnderscorebLambdaPermissionAlb");
  EXPECT_EQ(lambda_register_target_permission_logical_id("users"), "UsersLambdaPermissionRegisterTarget");
}

TEST(Naming, CustomResourcesAsOsls) {
  EXPECT_EQ(api_gateway_log_group_name("svc", "dev"), "/aws/api-gateway/svc-dev");
  EXPECT_EQ(lambda_logical_id(kApiGatewayCloudWatchRoleFunctionName),
            "CustomDashresourceDashapigwDashcwDashroleLambdaFunction");
  EXPECT_EQ(log_group_logical_id(kApiGatewayCloudWatchRoleFunctionName),
            "CustomDashresourceDashapigwDashcwDashroleLogGroup");
  EXPECT_EQ(custom_resource_function_name("svc", "dev", kApiGatewayCloudWatchRoleFunctionName),
            "svc-dev-custom-resource-apigw-cw-role");
  // 64 characters stay; longer names are cut to 32 and the md5 of the whole appended (node's crypto).
  EXPECT_EQ(custom_resource_function_name("a-very-long-service-name-here", "prod",
                                          kApiGatewayCloudWatchRoleFunctionName),
            "a-very-long-service-name-here-prod-custom-resource-apigw-cw-role");
  EXPECT_EQ(custom_resource_function_name("a-very-long-service-name-here", "prod2",
                                          kApiGatewayCloudWatchRoleFunctionName),
            "a-very-long-service-name-here-pr9a57c3e5d07b3d0e009168a06bdf25f7");
  EXPECT_EQ(lambda_logical_id(kExistingS3FunctionName), "CustomDashresourceDashexistingDashs3LambdaFunction");
  EXPECT_EQ(lambda_logical_id(kExistingCognitoUserPoolFunctionName),
            "CustomDashresourceDashexistingDashcupLambdaFunction");
  EXPECT_EQ(custom_s3_resource_logical_id("my-fn"), "MyDashfnCustomS31");
  EXPECT_EQ(custom_cognito_user_pool_resource_logical_id("pre_sign"), "PreUnderscoresignCustomCognitoUserPool1");
}

TEST(Naming, WebsocketsLogicalIdsAsOsls) {
  EXPECT_EQ(websockets_api_name("chat", "dev"), "dev-chat-websockets");
  EXPECT_EQ(websockets_integration_logical_id("send-msg_x"), "SendDashmsgUnderscorexWebsocketsIntegration");
  EXPECT_EQ(lambda_websockets_permission_logical_id("my-auth"), "MyDashauthLambdaPermissionWebsockets");
  EXPECT_EQ(websockets_route_logical_id("$connect"), "SconnectWebsocketsRoute");
  EXPECT_EQ(websockets_route_logical_id("chat.send-msg_v1/x"), "chatPeriodsendDashmsgUnderscorev1SlashxWebsocketsRoute");
  EXPECT_EQ(websockets_route_response_logical_id("$default"), "SdefaultWebsocketsRouteResponse");
  EXPECT_EQ(websockets_deployment_logical_id("kQs9+qb/TEJ=="), "WebsocketsDeploymentkQs9qbTEJ");
  EXPECT_EQ(websockets_authorizer_logical_id("auth_fn"), "AuthUnderscorefnWebsocketsAuthorizer");
  EXPECT_EQ(websockets_log_group_name("chat", "prod"), "/aws/websocket/chat-prod");
}

TEST(Naming, HttpApiLogicalIdsAndNames) {
  EXPECT_EQ(http_api_route_logical_id("GET /hello"), "HttpApiRouteGetHello");
  EXPECT_EQ(http_api_route_logical_id("PUT /users/{userId}"), "HttpApiRoutePutUsersUseridVar");
  EXPECT_EQ(http_api_route_logical_id("GET /proxy/{proxy+}"), "HttpApiRouteGetProxyProxyVar");
  EXPECT_EQ(http_api_route_logical_id("DELETE /"), "HttpApiRouteDelete");
  EXPECT_EQ(http_api_route_logical_id("GET /jwt-scopes"), "HttpApiRouteGetJwtDashscopes");
  EXPECT_EQ(http_api_route_logical_id("*"), "HttpApiRouteDefault");
  EXPECT_EQ(http_api_integration_logical_id("any-thing"), "HttpApiIntegrationAnyDashthing");
  EXPECT_EQ(http_api_authorizer_logical_id("managed_auth"), "HttpApiAuthorizerManagedUnderscoreauth");
  EXPECT_EQ(lambda_http_api_permission_logical_id("hello"), "HelloLambdaPermissionHttpApi");
  EXPECT_EQ(lambda_authorizer_http_api_permission_logical_id("customAuth"),
            "CustomAuthLambdaAuthorizerPermissionHttpApi");
  EXPECT_EQ(http_api_name("svc", "dev", false), "dev-svc");
  EXPECT_EQ(http_api_name("svc", "dev", true), "svc-dev");
  EXPECT_EQ(http_api_log_group_name("svc-dev"), "/aws/http-api/svc-dev");
}

TEST(Naming, EventSourceIds) {
  EXPECT_EQ(bucket_logical_id("audit.bucket-2"), "S3BucketAuditbucket2");
  EXPECT_EQ(lambda_s3_permission_logical_id("audit-log", "audit.bucket-2"), "AuditDashlogLambdaPermissionAuditbucket2S3");
  EXPECT_EQ(cognito_user_pool_logical_id("my pool.1"), "CognitoUserPoolMypool1");
  EXPECT_EQ(lambda_cognito_user_pool_permission_logical_id("pre-sign", "my pool.1", "PreSignUp"),
            "PreDashsignLambdaPermissionCognitoUserPoolMypool1TriggerSourcePreSignUp");
  EXPECT_EQ(cloudwatch_event_id("my-fn"), "my-fnCloudWatchEvent");
  EXPECT_EQ(cloudwatch_event_logical_id("my-fn", 2), "MyDashfnEventsRuleCloudWatchEvent2");
  EXPECT_EQ(lambda_cloudwatch_event_permission_logical_id("a", 1), "ALambdaPermissionEventsRuleCloudWatchEvent1");
  EXPECT_EQ(cloudwatch_log_logical_id("a_b", 3), "AUnderscorebLogsSubscriptionFilterCloudWatchLog3");
  EXPECT_EQ(lambda_cloudwatch_log_permission_logical_id("a"), "ALambdaPermissionLogsSubscriptionFilterCloudWatchLog");
  EXPECT_EQ(event_bridge_event_bus_logical_id("my-bus"), "MyDashbusEventBridgeEventBus");
  EXPECT_EQ(event_bridge_rule_logical_id("svc-dev-fn-rule-1"), std::string("Svcdevfnrule1EventBridgeRule"));
  EXPECT_EQ(event_bridge_lambda_permission_logical_id("fn", 2), "FnEventBridgeLambdaPermission2");
  EXPECT_EQ(event_bridge_rule_name("svc-dev-fn", 1), "svc-dev-fn-rule-1");
  // osls's hashName (md5 from Node.js's crypto) for names over 64 characters.
  EXPECT_EQ(event_bridge_rule_name("a-very-long-service-name-here-dev-a-really-long-function-name-x", 1),
            "a-very-long-service-name-db15a478c36be035029d9e4f54687306-rule-1");
  EXPECT_EQ(event_bridge_target_id("svc-dev-fn-rule-1"), "svc-dev-fn-rule-1-target");
}

TEST(Naming, AlexaAndIotIds) {
  EXPECT_EQ(lambda_alexa_skill_permission_logical_id("my-fn", 2), "MyDashfnLambdaPermissionAlexaSkill2");
  EXPECT_EQ(lambda_alexa_smart_home_permission_logical_id("a", 1), "ALambdaPermissionAlexaSmartHome1");
  EXPECT_EQ(iot_logical_id("a_b", 3), "AUnderscorebIotTopicRule3");
  EXPECT_EQ(lambda_iot_permission_logical_id("a", 1), "ALambdaPermissionIotTopicRule1");
  EXPECT_EQ(iot_fleet_provisioning_logical_id("my-fn"), "MyDashfnIotProvisioningTemplate");
  EXPECT_EQ(lambda_iot_fleet_provisioning_permission_logical_id("a"), "ALambdaPermissionIotProvisioningTemplate");
}

TEST(Naming, CloudFrontIds) {
  EXPECT_EQ(lambda_at_edge_invoke_permission_logical_id("my-fn"), "MyDashfnLambdaFunctionInvokePermission");
  EXPECT_EQ(cloud_front_origin_id(true, "b.s3.amazonaws.com", "/files"), "s3/b.s3.amazonaws.com/files");
  EXPECT_EQ(cloud_front_origin_id(false, "app.acme.com", ""), "custom/app.acme.com");
  EXPECT_EQ(cloud_front_cache_policy_logical_id("my_policy"), "CloudFrontCachePolicyMyUnderscorepolicy");
  EXPECT_EQ(cloud_front_cache_policy_name("svc", "dev", "p"), "svc-dev-p");
}

TEST(Naming, RestApiModelsValidatorAndDeployment) {
  EXPECT_EQ(api_gateway_name("svc", "dev"), "dev-svc");
  EXPECT_EQ(api_gateway_name("svc", "dev", true), "svc-dev");
  EXPECT_EQ(request_validator_logical_id("my-svc"), "ApiGatewayMysvcRequestValidator");
  EXPECT_EQ(model_logical_id("CreateOrder-input"), "ApiGatewayCreateOrderInputModel");
  EXPECT_EQ(model_logical_id("XMLHttp2go"), "ApiGatewayXmlHttp2GoModel");
  EXPECT_EQ(endpoint_model_logical_id("ApiGatewayMethodOrdersPost", "application/json"),
            "ApiGatewayMethodOrdersPostApplicationJsonModel");
  EXPECT_EQ(api_gateway_deployment_logical_id("123"), "ApiGatewayDeployment123");
}

}  // namespace sls::naming
