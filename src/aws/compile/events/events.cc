// The table of event compilers and the check that no event type is silently dropped.
#include "aws/compile/events/events.h"

#include "util/error.h"

namespace sls::compile::events {

const std::vector<EventCompiler>& all() {
  // osls's plugin order: schedule.js is loaded before api-gateway/index.js, so
  // schedule resources come first in the template.
  static const std::vector<EventCompiler> kCompilers = {
      {"schedule", compile_schedule},
      {"http", compile_http},
  };
  return kCompilers;
}

void check_supported(const PackageContext& ctx) {
  for (const auto& [fn, function] : ctx.functions().items()) {
    if (!function.is_object() || !function.contains("events")) continue;
    const Json& events = function["events"];
    if (events.is_null()) continue;
    if (!events.is_array()) {
      throw UserError("Configuration error at 'functions." + fn + ".events': must be array",
                      "INVALID_CONFIG");
    }
    for (size_t i = 0; i < events.size(); ++i) {
      const Json& event = events[i];
      const std::string at = "functions." + fn + ".events." + std::to_string(i);
      if (!event.is_object() || event.size() != 1) {
        throw UserError("Configuration error at '" + at +
                            "': an event must be an object with exactly one key, the event type "
                            "(e.g. \"http\" or \"schedule\")",
                        "INVALID_CONFIG");
      }
      const std::string type = event.begin().key();
      bool known = false;
      for (const auto& compiler : all()) known = known || type == compiler.event_type;
      if (!known) {
        throw UserError("Event type \"" + type + "\" of function \"" + fn + "\" (" + at +
                            ") is not yet supported by this version of sls.",
                        "UNSUPPORTED_EVENT_TYPE");
      }
    }
  }
}

}  // namespace sls::compile::events
