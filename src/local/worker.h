// One warm worker process: the runtime started with posix_spawn on our
// bootstrap (bootstrap.h), fd 3 its request pipe, fd 4 its answer pipe, both
// carrying frames (4-byte big-endian length, then the bytes). stdout and
// stderr are the server's own, so handler output shows as it is written.
#pragma once
#include <sys/types.h>

#include <atomic>
#include <thread>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace sls::local {

class Reactor;

struct WorkerCommand {
  std::vector<std::string> argv;  // argv[0] is looked up on PATH
  std::vector<std::string> env;   // KEY=VALUE, the whole environment
  std::filesystem::path cwd;
};

class Worker {
 public:
  enum class Status { ok, timeout, died };

  // Throws UserError when the program cannot be started (not on PATH).
  static std::unique_ptr<Worker> spawn(const WorkerCommand& command);
  virtual ~Worker();  // kills and reaps the process
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // Sends one request frame and waits for the answer frame. `timeout` < 0
  // waits forever. After `timeout` or `died` the worker is no longer usable.
  virtual Status call(const std::string& request, std::string& answer, std::chrono::milliseconds timeout);
  pid_t pid() const { return pid_; }

  // The same exchange driven by the reactor's loop, with no timeout: `done`
  // runs on the loop thread with the status (ok or died) and the answer.
  // Called on the loop thread. When pipelines(), a further call may be made
  // before the previous one is answered: the frames go out in order and our
  // bootstraps, which run one invocation at a time, answer them in order (the
  // next starts when the previous is answered). When the pipes fail, the calls
  // owed end as died, oldest first, until a `done` destroys the worker.
  // Destroying the worker (on the loop thread: how the caller ends an overrun)
  // abandons the calls in flight without running their `done`.
  using Done = std::function<void(Status, std::string answer)>;
  struct Pipes;  // internal: the two pipe ends as Asio descriptors, made on the first call_async (worker.cc)
  virtual void call_async(Reactor& reactor, std::string request, Done done);
  virtual bool pipelines() const { return true; }

 protected:
  Worker();  // a subclass that drives its process another way (runtime_api.h)
  // call() on a thread of its own, `done` posted to the loop (for a subclass whose call() blocks).
  // A subclass's destructor calls join_caller() once its call() can return (before its members go).
  void call_on_thread(Reactor& reactor, std::string request, Done done);
  void join_caller();

 private:
  pid_t pid_ = -1;
  int to_child_ = -1;
  int from_child_ = -1;
  std::shared_ptr<Pipes> pipes_;
  std::shared_ptr<std::atomic<bool>> abandoned_;  // of the call in flight: set when the worker goes first
  std::thread caller_;  // call_on_thread's
};

// Frame helpers (exposed for tests): a write of the whole frame, and a read
// bounded by a deadline (steady clock; time_point::max() waits forever).
bool write_frame(int fd, const std::string& payload);
Worker::Status read_frame(int fd, std::string& payload, std::chrono::steady_clock::time_point deadline);

}  // namespace sls::local
