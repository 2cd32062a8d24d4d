#include "local/function_pool.h"

#include <chrono>
#include <random>

#include "local/bootstrap.h"
#include "local/runtime_api.h"

namespace sls::local {

namespace {

using Clock = std::chrono::steady_clock;

WorkerCommand make_command(const FunctionSpec& spec, const EnvList& extra) {
  WorkerCommand c;
  RuntimeFamily family = runtime_family(spec.runtime);
  c.env = lambda_environment(spec, extra);
  c.cwd = spec.task_root;
  if (family == RuntimeFamily::provided) {  // the function's own bootstrap, over the Runtime API
    c.argv = {provided_bootstrap(spec).string()};
    c.env.push_back("_HANDLER=" + spec.handler);
    return c;
  }
  std::string script = bootstrap_path(family).string();
  if (family == RuntimeFamily::node) {
    c.argv = {"node", script, spec.task_root.string(), spec.handler};
  } else {
    // python3.12 -> python3 (the local interpreter stands in for the version).
    c.argv = {"python3", "-u", script, spec.task_root.string(), spec.handler};
  }
  return c;
}

long long epoch_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Json context_for(const FunctionSpec& spec, const std::string& request_id, long long deadline_ms) {
  Json c = Json::object();
  c["awsRequestId"] = request_id;
  c["functionName"] = spec.name;
  c["functionVersion"] = "$LATEST";
  c["invokedFunctionArn"] = "arn:aws:lambda:" + spec.region + ":000000000000:function:" + spec.name;
  c["memoryLimitInMB"] = std::to_string(spec.memory_mb);
  c["logGroupName"] = "/aws/lambda/" + spec.name;
  c["logStreamName"] = "2016/12/02/[$LATEST]f77ff5e4026c45bda9a9ebcec6bc9cad";
  c["deadlineMs"] = deadline_ms;
  return c;
}

}  // namespace

std::string new_request_id() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  uint64_t a = rng(), b = rng();
  a = (a & 0xffffffffffff0fffull) | 0x0000000000004000ull;
  b = (b & 0x3fffffffffffffffull) | 0x8000000000000000ull;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>(a & 0xffff),
                static_cast<unsigned>(b >> 48), static_cast<unsigned long long>(b & 0xffffffffffffull));
  return buf;
}

FunctionPool::FunctionPool(FunctionSpec spec, EnvList extra_env, size_t max_workers)
    : spec_(std::move(spec)), command_(make_command(spec_, extra_env)), max_workers_(max_workers ? max_workers : 1) {}

FunctionPool::~FunctionPool() = default;

std::unique_ptr<Worker> FunctionPool::acquire(bool& fresh, BusySince::iterator& busy) {
  using std::chrono::milliseconds;
  std::unique_lock lock(mutex_);
  auto start = Clock::now();
  for (;;) {
    if (!idle_.empty()) {
      auto w = std::move(idle_.back());
      idle_.pop_back();
      fresh = false;
      busy = busy_since_.insert(Clock::now());
      return w;
    }
    if (live_ >= max_workers_) {
      available_.wait(lock);
      continue;
    }
    if (live_ == 0 || busy_since_.empty()) break;
    Clock::time_point due = booting_ ? start + milliseconds(200) : *busy_since_.begin() + milliseconds(100);
    if (Clock::now() >= due) break;
    available_.wait_until(lock, due);
  }
  ++live_;
  ++booting_;
  fresh = true;
  busy = busy_since_.insert(Clock::now());
  lock.unlock();
  try {
    auto w = runtime_family(spec_.runtime) == RuntimeFamily::provided ? RuntimeApiWorker::spawn(command_)
                                                                      : Worker::spawn(command_);
    ++started_;
    return w;
  } catch (...) {
    lock.lock();
    --live_;
    --booting_;
    busy_since_.erase(busy);
    available_.notify_one();
    throw;
  }
}

void FunctionPool::release(std::unique_ptr<Worker> worker, unsigned generation, bool fresh, BusySince::iterator busy) {
  std::unique_ptr<Worker> dropped;
  {
    std::lock_guard lock(mutex_);
    if (fresh) --booting_;
    busy_since_.erase(busy);
    if (worker && generation == generation_) {
      idle_.push_back(std::move(worker));
    } else {
      dropped = std::move(worker);
      --live_;
    }
  }
  available_.notify_one();
}

void FunctionPool::retire_workers() {
  std::vector<std::unique_ptr<Worker>> old;
  {
    std::lock_guard lock(mutex_);
    ++generation_;
    live_ -= idle_.size();
    old.swap(idle_);
  }
  available_.notify_all();
}

InvokeResult FunctionPool::invoke(const InvokeRequest& request) {
  InvokeResult out;
  out.request_id = new_request_id();
  auto timeout = std::chrono::milliseconds(request.no_timeout ? -1 : spec_.timeout_seconds * 1000LL);
  unsigned generation;
  {
    std::lock_guard lock(mutex_);
    generation = generation_;
  }
  // The frame is written before a worker is taken, so a worker waits for nothing but the pipe.
  long long deadline = request.no_timeout ? 0 : epoch_ms() + spec_.timeout_seconds * 1000LL;
  Json frame = Json::object();
  frame["event"] = request.event;
  frame["context"] = context_for(spec_, out.request_id, deadline);
  if (!request.custom_context.is_null()) frame["customContext"] = request.custom_context;
  frame["pretty"] = request.pretty;
  std::string text = frame.dump();
  bool fresh = false;
  BusySince::iterator busy;
  std::unique_ptr<Worker> worker = acquire(fresh, busy);
  auto start = Clock::now();
  std::string answer;
  Worker::Status status = worker->call(text, answer, timeout);
  out.duration_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  if (status != Worker::Status::ok) {
    out.kind = status == Worker::Status::timeout ? InvokeResult::Kind::timeout : InvokeResult::Kind::crashed;
    worker.reset();  // killed and reaped
    release(nullptr, generation, fresh, busy);
    return out;
  }
  release(std::move(worker), generation, fresh, busy);
  Json a = Json::parse(answer, nullptr, false);
  if (a.is_discarded() || !a.is_object()) {
    out.kind = InvokeResult::Kind::crashed;
    return out;
  }
  if (a.value("type", "") == "error") {
    out.kind = InvokeResult::Kind::error;
    out.error = a.value("error", Json::object());
    out.init_error = a.value("init", false);
    return out;
  }
  out.kind = InvokeResult::Kind::result;
  if (a.contains("result")) {
    out.has_result = true;
    out.result = a["result"];
  }
  if (a.contains("pretty") && a["pretty"].is_string()) {
    out.has_pretty = true;
    out.pretty = a["pretty"].get<std::string>();
  }
  if (a.contains("localError") && a["localError"].is_string()) out.local_error = a["localError"].get<std::string>();
  return out;
}

}  // namespace sls::local
