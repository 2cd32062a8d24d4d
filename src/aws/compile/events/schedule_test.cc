// Whole-output tests of compile_schedule against osls 4.3.1.
#include <gtest/gtest.h>

#include "aws/compile/events/events.h"
#include "aws/compile/events/events_test_util.h"
#include "util/error.h"

namespace sls::compile::events {
namespace {
using testing::expected;
using testing::make_fixture;
using testing::normalized;

// osls 4.3.1 `package` of /tmp/ev/sched (deployment id erased).
TEST(Events, ScheduleStringsObjectsAndInputs) {
  auto f = make_fixture(R"json({"service": "sched", "provider": {"name": "aws", "runtime": "nodejs20.x"}, "functions": {"cron-job": {"handler": "handler.h", "events": [{"schedule": "rate(5 minutes)"}, {"schedule": "cron(0 12 * * ? *)"}, {"schedule": {"rate": ["rate(1 hour)", "cron(0 8 * * ? *)"], "enabled": false, "input": {"key1": "value1", "nested": {"a": 1, "b": [true, "x"]}}}}, {"schedule": {"rate": ["rate(2 days)"], "name": "my-rule", "description": "a rule", "inputPath": "$.detail"}}, {"schedule": {"rate": ["rate(10 minutes)"], "inputTransformer": {"inputPathsMap": {"eventTime": "$.time"}, "inputTemplate": "{\"time\": <eventTime>, \"key1\": \"value1\"}"}}}, {"schedule": {"rate": ["rate(3 hours)"], "input": "plain \"quoted\" string"}}, {"schedule": {"rate": ["rate(4 hours)"], "input": {"body": "{\"x\": 1}"}}}]}, "second": {"handler": "handler.h", "events": [{"schedule": "rate(1 day)"}]}}})json");
  compile_schedule(f->ctx);
  EXPECT_EQ(normalized(f->ctx.template_), expected(R"json({"Resources": {"CronDashjobEventsRuleSchedule1": {"Type": "AWS::Events::Rule", "Properties": {"ScheduleExpression": "rate(5 minutes)", "State": "ENABLED", "Targets": [{"Arn": {"Fn::GetAtt": ["CronDashjobLambdaFunction", "Arn"]}, "Id": "cron-jobSchedule"}]}}, "CronDashjobLambdaPermissionEventsRuleSchedule1": {"Type": "AWS::Lambda::Permission", "Properties": {"FunctionName": {"Fn::GetAtt": ["CronDashjobLambdaFunction", "Arn"]}, "Action": "lambda:InvokeFunction", "Principal": "events.amazonaws.com", "SourceArn": {"Fn::GetAtt": ["CronDashjobEventsRuleSchedule1", "Arn"]}}}, "CronDashjobEventsRuleSchedule2": {"Type": "AWS::Events::Rule", "Properties": {"ScheduleExpression": "cron(0 12 * * ? *)", "State": "ENABLED", "Targets": [{"Arn": {"Fn::GetAtt": ["CronDashjobLambdaFunction", "Arn"]}, "Id": "cron-jobSchedule"}]}}, "CronDashjobLambdaPermissionEventsRuleSchedule2": {"Type": "AWS::Lambda::Permission", "Properties": {"FunctionName": {"Fn::GetAtt": ["CronDashjobLambdaFunction", "Arn"]}, "Action": "lambda:InvokeFunction", "Principal": "events.amazonaws.com", "SourceArn": {"Fn::GetAtt": ["CronDashjobEventsRuleSchedule2", "Arn"]}}}, "CronDashjobEventsRuleSchedule3": {"Type": "AWS::Events::Rule", "Properties": {"ScheduleExpression": "rate(1 hour)", "State": "DISABLED", "Targets": [{"Input": "{\"key1\":\"value1\",\"nested\":{\"a\":1,\"b\":[true,\"x\"]}}", "Arn": {"Fn::GetAtt": ["CronDashjobLambdaFunction", "Arn"]}, "Id": "cron-jobSchedule"}]}}, "CronDashjobLambdaPermissionEventsRuleSchedule3": {"Type": "AWS::Lambda::Permission", "Properties": {"FunctionName": {"Fn::GetAtt": ["CronDashjobLambdaFunction", "Arn"]}, "Action": "lambda:InvokeFunction", "Principal": "events.amazonaws.com", "SourceArn": {"Fn::GetAtt": ["CronDashjobEventsRuleSchedule3", "Arn"]}}}, "CronDashjobEventsRuleSchedule4": {"Type": "AWS::Events::Rule", "Properties": {"ScheduleExpression": "cron(0 8 * * ? *)", "State": "DISABLED", "Targets": [{"Input": "{\"key1\":\"value1\",\"nested\":{\"a\":1,\"b\":[true,\"x\"]}}", "Arn": {"Fn::GetAtt": ["CronDashjobLambdaFunction", "Arn"]}, "Id": "cron-jobSchedule"}]}}, "CronDashjobLambdaPermissionEventsRuleSchedule4": {"Type": "AWS::Lambda::Permission", "Properties": {"FunctionName": {"Fn::GetAtt": ["CronDashjobLambdaFunction", "Arn"]}, "Action": "lambda:InvokeFunction", "Principal": "events.amazonaws.com", "SourceArn": {"Fn::GetAtt": ["CronDashjobEventsRuleSchedule4", "Arn"]}}}, "CronDashjobEventsRuleSchedule5": {"Type": "AWS::Events::Rule", "Properties": {"ScheduleExpression": "rate(2 days)", "State": "ENABLED", "Name": "my-rule", "Description": "a rule", "Targets": [{"InputPath": "$.detail", "Arn": {"Fn::GetAtt": ["CronDashjobLambdaFunction", "Arn"]}, "Id": "cron-jobSchedule"}]}}, "CronDashjobLambdaPermissionEventsRuleSchedule5": {"Type": "AWS::Lambda::Permission", "Properties": {"FunctionName": {"Fn::GetAtt": ["CronDashjobLambdaFunction", "Arn"]}, "Action": "lambda:InvokeFunction", "Principal": "events.amazonaws.com", "SourceArn": {"Fn::GetAtt": ["CronDashjobEventsRuleSchedule5", "Arn"]}}}, "CronDashjobEventsRuleSchedule6": {"Type": "AWS::Events::Rule", "Properties": {"ScheduleExpression": "rate(10 minutes)", "State": "ENABLED", "Targets": [{"InputTransformer": {"InputTemplate": "{\"time\": <eventTime>, \"key1\": \"value1\"}", "InputPathsMap": {"eventTime": "$.time"}}, "Arn": {"Fn::GetAtt": ["CronDashjobLambdaFunction", "Arn"]}, "Id": "cron-jobSchedule"}]}}, "CronDashjobLambdaPermissionEventsRuleSchedule6": {"Type": "AWS::Lambda::Permission", "Properties": {"FunctionName": {"Fn::GetAtt": ["CronDashjobLambdaFunction", "Arn"]}, "Action": "lambda:InvokeFunction", "Principal": "events.amazonaws.com", "SourceArn": {"Fn::GetAtt": ["CronDashjobEventsRuleSchedule6", "Arn"]}}}, "CronDashjobEventsRuleSchedule7": {"Type": "AWS::Events::Rule", "Properties": {"ScheduleExpression": "rate(3 hours)", "State": "ENABLED", "Targets": [{"Input": "plain \"quoted\" string", "Arn": {"Fn::GetAtt": ["CronDashjobLambdaFunction", "Arn"]}, "Id": "cron-jobSchedule"}]}}, "CronDashjobLambdaPermissionEventsRuleSchedule7": {"Type": "AWS::Lambda::Permission", "Properties": {"FunctionName": {"Fn::GetAtt": ["CronDashjobLambdaFunction", "Arn"]}, "Action": "lambda:InvokeFunction", "Principal": "events.amazonaws.com", "SourceArn": {"Fn::GetAtt": ["CronDashjobEventsRuleSchedule7", "Arn"]}}}, "CronDashjobEventsRuleSchedule8": {"Type": "AWS::Events::Rule", "Properties": {"ScheduleExpression": "rate(4 hours)", "State": "ENABLED", "Targets": [{"Input": "{\"body\":{\"x\":1}}", "Arn": {"Fn::GetAtt": ["CronDashjobLambdaFunction", "Arn"]}, "Id": "cron-jobSchedule"}]}}, "CronDashjobLambdaPermissionEventsRuleSchedule8": {"Type": "AWS::Lambda::Permission", "Properties": {"FunctionName": {"Fn::GetAtt": ["CronDashjobLambdaFunction", "Arn"]}, "Action": "lambda:InvokeFunction", "Principal": "events.amazonaws.com", "SourceArn": {"Fn::GetAtt": ["CronDashjobEventsRuleSchedule8", "Arn"]}}}, "SecondEventsRuleSchedule1": {"Type": "AWS::Events::Rule", "Properties": {"ScheduleExpression": "rate(1 day)", "State": "ENABLED", "Targets": [{"Arn": {"Fn::GetAtt": ["SecondLambdaFunction", "Arn"]}, "Id": "secondSchedule"}]}}, "SecondLambdaPermissionEventsRuleSchedule1": {"Type": "AWS::Lambda::Permission", "Properties": {"FunctionName": {"Fn::GetAtt": ["SecondLambdaFunction", "Arn"]}, "Action": "lambda:InvokeFunction", "Principal": "events.amazonaws.com", "SourceArn": {"Fn::GetAtt": ["SecondEventsRuleSchedule1", "Arn"]}}}}, "Outputs": {}})json"));
}


