// compile_event_bridge and check_event_bridge against osls 4.3.1.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "aws/compile/events/events_test_util.h"
#include "aws/compile/events/registry.h"
#include "config/validate.h"

namespace sls::compile::events {
namespace {
using ::testing::ElementsAre;
using testing::make_fixture;

// A bus created by name: the bus, a rule depending on it (named after the deployed function
// name and the event's position among all events), the permission on bus/rule.
TEST(EventBridgeEvents, CreatedBusRuleAndPermission) {
  auto f = make_fixture(R"json({"service":"svc","functions":{"fn":{"handler":"h.h","name":"custom","events":[
      {"schedule":"rate(1 hour)"},
      {"eventBridge":{"eventBus":"orders","pattern":{"source":["a"]},"input":{"k":"v"},"retryPolicy":{}}}]}}})json");
  compile_events(f->ctx);
  Json& r = f->ctx.resources();
  EXPECT_EQ(r["OrdersEventBridgeEventBus"].dump(), R"({"Type":"AWS::Events::EventBus","Properties":{"Name":"orders"}})");
  EXPECT_EQ(r["Customrule2EventBridgeRule"].dump(),
            Json::parse(R"json({"Type":"AWS::Events::Rule","DependsOn":"OrdersEventBridgeEventBus","Properties":{
      "EventBusName":"orders","EventPattern":{"source":["a"]},"Name":"custom-rule-2","State":"ENABLED","Targets":[
      {"Arn":{"Fn::GetAtt":["FnLambdaFunction","Arn"]},"Id":"custom-rule-2-target","RetryPolicy":{},"Input":"{\"k\":\"v\"}"}]}})json").dump());
  EXPECT_EQ(r["FnEventBridgeLambdaPermission2"]["Properties"]["SourceArn"]["Fn::Join"][1][5].dump(),
            R"({"Fn::Join":["/",["rule","orders","custom-rule-2"]]})");
}

TEST(EventBridgeEvents, Schema) {
  std::vector<std::string> out;
  for (const auto& issue : config::validate_service_config(Json::parse(R"json({"service":"svc","provider":{"name":"aws"},
      "functions":{"a":{"handler":"h.h","events":[
      {"eventBridge":{"eventBus":{"Fn::GetAtt":["Bus","Arn"]},"pattern":{"sources":["x"]}}},
      {"eventBridge":{"schedule":"every day","retryPolicy":{"maximumEventAge":10}}},
      {"eventBridge":{"eventBus":"b"}},
      {"eventBridge":{"schedule":"rate(1 day)","name":"!!!"}}]}}})json"), event_types()))
    out.push_back(config::format_issue(issue));
  EXPECT_THAT(out, ElementsAre(
      "functions.a.events.0.eventBridge.eventBus: must be a bus name, an event bus ARN, Ref, Fn::ImportValue or Fn::GetAtt [<bus>, Name], got an object",
      "functions.a.events.0.eventBridge.pattern: unrecognized property 'sources'",
      "functions.a.events.1.eventBridge.schedule: must match pattern \"^(?:cron|rate)\\(.+\\)$\"",
      "functions.a.events.1.eventBridge.retryPolicy.maximumEventAge: must be >= 60, got 10",
      "functions.a.events.2.eventBridge: must have required property 'pattern' or 'schedule'",
      "functions.a.events.3.eventBridge.name: must match pattern \"[a-zA-Z0-9-_.]+\""));
}

}  // namespace
}  // namespace sls::compile::events
