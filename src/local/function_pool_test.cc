#include "local/function_pool.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <regex>
#include <set>
#include <future>
#include <thread>
#include <vector>

#include "util/error.h"

namespace sls::local {
namespace {

namespace fs = std::filesystem;

class Pool : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("sls_local_pool_" + std::to_string(getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& name, const std::string& text) {
    fs::create_directories((dir_ / name).parent_path());
    std::ofstream(dir_ / name) << text;
  }
  FunctionSpec spec(const std::string& runtime, const std::string& handler, int timeout = 6) {
    FunctionSpec s;
    s.key = "fn";
    s.name = "svc-dev-fn";
    s.runtime = runtime;
    s.handler = handler;
    s.task_root = dir_;
    s.timeout_seconds = timeout;
    s.memory_mb = 256;
    s.region = "eu-west-1";
    s.environment = {{"GREETING", "hello"}};
    return s;
  }
  fs::path dir_;
};

const char* kEchoContext = R"(
let inits = (globalThis.inits || 0) + 1; globalThis.inits = inits;
exports.handler = async (event, context) => ({
  event, inits,
  requestId: context.awsRequestId, name: context.functionName, version: context.functionVersion,
  arn: context.invokedFunctionArn, memory: context.memoryLimitInMB, group: context.logGroupName,
  remaining: context.getRemainingTimeInMillis(),
  env: { fn: process.env.AWS_LAMBDA_FUNCTION_NAME, mem: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
         region: process.env.AWS_REGION, root: process.env.LAMBDA_TASK_ROOT, greeting: process.env.GREETING,
         extra: process.env.EXTRA_VAR },
});
)";

TEST_F(Pool, NodeCommonJsAsyncSeesContextAndEnvironment) {
  write("handler.js", kEchoContext);
  FunctionPool pool(spec("nodejs24.x", "handler.handler"), {{"EXTRA_VAR", "x1"}});
  InvokeRequest req;
  req.event = Json{{"a", 1}};
  InvokeResult r = pool.invoke(req);
  ASSERT_EQ(r.kind, InvokeResult::Kind::result) << r.error.dump();
  EXPECT_EQ(r.result["event"], req.event);
  EXPECT_EQ(r.result["requestId"], r.request_id);
  EXPECT_EQ(r.result["name"], "svc-dev-fn");
  EXPECT_EQ(r.result["version"], "$LATEST");
  EXPECT_EQ(r.result["arn"], "arn:aws:lambda:eu-west-1:000000000000:function:svc-dev-fn");
  EXPECT_EQ(r.result["memory"], "256");
  EXPECT_EQ(r.result["group"], "/aws/lambda/svc-dev-fn");
  EXPECT_GT(r.result["remaining"].get<double>(), 5000);
  EXPECT_LE(r.result["remaining"].get<double>(), 6000);
  EXPECT_EQ(r.result["env"]["fn"], "svc-dev-fn");
  EXPECT_EQ(r.result["env"]["mem"], "256");
  EXPECT_EQ(r.result["env"]["region"], "eu-west-1");
  EXPECT_EQ(r.result["env"]["root"], dir_.string());
  EXPECT_EQ(r.result["env"]["greeting"], "hello");
  EXPECT_EQ(r.result["env"]["extra"], "x1");
  // Warm: the second call reuses the worker, init ran once.
  InvokeResult r2 = pool.invoke(req);
  EXPECT_EQ(r2.result["inits"], 1);
  EXPECT_NE(r2.request_id, r.request_id);
  EXPECT_EQ(pool.workers_started(), 1u);
}

TEST_F(Pool, NodeEsmCallbackAndContextMethods) {
  write("package.json", R"({"type": "module"})");
  write("esm.js", R"(
export const cb = (event, context, callback) => { setTimeout(() => callback(null, { via: 'callback', n: event.n }), 5); };
export const done = (event, context) => { context.done(null, { via: 'done' }); };
export const succeed = (event, context) => { context.succeed({ via: 'succeed' }); };
export const fail = (event, context) => { context.fail(new TypeError('nope')); };
export const undef = async () => undefined;
)");
  for (auto [handler, via] : std::vector<std::pair<std::string, std::string>>{
           {"esm.cb", "callback"}, {"esm.done", "done"}, {"esm.succeed", "succeed"}}) {
    FunctionPool pool(spec("nodejs24.x", handler));
    InvokeRequest req;
    req.event = Json{{"n", 7}};
    InvokeResult r = pool.invoke(req);
    ASSERT_EQ(r.kind, InvokeResult::Kind::result) << handler << r.error.dump();
    EXPECT_EQ(r.result["via"], via);
  }
  FunctionPool failing(spec("nodejs24.x", "esm.fail"));
  InvokeResult f = failing.invoke({});
  ASSERT_EQ(f.kind, InvokeResult::Kind::error);
  EXPECT_EQ(f.error["errorMessage"], "nope");
  EXPECT_EQ(f.error["errorType"], "TypeError");
  EXPECT_TRUE(f.error["stackTrace"].is_array());
  FunctionPool undef(spec("nodejs24.x", "esm.undef"));
  InvokeRequest pretty;
  pretty.pretty = true;
  InvokeResult u = undef.invoke(pretty);
  ASSERT_EQ(u.kind, InvokeResult::Kind::result);
  EXPECT_FALSE(u.has_result);
  EXPECT_FALSE(u.has_pretty);
}

TEST_F(Pool, NodeMjsAndPrettyOutput) {
  write("src/h.mjs", "export const handler = async () => ({ a: [1, 'x'], b: { c: null } });\n");
  FunctionPool pool(spec("nodejs24.x", "src/h.handler"));
  InvokeRequest req;
  req.pretty = true;
  InvokeResult r = pool.invoke(req);
  ASSERT_EQ(r.kind, InvokeResult::Kind::result) << r.error.dump();
  EXPECT_EQ(r.pretty, "{\n    \"a\": [\n        1,\n        \"x\"\n    ],\n    \"b\": {\n        \"c\": null\n    }\n}");
}

TEST_F(Pool, NodeTimeoutKillsAndReplacesWorker) {
  write("slow.js", "exports.handler = async (e) => { if (e.slow) await new Promise(r => setTimeout(r, 10000)); return 'ok'; };\n");
  // 2 s: the replacement worker starts on a busy machine within the timeout.
  FunctionPool pool(spec("nodejs24.x", "slow.handler", 2));
  InvokeRequest slow;
  slow.event = Json{{"slow", true}};
  auto start = std::chrono::steady_clock::now();
  InvokeResult r = pool.invoke(slow);
  EXPECT_EQ(r.kind, InvokeResult::Kind::timeout);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(6));
  InvokeResult ok = pool.invoke({});
  ASSERT_EQ(ok.kind, InvokeResult::Kind::result);
  EXPECT_EQ(ok.result, "ok");
  EXPECT_EQ(pool.workers_started(), 2u);
}

