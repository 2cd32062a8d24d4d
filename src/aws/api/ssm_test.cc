#include "aws/api/ssm.h"

#include <gtest/gtest.h>

#include "aws/api/test_server.h"

namespace sls::aws::api::ssm {

using api::testing::LocalServer;

TEST(AwsSsm, GetParameterAndMissing) {
  LocalServer s;
  std::string body;
  s.server.Post("/", [&](const httplib::Request& req, httplib::Response& res) {
    body = req.body;
    if (req.body.find("missing") != std::string::npos) {
      res.status = 400;
      res.set_content(R"({"__type":"ParameterNotFound","message":""})", "application/x-amz-json-1.1");
      return;
    }
    res.set_content(R"({"Parameter":{"Name":"/a","Type":"SecureString","Value":"s3cr3t","Version":4}})",
                    "application/x-amz-json-1.1");
  });
  s.start();
  HttpClient http;
  auto p = get_parameter(s.context(http), "/a");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->value, "s3cr3t");
  EXPECT_EQ(p->version, 4);
  EXPECT_EQ(body, R"({"Name":"/a","WithDecryption":true})");
  EXPECT_FALSE(get_parameter(s.context(http), "missing").has_value());
}

}  // namespace sls::aws::api::ssm
