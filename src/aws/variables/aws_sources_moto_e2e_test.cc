// End-to-end: load_service resolving ${aws:accountId}, ${ssm:}, ${cf:} and
// ${s3:} against a local moto server (`moto_server -H 127.0.0.1 -p PORT`).
// Skipped when moto_server is not on PATH. Run with --gtest_filter='MotoE2EAwsVariables.*'.
#include <gtest/gtest.h>

#include "aws/compile/events/registry.h"
#include "aws/api/moto_test_server.h"
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "aws/api/cloudformation.h"
#include "aws/api/json_rpc.h"
#include "aws/api/s3.h"
#include "aws/variables/aws_sources.h"
#include "config/load_service.h"
#include "util/error.h"

namespace sls::aws::variables {
namespace {

namespace fs = std::filesystem;

class MotoE2EAwsVariables : public ::testing::Test {
 protected:
  static inline api::MotoTestServer moto_;

  static void SetUpTestSuite() { moto_.start(); }
  static void TearDownTestSuite() { moto_.stop(); }
  static std::string origin() { return moto_.origin(); }

  void SetUp() override {
    if (!moto_.running()) GTEST_SKIP() << "moto_server is not on PATH";
    dir_ = fs::temp_directory_path() / ("sls-awsvars-e2e-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
  }

  api::EnvLookup env() const {
    return api::map_env({{"AWS_ACCESS_KEY_ID", "testing"},
                         {"AWS_SECRET_ACCESS_KEY", "testing"},
                         {"AWS_ENDPOINT_URL", origin()},
                         {"HOME", dir_.string()}});
  }

  api::AwsContext context() {
    api::AwsContext c;
    c.http = &http_;
    c.credentials = {"testing", "testing", "", {}, "test"};
    c.region = "us-east-1";
    c.env = env();
    return c;
  }

  void put_parameter(const std::string& name, const std::string& type, const std::string& value) {
    api::json_rpc_call(context(), "ssm", "AmazonSSM", "PutParameter",
                       {{"Name", name}, {"Type", type}, {"Value", value}, {"Overwrite", true}});
  }

  Service load(const std::string& yml, CliOptions options = {}) {
    std::ofstream(dir_ / "serverless.yml") << yml;
    AwsVariableOptions o;
    o.env = env();
    return config::load_service(dir_, options, compile::events::event_types(), make_aws_variable_source(o));
  }

  api::HttpClient http_;
  fs::path dir_;
};

TEST_F(MotoE2EAwsVariables, ResolvesEverySource) {
  api::AwsContext ctx = context();
  put_parameter("/sls-e2e/plain", "String", "plain-value");
  put_parameter("/sls-e2e/secret", "SecureString", "top-secret");
  put_parameter("/sls-e2e/json", "SecureString", R"({"user":"admin","port":5432})");
  put_parameter("/sls-e2e/list", "StringList", "a,b,c");
  api::s3::create_bucket(ctx, "sls-e2e-vars");
  api::s3::put_object(ctx, "sls-e2e-vars", "conf/value.txt", "from-s3");

  api::cfn::StackInput in;
  in.stack_name = "sls-e2e-vars-stack";
  in.template_body =
      R"({"AWSTemplateFormatVersion":"2010-09-09","Resources":{"Handle":{"Type":"AWS::CloudFormation::WaitConditionHandle"}},)"
      R"("Outputs":{"Out":{"Value":"stack-output-value"}}})";
  api::cfn::create_stack(ctx, in);
  for (int i = 0; i < 100; ++i) {
    auto s = api::cfn::describe_stack(ctx, in.stack_name);
    if (s && !s->status.ends_with("_IN_PROGRESS")) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }

  Service service = load(R"(service: vars
provider:
  name: aws
  region: ${opt:region, 'us-east-1'}
custom:
  account: ${aws:accountId}
  plain: ${ssm:/sls-e2e/plain}
  secret: ${ssm:/sls-e2e/secret}
  json: ${ssm:/sls-e2e/json}
  list: ${ssm:/sls-e2e/list}
  rawList: ${ssm(raw):/sls-e2e/list}
  output: ${cf:sls-e2e-vars-stack.Out}
  outputInRegion: ${cf(us-east-1):sls-e2e-vars-stack.Out}
  object: ${s3:sls-e2e-vars/conf/value.txt}
  missingParam: ${ssm:/sls-e2e/missing, 'fallback-param'}
  missingOutput: ${cf:sls-e2e-vars-stack.Nope, 'fallback-output'}
  missingStack: ${cf:no-such-stack.Out, 'fallback-stack'}
  missingKey: ${s3:sls-e2e-vars/conf/none.txt, 'fallback-key'}
  inString: arn:aws:iam::${aws:accountId}:role/x
)");
  const Json& c = service.config["custom"];
  EXPECT_EQ(c["account"], "123456789012");
  EXPECT_EQ(c["plain"], "plain-value");
  EXPECT_EQ(c["secret"], "top-secret");
  EXPECT_EQ(c["json"].dump(), R"({"user":"admin","port":5432})");
  EXPECT_EQ(c["list"], Json::parse(R"(["a","b","c"])"));
  EXPECT_EQ(c["rawList"], "a,b,c");
  EXPECT_EQ(c["output"], "stack-output-value");
  EXPECT_EQ(c["outputInRegion"], "stack-output-value");
  EXPECT_EQ(c["object"], "from-s3");
  EXPECT_EQ(c["missingParam"], "fallback-param");
  EXPECT_EQ(c["missingOutput"], "fallback-output");
  EXPECT_EQ(c["missingStack"], "fallback-stack");
  EXPECT_EQ(c["missingKey"], "fallback-key");
  EXPECT_EQ(c["inString"], "arn:aws:iam::123456789012:role/x");
}

TEST_F(MotoE2EAwsVariables, MissingWithoutFallbackFails) {
  try {
    load("service: vars\nprovider:\n  name: aws\ncustom:\n  x: ${ssm:/sls-e2e/really-missing}\n");
    FAIL() << "expected an error";
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("Cannot resolve variable at \"custom.x\""), std::string::npos) << e.what();
  }
}

TEST_F(MotoE2EAwsVariables, ConfigWithoutAwsVariablesNeedsNoCredentials) {
  std::ofstream(dir_ / "serverless.yml") << "service: plain\nprovider:\n  name: aws\ncustom:\n  x: ${opt:stage, 'dev'}\n";
  AwsVariableOptions o;
  o.env = api::map_env({{"HOME", dir_.string()}, {"AWS_PROFILE", "does-not-exist"}});
  Service s = config::load_service(dir_, CliOptions{}, compile::events::event_types(), make_aws_variable_source(o));
  EXPECT_EQ(s.config["custom"]["x"], "dev");
}

}  // namespace
}  // namespace sls::aws::variables
