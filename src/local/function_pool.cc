#include "local/function_pool.h"

#include <algorithm>
#include <utility>
#include <boost/asio.hpp>
#include <chrono>
#include <future>
#include <random>
#include <stdexcept>

#include "local/bootstrap.h"
#include "local/runtime_api.h"
#include "util/json_write.h"

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

// The context's fields that are the same for every invocation, as JSON members
// without the braces: awsRequestId comes before them, timeoutMs after.
std::string fixed_context(const FunctionSpec& spec) {
  Json c = Json::object();
  c["functionName"] = spec.name;
  c["functionVersion"] = "$LATEST";
  c["invokedFunctionArn"] = "arn:aws:lambda:" + spec.region + ":000000000000:function:" + spec.name;
  c["memoryLimitInMB"] = std::to_string(spec.memory_mb);
  c["logGroupName"] = "/aws/lambda/" + spec.name;
  c["logStreamName"] = "2016/12/02/[$LATEST]f77ff5e4026c45bda9a9ebcec6bc9cad";
  std::string text = c.dump();
  return text.substr(1, text.size() - 2);
}

constexpr unsigned kTimedBeforeEager = 4;  // warm invocations timed before the eager rule applies

}  // namespace

std::string new_request_id() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  uint64_t a = rng(), b = rng();
  a = (a & 0xffffffffffff0fffull) | 0x0000000000004000ull;  // version 4
  b = (b & 0x3fffffffffffffffull) | 0x8000000000000000ull;  // variant 10
  // xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx, written digit by digit (snprintf was a visible cost per request).
  static const char kHex[] = "0123456789abcdef";
  std::string id(36, '-');
  size_t at = 0;
  auto digits = [&](uint64_t v, int count) {
    for (int i = count - 1; i >= 0; --i) id[at++] = kHex[(v >> (4 * i)) & 0xf];
  };
  digits(a >> 32, 8), ++at;
  digits(a >> 16, 4), ++at;
  digits(a, 4), ++at;
  digits(b >> 48, 4), ++at;
  digits(b, 12);
  return id;
}

struct FunctionPool::Timers {
  explicit Timers(boost::asio::io_context& io) : grow(io), deadlines(io) {}
  // When a waiting request may start a further worker (armed at the soonest such time).
  boost::asio::steady_timer grow;
  Clock::time_point grow_due = Clock::time_point::max();
  // Armed at the earliest deadline of a running invocation and left to fire
  // (not re-armed per request: under load that would be a syscall each).
  boost::asio::steady_timer deadlines;
  Clock::time_point deadlines_due = Clock::time_point::max();

  // `timer` set for `due` (kept in `armed` until it fires), then `then` on the loop unless the pool went.
  static void arm(boost::asio::steady_timer& timer, Clock::time_point& armed, Clock::time_point due,
                  const std::shared_ptr<int>& pool_alive, std::function<void()> then) {
    armed = due;
    timer.expires_at(due);
    timer.async_wait([&armed, alive = std::weak_ptr<int>(pool_alive), then = std::move(then)](
                         const boost::system::error_code& ec) {
      if (ec || alive.expired()) return;
      armed = Clock::time_point::max();
      then();
    });
  }
};

FunctionPool::FunctionPool(FunctionSpec spec, EnvList extra_env, size_t max_workers, size_t eager_workers,
                           std::shared_ptr<Reactor> reactor)
    : spec_(std::move(spec)),
      command_(make_command(spec_, extra_env)),
      fixed_context_(fixed_context(spec_)),
      max_workers_(max_workers ? max_workers : 1),
      eager_workers_(std::min(max_workers_, eager_workers ? eager_workers : 1)),
      reactor_(reactor ? std::move(reactor) : std::make_shared<Reactor>()),
      timers_(std::make_unique<Timers>(reactor_->io())) {}

FunctionPool::~FunctionPool() {
  shutdown();
  reactor_->run_sync([this] {
    alive_.reset();  // handlers still queued on the loop find the pool gone
    timers_.reset();
  });
}

