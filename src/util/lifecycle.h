// Commands run as osls's named lifecycle events ("package:initialize",
// "package:compileEvents", ...). Each event is a seam: steps (and later,
// plugins) attach hooks to "before:<event>", "<event>" or "after:<event>"
// without touching the command that runs them.
#pragma once
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace sls {

template <typename Context>
class Lifecycle {
 public:
  using Hook = std::function<void(Context&)>;

  void on(const std::string& event, Hook hook) { hooks_[event].push_back(std::move(hook)); }

  // Runs before:E, E and after:E hooks for each event E, in order.
  void run(const std::vector<std::string>& events, Context& ctx,
           const std::function<void(const std::string&)>& trace = {}) const {
    for (const auto& event : events) {
      for (const char* prefix : {"before:", "", "after:"}) {
        auto it = hooks_.find(prefix + event);
        if (it == hooks_.end()) continue;
        if (trace) trace(prefix + event);
        for (const auto& hook : it->second) hook(ctx);
      }
    }
  }

  bool has(const std::string& event) const { return hooks_.count(event) > 0; }

 private:
  std::map<std::string, std::vector<Hook>> hooks_;
};

}  // namespace sls
