// The `alexaSkill` event (osls events/alexa-skill.js): per event one
// AWS::Lambda::Permission letting the Alexa Skills Kit invoke the function,
// limited to the skill's id when one is given.
#include <map>

#include "aws/compile/events/common.h"
#include "aws/compile/events/registry.h"
#include "aws/naming.h"
#include "util/js_like.h"

namespace sls::compile::events {
namespace {

struct AlexaSkillEvent {
  std::string app_id;  // "" when none is given
  bool enabled = true;
};

AlexaSkillEvent parse(const Json& body) {
  AlexaSkillEvent a;
  const Json* app_id = body.is_string() ? &body : js::get(body, "appId");
  if (app_id && app_id->is_string()) a.app_id = strip_escaped_line_breaks(app_id->get<std::string>());
  if (body.is_object()) a.enabled = !is_strictly_false(js::get(body, "enabled"));
  return a;
}

Json permission(const PackageContext& ctx, const Event& e, const AlexaSkillEvent& a) {
  Json props = Json::object();
  props["FunctionName"] = lambda_target(ctx, e.function);
  props["Action"] = a.enabled ? "lambda:InvokeFunction" : "lambda:DisableInvokeFunction";
  props["Principal"] = "alexa-appkit.amazon.com";
  if (!a.app_id.empty()) props["EventSourceToken"] = a.app_id;
  return depends_on_alias({{"Type", "AWS::Lambda::Permission"}, {"Properties", std::move(props)}},
                          lambda_target_alias(ctx, e.function));
}

}  // namespace

void check_alexa_skill(Checker& c, Json& body, const Path& path) { check_alexa_event(c, body, path); }

void compile_alexa_skill(PackageContext& ctx, const Events& events) {
  std::map<std::string, int> numbers;  // per function
  for (const Event& e : events) {
    const int n = ++numbers[e.function];
    ctx.resources()[naming::lambda_alexa_skill_permission_logical_id(e.function, n)] =
        permission(ctx, e, parse(*e.body));
  }
}

}  // namespace sls::compile::events
