// Warm workers of one function: up to `max_workers` processes, each started
// on first need and kept for the next invocation (init code runs once per
// worker). A further worker is started only for a request that finds every
// worker busy and one of them on an invocation for over 100 ms (or waits 200 ms
// while a worker is still starting), so fast handlers are served by one warm
// process, slow ones by several. Up to `eager_workers` (sls offline: one per
// CPU core) start at once for a request that finds every worker busy, once its
// first warm invocations have shown the function not to be fast: under concurrent load
// they run side by side instead of queueing behind one. A worker that overruns the timeout is killed; one that dies is
// reaped; either is replaced by a fresh one on the next invocation. Requests
// waiting for a worker are served in arrival order (a finished worker is handed
// to the oldest waiter), so no request waits behind later ones. Under load, a
// fast function's busy worker (warm invocations under 1 ms) is sent the oldest
// waiting request ahead while its current invocation runs (see send_ahead), so
// that it goes on without a round trip through the server; the eager and the
// growth rules start further workers only when that cannot be done. The
// workers' pipes are driven by a reactor's loop (reactor.h): no thread waits per request.
#pragma once
#include <atomic>
#include <chrono>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "local/function_spec.h"
#include "local/reactor.h"
#include "local/worker.h"
#include "util/json.h"

namespace sls::local {

struct InvokeRequest {
  Json event = Json::object();
  Json custom_context = nullptr;  // merged over the context the handler sees
  bool pretty = false;            // ask for InvokeResult::pretty
  bool no_timeout = false;        // --noTimeout
};

struct InvokeResult {
  enum class Kind { result, error, timeout, crashed };
  Kind kind = Kind::crashed;
  bool has_result = false;  // false: the handler gave undefined
  Json result;
  Json error;               // {errorMessage, errorType, stackTrace}
  bool init_error = false;  // the handler could not be loaded
  bool has_pretty = false;
  std::string pretty;       // as the runtime formats it (invoke local)
  std::string local_error;  // invoke local's own complaint about the result
  std::string request_id;
  double duration_ms = 0;
  std::exception_ptr start_error;  // the runtime could not be started (kind crashed)
  bool cancelled = false;          // ended by shutdown() (kind crashed)
};

class FunctionPool {
 public:
  // `reactor` drives the workers' pipes (one of the pool's own when null).
  FunctionPool(FunctionSpec spec, EnvList extra_env = {}, size_t max_workers = 1, size_t eager_workers = 1,
               std::shared_ptr<Reactor> reactor = nullptr);
  ~FunctionPool();  // kills the workers; invocations still waiting or running end as crashed
  FunctionPool(const FunctionPool&) = delete;
  FunctionPool& operator=(const FunctionPool&) = delete;

  // Queues one invocation; `done` runs on the reactor's loop thread with its
  // result. A runtime that cannot be started gives a crashed result with
  // `start_error` set. Thread-safe.
  using Done = std::function<void(InvokeResult)>;
  void submit(const InvokeRequest& request, Done done);
  // submit() and wait (not on the loop thread). Throws UserError when the
  // runtime cannot be started.
  InvokeResult invoke(const InvokeRequest& request);
  // Kills every worker: invocations waiting or running end as crashed, and so
  // do later ones (the server is stopping).
  void shutdown();
  // Kills idle workers; busy ones are dropped when they finish (reload).
  void retire_workers();
  // Starts the first worker now, so that the runtime boots before the first
  // request (nothing when one is already running; a failure is left for the
  // first invocation to report).
  void prestart();

  // What counts as fast for send_ahead (1 ms): a function whose warm invocations take less on
  // average, a current invocation younger than it. Before the first invocation (tests).
  void set_ahead_limit(std::chrono::microseconds limit) { ahead_limit_ = limit; }

  const FunctionSpec& spec() const { return spec_; }
  size_t workers_started() const { return started_.load(); }
  size_t sent_ahead() const { return sent_ahead_.load(); }  // requests sent to a busy worker (send_ahead)

 private:
  using Clock = std::chrono::steady_clock;
  struct Pending {
    std::string frame;  // the request frame's JSON text
    InvokeResult result;  // request_id set
    std::chrono::milliseconds timeout{-1};
    Done done;
    Clock::time_point queued;
  };
  struct Busy {
    std::unique_ptr<Worker> worker;
    Clock::time_point since;
    Clock::time_point deadline;  // max: no timeout
    bool fresh = false;  // its first invocation (the worker booting until it answers)
    unsigned generation = 0;
    Pending pending;
    std::optional<Pending> ahead;  // sent already; the worker starts it when it answers `pending`
  };
  // All of these run on the loop thread; the state below is the loop's alone.
  void dispatch();
  double ahead_limit_ms() const;
  bool fast() const;  // warm invocations take under ahead_limit_ on average
  bool send_ahead();  // the oldest waiting request to a busy worker that is about to be free
  void start(std::unique_ptr<Worker> worker, bool fresh, Pending p);
  void send(Worker* worker, std::string frame);  // the frame to it; its answer to finished()
  void go_on(Busy& b);  // b's ahead request becomes its invocation (its previous one answered)
  void finished(Worker* worker, Worker::Status status, std::string answer);
  std::unique_ptr<Worker> spawn_worker();  // throws UserError
  void watch_deadline(Clock::time_point due);
  void expire_overdue();  // invocations past their deadline end as timeouts, their workers killed

  FunctionSpec spec_;
  WorkerCommand command_;
  std::string fixed_context_;  // the invocation context's members that never change
  size_t max_workers_;
  size_t eager_workers_;  // started without the 100 ms wait (at most max_workers_)
  std::shared_ptr<Reactor> reactor_;
  std::deque<Pending> queue_;  // oldest first
  std::vector<std::unique_ptr<Worker>> idle_;
  std::vector<Busy> busy_;
  const Worker* prestarted_ = nullptr;  // started by prestart(), not yet invoked
  double typical_ms_ = 0;  // a moving average of the durations of the warm invocations timed
  unsigned timed_ = 0;     // how many (none: typical_ms_ is not known yet)
  std::chrono::microseconds ahead_limit_{1000};
  unsigned generation_ = 0;
  bool closed_ = false;  // shutdown()
  struct Timers;  // the growth rule's and the deadlines' (function_pool.cc)
  std::unique_ptr<Timers> timers_;
  std::atomic<size_t> started_{0};
  std::atomic<size_t> sent_ahead_{0};
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);  // handlers on the loop hold it weakly
};

std::string new_request_id();  // a random UUID v4

}  // namespace sls::local
