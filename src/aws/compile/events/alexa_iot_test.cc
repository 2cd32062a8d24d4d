// compile_alexa_skill, compile_alexa_smart_home, compile_iot and
// compile_iot_fleet_provisioning, and their schemas, against osls 4.3.1.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "aws/compile/events/events_test_util.h"
#include "aws/compile/events/registry.h"
#include "config/validate.h"
#include "util/error.h"

namespace sls::compile::events {
namespace {
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::make_fixture;

std::vector<std::string> issues(const std::string& events_json) {
  std::vector<std::string> out;
  for (const auto& issue : config::validate_service_config(
           Json::parse(R"json({"service":"svc","provider":{"name":"aws"},"functions":{"a":{"handler":"h.h","events":)json" +
                       events_json + "}}}"),
           event_types()))
    out.push_back(config::format_issue(issue));
  return out;
}

TEST(AlexaSkillEvents, PermissionsNumberedPerFunction) {
  auto f = make_fixture(R"json({"service":"svc","functions":{"my-fn":{"handler":"h.h","events":[
      {"alexaSkill":"amzn1.ask.skill.x"},{"sqs":"arn:aws:sqs:us-east-1:1:q"},
      {"alexaSkill":{"appId":"amzn1.ask.skill.y","enabled":false}}]}}})json");
  compile_alexa_skill(f->ctx, collect_events(f->ctx, "alexaSkill"));
  EXPECT_EQ(f->ctx.resources().dump(), Json::parse(R"json({
    "MyDashfnLambdaPermissionAlexaSkill1":{"Type":"AWS::Lambda::Permission","Properties":{
      "FunctionName":{"Fn::GetAtt":["MyDashfnLambdaFunction","Arn"]},"Action":"lambda:InvokeFunction",
      "Principal":"alexa-appkit.amazon.com","EventSourceToken":"amzn1.ask.skill.x"}},
    "MyDashfnLambdaPermissionAlexaSkill2":{"Type":"AWS::Lambda::Permission","Properties":{
      "FunctionName":{"Fn::GetAtt":["MyDashfnLambdaFunction","Arn"]},"Action":"lambda:DisableInvokeFunction",
      "Principal":"alexa-appkit.amazon.com","EventSourceToken":"amzn1.ask.skill.y"}}})json").dump());
}

TEST(AlexaSkillEvents, Schema) {
  EXPECT_THAT(issues(R"json([{"alexaSkill":{"enabled":"no","extra":1}},{"alexaSkill":"bad token"}])json"),
              ElementsAre("functions.a.events.0.alexaSkill: unrecognized property 'extra'",
                          "functions.a.events.0.alexaSkill: must have required property 'appId'",
                          "functions.a.events.0.alexaSkill.enabled: must be boolean (true or false), got \"no\"",
                          "functions.a.events.1.alexaSkill: must match pattern \"^[a-zA-Z0-9._\\-]+$\", got \"bad token\""));
}

TEST(AlexaSmartHomeEvents, Permissions) {
  auto f = make_fixture(R"json({"service":"svc","functions":{"a":{"handler":"h.h","events":[
      {"alexaSmartHome":{"appId":"amzn1.ask.skill.y","enabled":false}},{"alexaSmartHome":"amzn1.ask.skill.z"}]}}})json");
  compile_alexa_smart_home(f->ctx, collect_events(f->ctx, "alexaSmartHome"));
  EXPECT_EQ(f->ctx.resources().dump(), Json::parse(R"json({
    "ALambdaPermissionAlexaSmartHome1":{"Type":"AWS::Lambda::Permission","Properties":{
      "FunctionName":{"Fn::GetAtt":["ALambdaFunction","Arn"]},"Action":"lambda:DisableInvokeFunction",
      "Principal":"alexa-connectedhome.amazon.com","EventSourceToken":"amzn1.ask.skill.y"}},
    "ALambdaPermissionAlexaSmartHome2":{"Type":"AWS::Lambda::Permission","Properties":{
      "FunctionName":{"Fn::GetAtt":["ALambdaFunction","Arn"]},"Action":"lambda:InvokeFunction",
      "Principal":"alexa-connectedhome.amazon.com","EventSourceToken":"amzn1.ask.skill.z"}}})json").dump());
}

TEST(AlexaSmartHomeEvents, Schema) {
  EXPECT_THAT(issues(R"json([{"alexaSmartHome":{"enabled":true}}])json"),
              ElementsAre("functions.a.events.0.alexaSmartHome: must have required property 'appId'"));
}