TEST_F(Pool, NodeCrashAndInitError) {
  write("crash.js", "exports.handler = async (e) => { if (e.crash) process.exit(3); return 'alive'; };\n");
  FunctionPool pool(spec("nodejs24.x", "crash.handler"));
  InvokeRequest crash;
  crash.event = Json{{"crash", true}};
  EXPECT_EQ(pool.invoke(crash).kind, InvokeResult::Kind::crashed);
  EXPECT_EQ(pool.invoke({}).result, "alive");
  write("broken.js", "throw new Error('init failed');\n");
  FunctionPool broken(spec("nodejs24.x", "broken.handler"));
  InvokeResult b = broken.invoke({});
  ASSERT_EQ(b.kind, InvokeResult::Kind::error);
  EXPECT_TRUE(b.init_error);
  EXPECT_EQ(b.error["errorMessage"], "init failed");
  FunctionPool missing(spec("nodejs24.x", "crash.nothere"));
  EXPECT_EQ(missing.invoke({}).error["errorType"], "Runtime.HandlerNotFound");
}

TEST_F(Pool, PythonHandlerContextErrorsAndTimeout) {
  write("pkg/app.py", R"(import os, time
INITS = 0
INITS += 1
def handler(event, context):
    if event.get("boom"):
        raise ValueError("bad value")
    if event.get("slow"):
        time.sleep(12)
    return {"event": event, "inits": INITS, "id": context.aws_request_id, "name": context.function_name,
            "arn": context.invoked_function_arn, "mem": context.memory_limit_in_mb,
            "remaining": context.get_remaining_time_in_millis(), "greeting": os.environ["GREETING"],
            "fn_env": os.environ["AWS_LAMBDA_FUNCTION_NAME"]}
)");
  write("pkg/__init__.py", "");
  // 3 s: a cold python3 start on a busy 2-core machine must not count as the timeout.
  FunctionPool pool(spec("python3.12", "pkg/app.handler", 3));
  InvokeRequest req;
  req.event = Json{{"k", "v"}};
  req.pretty = true;
  InvokeResult r = pool.invoke(req);
  ASSERT_EQ(r.kind, InvokeResult::Kind::result) << r.error.dump();
  EXPECT_EQ(r.result["event"]["k"], "v");
  EXPECT_EQ(r.result["id"], r.request_id);
  EXPECT_EQ(r.result["name"], "svc-dev-fn");
  EXPECT_EQ(r.result["mem"], "256");
  EXPECT_EQ(r.result["greeting"], "hello");
  EXPECT_EQ(r.result["fn_env"], "svc-dev-fn");
  EXPECT_GT(r.result["remaining"].get<int>(), 0);
  EXPECT_NE(r.pretty.find("\n    \"event\": {\n        \"k\": \"v\"\n    },"), std::string::npos) << r.pretty;
  EXPECT_EQ(pool.invoke(req).result["inits"], 1);
  InvokeRequest boom;
  boom.event = Json{{"boom", true}};
  InvokeResult e = pool.invoke(boom);
  ASSERT_EQ(e.kind, InvokeResult::Kind::error);
  EXPECT_EQ(e.error["errorType"], "ValueError");
  EXPECT_EQ(e.error["errorMessage"], "bad value");
  InvokeRequest slow;
  slow.event = Json{{"slow", true}};
  EXPECT_EQ(pool.invoke(slow).kind, InvokeResult::Kind::timeout);
  EXPECT_EQ(pool.invoke(req).kind, InvokeResult::Kind::result);
}

