#include "aws/variables/aws_sources.h"

#include <gtest/gtest.h>

#include <atomic>

#include "aws/api/test_server.h"
#include "util/error.h"

namespace sls::aws::variables {
namespace {

using api::testing::LocalServer;

// One loopback server answering STS, SSM, CloudFormation and S3 like AWS does.
struct FakeAws {
  LocalServer s;
  std::atomic<int> requests{0};
  std::string last_ssm_body;
  std::string last_ssm_auth;
  std::string last_cfn_host_region;

  FakeAws() {
    s.server.Post("/", [this](const httplib::Request& req, httplib::Response& res) {
      ++requests;
      std::string target = req.get_header_value("X-Amz-Target");
      if (!target.empty()) return ssm(req, res);
      if (req.body.find("Action=GetCallerIdentity") != std::string::npos) {
        res.set_content(
            "<GetCallerIdentityResponse><GetCallerIdentityResult><Account>111122223333</Account>"
            "<Arn>arn:aws:iam::111122223333:user/me</Arn><UserId>AID</UserId></GetCallerIdentityResult>"
            "</GetCallerIdentityResponse>",
            "text/xml");
        return;
      }
      if (req.body.find("Action=DescribeStacks") != std::string::npos) {
        last_cfn_host_region = req.get_header_value("Authorization");
        if (req.body.find("StackName=gone") != std::string::npos) {
          res.status = 400;
          res.set_content(
              "<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code>"
              "<Message>Stack with id gone does not exist</Message></Error></ErrorResponse>",
              "text/xml");
          return;
        }
        if (req.body.find("StackName=denied") != std::string::npos) {
          res.status = 403;
          res.set_content(
              "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>"
              "<Message>User is not authorized to perform: cloudformation:DescribeStacks</Message></Error>"
              "</ErrorResponse>",
              "text/xml");
          return;
        }
        res.set_content(
            "<DescribeStacksResponse><DescribeStacksResult><Stacks><member><StackName>app</StackName>"
            "<StackStatus>CREATE_COMPLETE</StackStatus><Outputs><member><OutputKey>Url</OutputKey>"
            "<OutputValue>https://x.example</OutputValue></member></Outputs></member></Stacks>"
            "</DescribeStacksResult></DescribeStacksResponse>",
            "text/xml");
        return;
      }
      res.status = 400;
    });
    s.server.Get(R"(/([^/]+)/(.+))", [this](const httplib::Request& req, httplib::Response& res) {
      ++requests;
      std::string bucket = req.matches[1], key = req.matches[2];
      if (bucket == "nobucket") {
        res.status = 404;
        res.set_content("<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message></Error>",
                        "application/xml");
        return;
      }
      if (key != "config.txt") {
        res.status = 404;
        res.set_content("<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>",
                        "application/xml");
        return;
      }
      res.set_content("hello from s3\n", "text/plain");
    });
    s.start();
  }

  void ssm(const httplib::Request& req, httplib::Response& res) {
    last_ssm_body = req.body;
    last_ssm_auth = req.get_header_value("Authorization");
    auto reply = [&](const char* type, const std::string& value) {
      Json p = {{"Parameter", {{"Name", "x"}, {"Type", type}, {"Value", value}, {"Version", 1}}}};
      res.set_content(p.dump(), "application/x-amz-json-1.1");
    };
    Json body = Json::parse(req.body);
    std::string name = body["Name"];
    if (name == "/str") return reply("String", "plain");
    if (name == "/list") return reply("StringList", "a,b,c");
    if (name == "/secret") return reply("SecureString", "s3cr3t");
    if (name == "/aws/reference/secretsmanager/db") return reply("SecureString", R"({"user":"u","port":5432})");
    if (name == "/badjson") return reply("SecureString", "{not json");
    if (name == "/denied") {
      res.status = 400;
      res.set_content(R"({"__type":"AccessDeniedException","message":"not allowed"})", "application/x-amz-json-1.1");
      return;
    }
    res.status = 400;
    res.set_content(R"({"__type":"ParameterNotFound","message":""})", "application/x-amz-json-1.1");
  }

