// osls's lifecycle events of `deploy`, `info`, `remove`, `deploy function` and
// `rollback` (the command's own and the AWS provider's sub-lifecycles), the
// seams at which plugin hooks run. The steps call an EventHook with each full
// event name ("before:aws:deploy:deploy:createStack", the plain name, then
// "after:..."); the caller (the plugin host) runs the hooks there. aws/ only
// names the events: what runs at them is the caller's.
#pragma once
#include <functional>
#include <string>
#include <vector>

namespace sls::aws::deploy {

using EventHook = std::function<void(const std::string& event)>;

// Calls hook("before:E"), runs `step` (sls's own work at E), then hook("E")
// and hook("after:E"): osls runs the built-in hook of E before the plugins'.
void around_event(const EventHook& hook, const std::string& event, const std::function<void()>& step = {});

// Bare event names (without before:/after:) a command runs, in osls's order.
const std::vector<std::string>& deploy_events();           // deploy:deploy, aws:deploy:deploy:*, ...
const std::vector<std::string>& info_events();             // aws:info:validate .. displayStackOutputs
const std::vector<std::string>& info_command_events();     // info:info, then info_events()
const std::vector<std::string>& remove_events();           // remove:remove
const std::vector<std::string>& deploy_function_events();  // deploy:function:initialize, ...
const std::vector<std::string>& rollback_events();         // rollback:initialize, rollback:rollback

}  // namespace sls::aws::deploy
