#include "aws/deploy/lifecycle_events.h"

namespace sls::aws::deploy {

void around_event(const EventHook& hook, const std::string& event, const std::function<void()>& step) {
  if (hook) hook("before:" + event);
  if (step) step();
  if (hook) {
    hook(event);
    hook("after:" + event);
  }
}

const std::vector<std::string>& info_events() {
  static const std::vector<std::string> k = {
      "aws:info:validate",         "aws:info:gatherData",      "aws:info:displayServiceInfo",
      "aws:info:displayApiKeys",   "aws:info:displayEndpoints", "aws:info:displayFunctions",
      "aws:info:displayLayers",    "aws:info:displayStackOutputs",
  };
  return k;
}

const std::vector<std::string>& deploy_events() {
  static const std::vector<std::string> k = [] {
    std::vector<std::string> v = {"deploy:deploy",
                                  "aws:deploy:deploy:createStack",
                                  "aws:deploy:deploy:checkForChanges",
                                  "aws:deploy:deploy:uploadArtifacts",
                                  "aws:deploy:deploy:validateTemplate",
                                  "aws:deploy:deploy:updateStack"};
    v.insert(v.end(), info_events().begin(), info_events().end());
    v.push_back("deploy:finalize");
    v.push_back("aws:deploy:finalize:cleanup");
    return v;
  }();
  return k;
}

const std::vector<std::string>& info_command_events() {
  static const std::vector<std::string> k = [] {
    std::vector<std::string> v = {"info:info"};
    v.insert(v.end(), info_events().begin(), info_events().end());
    return v;
  }();
  return k;
}

const std::vector<std::string>& remove_events() {
  static const std::vector<std::string> k = {"remove:remove"};
  return k;
}

const std::vector<std::string>& deploy_function_events() {
  static const std::vector<std::string> k = {"deploy:function:initialize", "deploy:function:packageFunction",
                                             "deploy:function:deploy"};
  return k;
}

const std::vector<std::string>& rollback_events() {
  static const std::vector<std::string> k = {"rollback:initialize", "rollback:rollback"};
  return k;
}

}  // namespace sls::aws::deploy