TEST(IotEvents, TopicRuleAndPermission) {
  auto f = make_fixture(R"json({"service":"svc","functions":{"a":{"handler":"h.h","events":[
      {"iot":{"sql":"SELECT *\nFROM 't'\r\n","name":"r\n1","description":"d","sqlVersion":"beta","enabled":false}}]}}})json");
  compile_iot(f->ctx, collect_events(f->ctx, "iot"));
  EXPECT_EQ(f->ctx.resources().dump(), Json::parse(R"json({
    "AIotTopicRule1":{"Type":"AWS::IoT::TopicRule","Properties":{"TopicRulePayload":{"RuleDisabled":true,
      "Sql":"SELECT *FROM 't'","Actions":[{"Lambda":{"FunctionArn":{"Fn::GetAtt":["ALambdaFunction","Arn"]}}}],
      "Description":"d","AwsIotSqlVersion":"beta"},"RuleName":"r1"}},
    "ALambdaPermissionIotTopicRule1":{"Type":"AWS::Lambda::Permission","Properties":{
      "FunctionName":{"Fn::GetAtt":["ALambdaFunction","Arn"]},"Action":"lambda:InvokeFunction",
      "Principal":"iot.amazonaws.com","SourceArn":{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":iot:",
      {"Ref":"AWS::Region"},":",{"Ref":"AWS::AccountId"},":rule/",{"Ref":"AIotTopicRule1"}]]}}}})json").dump());
}

TEST(IotEvents, Schema) {
  EXPECT_THAT(issues(R"json([{"iot":{"sqlVersion":"2020","topic":"x"}},{"iot":"SELECT 1"}])json"),
              ElementsAre("functions.a.events.0.iot: unrecognized property 'topic'",
                          "functions.a.events.0.iot: must have required property 'sql'",
                          "functions.a.events.0.iot.sqlVersion: must be one of [2015-10-08, 2016-03-23, beta], got \"2020\"",
                          "functions.a.events.1.iot: must be an object (a mapping of keys to values), got \"SELECT 1\""));
}

TEST(IotFleetProvisioningEvents, TemplateAndPermission) {
  auto f = make_fixture(R"json({"service":"svc","functions":{"a":{"handler":"h.h","events":[
      {"iotFleetProvisioning":{"templateBody":{"b":[1,"x"]},"provisioningRoleArn":"arn:aws:iam::1:role/r","templateName":"t"}}]}}})json");
  compile_iot_fleet_provisioning(f->ctx, collect_events(f->ctx, "iotFleetProvisioning"));
  EXPECT_EQ(f->ctx.resources().dump(), Json::parse(R"json({
    "AIotProvisioningTemplate":{"Type":"AWS::IoT::ProvisioningTemplate","Properties":{"Enabled":true,
      "PreProvisioningHook":{"TargetArn":{"Fn::GetAtt":["ALambdaFunction","Arn"]}},
      "ProvisioningRoleArn":"arn:aws:iam::1:role/r","TemplateBody":"{\"b\":[1,\"x\"]}","TemplateName":"t"},
      "DependsOn":["ALambdaPermissionIotProvisioningTemplate"]},
    "ALambdaPermissionIotProvisioningTemplate":{"Type":"AWS::Lambda::Permission","Properties":{
      "FunctionName":{"Fn::GetAtt":["ALambdaFunction","Arn"]},"Action":"lambda:InvokeFunction",
      "Principal":"iot.amazonaws.com"}}})json").dump());
}

TEST(IotFleetProvisioningEvents, OnePerFunction) {
  auto f = make_fixture(R"json({"service":"svc","functions":{"a":{"handler":"h.h","events":[
      {"iotFleetProvisioning":{"templateBody":{},"provisioningRoleArn":"arn:x"}},
      {"iotFleetProvisioning":{"templateBody":{},"provisioningRoleArn":"arn:y"}}]}}})json");
  try {
    compile_iot_fleet_provisioning(f->ctx, collect_events(f->ctx, "iotFleetProvisioning"));
    FAIL();
  } catch (const UserError& e) {
    EXPECT_THAT(e.what(), HasSubstr("Found more than one iotFleetProvision event for function a"));
  }
}

TEST(IotFleetProvisioningEvents, Schema) {
  EXPECT_THAT(issues(R"json([{"iotFleetProvisioning":{"templateBody":"x","provisioningRoleArn":"role"}}])json"),
              ElementsAre("functions.a.events.0.iotFleetProvisioning.provisioningRoleArn: must match pattern \"^arn:\", got \"role\"",
                          "functions.a.events.0.iotFleetProvisioning.templateBody: must be an object (a mapping of keys to values), got \"x\""));
}

}  // namespace
}  // namespace sls::compile::events
