#include "aws/plugin_naming.h"

#include <gtest/gtest.h>

#include "util/error.h"

namespace sls::aws {
namespace {

Service service(Json provider = Json::object()) {
  Service s;
  s.name = "orders";
  s.stage = "prod";
  s.region = "eu-west-1";
  provider["name"] = "aws";
  s.config = {{"service", "orders"}, {"provider", provider}};
  return s;
}

Json call(const Service& s, const std::string& fn, Json args = Json::array()) { return plugin_naming(s, fn, args); }

TEST(PluginNaming, ApiGatewayHelpersAsOsls) {
  Service s = service();
  EXPECT_EQ(call(s, "getApiGatewayName"), "prod-orders");
  EXPECT_EQ(call(service({{"apiGateway", {{"shouldStartNameWithService", true}}}}), "getApiGatewayName"), "orders-prod");
  EXPECT_EQ(call(service({{"apiName", "custom"}}), "getApiGatewayName"), "custom");
  EXPECT_EQ(call(s, "getValidatorLogicalId"), "ApiGatewayOrdersRequestValidator");
  EXPECT_EQ(call(s, "getModelLogicalId", {"my-schema_id"}), "ApiGatewayMySchemaIdModel");
  EXPECT_EQ(call(s, "getEndpointModelLogicalId", {"Orders", "post", "application/json"}),
            "ApiGatewayMethodOrdersPostApplicationJsonModel");
  EXPECT_EQ(call(s, "getApiKeyLogicalId", {2, "free"}), "ApiGatewayApiKeyFree2");
  EXPECT_EQ(call(s, "getUsagePlanKeyLogicalId", {1}), "ApiGatewayUsagePlanKey1");
  EXPECT_EQ(call(s, "generateApiGatewayDeploymentLogicalId", {"1700000000000"}), "ApiGatewayDeployment1700000000000");
  EXPECT_EQ(call(s, "extractAuthorizerNameFromArn", {"arn:aws:lambda:us-east-1:1:function:svc-dev-auth"}), "auth");
  EXPECT_EQ(call(s, "extractLambdaNameFromArn", {"arn:aws:lambda:us-east-1:1:function:svc-dev-auth"}), "svc-dev-auth");
}

TEST(PluginNaming, IamAndEventHelpers) {
  Service s = service();
  EXPECT_EQ(call(s, "getRolePath"), "/");
  EXPECT_EQ(call(service({{"iam", {{"role", {{"path", "/x/"}}}}}}), "getRolePath"), "/x/");
  EXPECT_EQ(call(s, "getRoleName"),
            (Json{{"Fn::Join", {"-", {"orders", "prod", Json{{"Ref", "AWS::Region"}}, "lambdaRole"}}}}));
  EXPECT_EQ(call(s, "getScheduleId", {"hello"}), "helloSchedule");
  EXPECT_EQ(call(s, "getLambdaSchedulePermissionLogicalId", {"my-fn", 2}), "MyDashfnLambdaPermissionEventsRuleSchedule2");
  EXPECT_EQ(call(s, "getHttpApiName"), "prod-orders");
  EXPECT_EQ(call(s, "getWebsocketsApiName"), "prod-orders-websockets");
}

TEST(PluginNaming, UnknownHelperIsAClearError) {
  try {
    call(service(), "getSomethingNew");
    FAIL();
  } catch (const UserError& e) {
    EXPECT_EQ(e.code, "SLS_BRIDGE_NAMING_UNSUPPORTED");
    EXPECT_NE(std::string(e.what()).find("provider.naming.getSomethingNew()"), std::string::npos);
  }
}

}  // namespace
}  // namespace sls::aws
