// Event compilers. One file per event type, all with the same shape: a
// function that walks ctx.functions(), picks its event type out of each
// function's `events:` list and adds resources to ctx.template_.
#pragma once
#include <string>
#include <vector>

#include "aws/compile/context.h"

namespace sls::compile::events {

void compile_http(PackageContext& ctx);      // events/http*.cc: REST API (API Gateway v1)
void compile_schedule(PackageContext& ctx);  // events/schedule.cc: EventBridge rules

struct EventCompiler {
  const char* event_type;                  // the key in `events:` ("http", "schedule")
  void (*compile)(PackageContext& ctx);
};

// Every event type this build compiles, in osls's plugin order.
const std::vector<EventCompiler>& all();

// Throws a UserError naming function and event for any event type no compiler
// handles (never silently omitted).
void check_supported(const PackageContext& ctx);

}  // namespace sls::compile::events