// n invocations at once, each from a thread of its own; their results in order.
std::vector<InvokeResult> invoke_at_once(FunctionPool& pool, size_t n) {
  std::vector<InvokeResult> results(n);
  std::vector<std::thread> threads;
  for (auto& r : results) threads.emplace_back([&pool, &r] { r = pool.invoke({}); });
  for (auto& t : threads) t.join();
  return results;
}

TEST_F(Pool, ConcurrentInvocationsUseSeveralWorkers) {
  write("wait.js", "exports.handler = async () => { await new Promise(r => setTimeout(r, 300)); return process.pid; };\n");
  FunctionPool pool(spec("nodejs24.x", "wait.handler"), {}, 2);
  auto results = invoke_at_once(pool, 2);
  const InvokeResult &a = results[0], &b = results[1];
  ASSERT_EQ(a.kind, InvokeResult::Kind::result);
  ASSERT_EQ(b.kind, InvokeResult::Kind::result);
  EXPECT_NE(a.result, b.result);
  EXPECT_EQ(pool.workers_started(), 2u);
}

// Lambda's clock starts with the invocation: the time a request waited for the
// worker is not taken from its getRemainingTimeInMillis().
TEST_F(Pool, RemainingTimeCountsFromTheStartNotFromTheQueue) {
  write("late.js", "exports.handler = async (e, c) => { const left = c.getRemainingTimeInMillis();\n"
                   "  await new Promise(r => setTimeout(r, 400)); return left; };\n");
  FunctionPool pool(spec("nodejs24.x", "late.handler"), {}, 1);
  ASSERT_EQ(pool.invoke({}).kind, InvokeResult::Kind::result);  // booted
  auto results = invoke_at_once(pool, 2);
  const InvokeResult &a = results[0], &b = results[1];
  ASSERT_EQ(a.kind, InvokeResult::Kind::result);
  ASSERT_EQ(b.kind, InvokeResult::Kind::result);
  EXPECT_GT(std::min(a.result.get<double>(), b.result.get<double>()), 5800);  // one of them waited 400 ms
  EXPECT_LE(std::max(a.result.get<double>(), b.result.get<double>()), 6000);
  EXPECT_EQ(pool.workers_started(), 1u);
}

TEST_F(Pool, PrestartedWorkerServesTheFirstRequestsAndFastOnesShareIt) {
  write("pid.js", "exports.handler = async () => process.pid;\n");
  FunctionPool pool(spec("nodejs24.x", "pid.handler"), {}, 4);
  pool.prestart();
  EXPECT_EQ(pool.workers_started(), 1u);
  pool.prestart();  // one is running: nothing more
  EXPECT_EQ(pool.workers_started(), 1u);
  InvokeResult first = pool.invoke({});  // the runtime has booted
  ASSERT_EQ(first.kind, InvokeResult::Kind::result);
  for (const auto& r : invoke_at_once(pool, 8)) {
    ASSERT_EQ(r.kind, InvokeResult::Kind::result);
    EXPECT_EQ(r.result, first.result);  // the same warm worker, handed from one to the next
  }
  EXPECT_EQ(pool.workers_started(), 1u);
}

TEST_F(Pool, EagerWorkersStartAtOnceForFastConcurrentRequests) {
  write("pid.js", "exports.handler = async () => { const end = Date.now() + 20; while (Date.now() < end); return process.pid; };\n");
  FunctionPool pool(spec("nodejs24.x", "pid.handler"), {}, 4, 2);
  ASSERT_EQ(pool.invoke({}).kind, InvokeResult::Kind::result);  // booted
  for (const auto& r : invoke_at_once(pool, 6)) ASSERT_EQ(r.kind, InvokeResult::Kind::result);
  EXPECT_EQ(pool.workers_started(), 2u);  // the second without waiting 100 ms, none beyond two
}

