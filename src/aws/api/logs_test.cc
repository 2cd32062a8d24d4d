#include "aws/api/logs.h"

#include <gtest/gtest.h>

#include "aws/api/test_server.h"

namespace sls::aws::api::logs {

using api::testing::LocalServer;

TEST(AwsLogs, FilterLogEvents) {
  LocalServer s;
  std::string body, target;
  s.server.Post("/", [&](const httplib::Request& req, httplib::Response& res) {
    body = req.body;
    target = req.get_header_value("X-Amz-Target");
    res.set_content(R"({"events":[{"logStreamName":"s","timestamp":5,"message":"hi\n","eventId":"e"}],"nextToken":"n"})",
                    "application/x-amz-json-1.1");
  });
  s.start();
  HttpClient http;
  FilterInput in;
  in.log_group_name = "/aws/lambda/f";
  in.start_time = 1000;
  FilterPage page = filter_log_events(s.context(http), in);
  EXPECT_EQ(target, "Logs_20140328.FilterLogEvents");
  EXPECT_EQ(body, R"({"logGroupName":"/aws/lambda/f","interleaved":true,"startTime":1000})");
  ASSERT_EQ(page.events.size(), 1u);
  EXPECT_EQ(page.events[0].message, "hi\n");
  EXPECT_EQ(page.next_token, "n");
}

}  // namespace sls::aws::api::logs