void FunctionPool::shutdown() {
  reactor_->run_sync([this] {
    closed_ = true;
    idle_.clear();
    std::vector<Busy> busy = std::move(busy_);
    std::deque<Pending> queue = std::move(queue_);
    busy_.clear();
    queue_.clear();
    for (auto& b : busy) {
      b.worker.reset();  // killed; its calls are abandoned
      b.pending.result.cancelled = true;
      b.pending.done(std::move(b.pending.result));
      if (b.ahead) queue.push_front(std::move(*b.ahead));
    }
    for (auto& p : queue) {
      p.result.cancelled = true;
      p.done(std::move(p.result));
    }
  });
}

std::unique_ptr<Worker> FunctionPool::spawn_worker() {
  auto w = runtime_family(spec_.runtime) == RuntimeFamily::provided ? RuntimeApiWorker::spawn(command_)
                                                                    : Worker::spawn(command_);
  ++started_;
  return w;
}

void FunctionPool::submit(const InvokeRequest& request, Done done) {
  Pending p;
  p.result.request_id = new_request_id();
  p.timeout = std::chrono::milliseconds(request.no_timeout ? -1 : spec_.timeout_seconds * 1000LL);
  // {"event":...,"context":{...},"customContext":...,"pretty":false}, written out without copying the event.
  std::string& f = p.frame;
  f.reserve(1024);
  f += "{\"event\":";
  write_json(f, request.event, -1);  // as dump() writes it, faster (nlohmann's escaping was ~6% of the loop)
  f += ",\"context\":{\"awsRequestId\":\"" + p.result.request_id + "\",";
  f += fixed_context_;
  f += ",\"timeoutMs\":";  // the runtime counts it from the invocation's start (its time in the queue is not its own)
  f += std::to_string(std::max<long long>(p.timeout.count(), 0));
  f += "}";
  if (!request.custom_context.is_null()) {
    f += ",\"customContext\":";
    write_json(f, request.custom_context, -1);
  }
  f += request.pretty ? ",\"pretty\":true}" : ",\"pretty\":false}";
  p.done = std::move(done);
  auto enqueue = [this](Pending p) {
    if (closed_) {
      p.result.cancelled = true;
      return p.done(std::move(p.result));  // crashed
    }
    p.queued = Clock::now();
    queue_.push_back(std::move(p));
    dispatch();
  };
  if (reactor_->in_loop()) return enqueue(std::move(p));
  reactor_->post([enqueue, alive = std::weak_ptr<int>(alive_), p = std::move(p)]() mutable {
    if (!alive.expired()) enqueue(std::move(p));
  });
}

InvokeResult FunctionPool::invoke(const InvokeRequest& request) {
  if (reactor_->in_loop()) throw std::logic_error("FunctionPool::invoke on the loop thread would wait for itself");
  std::promise<InvokeResult> promise;
  auto future = promise.get_future();
  submit(request, [&promise](InvokeResult r) { promise.set_value(std::move(r)); });
  InvokeResult r = future.get();
  if (r.start_error) std::rethrow_exception(r.start_error);
  return r;
}

