#include "local/runtime_api.h"

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>

#include "local/function_pool.h"
#include "util/clock.h"
#include "util/error.h"

namespace sls::local {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

const std::string kPrefix = "/2018-06-01/runtime/";

HttpResponse json_reply(int status, const Json& body) {
  return HttpResponse{status, {{"Content-Type", "application/json"}}, body.dump()};
}

HttpResponse runtime_error(int status, const std::string& type, const std::string& message) {
  return json_reply(status, Json{{"errorMessage", message}, {"errorType", type}});
}

bool executable(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec) && access(p.c_str(), X_OK) == 0;
}

std::string trace_id() {
  std::string id = new_request_id();
  std::string hex;
  for (char c : id)
    if (c != '-') hex += c;
  return "Root=1-" + hex.substr(0, 8) + "-" + hex.substr(8, 24) + ";Parent=" + hex.substr(0, 16) + ";Sampled=0";
}

}  // namespace

fs::path provided_bootstrap(const FunctionSpec& spec) {
  fs::path root = spec.task_root / "bootstrap";
  if (executable(root)) return root;
  fs::path handler_dir = (spec.task_root / spec.handler).parent_path();
  if (handler_dir != spec.task_root && executable(handler_dir / "bootstrap")) return handler_dir / "bootstrap";
  std::error_code ec;
  if (fs::exists(root, ec))
    throw UserError("The \"" + spec.runtime + "\" function \"" + spec.key + "\" has a bootstrap at " + root.string() +
                        " that is not executable: run \"chmod +x bootstrap\".",
                    "LOCAL_BOOTSTRAP_NOT_EXECUTABLE");
  throw UserError("The \"" + spec.runtime + "\" function \"" + spec.key + "\" needs an executable \"bootstrap\" at its " +
                      "code root (" + root.string() + "), as Lambda runs it.",
                  "LOCAL_BOOTSTRAP_MISSING");
}

HttpResponse RuntimeApi::handle(const HttpRequest& req) {
  std::string path = req.target.substr(0, req.target.find('?'));
  if (path.rfind(kPrefix, 0) != 0) return runtime_error(404, "NotFound", "Unknown path " + path);
  std::string rest = path.substr(kPrefix.size());
  if (req.method == "GET" && rest == "invocation/next") {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return closing_ || (pending_ && !delivered_); });
    if (closing_) return runtime_error(500, "ServiceException", "The worker is shutting down");
    delivered_ = true;
    HttpResponse r{200, {{"Content-Type", "application/json"}}, pending_->event};
    r.headers.emplace_back("Lambda-Runtime-Aws-Request-Id", pending_->request_id);
    r.headers.emplace_back("Lambda-Runtime-Deadline-Ms", std::to_string(pending_->deadline_ms));
    r.headers.emplace_back("Lambda-Runtime-Invoked-Function-Arn", pending_->function_arn);
    r.headers.emplace_back("Lambda-Runtime-Trace-Id", trace_id());
    if (!pending_->client_context.empty())
      r.headers.emplace_back("Lambda-Runtime-Client-Context", pending_->client_context);
    return r;
  }
  if (req.method == "POST" && rest == "init/error") {
    std::lock_guard lock(mutex_);
    init_error_ = Outcome{Outcome::Kind::init_error, req.body, req.header("lambda-runtime-function-error-type")};
    changed_.notify_all();
    return json_reply(202, Json{{"status", "OK"}});
  }
  const std::string inv = "invocation/";
  if (req.method == "POST" && rest.rfind(inv, 0) == 0) {
    std::string tail = rest.substr(inv.size());
    auto slash = tail.find('/');
    std::string id = tail.substr(0, slash);
    std::string what = slash == std::string::npos ? "" : tail.substr(slash + 1);
    if (what == "response") return answer(id, Outcome::Kind::response, req);
    if (what == "error") return answer(id, Outcome::Kind::error, req);
  }
  return runtime_error(404, "NotFound", "Unknown operation " + req.method + " " + path);
}

HttpResponse RuntimeApi::answer(const std::string& id, Outcome::Kind kind, const HttpRequest& req) {
  std::lock_guard lock(mutex_);
  if (!pending_ || !delivered_ || pending_->request_id != id || outcome_)
    return runtime_error(400, "InvalidRequestID", "Invalid request ID: \"" + id + "\"");
  outcome_ = Outcome{kind, req.body, req.header("lambda-runtime-function-error-type")};
  changed_.notify_all();
  return json_reply(202, Json{{"status", "OK"}});
}

