#include "aws/api/lambda.h"

#include <gtest/gtest.h>

#include "aws/api/test_server.h"

namespace sls::aws::api::lambda {

using api::testing::LocalServer;

TEST(AwsLambda, InvokeReadsHeadersAndPayload) {
  LocalServer s;
  std::string type, log_type;
  s.server.Post("/2015-03-31/functions/svc-dev-hello/invocations", [&](const httplib::Request& req, httplib::Response& res) {
    type = req.get_header_value("X-Amz-Invocation-Type");
    log_type = req.get_header_value("X-Amz-Log-Type");
    res.set_header("X-Amz-Function-Error", "Unhandled");
    res.set_header("X-Amz-Log-Result", "aGVsbG8=");
    res.set_content(R"({"errorMessage":"boom"})", "application/json");
  });
  s.start();
  HttpClient http;
  InvokeInput in;
  in.function_name = "svc-dev-hello";
  in.payload = "{}";
  in.tail_logs = true;
  InvokeResult r = invoke(s.context(http), in);
  EXPECT_EQ(type, "RequestResponse");
  EXPECT_EQ(log_type, "Tail");
  EXPECT_EQ(r.function_error, "Unhandled");
  EXPECT_EQ(r.log_result, "hello");
  EXPECT_EQ(r.payload, R"({"errorMessage":"boom"})");
}

}  // namespace sls::aws::api::lambda
