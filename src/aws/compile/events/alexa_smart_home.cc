// The `alexaSmartHome` event (osls events/alexa-smart-home.js): per event one
// AWS::Lambda::Permission letting Alexa Smart Home invoke the function for
// the skill's id.
#include <map>

#include "aws/compile/events/common.h"
#include "aws/compile/events/registry.h"
#include "aws/naming.h"
#include "util/js_like.h"

namespace sls::compile::events {
namespace {

struct AlexaSmartHomeEvent {
  std::string app_id;
  bool enabled = true;
};

AlexaSmartHomeEvent parse(const Event& e) {
  AlexaSmartHomeEvent a;
  const Json& body = *e.body;
  const Json* app_id = body.is_string() ? &body : js::get(body, "appId");
  if (!app_id || !app_id->is_string())
    event_error(e, "\"appId\" must be the skill's id (a string)", "ALEXA_SMART_HOME_MISSING_APP_ID");
  a.app_id = strip_escaped_line_breaks(app_id->get<std::string>());
  if (body.is_object()) a.enabled = !is_strictly_false(js::get(body, "enabled"));
  return a;
}

Json permission(const PackageContext& ctx, const Event& e, const AlexaSmartHomeEvent& a) {
  Json props = Json::object();
  props["FunctionName"] = lambda_target(ctx, e.function);
  props["Action"] = a.enabled ? "lambda:InvokeFunction" : "lambda:DisableInvokeFunction";
  props["Principal"] = "alexa-connectedhome.amazon.com";
  props["EventSourceToken"] = a.app_id;
  return depends_on_alias({{"Type", "AWS::Lambda::Permission"}, {"Properties", std::move(props)}},
                          lambda_target_alias(ctx, e.function));
}

}  // namespace

void check_alexa_smart_home(Checker& c, Json& body, const Path& path) { check_alexa_event(c, body, path); }

void compile_alexa_smart_home(PackageContext& ctx, const Events& events) {
  std::map<std::string, int> numbers;  // per function
  for (const Event& e : events) {
    const int n = ++numbers[e.function];
    ctx.resources()[naming::lambda_alexa_smart_home_permission_logical_id(e.function, n)] =
        permission(ctx, e, parse(e));
  }
}

}  // namespace sls::compile::events
