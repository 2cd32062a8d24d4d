// Per-resource events and failure reasons: moto only emits stack-level
// events, so these paths are covered here with scripted replies.
#include "aws/deploy/monitor_stack.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "aws/api/test_server.h"
#include "util/error.h"

namespace sls::aws::deploy {

using api::cfn::StackEvent;

namespace {
StackEvent ev(std::string id, std::string logical, std::string type, std::string status, std::string reason = "") {
  return {std::move(id), logical, "", std::move(type), std::move(status), std::move(reason), ""};
}
MonitorRequest request(std::string action) { return {std::move(action), "arn:stack/svc-dev", "svc-dev", "us-east-1", 3}; }
}  // namespace

TEST(MonitorStack, ErrorCodePostfix) {
  EXPECT_EQ(resource_type_error_postfix("AWS::Lambda::Function"), "_LAMBDA_FUNCTION");
  EXPECT_EQ(resource_type_error_postfix("AWS::ApiGateway::RestApi"), "_API_GATEWAY_REST_API");
  EXPECT_EQ(resource_type_error_postfix("Custom::MyThing"), "_CUSTOM");
}

TEST(MonitorStack, CutsAtTheOperationBoundary) {
  MonitorState state;
  std::vector<StackEvent> newest_first = {ev("3", "Fn", "AWS::Lambda::Function", "UPDATE_COMPLETE"),
                                          ev("2", "svc-dev", "AWS::CloudFormation::Stack", "UPDATE_IN_PROGRESS"),
                                          ev("1", "svc-dev", "AWS::CloudFormation::Stack", "CREATE_COMPLETE")};
  bool boundary = false;
  auto got = events_of_operation(state, "update", newest_first, &boundary);
  EXPECT_TRUE(boundary);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(state.first_event_id, "2");
}

TEST(MonitorStack, ProgressAndVerboseLines) {
  MonitorState state;
  std::vector<std::string> progress, info;
  Reporter r;
  r.progress = [&](const std::string& s) { progress.push_back(s); };
  r.info = [&](const std::string& s) { info.push_back(s); };
  apply_events(state, request("update"),
               {ev("2", "svc-dev", "AWS::CloudFormation::Stack", "UPDATE_IN_PROGRESS"),
                ev("3", "Fn", "AWS::Lambda::Function", "UPDATE_COMPLETE"),
                ev("4", "svc-dev", "AWS::CloudFormation::Stack", "UPDATE_COMPLETE")},
               r);
  EXPECT_EQ(state.stack_status, "UPDATE_COMPLETE");
  EXPECT_EQ(progress.back(), "Updating CloudFormation stack (1/3)");
  EXPECT_EQ(info[1], "  UPDATE_COMPLETE - AWS::Lambda::Function - Fn");
}

TEST(MonitorStack, FirstFailureIsReportedWithOslsCode) {
  MonitorState state;
  Reporter r;
  try {
    apply_events(state, request("update"),
                 {ev("2", "svc-dev", "AWS::CloudFormation::Stack", "UPDATE_IN_PROGRESS"),
                  ev("3", "Fn", "AWS::Lambda::Function", "UPDATE_FAILED", "Memory size too large"),
                  ev("4", "Table", "AWS::DynamoDB::Table", "UPDATE_FAILED", "Resource update cancelled")},
                 r);
    FAIL() << "expected an error";
  } catch (const UserError& e) {
    EXPECT_EQ(std::string(e.what()).substr(0, 55), "An error occurred: Fn - Memory size too large.\nView the");
    EXPECT_EQ(e.code, "AWS_CLOUD_FORMATION_UPDATE_STACK_INTERNAL_LAMBDA_FUNCTION_UPDATE_FAILED");
  }
}

TEST(MonitorStack, VerboseWaitsForTheRollbackToSettle) {
  MonitorState state;
  Reporter r;
  r.verbose = true;
  apply_events(state, request("update"),
               {ev("2", "svc-dev", "AWS::CloudFormation::Stack", "UPDATE_IN_PROGRESS"),
                ev("3", "Fn", "AWS::Lambda::Function", "UPDATE_FAILED", "bad")},
               r);
  EXPECT_THROW(apply_events(state, request("update"),
                            {ev("5", "svc-dev", "AWS::CloudFormation::Stack", "UPDATE_ROLLBACK_COMPLETE")}, r),
               UserError);
}

TEST(MonitorStack, PollsScriptedEventsUntilComplete) {
  setenv("SLS_AWS_MONITORING_FREQUENCY", "1", 1);
  api::testing::LocalServer s;
  int polls = 0;
  s.server.Post("/", [&](const httplib::Request& req, httplib::Response& res) {
    ASSERT_NE(req.body.find("Action=DescribeStackEvents"), std::string::npos);
    ++polls;
    std::string events =
        "<member><EventId>2</EventId><LogicalResourceId>svc-dev</LogicalResourceId><ResourceType>"
        "AWS::CloudFormation::Stack</ResourceType><ResourceStatus>CREATE_IN_PROGRESS</ResourceStatus></member>";
    if (polls > 1)
      events = "<member><EventId>3</EventId><LogicalResourceId>svc-dev</LogicalResourceId><ResourceType>"
               "AWS::CloudFormation::Stack</ResourceType><ResourceStatus>CREATE_COMPLETE</ResourceStatus></member>" +
               events;
    res.set_content("<DescribeStackEventsResponse><DescribeStackEventsResult><StackEvents>" + events +
                        "</StackEvents></DescribeStackEventsResult></DescribeStackEventsResponse>",
                    "text/xml");
  });
  s.start();
  api::HttpClient http;
  EXPECT_EQ(monitor_stack(s.context(http), request("create"), Reporter{}), "CREATE_COMPLETE");
  EXPECT_EQ(polls, 2);
}

TEST(MonitorStack, DeleteOfAGoneStackIsComplete) {
  setenv("SLS_AWS_MONITORING_FREQUENCY", "1", 1);
  api::testing::LocalServer s;
  s.server.Post("/", [&](const httplib::Request&, httplib::Response& res) {
    res.status = 400;
    res.set_content("<ErrorResponse><Error><Code>ValidationError</Code><Message>Stack [svc-dev] does not exist"
                    "</Message></Error></ErrorResponse>", "text/xml");
  });
  s.start();
  api::HttpClient http;
  EXPECT_EQ(monitor_stack(s.context(http), request("delete"), Reporter{}), "DELETE_COMPLETE");
}

TEST(MonitorStack, InterruptStopsWaiting) {
  std::atomic<bool> cancelled{true};
  Reporter r;
  r.cancelled = &cancelled;
  EXPECT_THROW(wait_ms(r, 10'000), Interrupted);
}

}  // namespace sls::aws::deploy