RuntimeApi::Outcome RuntimeApi::invoke(Invocation invocation, Clock::time_point deadline,
                                       const std::function<bool()>& alive) {
  std::unique_lock lock(mutex_);
  pending_ = std::move(invocation);
  delivered_ = false;
  outcome_.reset();
  changed_.notify_all();
  Outcome out;
  for (;;) {
    if (outcome_) {
      out = *outcome_;
      break;
    }
    if (init_error_) {
      out = *init_error_;
      break;
    }
    if (closing_) break;  // the worker is going: died
    auto now = Clock::now();
    if (now >= deadline) {
      out.kind = Outcome::Kind::timeout;
      break;
    }
    changed_.wait_until(lock, std::min(deadline, now + std::chrono::milliseconds(20)));
    if (!outcome_ && !init_error_ && !alive()) {
      out.kind = Outcome::Kind::died;
      break;
    }
  }
  pending_.reset();
  outcome_.reset();
  return out;
}

void RuntimeApi::clear_init_error() {
  std::lock_guard lock(mutex_);
  init_error_.reset();
}

void RuntimeApi::close() {
  std::lock_guard lock(mutex_);
  closing_ = true;
  changed_.notify_all();
}

Json runtime_answer(const RuntimeApi::Outcome& outcome, bool pretty) {
  Json parsed = Json::parse(outcome.body, nullptr, false);
  if (outcome.kind == RuntimeApi::Outcome::Kind::response) {
    Json result = parsed.is_discarded() ? Json(outcome.body) : parsed;
    Json a{{"type", "result"}, {"result", result}};
    if (pretty) a["pretty"] = parsed.is_discarded() ? outcome.body : parsed.dump(4);
    return a;
  }
  Json error = parsed.is_object() ? parsed : Json{{"errorMessage", outcome.body}};
  if (!error.contains("errorType"))
    error["errorType"] = outcome.error_type.empty() ? std::string("Runtime.Unknown") : outcome.error_type;
  Json a{{"type", "error"}, {"error", error}};
  if (outcome.kind == RuntimeApi::Outcome::Kind::init_error) a["init"] = true;
  return a;
}

std::unique_ptr<Worker> RuntimeApiWorker::spawn(const WorkerCommand& command) {
  std::unique_ptr<RuntimeApiWorker> w(new RuntimeApiWorker());
  w->command_ = command;
  w->server_ = std::make_unique<HttpServer>("127.0.0.1", 0, [api = &w->api_](const HttpRequest& r) {
    return api->handle(r);
  });
  w->command_.env.push_back("AWS_LAMBDA_RUNTIME_API=127.0.0.1:" + std::to_string(w->server_->port()));
  w->serving_ = std::thread([server = w->server_.get()] { server->run(); });
  w->start_process();
  return w;
}

RuntimeApiWorker::~RuntimeApiWorker() {
  api_.close();
  join_caller();     // a call_async in flight returns (died) once the API is closed
  process_.reset();  // killed and reaped: its connections end
  if (server_) server_->stop();
  if (serving_.joinable()) serving_.join();
  server_.reset();
}

void RuntimeApiWorker::call_async(Reactor& reactor, std::string request, Done done) {
  call_on_thread(reactor, std::move(request), std::move(done));
}

void RuntimeApiWorker::start_process() {
  process_.reset();
  process_ = Worker::spawn(command_);
}

bool RuntimeApiWorker::process_alive() const {
  if (!process_) return false;
  siginfo_t info{};
  if (waitid(P_PID, static_cast<id_t>(process_->pid()), &info, WEXITED | WNOHANG | WNOWAIT) != 0) return false;
  return info.si_pid == 0;
}

Worker::Status RuntimeApiWorker::call(const std::string& request, std::string& answer,
                                      std::chrono::milliseconds timeout) {
  if (!process_alive()) start_process();  // after an init error or an exit between invocations
  Json frame = Json::parse(request, nullptr, false);
  if (frame.is_discarded()) return Status::died;
  const Json& context = frame["context"];
  RuntimeApi::Invocation inv;
  inv.request_id = context.value("awsRequestId", new_request_id());
  inv.event = frame.value("event", Json::object()).dump();
  inv.function_arn = context.value("invokedFunctionArn", "");
  long long timeout_ms = context.value("timeoutMs", 0LL);
  inv.deadline_ms = epoch_ms() + (timeout_ms > 0 ? timeout_ms : 365LL * 24 * 3600 * 1000);  // none: a year on
  if (frame.contains("customContext") && !frame["customContext"].is_null())
    inv.client_context = frame["customContext"].dump();
  auto deadline = timeout.count() < 0 ? Clock::time_point::max() : Clock::now() + timeout;
  RuntimeApi::Outcome outcome = api_.invoke(std::move(inv), deadline, [this] { return process_alive(); });
  if (outcome.kind == RuntimeApi::Outcome::Kind::timeout) return Status::timeout;
  if (outcome.kind == RuntimeApi::Outcome::Kind::died) return Status::died;
  if (outcome.kind == RuntimeApi::Outcome::Kind::init_error) {
    process_.reset();  // Lambda starts a fresh one for the next invocation
    api_.clear_init_error();
  }
  answer = runtime_answer(outcome, frame.value("pretty", false)).dump();
  return Status::ok;
}

}  // namespace sls::local
