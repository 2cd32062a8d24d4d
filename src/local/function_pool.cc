#include "local/function_pool.h"

#include <algorithm>
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

FunctionPool::FunctionPool(FunctionSpec spec, EnvList extra_env, size_t max_workers, size_t eager_workers)
    : spec_(std::move(spec)),
      command_(make_command(spec_, extra_env)),
      max_workers_(max_workers ? max_workers : 1),
      eager_workers_(std::min(max_workers_, eager_workers ? eager_workers : 1)) {}

FunctionPool::~FunctionPool() = default;

void FunctionPool::give(std::unique_ptr<Worker> worker) {
  if (waiters_.empty()) {
    idle_.push_back(std::move(worker));
    return;
  }
  Waiter* first = waiters_.front();  // straight to the oldest waiter
  waiters_.pop_front();
  first->handed = std::move(worker);
  first->busy = busy_since_.insert(Clock::now());  // busy already: no further worker for the gap
  first->wake.notify_one();
}

bool FunctionPool::takes_prestarted(const Worker* w) {
  if (!w || w != prestarted_) return false;
  prestarted_ = nullptr;  // booting_ goes down when its first invocation is released
  return true;
}

void FunctionPool::wake_first_waiter() {
  if (!waiters_.empty()) waiters_.front()->wake.notify_one();
}

std::unique_ptr<Worker> FunctionPool::acquire(bool& fresh, BusySince::iterator& busy) {
  using std::chrono::milliseconds;
  std::unique_lock lock(mutex_);
  auto start = Clock::now();
  Waiter me;
  auto leave = [&] {
    auto it = std::find(waiters_.begin(), waiters_.end(), &me);
    if (it != waiters_.end()) waiters_.erase(it);
  };
  for (;;) {
    if (me.handed) {  // give() took us off the queue
      fresh = takes_prestarted(me.handed.get());
      busy = me.busy;
      return std::move(me.handed);
    }
    bool my_turn = waiters_.empty() || waiters_.front() == &me;
    if (!idle_.empty() && my_turn) {
      leave();
      auto w = std::move(idle_.back());
      idle_.pop_back();
      fresh = takes_prestarted(w.get());
      busy = busy_since_.insert(Clock::now());
      return w;
    }
    bool may_start = live_ < max_workers_;
    Clock::time_point due = Clock::time_point::max();
    if (may_start) {
      if (live_ == 0 || (live_ < eager_workers_ && !booting_) || busy_since_.empty()) break;
      due = booting_ ? start + milliseconds(200) : *busy_since_.begin() + milliseconds(100);
      if (Clock::now() >= due) break;
    }
    if (std::find(waiters_.begin(), waiters_.end(), &me) == waiters_.end()) waiters_.push_back(&me);
    if (may_start) {
      me.wake.wait_until(lock, due);
    } else {
      me.wake.wait(lock);
    }
  }
  leave();
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
    wake_first_waiter();
    throw;
  }
}

void FunctionPool::release(std::unique_ptr<Worker> worker, unsigned generation, bool fresh, BusySince::iterator busy) {
  std::unique_ptr<Worker> dropped;
  std::lock_guard lock(mutex_);
  if (fresh) --booting_;
  busy_since_.erase(busy);
  if (worker && generation == generation_) {
    give(std::move(worker));
  } else {
    dropped = std::move(worker);
    --live_;
    wake_first_waiter();
  }
}

void FunctionPool::retire_workers() {
  std::vector<std::unique_ptr<Worker>> old;
  std::lock_guard lock(mutex_);
  ++generation_;
  live_ -= idle_.size();
  for (const auto& w : idle_)
    if (takes_prestarted(w.get())) --booting_;
  old.swap(idle_);
  for (Waiter* w : waiters_) w->wake.notify_one();
}

void FunctionPool::prestart() {
  std::unique_lock lock(mutex_);
  if (live_ > 0 || runtime_family(spec_.runtime) == RuntimeFamily::provided) return;
  ++live_;
  unsigned generation = generation_;
  lock.unlock();
  std::unique_ptr<Worker> w;
  try {
    w = Worker::spawn(command_);
    ++started_;
  } catch (...) {  // the first invocation says why
  }
  lock.lock();
  if (!w || generation != generation_) {
    --live_;
    wake_first_waiter();
    return;
  }
  ++booting_;  // until its first invocation is answered: a waiting request allows it 200 ms
  prestarted_ = w.get();
  give(std::move(w));
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
