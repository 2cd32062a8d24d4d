// compile_cloudwatch_event and check_cloudwatch_event against osls 4.3.1.
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

// osls 4.3.1 output for these events (its JSON text, parsed back).
TEST(CloudWatchEvents, RulesAndPermissionsNumberedPerFunction) {
  auto f = make_fixture(R"json({"service":"svc","functions":{"my-fn":{"handler":"h.h","events":[
      {"cloudwatchEvent":{"event":{"source":["aws.ec2"],"detail":{"note":["line\nbreak"]}}}},
      {"cloudwatchEvent":{"event":{"source":["x"]},"name":"n1","description":"d","enabled":false,"input":"{\"raw\":1}"}}]}}})json");
  compile_events(f->ctx);
  EXPECT_EQ(f->ctx.resources().dump(), Json::parse(R"json({
    "MyDashfnEventsRuleCloudWatchEvent1":{"Type":"AWS::Events::Rule","Properties":{
      "EventPattern":{"source":["aws.ec2"],"detail":{"note":["linebreak"]}},"State":"ENABLED",
      "Targets":[{"Arn":{"Fn::GetAtt":["MyDashfnLambdaFunction","Arn"]},"Id":"my-fnCloudWatchEvent"}]}},
    "MyDashfnLambdaPermissionEventsRuleCloudWatchEvent1":{"Type":"AWS::Lambda::Permission","Properties":{
      "FunctionName":{"Fn::GetAtt":["MyDashfnLambdaFunction","Arn"]},"Action":"lambda:InvokeFunction",
      "Principal":"events.amazonaws.com","SourceArn":{"Fn::GetAtt":["MyDashfnEventsRuleCloudWatchEvent1","Arn"]}}},
    "MyDashfnEventsRuleCloudWatchEvent2":{"Type":"AWS::Events::Rule","Properties":{
      "EventPattern":{"source":["x"]},"State":"DISABLED","Description":"d","Name":"n1",
      "Targets":[{"Input":"{\"raw\":1}","Arn":{"Fn::GetAtt":["MyDashfnLambdaFunction","Arn"]},"Id":"my-fnCloudWatchEvent"}]}},
    "MyDashfnLambdaPermissionEventsRuleCloudWatchEvent2":{"Type":"AWS::Lambda::Permission","Properties":{
      "FunctionName":{"Fn::GetAtt":["MyDashfnLambdaFunction","Arn"]},"Action":"lambda:InvokeFunction",
      "Principal":"events.amazonaws.com","SourceArn":{"Fn::GetAtt":["MyDashfnEventsRuleCloudWatchEvent2","Arn"]}}}})json").dump());
}

// osls crashes here (JSON.parse of its template text); sls names the property.
TEST(CloudWatchEvents, QuotesOslsCannotSpliceAreRefused) {
  auto f = make_fixture(R"json({"service":"svc","functions":{"a":{"handler":"h.h","events":[
      {"cloudwatchEvent":{"event":{"source":["x"]},"description":"say \"hi\""}}]}}})json");
  try {
    compile_events(f->ctx);
    FAIL();
  } catch (const UserError& e) {
    EXPECT_THAT(e.what(), HasSubstr("functions.a.events.0.cloudwatchEvent.description"));
  }
}

TEST(CloudWatchEvents, Schema) {
  std::vector<std::string> out;
  for (const auto& issue : config::validate_service_config(Json::parse(R"json({"service":"svc","provider":{"name":"aws"},
      "functions":{"a":{"handler":"h.h","events":[{"cloudwatchEvent":{"event":"x","pattern":{},"inputPath":"",
      "inputTransformer":{"inputPathsMap":{"t":""}}}}]}}})json"), event_types()))
    out.push_back(config::format_issue(issue));
  EXPECT_THAT(out, ElementsAre("functions.a.events.0.cloudwatchEvent: unrecognized property 'pattern'",
                               "functions.a.events.0.cloudwatchEvent.event: must be an object (a mapping of keys to values), got \"x\"",
                               "functions.a.events.0.cloudwatchEvent.inputPath: must NOT have fewer than 1 characters",
                               "functions.a.events.0.cloudwatchEvent.inputTransformer: must have required property 'inputTemplate'",
                               "functions.a.events.0.cloudwatchEvent.inputTransformer.inputPathsMap.t: must NOT have fewer than 1 characters"));
}

}  // namespace
}  // namespace sls::compile::events
