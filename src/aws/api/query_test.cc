#include "aws/api/query.h"

#include <gtest/gtest.h>

#include "aws/api/json_rpc.h"
#include "aws/api/rest.h"
#include "aws/api/sts.h"
#include "aws/api/test_server.h"
#include "util/error.h"

namespace sls::aws::api {

using testing::LocalServer;

TEST(AwsQuery, EncodesParamsAndParsesResult) {
  LocalServer s;
  std::string body, auth, type;
  s.server.Post("/", [&](const httplib::Request& req, httplib::Response& res) {
    body = req.body;
    auth = req.get_header_value("Authorization");
    type = req.get_header_value("Content-Type");
    res.set_content(
        "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
        "<Arn>arn:aws:iam::123456789012:user/me</Arn><UserId>AID</UserId><Account>123456789012</Account>"
        "</GetCallerIdentityResult></GetCallerIdentityResponse>",
        "text/xml");
  });
  s.start();
  HttpClient http;
  CallerIdentity id = sts_get_caller_identity(s.context(http));
  EXPECT_EQ(id.account, "123456789012");
  EXPECT_EQ(id.arn, "arn:aws:iam::123456789012:user/me");
  EXPECT_EQ(body, "Action=GetCallerIdentity&Version=2011-06-15");
  EXPECT_EQ(type, "application/x-www-form-urlencoded; charset=utf-8");
  EXPECT_TRUE(auth.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"));
  EXPECT_NE(auth.find("/us-east-1/sts/aws4_request"), std::string::npos);
}

TEST(AwsQuery, MemberListsAndStructLists) {
  QueryParams p;
  add_member_list(p, "Capabilities", {"CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"});
  add_struct_list(p, "Parameters", {{{"ParameterKey", "Stage"}, {"ParameterValue", "dev"}}});
  EXPECT_EQ(encode_query(p),
            "Capabilities.member.1=CAPABILITY_IAM&Capabilities.member.2=CAPABILITY_NAMED_IAM&"
            "Parameters.member.1.ParameterKey=Stage&Parameters.member.1.ParameterValue=dev");
}

TEST(AwsQuery, ErrorXmlBecomesUserErrorWithCode) {
  LocalServer s;
  s.server.Post("/", [&](const httplib::Request&, httplib::Response& res) {
    res.status = 400;
    res.set_content("<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code>"
                    "<Message>Stack with id x does not exist</Message></Error></ErrorResponse>",
                    "text/xml");
  });
  s.start();
  HttpClient http;
  try {
    query_call(s.context(http), "cloudformation", "2010-05-15", "DescribeStacks", {{"StackName", "x"}});
    FAIL();
  } catch (const UserError& e) {
    EXPECT_EQ(e.code, "ValidationError");
    EXPECT_STREQ(e.what(), "cloudformation DescribeStacks failed: ValidationError: Stack with id x does not exist");
  }
}

TEST(AwsJsonRpc, SendsTargetAndParsesJson) {
  LocalServer s;
  std::string target, type, body;
  s.server.Post("/", [&](const httplib::Request& req, httplib::Response& res) {
    target = req.get_header_value("X-Amz-Target");
    type = req.get_header_value("Content-Type");
    body = req.body;
    res.set_content(R"({"Parameter":{"Name":"p","Value":"v"}})", "application/x-amz-json-1.1");
  });
  s.start();
  HttpClient http;
  Json out = json_rpc_call(s.context(http), "ssm", "AmazonSSM", "GetParameter", {{"Name", "p"}});
  EXPECT_EQ(out["Parameter"]["Value"], "v");
  EXPECT_EQ(target, "AmazonSSM.GetParameter");
  EXPECT_EQ(type, "application/x-amz-json-1.1");
  EXPECT_EQ(body, R"({"Name":"p"})");
}

TEST(AwsRestJson, ErrorsCarryTheirCode) {
  LocalServer s;
  s.server.Get("/2015-03-31/functions/f", [&](const httplib::Request&, httplib::Response& res) {
    res.status = 404;
    res.set_header("x-amzn-ErrorType", "ResourceNotFoundException:http://internal");
    res.set_content(R"({"Type":"User","Message":"Function not found: f"})", "application/json");
  });
  s.start();
  HttpClient http;
  try {
    rest_json_call(s.context(http), "lambda", "GetFunction", "GET", "/2015-03-31/functions/f");
    FAIL();
  } catch (const UserError& e) {
    EXPECT_EQ(e.code, "ResourceNotFoundException");
    EXPECT_NE(std::string(e.what()).find("Function not found: f"), std::string::npos);
  }
}

}  // namespace sls::aws::api