void FunctionPool::dispatch() {
  using std::chrono::milliseconds;
  while (!queue_.empty()) {
    if (!idle_.empty()) {
      auto w = std::move(idle_.back());
      idle_.pop_back();
      bool fresh = w.get() == prestarted_;  // booting until its first answer
      if (fresh) prestarted_ = nullptr;
      Pending p = std::move(queue_.front());
      queue_.pop_front();
      start(std::move(w), fresh, std::move(p));
      continue;
    }
    // A fast function's busy worker takes it next, rather than a further worker starting: one warm
    // worker kept busy serves more than two that each sleep between requests, and costs one process.
    if (send_ahead()) continue;
    size_t live = busy_.size();
    if (live >= max_workers_) return;
    size_t booting = static_cast<size_t>(std::count_if(busy_.begin(), busy_.end(), [](const Busy& b) { return b.fresh; }));
    // Eager workers are for a function known to be slow (its first warm invocations, where a runtime
    // still compiles the handler's code, timed and found not fast): a fast one's requests go ahead to
    // its warm worker instead, above.
    bool eager = live < eager_workers_ && booting == 0 && timed_ >= kTimedBeforeEager && !fast();
    if (!(live == 0 || eager)) {
      // Every worker busy: a further one only when one has been on its invocation for 100 ms
      // (200 ms of waiting while one boots), so fast handlers share the warm ones.
      Clock::time_point oldest = Clock::time_point::max();
      for (const auto& b : busy_) oldest = std::min(oldest, b.since);
      Clock::time_point due = booting ? queue_.front().queued + milliseconds(200) : oldest + milliseconds(100);
      if (Clock::now() < due) {
        // An armed timer due sooner is left alone: it fires, and this is asked again (under load
        // the due time moves on with every request; re-arming each time would be a syscall each).
        if (due < timers_->grow_due) timers_->arm(timers_->grow, timers_->grow_due, due, alive_, [this] { dispatch(); });
        return;
      }
    }
    Pending p = std::move(queue_.front());
    queue_.pop_front();
    std::unique_ptr<Worker> w;
    try {
      w = spawn_worker();
    } catch (...) {
      p.result.kind = InvokeResult::Kind::crashed;
      p.result.start_error = std::current_exception();
      p.done(std::move(p.result));
      continue;
    }
    start(std::move(w), true, std::move(p));
  }
}

namespace {

Clock::time_point deadline_from(Clock::time_point start, std::chrono::milliseconds timeout) {
  return timeout.count() >= 0 ? start + timeout : Clock::time_point::max();
}

}  // namespace

void FunctionPool::start(std::unique_ptr<Worker> worker, bool fresh, Pending p) {
  Worker* raw = worker.get();
  std::string frame = std::move(p.frame);
  auto now = Clock::now();
  auto deadline = deadline_from(now, p.timeout);
  busy_.push_back(Busy{std::move(worker), now, deadline, fresh, generation_, std::move(p), std::nullopt});
  if (deadline < timers_->deadlines_due) watch_deadline(deadline);
  send(raw, std::move(frame));
}

void FunctionPool::send(Worker* worker, std::string frame) {
  worker->call_async(*reactor_, std::move(frame), [this, worker](Worker::Status status, std::string answer) {
    finished(worker, status, std::move(answer));
  });
}

double FunctionPool::ahead_limit_ms() const { return std::chrono::duration<double, std::milli>(ahead_limit_).count(); }

bool FunctionPool::fast() const { return timed_ > 0 && typical_ms_ < ahead_limit_ms(); }

// No worker is idle. The oldest waiting request goes to the worker that has been on its invocation
// longest, provided the function is fast (warm invocations under ahead_limit_ on average) and that
// invocation younger than ahead_limit_ (a request sent ahead waits for it: the bound keeps such a
// wait short, whatever one slow invocation of a fast function does). The worker starts it as soon
// as it answers, with no round trip through the server between the two. One ahead per worker.
bool FunctionPool::send_ahead() {
  if (!fast()) return false;
  auto now = Clock::now();
  Busy* best = nullptr;
  for (auto& b : busy_) {
    if (b.ahead || b.fresh || b.generation != generation_ || !b.worker->pipelines()) continue;
    if (now - b.since >= ahead_limit_) continue;
    if (!best || b.since < best->since) best = &b;
  }
  if (!best) return false;
  best->ahead = std::move(queue_.front());
  queue_.pop_front();
  ++sent_ahead_;
  // A copy: should the worker die before it starts this one, the request is sent again to another.
  send(best->worker.get(), best->ahead->frame);
  return true;
}

void FunctionPool::go_on(Busy& b) {
  b.pending = std::move(*b.ahead);
  b.pending.frame = std::string();  // started: it will not be sent again
  b.ahead.reset();
  b.fresh = false;
  b.since = Clock::now();
  b.deadline = deadline_from(b.since, b.pending.timeout);
  if (b.deadline < timers_->deadlines_due) watch_deadline(b.deadline);
}

void FunctionPool::watch_deadline(Clock::time_point due) {
  timers_->arm(timers_->deadlines, timers_->deadlines_due, due, alive_, [this] { expire_overdue(); });
}

