// How call_aws ends when the network does not cooperate: a UserError that
// names the operation and the endpoint (exit 1), never a bare TransportError.
#include "aws/api/client.h"

#include <gtest/gtest.h>

#include "aws/api/aws_error.h"
#include "aws/api/json_rpc.h"
#include "aws/api/query.h"
#include "aws/api/rest.h"
#include "aws/api/s3.h"
#include "aws/api/test_server.h"
#include "util/error.h"

namespace sls::aws::api {
using testing::LocalServer;

namespace {

// A context like LocalServer::context but pointing at a port nobody listens on.
AwsContext refused_context(HttpClient& http, const std::string& env_name) {
  AwsContext c;
  c.http = &http;
  c.credentials = {"AKIDEXAMPLE", "secret", "", {}, "test"};
  c.region = "us-east-1";
  c.env = map_env({{env_name, "http://127.0.0.1:1"}});
  c.retry.sleep = [](std::chrono::milliseconds) {};
  return c;
}

std::string error_of(const std::function<void()>& f, std::string* code = nullptr) {
  try {
    f();
  } catch (const UserError& e) {
    if (code) *code = e.code;
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST(AwsClient, RefusedConnectionIsAUserErrorNamingOperationAndEndpoint) {
  HttpClient http;
  AwsContext ctx = refused_context(http, "AWS_ENDPOINT_URL_CLOUDFORMATION");
  std::string code;
  std::string message = error_of([&] { query_call(ctx, "cloudformation", "2010-05-15", "DescribeStacks", {}); }, &code);
  EXPECT_EQ(code, kNetworkErrorCode);
  EXPECT_NE(message.find("cloudformation DescribeStacks failed after 3 attempts"), std::string::npos) << message;
  EXPECT_NE(message.find("http://127.0.0.1:1/"), std::string::npos) << message;
  EXPECT_NE(message.find("AWS_ENDPOINT_URL_CLOUDFORMATION"), std::string::npos) << message;
  EXPECT_NE(message.find("reachable"), std::string::npos) << message;
  EXPECT_EQ(message.find("secret"), std::string::npos);
}

TEST(AwsClient, RefusedHeadBucketIsANetworkErrorToo) {
  HttpClient http;
  AwsContext ctx = refused_context(http, "AWS_ENDPOINT_URL");
  std::string code;
  std::string message = error_of([&] { s3::head_bucket(ctx, "bkt"); }, &code);
  EXPECT_EQ(code, kNetworkErrorCode);
  EXPECT_NE(message.find("s3 HeadBucket"), std::string::npos) << message;
}

TEST(AwsClient, TruncatedJsonReplyIsRetriedThenParsed) {
  LocalServer s;
  int calls = 0;
  s.server.Post("/", [&](const httplib::Request&, httplib::Response& res) {
    ++calls;
    res.set_content(calls == 1 ? R"({"Parameter":{"Na)" : R"({"Parameter":{"Name":"x"}})", "application/json");
  });
  s.start();
  HttpClient http;
  Json out = json_rpc_call(s.context(http), "ssm", "AmazonSSM", "GetParameter", {{"Name", "x"}});
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(out["Parameter"]["Name"], "x");
}

TEST(AwsClient, RestJsonReplyCutShortEveryTimeIsAUserError) {
  LocalServer s;
  int calls = 0;
  s.server.Get(R"(/2015-03-31/functions/.*)", [&](const httplib::Request&, httplib::Response& res) {
    ++calls;
    res.set_content(R"({"Configuration":{"FunctionName":"f)", "application/json");
  });
  s.start();
  HttpClient http;
  std::string code;
  std::string message = error_of([&] { rest_json_call(s.context(http), "lambda", "GetFunction", "GET",
                                                      "/2015-03-31/functions/f"); }, &code);
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(code, kMalformedReplyCode);
  EXPECT_NE(message.find("lambda GetFunction returned a reply that is not valid JSON"), std::string::npos) << message;
}

TEST(AwsClient, TruncatedXmlReplyIsRetriedForQueryAndS3) {
  LocalServer s;
  int query_calls = 0, s3_calls = 0;
  s.server.Post("/", [&](const httplib::Request&, httplib::Response& res) {
    ++query_calls;
    res.set_content(query_calls < 3 ? "<DescribeStacksResponse><DescribeStacksResult><Sta"
                                    : "<DescribeStacksResponse><DescribeStacksResult/></DescribeStacksResponse>",
                    "text/xml");
  });
  s.server.Get(R"(/bkt/?)", [&](const httplib::Request&, httplib::Response& res) {
    ++s3_calls;
    res.set_content("<ListBucketResult><Contents><Key>a</Key></Contents>", "application/xml");
  });
  s.start();
  HttpClient http;
  AwsContext ctx = s.context(http);
  EXPECT_NO_THROW(query_call(ctx, "cloudformation", "2010-05-15", "DescribeStacks", {}));
  EXPECT_EQ(query_calls, 3);
  std::string code;
  std::string message = error_of([&] { s3::list_objects_v2(ctx, "bkt", ""); }, &code);
  EXPECT_EQ(s3_calls, 3);
  EXPECT_EQ(code, kMalformedReplyCode);
  EXPECT_NE(message.find("s3 ListObjectsV2"), std::string::npos) << message;
}

TEST(AwsClient, ThrottlingThatOutlastsRetriesSaysSo) {
  LocalServer s;
  s.server.set_pre_routing_handler([](const httplib::Request&, httplib::Response& res) {
    res.status = 503;
    res.set_content("<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>",
                    "application/xml");
    return httplib::Server::HandlerResponse::Handled;
  });
  s.start();
  HttpClient http;
  std::string code;
  std::string message = error_of([&] { s3::list_objects_v2(s.context(http), "bkt", ""); }, &code);
  EXPECT_EQ(code, "SlowDown");
  EXPECT_NE(message.find("throttled"), std::string::npos) << message;
  EXPECT_EQ(message.find("permission"), std::string::npos) << message;
}

TEST(AwsClient, ReplyParses) {
  EXPECT_TRUE(reply_parses("", ReplyFormat::Json));
  EXPECT_TRUE(reply_parses("{\"a\":1}", ReplyFormat::Json));
  EXPECT_FALSE(reply_parses("{\"a\":", ReplyFormat::Json));
  EXPECT_TRUE(reply_parses("<a><b/></a>", ReplyFormat::Xml));
  EXPECT_FALSE(reply_parses("<a><b/>", ReplyFormat::Xml));
  EXPECT_TRUE(reply_parses("anything", ReplyFormat::Raw));
}

}  // namespace sls::aws::api

namespace sls::aws::api {

TEST(AwsClient, HeadBucketThrottledIsNotAPermissionProblem) {
  testing::LocalServer s;
  s.server.set_pre_routing_handler([](const httplib::Request&, httplib::Response& res) {
    res.status = 503;  // S3 answers HEAD SlowDown with no body
    return httplib::Server::HandlerResponse::Handled;
  });
  s.start();
  HttpClient http;
  try {
    s3::head_bucket(s.context(http), "bkt");
    FAIL();
  } catch (const UserError& e) {
    EXPECT_EQ(e.code, "ServiceUnavailable");
    EXPECT_NE(std::string(e.what()).find("throttled"), std::string::npos) << e.what();
  }
}

}  // namespace sls::aws::api
