// One warm worker process: the runtime started with posix_spawn on our
// bootstrap (bootstrap.h), fd 3 its request pipe, fd 4 its answer pipe, both
// carrying frames (4-byte big-endian length, then the bytes). stdout and
// stderr are the server's own, so handler output shows as it is written.
#pragma once
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace sls::local {

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

 protected:
  Worker() = default;  // a subclass that drives its process another way (runtime_api.h)

 private:
  pid_t pid_ = -1;
  int to_child_ = -1;
  int from_child_ = -1;
};

// Frame helpers (exposed for tests): a write of the whole frame, and a read
// bounded by a deadline (steady clock; time_point::max() waits forever).
bool write_frame(int fd, const std::string& payload);
Worker::Status read_frame(int fd, std::string& payload, std::chrono::steady_clock::time_point deadline);

}  // namespace sls::local
