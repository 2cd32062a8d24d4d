// The table of event types and the dispatcher that hands each compiler its events.
#include "aws/compile/events/registry.h"

#include <string_view>

#include "util/error.h"
#include "util/js_like.h"

namespace sls::compile::events {
namespace {

// osls 4.3.1's lib/plugins/index.js order.
constexpr EventType kEventTypes[] = {
    {"schedule", check_schedule, compile_schedule},
    {"s3", check_s3, compile_s3},
    {"http", check_http, compile_http},
    {"websocket", check_websocket, compile_websocket},
    {"sns", check_sns, compile_sns},
    {"stream", check_stream, compile_stream},
    {"kafka", check_kafka, compile_kafka},
    {"activemq", check_activemq, compile_activemq},
    {"rabbitmq", check_rabbitmq, compile_rabbitmq},
    {"msk", check_msk, compile_msk},
    {"alb", check_alb, compile_alb},
    {"alexaSkill", check_alexa_skill, compile_alexa_skill},
    {"alexaSmartHome", check_alexa_smart_home, compile_alexa_smart_home},
    {"iot", check_iot, compile_iot},
    {"iotFleetProvisioning", check_iot_fleet_provisioning, compile_iot_fleet_provisioning},
    {"cloudwatchEvent", check_cloudwatch_event, compile_cloudwatch_event},
    {"cloudwatchLog", check_cloudwatch_log, compile_cloudwatch_log},
    {"cognitoUserPool", check_cognito_user_pool, compile_cognito_user_pool},
    {"eventBridge", check_event_bridge, compile_event_bridge},
    {"sqs", check_sqs, compile_sqs},
    {"cloudFront", check_cloud_front, compile_cloud_front},
    {"httpApi", check_httpApi, compile_httpApi},
};

const EventType* find_type(std::string_view name) {
  for (const EventType& t : kEventTypes)
    if (name == t.name) return &t;
  return nullptr;
}

class Registry final : public config::EventTypes {
 public:
  bool find(std::string_view type, config::EventCheck& check) const override {
    const EventType* t = find_type(type);
    if (t) check = t->check;
    return t != nullptr;
  }
};

[[noreturn]] void unsupported(const Event& e) {
  throw UserError("Event type \"" + std::string(e.type) + "\" of function \"" + e.function + "\" (" +
                      e.path() + ") is not yet supported by this version of sls.",
                  "UNSUPPORTED_EVENT_TYPE");
}

// functions.*.events grouped by type (rows of kEventTypes), in config order.
// `strict`: an event of a type without a compiler is an error (compile_events);
// otherwise it is left out (collect_events, which asks for one type only).
std::vector<Events> group_by_type(const PackageContext& ctx, bool strict) {
  std::vector<Events> groups(std::size(kEventTypes));
  for (const auto& [fn, function] : ctx.functions().items()) {
    const Json* events = js::get(function, "events");
    if (!events || !events->is_array()) continue;  // validation reported anything else
    for (size_t i = 0; i < events->size(); ++i) {
      const Json& entry = (*events)[i];
      if (!entry.is_object() || entry.size() != 1) continue;  // reported by validation
      const EventType* t = find_type(entry.begin().key());
      if (!t) continue;  // reported by validation (unless configValidationMode says otherwise)
      Event e{fn, i, t->name, &entry.begin().value()};
      if (!js::truthy(*e.body)) continue;  // osls's compilers skip falsy events
      if (!t->compile) {
        if (strict) unsupported(e);
        continue;
      }
      groups[static_cast<size_t>(t - kEventTypes)].push_back(std::move(e));
    }
  }
  return groups;
}

}  // namespace

std::string Event::path() const {
  return "functions." + function + ".events." + std::to_string(index) + "." + type;
}

std::span<const EventType> all() { return kEventTypes; }

const config::EventTypes& event_types() {
  static const Registry kRegistry;
  return kRegistry;
}

Events collect_events(const PackageContext& ctx, std::string_view type) {
  const EventType* t = find_type(type);
  return t ? group_by_type(ctx, false)[static_cast<size_t>(t - kEventTypes)] : Events{};
}

void compile_events(PackageContext& ctx) {
  std::vector<Events> groups = group_by_type(ctx, true);
  for (size_t i = 0; i < groups.size(); ++i)
    if (kEventTypes[i].compile) kEventTypes[i].compile(ctx, groups[i]);
}

}  // namespace sls::compile::events