void FunctionPool::expire_overdue() {
  auto now = Clock::now();
  for (;;) {  // one at a time: finishing one may start the next request on a fresh worker
    auto it = std::find_if(busy_.begin(), busy_.end(), [now](const Busy& b) { return b.deadline <= now; });
    if (it == busy_.end()) break;
    finished(it->worker.get(), Worker::Status::timeout, {});  // killed: its call is abandoned
  }
  Clock::time_point next = Clock::time_point::max();
  for (const auto& b : busy_) next = std::min(next, b.deadline);
  if (next != Clock::time_point::max() && next < timers_->deadlines_due) watch_deadline(next);
}

namespace {

void read_answer(const std::string& answer, InvokeResult& out) {
  Json a = Json::parse(answer, nullptr, false);
  if (a.is_discarded() || !a.is_object()) {
    out.kind = InvokeResult::Kind::crashed;
    return;
  }
  if (a.value("type", "") == "error") {
    out.kind = InvokeResult::Kind::error;
    out.error = a.value("error", Json::object());
    out.init_error = a.value("init", false);
    return;
  }
  out.kind = InvokeResult::Kind::result;
  if (a.contains("result")) {
    out.has_result = true;
    out.result = std::move(a["result"]);
  }
  if (a.contains("pretty") && a["pretty"].is_string()) {
    out.has_pretty = true;
    out.pretty = a["pretty"].get<std::string>();
  }
  if (a.contains("localError") && a["localError"].is_string()) out.local_error = a["localError"].get<std::string>();
}

}  // namespace

void FunctionPool::finished(Worker* worker, Worker::Status status, std::string answer) {
  auto it = std::find_if(busy_.begin(), busy_.end(), [worker](const Busy& b) { return b.worker.get() == worker; });
  if (it == busy_.end()) return;
  InvokeResult out = std::move(it->pending.result);
  out.duration_ms = std::chrono::duration<double, std::milli>(Clock::now() - it->since).count();
  if (status == Worker::Status::ok && !it->fresh) {
    // Each sample at most twice the limit: one stall (the worker descheduled on a busy machine) moves
    // the average by a quarter of the limit, not past it.
    double sample = std::min(out.duration_ms, 2 * ahead_limit_ms());
    typical_ms_ = timed_++ ? typical_ms_ * 0.875 + sample * 0.125 : sample;
  }
  if (status == Worker::Status::ok && it->ahead) {
    Done done = std::move(it->pending.done);
    go_on(*it);  // the worker has started the request sent ahead (after a reload too: it was sent before)
    dispatch();
    read_answer(answer, out);
    return done(std::move(out));
  }
  Busy b = std::move(*it);
  busy_.erase(it);
  // A request sent ahead was not started (the worker runs one at a time): it keeps its place, first in line.
  if (b.ahead) queue_.push_front(std::move(*b.ahead));
  if (status != Worker::Status::ok) {
    out.kind = status == Worker::Status::timeout ? InvokeResult::Kind::timeout : InvokeResult::Kind::crashed;
    b.worker.reset();  // killed and reaped; a fresh one serves the next request
  } else if (b.generation == generation_) {
    idle_.push_back(std::move(b.worker));
  } else {
    b.worker.reset();  // retired while it ran
  }
  dispatch();  // the next request goes to the worker before this answer is read
  if (status == Worker::Status::ok) read_answer(answer, out);
  b.pending.done(std::move(out));
}

void FunctionPool::retire_workers() {
  reactor_->run_sync([this] {
    ++generation_;
    prestarted_ = nullptr;
    idle_.clear();
    dispatch();
  });
}

void FunctionPool::prestart() {
  if (runtime_family(spec_.runtime) == RuntimeFamily::provided) return;
  reactor_->run_sync([this] {
    if (closed_ || !idle_.empty() || !busy_.empty()) return;
    try {
      auto w = spawn_worker();
      prestarted_ = w.get();
      idle_.push_back(std::move(w));
    } catch (...) {  // the first invocation says why
      return;
    }
    dispatch();
  });
}

}  // namespace sls::local
