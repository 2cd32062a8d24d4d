// compile_cloudwatch_log and check_cloudwatch_log against osls 4.3.1.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "aws/compile/events/events_test_util.h"
#include "aws/compile/events/registry.h"
#include "config/validate.h"

namespace sls::compile::events {
namespace {
using ::testing::ElementsAre;
using testing::make_fixture;

// One permission per function, rewritten at each event with the common prefix of its log
// groups (and "*"), kept in the first event's place; each filter depends on it.
TEST(CloudWatchLogEvents, PermissionCoversTheFunctionsLogGroups) {
  auto f = make_fixture(R"json({"service":"svc","functions":{"fn":{"handler":"h.h","events":[
      {"cloudwatchLog":"/app/one"},{"cloudwatchLog":{"logGroup":"/app/two","filter":"{ $.x = \\\"y\\\" }"}}]}}})json");
  compile_events(f->ctx);
  Json& r = f->ctx.resources();
  std::vector<std::string> keys;
  for (const auto& [k, v] : r.items()) keys.push_back(k);
  EXPECT_THAT(keys, ElementsAre("FnLogsSubscriptionFilterCloudWatchLog1", "FnLambdaPermissionLogsSubscriptionFilterCloudWatchLog",
                                "FnLogsSubscriptionFilterCloudWatchLog2"));
  EXPECT_EQ(r["FnLambdaPermissionLogsSubscriptionFilterCloudWatchLog"]["Properties"]["SourceArn"]["Fn::Join"][1][7], "/app/*");
  EXPECT_EQ(r["FnLogsSubscriptionFilterCloudWatchLog2"]["Properties"]["FilterPattern"], "{ $.x = \"y\" }");
  EXPECT_EQ(r["FnLogsSubscriptionFilterCloudWatchLog2"]["DependsOn"].dump(),
            R"(["FnLambdaPermissionLogsSubscriptionFilterCloudWatchLog"])");
}

TEST(CloudWatchLogEvents, Schema) {
  std::vector<std::string> out;
  for (const auto& issue : config::validate_service_config(Json::parse(R"json({"service":"svc","provider":{"name":"aws"},
      "functions":{"a":{"handler":"h.h","events":[{"cloudwatchLog":"a b"},{"cloudwatchLog":{"filter":"x","other":1}}]}}})json"),
      event_types()))
    out.push_back(config::format_issue(issue));
  EXPECT_THAT(out, ElementsAre("functions.a.events.0.cloudwatchLog: must match pattern \"^[/#A-Za-z0-9-_.]+$\"",
                               "functions.a.events.1.cloudwatchLog: unrecognized property 'other'",
                               "functions.a.events.1.cloudwatchLog: must have required property 'logGroup'"));
}

}  // namespace
}  // namespace sls::compile::events