std::string schedule_error(const std::string& config) {
  auto f = make_fixture(config);
  try {
    compile_schedule(f->ctx);
  } catch (const UserError& e) {
    return e.what();
  }
  return "";
}

TEST(Events, ScheduleNameWithSeveralRatesIsRefused) {
  EXPECT_EQ(schedule_error(R"json({"service":"svc","functions":{"a":{"handler":"h.h","events":[
      {"schedule":{"rate":["rate(1 hour)","rate(2 hours)"],"name":"n"}}]}}})json"),
            "You cannot specify a name when defining more than one rate expression");
}

TEST(Events, ScheduleTimezoneNeedsSchedulerMode) {
  EXPECT_EQ(schedule_error(R"json({"service":"svc","functions":{"a":{"handler":"h.h","events":[
      {"schedule":{"rate":["rate(1 hour)"],"timezone":"Europe/Paris"}}]}}})json"),
            "Cannot setup \"schedule\" event: \"timezone\" is only supported with \"scheduler\" mode");
}

TEST(Events, ScheduleSingleRateStringInObjectForm) {
  auto f = make_fixture(R"json({"service":"svc","functions":{"a":{"handler":"h.h","events":[
      {"schedule":{"rate":"rate(1 hour)"}}]}}})json");
  compile_schedule(f->ctx);
  EXPECT_EQ(f->ctx.resources()["AEventsRuleSchedule1"]["Properties"]["ScheduleExpression"],
            "rate(1 hour)");
}

}  // namespace
}  // namespace sls::compile::events
