// Work handed to threads of their own (a WebSocket message, a scheduled run)
// counted, so that what owns it can wait for it before going away.
#pragma once
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace sls::local {

class InFlight {
 public:
  // Held for the length of one piece of work.
  class Token {
   public:
    explicit Token(InFlight& owner) : owner_(&owner) {
      std::lock_guard lock(owner_->mutex_);
      ++owner_->count_;
    }
    Token(const Token&) = delete;
    Token& operator=(const Token&) = delete;
    ~Token() {
      std::lock_guard lock(owner_->mutex_);
      if (--owner_->count_ == 0) owner_->idle_.notify_all();
    }

   private:
    InFlight* owner_;
  };

  // True when all work ended within `limit`.
  bool wait_idle(std::chrono::milliseconds limit) {
    std::unique_lock lock(mutex_);
    return idle_.wait_for(lock, limit, [&] { return count_ == 0; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable idle_;
  int count_ = 0;
};

}  // namespace sls::local
