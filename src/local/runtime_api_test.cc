#include "local/runtime_api.h"

#include <gtest/gtest.h>

#include "local/test_service.h"
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <future>

#include "local/function_pool.h"
#include "util/error.h"

namespace sls::local {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

TEST(RuntimeApi, NextThenResponse) {
  RuntimeApi api;
  RuntimeApi::Invocation inv{"req-1", R"({"a":1})", 1234, "arn:aws:lambda:us-east-1:000000000000:function:f", ""};
  auto outcome = std::async(std::launch::async, [&] {
    return api.invoke(inv, Clock::now() + std::chrono::seconds(5), [] { return true; });
  });
  HttpResponse next = api.handle(test_request("GET", "/2018-06-01/runtime/invocation/next"));
  EXPECT_EQ(next.status, 200);
  EXPECT_EQ(next.body, R"({"a":1})");
  EXPECT_EQ(response_header(next, "Lambda-Runtime-Aws-Request-Id"), "req-1");
  EXPECT_EQ(response_header(next, "Lambda-Runtime-Deadline-Ms"), "1234");
  EXPECT_EQ(response_header(next, "Lambda-Runtime-Invoked-Function-Arn"), inv.function_arn);
  EXPECT_EQ(response_header(next, "Lambda-Runtime-Trace-Id").rfind("Root=1-", 0), 0u);
  EXPECT_EQ(api.handle(test_request("POST", "/2018-06-01/runtime/invocation/other/response", "1")).status, 400);
  EXPECT_EQ(api.handle(test_request("POST", "/2018-06-01/runtime/invocation/req-1/response", R"({"ok":true})")).status, 202);
  RuntimeApi::Outcome o = outcome.get();
  EXPECT_EQ(o.kind, RuntimeApi::Outcome::Kind::response);
  EXPECT_EQ(o.body, R"({"ok":true})");
  EXPECT_EQ(api.handle(test_request("GET", "/nope")).status, 404);
}

TEST(RuntimeApi, TimeoutAndDeath) {
  RuntimeApi api;
  RuntimeApi::Invocation inv{"r", "{}", 0, "", ""};
  EXPECT_EQ(api.invoke(inv, Clock::now() + std::chrono::milliseconds(50), [] { return true; }).kind,
            RuntimeApi::Outcome::Kind::timeout);
  EXPECT_EQ(api.invoke(inv, Clock::now() + std::chrono::seconds(5), [] { return false; }).kind,
            RuntimeApi::Outcome::Kind::died);
}

TEST(RuntimeApi, AnswersInTheBootstrapProtocol) {
  using K = RuntimeApi::Outcome::Kind;
  EXPECT_EQ(runtime_answer({K::response, R"({"x":1})", ""}, false), Json::parse(R"({"type":"result","result":{"x":1}})"));
  EXPECT_EQ(runtime_answer({K::response, "plain", ""}, true),
            Json::parse(R"({"type":"result","result":"plain","pretty":"plain"})"));
  EXPECT_EQ(runtime_answer({K::error, R"({"errorMessage":"m","errorType":"E"})", ""}, false),
            Json::parse(R"({"type":"error","error":{"errorMessage":"m","errorType":"E"}})"));
  EXPECT_EQ(runtime_answer({K::init_error, "broken", "Runtime.Init"}, false),
            Json::parse(R"({"type":"error","error":{"errorMessage":"broken","errorType":"Runtime.Init"},"init":true})"));
}

class ProvidedWorker : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("sls-provided-test-" + std::to_string(getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write_bootstrap(const std::string& text) {
    std::ofstream(dir_ / "bootstrap") << text;
    fs::permissions(dir_ / "bootstrap", fs::perms::owner_all);
  }
  FunctionSpec spec() {
    FunctionSpec s;
    s.key = "fn";
    s.name = "svc-dev-fn";
    s.runtime = "provided.al2023";
    s.handler = "not.used";
    s.task_root = dir_;
    s.timeout_seconds = 5;
    return s;
  }
  fs::path dir_;
};

// A shell bootstrap over curl, as in the e2e test: echoes the event with the request id.
const char* kEchoBootstrap = R"SH(#!/bin/sh
set -eu
API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
while true; do
  HEADERS="$(mktemp)"
  EVENT="$(curl -sS -D "$HEADERS" "$API/invocation/next")"
  ID="$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$HEADERS" | tr -d '\r' | cut -d' ' -f2)"
  rm -f "$HEADERS"
  curl -sS -o /dev/null -X POST "$API/invocation/$ID/response" -d "{\"id\":\"$ID\",\"handler\":\"$_HANDLER\",\"event\":$EVENT}"
done
)SH";

TEST_F(ProvidedWorker, RunsTheBootstrapOverTheRuntimeApi) {
  if (access("/usr/bin/curl", X_OK) != 0) GTEST_SKIP() << "curl is not installed";
  write_bootstrap(kEchoBootstrap);
  FunctionPool pool(spec(), {}, 1);
  for (int i = 0; i < 2; ++i) {
    InvokeRequest req;
    req.event = Json{{"n", i}};
    InvokeResult r = pool.invoke(req);
    ASSERT_EQ(r.kind, InvokeResult::Kind::result);
    EXPECT_EQ(r.result["event"], req.event);
    EXPECT_EQ(r.result["id"], r.request_id);
    EXPECT_EQ(r.result["handler"], "not.used");
  }
  EXPECT_EQ(pool.workers_started(), 1u);
}

TEST_F(ProvidedWorker, InitErrorThenAFreshProcess) {
  if (access("/usr/bin/curl", X_OK) != 0) GTEST_SKIP() << "curl is not installed";
  write_bootstrap(R"SH(#!/bin/sh
curl -sS -o /dev/null -X POST "http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/init/error" \
  -H 'Lambda-Runtime-Function-Error-Type: Runtime.NoConfig' -d '{"errorMessage":"no config","errorType":"InitError"}'
exit 1
)SH");
  FunctionPool pool(spec(), {}, 1);
  for (int i = 0; i < 2; ++i) {
    InvokeResult r = pool.invoke(InvokeRequest{});
    ASSERT_EQ(r.kind, InvokeResult::Kind::error);
    EXPECT_TRUE(r.init_error);
    EXPECT_EQ(r.error["errorMessage"], "no config");
  }
}

TEST_F(ProvidedWorker, ExitWithoutAnswerIsACrash) {
  write_bootstrap("#!/bin/sh\nexit 3\n");
  FunctionPool pool(spec(), {}, 1);
  EXPECT_EQ(pool.invoke(InvokeRequest{}).kind, InvokeResult::Kind::crashed);
}

TEST_F(ProvidedWorker, MissingBootstrapIsAUserError) {
  EXPECT_THROW(provided_bootstrap(spec()), UserError);
  std::ofstream(dir_ / "bootstrap") << "#!/bin/sh\n";
  fs::permissions(dir_ / "bootstrap", fs::perms::owner_read);
  EXPECT_THROW(provided_bootstrap(spec()), UserError);
}

}  // namespace
}  // namespace sls::local
