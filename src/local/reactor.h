// The event loop of `sls offline` and `sls invoke local`: one Asio io_context
// run by one thread of its own, which drives the HTTP server's connections and
// the workers' pipes without a thread per request. Work posted from any thread
// runs on the loop thread in order.
#pragma once
#include <atomic>
#include <functional>
#include <memory>
#include <thread>

namespace boost::asio {
class io_context;
}

namespace sls::local {

class Reactor {
 public:
  Reactor();   // starts the loop thread
  ~Reactor();  // stop() and join
  Reactor(const Reactor&) = delete;
  Reactor& operator=(const Reactor&) = delete;

  boost::asio::io_context& io() { return *io_; }
  bool in_loop() const;  // called on the loop thread
  bool stopped() const { return stopped_; }
  void post(std::function<void()> work);
  // Runs `work` on the loop thread and waits for it; inline when called on the
  // loop thread or after stop().
  void run_sync(const std::function<void()>& work);
  void stop();  // the loop ends; work not yet run is dropped (idempotent)

 private:
  std::unique_ptr<boost::asio::io_context> io_;
  std::thread thread_;
  std::thread::id loop_id_;
  std::atomic<bool> stopped_{false};
  std::atomic<bool> ended_{false};  // the loop thread has finished
};

}  // namespace sls::local
