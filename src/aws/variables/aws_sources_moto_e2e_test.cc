// End-to-end: load_service resolving ${aws:accountId}, ${ssm:}, ${cf:} and
// ${s3:} against a local moto server (`moto_server -H 127.0.0.1 -p PORT`).
// Skipped when moto_server is not on PATH. Run with --gtest_filter='MotoE2EAwsVariables.*'.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
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

extern char** environ;

namespace sls::aws::variables {
namespace {

namespace fs = std::filesystem;

bool on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  if (!path) return false;
  std::string_view rest(path);
  while (!rest.empty()) {
    auto colon = rest.find(':');
    fs::path candidate = fs::path(std::string(rest.substr(0, colon))) / program;
    if (::access(candidate.c_str(), X_OK) == 0) return true;
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  return false;
}

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

class MotoE2EAwsVariables : public ::testing::Test {
 protected:
  static inline pid_t pid_ = 0;
  static inline int port_ = 0;

  static void SetUpTestSuite() {
    if (!on_path("moto_server")) return;
    port_ = free_port();
    std::string port = std::to_string(port_);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    posix_spawn_file_actions_addopen(&files, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&files, 2, "/dev/null", O_WRONLY, 0);
    const char* argv[] = {"moto_server", "-H", "127.0.0.1", "-p", port.c_str(), nullptr};
    if (posix_spawnp(&pid_, "moto_server", &files, &attr, const_cast<char**>(argv), environ) != 0) pid_ = 0;
    posix_spawn_file_actions_destroy(&files);
    posix_spawnattr_destroy(&attr);
    if (!pid_) return;
    api::HttpClient probe;
    for (int i = 0; i < 300; ++i) {
      try {
        if (probe.send({"GET", origin() + "/moto-api/", {}, ""}).status == 200) return;
      } catch (const api::TransportError&) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }

  static void TearDownTestSuite() {
    if (pid_ > 0) {
      ::kill(-pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
      pid_ = 0;
    }
  }

  static std::string origin() { return "http://127.0.0.1:" + std::to_string(port_); }

  void SetUp() override {
    if (!pid_) GTEST_SKIP() << "moto_server is not on PATH";
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
    return config::load_service(dir_, options, make_aws_variable_source(o));
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
  Service s = config::load_service(dir_, CliOptions{}, make_aws_variable_source(o));
  EXPECT_EQ(s.config["custom"]["x"], "dev");
}

}  // namespace
}  // namespace sls::aws::variables
