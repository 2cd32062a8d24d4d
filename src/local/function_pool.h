// Warm workers of one function: up to `max_workers` processes, each started
// on first need and kept for the next invocation (init code runs once per
// worker). A further worker is started only for a request that finds every
// worker busy and one of them on an invocation for over 100 ms (or waits 200 ms
// while a worker is still starting), so fast handlers are served by one warm
// process, slow ones by several. Up to `eager_workers` (sls offline: one per
// CPU core) start at once for a request that finds every worker busy: under
// concurrent load they run side by side instead of queueing behind one. A worker that overruns the timeout is killed; one that dies is
// reaped; either is replaced by a fresh one on the next invocation. Requests
// waiting for a worker are served in arrival order (a finished worker is handed
// to the oldest waiter), so no request waits behind later ones.
#pragma once
#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "local/function_spec.h"
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
};

class FunctionPool {
 public:
  FunctionPool(FunctionSpec spec, EnvList extra_env = {}, size_t max_workers = 1, size_t eager_workers = 1);
  ~FunctionPool();
  FunctionPool(const FunctionPool&) = delete;
  FunctionPool& operator=(const FunctionPool&) = delete;

  // Thread-safe; blocks while all workers are busy. Throws UserError when the
  // runtime cannot be started.
  InvokeResult invoke(const InvokeRequest& request);
  // Kills idle workers; busy ones are dropped when they finish (reload).
  void retire_workers();
  // Starts the first worker now, so that the runtime boots before the first
  // request (nothing when one is already running; a failure is left for the
  // first invocation to report).
  void prestart();

  const FunctionSpec& spec() const { return spec_; }
  size_t workers_started() const { return started_.load(); }

 private:
  using BusySince = std::multiset<std::chrono::steady_clock::time_point>;
  std::unique_ptr<Worker> acquire(bool& fresh, BusySince::iterator& busy);
  void release(std::unique_ptr<Worker> worker, unsigned generation, bool fresh, BusySince::iterator busy);

  FunctionSpec spec_;
  WorkerCommand command_;
  size_t max_workers_;
  size_t eager_workers_;  // started without the 100 ms wait (at most max_workers_)
  std::mutex mutex_;
  struct Waiter {
    std::condition_variable wake;
    std::unique_ptr<Worker> handed;  // set by give(), with `busy` (counted busy from then on)
    BusySince::iterator busy;
  };
  void give(std::unique_ptr<Worker> worker);  // to the oldest waiter, else idle; mutex_ held
  bool takes_prestarted(const Worker* w);     // its first invocation (booting until answered); mutex_ held
  const Worker* prestarted_ = nullptr;        // started by prestart(), not yet invoked
  void wake_first_waiter();                   // to look again (a slot freed); mutex_ held
  std::deque<Waiter*> waiters_;  // oldest first
  std::vector<std::unique_ptr<Worker>> idle_;
  size_t live_ = 0;
  size_t booting_ = 0;  // started, first invocation not answered yet
  BusySince busy_since_;  // when each running invocation began
  unsigned generation_ = 0;
  std::atomic<size_t> started_{0};
};

std::string new_request_id();  // a random UUID v4

}  // namespace sls::local
