#include "local/reactor.h"

#include <future>
#include <utility>

#include <boost/asio.hpp>

namespace sls::local {

namespace asio = boost::asio;

Reactor::Reactor() : io_(std::make_unique<asio::io_context>(1)) {
  std::promise<void> started;
  thread_ = std::thread([this, &started] {
    auto guard = asio::make_work_guard(*io_);
    loop_id_ = std::this_thread::get_id();
    started.set_value();
    io_->run();
  });
  started.get_future().wait();
}

Reactor::~Reactor() { stop(); }

bool Reactor::in_loop() const { return std::this_thread::get_id() == loop_id_; }

void Reactor::post(std::function<void()> work) { asio::post(*io_, std::move(work)); }

void Reactor::run_sync(const std::function<void()>& work) {
  if (in_loop() || stopped_) {
    work();
    return;
  }
  std::promise<void> done;
  asio::post(*io_, [&] {
    try {
      work();
      done.set_value();
    } catch (...) {
      done.set_exception(std::current_exception());
    }
  });
  auto finished = done.get_future();
  // A stop() between the post and the run drops the work: run it here then.
  while (finished.wait_for(std::chrono::milliseconds(50)) != std::future_status::ready) {
    if (!ended_) continue;
    if (finished.wait_for(std::chrono::seconds(0)) == std::future_status::ready) break;
    work();
    return;
  }
  finished.get();
}

void Reactor::stop() {
  if (stopped_.exchange(true)) return;
  io_->stop();
  if (thread_.joinable()) {
    if (in_loop()) {
      thread_.detach();
    } else {
      thread_.join();
    }
    ended_ = true;
  }
}

}  // namespace sls::local