  config::AwsVariableSource source() {
    AwsVariableOptions o;
    o.env = api::map_env({{"AWS_ACCESS_KEY_ID", "AKID"},
                          {"AWS_SECRET_ACCESS_KEY", "secret"},
                          {"AWS_ENDPOINT_URL", s.origin()}});
    o.retry.sleep = [](std::chrono::milliseconds) {};
    return make_aws_variable_source(o);
  }
};

config::AwsVariableTarget target() { return {"eu-west-1", "dev", "", ""}; }

TEST(AwsVariableSources, AccountId) {
  FakeAws aws;
  auto fn = aws.source();
  EXPECT_EQ(fn(target(), "aws", "accountId"), "111122223333");
}

TEST(AwsVariableSources, SsmTypes) {
  FakeAws aws;
  auto fn = aws.source();
  EXPECT_EQ(fn(target(), "ssm", "/str"), "plain");
  EXPECT_EQ(aws.last_ssm_body, R"({"Name":"/str","WithDecryption":true})");
  EXPECT_EQ(fn(target(), "ssm", "/list"), Json::parse(R"(["a","b","c"])"));
  EXPECT_EQ(fn(target(), "ssm(raw)", "/list"), "a,b,c");
  EXPECT_EQ(fn(target(), "ssm", "/secret"), "s3cr3t");
  Json db = fn(target(), "ssm", "/aws/reference/secretsmanager/db");
  EXPECT_EQ(db.dump(), R"({"user":"u","port":5432})");
  EXPECT_EQ(fn(target(), "ssm(raw)", "/aws/reference/secretsmanager/db"), R"({"user":"u","port":5432})");
  EXPECT_EQ(fn(target(), "ssm", "/badjson"), "{not json");
  fn(target(), "ssm(noDecrypt)", "/secret");
  EXPECT_EQ(aws.last_ssm_body, R"({"Name":"/secret","WithDecryption":false})");
  EXPECT_TRUE(fn(target(), "ssm", "/missing").is_null());
  EXPECT_NE(aws.last_ssm_auth.find("/eu-west-1/ssm/"), std::string::npos);
  EXPECT_EQ(fn(target(), "ssm(raw,us-west-2)", "/list"), "a,b,c");
  EXPECT_NE(aws.last_ssm_auth.find("/us-west-2/ssm/"), std::string::npos);
}

TEST(AwsVariableSources, SsmAccessDeniedIsHardError) {
  FakeAws aws;
  auto fn = aws.source();
  try {
    fn(target(), "ssm", "/denied");
    FAIL();
  } catch (const UserError& e) {
    EXPECT_STREQ(e.what(), "AccessDeniedException: not allowed");
    EXPECT_EQ(e.code, "AccessDeniedException");
  }
}

TEST(AwsVariableSources, CloudFormationOutputs) {
  FakeAws aws;
  auto fn = aws.source();
  EXPECT_EQ(fn(target(), "cf", "app.Url"), "https://x.example");
  EXPECT_NE(aws.last_cfn_host_region.find("/eu-west-1/cloudformation/"), std::string::npos);
  EXPECT_TRUE(fn(target(), "cf", "app.Nope").is_null());
  EXPECT_TRUE(fn(target(), "cf", "gone.Url").is_null());
  EXPECT_EQ(fn(target(), "cf(us-west-2)", "app.Url"), "https://x.example");
  EXPECT_NE(aws.last_cfn_host_region.find("/us-west-2/cloudformation/"), std::string::npos);
  EXPECT_THROW(fn(target(), "cf", "denied.Url"), UserError);
}

TEST(AwsVariableSources, S3Objects) {
  FakeAws aws;
  auto fn = aws.source();
  EXPECT_EQ(fn(target(), "s3", "bucket/config.txt"), "hello from s3\n");
  EXPECT_TRUE(fn(target(), "s3", "bucket/other.txt").is_null());
  EXPECT_THROW(fn(target(), "s3", "nobucket/config.txt"), UserError);
}

TEST(AwsVariableSources, CachesPerSourceAndAddress) {
  FakeAws aws;
  auto fn = aws.source();
  fn(target(), "ssm", "/str");
  fn(target(), "ssm", "/str");
  auto copy = fn;
  copy(target(), "ssm", "/str");
  EXPECT_EQ(aws.requests.load(), 1);
  fn(target(), "ssm(raw)", "/str");
  EXPECT_EQ(aws.requests.load(), 2);
}

TEST(AwsVariableSources, CredentialsResolvedOnFirstUseOnly) {
  AwsVariableOptions o;
  o.env = api::map_env({{"HOME", "/nonexistent-home-for-test"}});
  auto fn = make_aws_variable_source(o);  // nothing resolved yet
  config::AwsVariableTarget t = target();
  t.cli_profile = "no-such-profile";
  EXPECT_THROW(fn(t, "aws", "accountId"), UserError);
}

}  // namespace
}  // namespace sls::aws::variables