// `events` submitted one after the other without waiting (so that they queue); their results in order.
std::vector<InvokeResult> submit_all(FunctionPool& pool, const std::vector<Json>& events) {
  std::vector<std::promise<InvokeResult>> promises(events.size());
  for (size_t i = 0; i < events.size(); ++i) {
    InvokeRequest req;
    req.event = events[i];
    pool.submit(req, [&promises, i](InvokeResult r) { promises[i].set_value(std::move(r)); });
  }
  std::vector<InvokeResult> out;
  for (auto& p : promises) out.push_back(p.get_future().get());
  return out;
}

// Booted, its warm invocations timed, and counted as fast whatever this machine's load (the 1 ms
// of FunctionPool::set_ahead_limit is about the handler, not the test).
void warm_up(FunctionPool& pool) {
  pool.set_ahead_limit(std::chrono::seconds(10));
  for (int i = 0; i < 5; ++i) ASSERT_EQ(pool.invoke({}).kind, InvokeResult::Kind::result);
}

// Under load a fast function's worker is sent the next request while it runs one; the bootstrap
// runs them one at a time, in order, as Lambda runs a sandbox's invocations.
TEST_F(Pool, FastFunctionIsSentRequestsAheadAndRunsThemOneAtATime) {
  write("one.js", "let running = 0, most = 0;\n"
                  "exports.handler = async (e) => { running++; most = Math.max(most, running);\n"
                  "  await new Promise(r => setTimeout(r, e.n === undefined ? 0 : 40)); running--;\n"
                  "  return { most, n: e.n }; };\n");  // 40 ms: the next request is submitted while one runs
  FunctionPool pool(spec("nodejs24.x", "one.handler"), {}, 1);
  warm_up(pool);
  std::vector<Json> events;
  for (int i = 0; i < 16; ++i) events.push_back(Json{{"n", i}});
  auto results = submit_all(pool, events);
  for (int i = 0; i < 16; ++i) {
    ASSERT_EQ(results[i].kind, InvokeResult::Kind::result) << results[i].error.dump();
    EXPECT_EQ(results[i].result["most"], 1);
    EXPECT_EQ(results[i].result["n"], i);
  }
  EXPECT_GT(pool.sent_ahead(), 0u);
  EXPECT_EQ(pool.workers_started(), 1u);
}

// A request sent ahead to a worker that then crashes was never started: a fresh worker runs it.
TEST_F(Pool, RequestSentAheadOfACrashRunsOnAFreshWorker) {
  write("crash.js", "exports.handler = async (e) => {\n"
                    "  if (e.crash) await new Promise(() => setTimeout(() => process.exit(3), 40));\n"
                    "  return process.pid; };\n");
  FunctionPool pool(spec("nodejs24.x", "crash.handler"), {}, 1);
  warm_up(pool);
  auto results = submit_all(pool, {Json{{"crash", true}}, Json::object(), Json::object()});
  EXPECT_EQ(results[0].kind, InvokeResult::Kind::crashed);
  ASSERT_EQ(results[1].kind, InvokeResult::Kind::result);
  ASSERT_EQ(results[2].kind, InvokeResult::Kind::result);
  EXPECT_EQ(results[1].result, results[2].result);
  EXPECT_GT(pool.sent_ahead(), 0u);
  EXPECT_EQ(pool.workers_started(), 2u);
}

// One behind an invocation that overruns: it runs on the fresh worker, with its own full timeout.
TEST_F(Pool, RequestSentAheadOfATimeoutRunsOnAFreshWorker) {
  write("slow.js", "exports.handler = async (e, c) => {\n"
                   "  if (e.slow) await new Promise(r => setTimeout(r, 5000)); return c.getRemainingTimeInMillis(); };\n");
  FunctionPool pool(spec("nodejs24.x", "slow.handler", 1), {}, 1);
  warm_up(pool);
  auto results = submit_all(pool, {Json{{"slow", true}}, Json::object()});
  EXPECT_EQ(results[0].kind, InvokeResult::Kind::timeout);
  ASSERT_EQ(results[1].kind, InvokeResult::Kind::result);
  EXPECT_GT(results[1].result.get<double>(), 900);
  EXPECT_GT(pool.sent_ahead(), 0u);
  EXPECT_EQ(pool.workers_started(), 2u);
}

TEST(RequestId, IsARandomUuidVersion4) {
  static const std::regex uuid4("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string id = new_request_id();
    ASSERT_TRUE(std::regex_match(id, uuid4)) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST_F(Pool, MissingRuntimeIsAUserError) {
  write("h.js", "exports.handler = async () => 1;\n");
  FunctionSpec s = spec("nodejs24.x", "h.handler");
  FunctionPool pool(s, {{"PATH", "/nonexistent"}});
  EXPECT_THROW(pool.invoke({}), UserError);
}

}  // namespace
}  // namespace sls::local
