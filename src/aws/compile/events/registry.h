// The event registry: one row per event type osls 4.3.1 knows, in osls's
// plugin order (which fixes the template's key order). A row carries the
// type's name, its config check (osls's defineFunctionEvent schema, run by
// config/validate through config::EventTypes) and its compile step (run by
// compile_events at package:compileEvents).
//
// Adding an event type: write events/<type>.cc with
//   void check_<type>(config::schema::Checker&, Json& body, const config::schema::Path&);
//   void compile_<type>(PackageContext&, const Events&);
// declare both in the block below, fill in the type's row in registry.cc, and
// add a unit test beside it and a golden case under tests/golden/.
#pragma once
#include <span>
#include <string_view>
#include <string>
#include <vector>

#include "config/event_types.h"
#include "config/schema_checks.h"
#include "package/context.h"

namespace sls::compile::events {

// The schema-check vocabulary every event type's check uses (config/schema_checks.h).
using config::schema::Checker;
using config::schema::Path;
using config::schema::describe;
using config::schema::join;
using config::schema::present;

// One event of one function, as the dispatcher hands it to its type's compiler.
struct Event {
  std::string function;  // its key under `functions:`
  size_t index = 0;      // its position in the function's `events:` list
  const char* type = ""; // the event type ("http")
  const Json* body = nullptr;  // the value under the type key (never JavaScript-falsy)

  // "functions.<function>.events.<index>.<type>", for messages.
  std::string path() const;
};
using Events = std::vector<Event>;

using Compile = void (*)(PackageContext& ctx, const Events& events);

struct EventType {
  const char* name;          // the key in `events:` ("http", "schedule")
  config::EventCheck check;  // osls's schema of the body; nullptr: not checked
  Compile compile;           // nullptr: the type is known but not yet supported
};

// Every event type, in osls's plugin order.
std::span<const EventType> all();

// The registry as config/validate sees it.
const config::EventTypes& event_types();

// package:compileEvents: walks functions.*.events once and runs each type's
// compiler, in registry order, over that type's events. An event of a type
// without a compiler is an error naming the function, the event and the type.
void compile_events(PackageContext& ctx);

// The events of one type, as compile_events hands them to its compiler (for tests,
// and for `sls offline`); events of types without a compiler are left out, not errors.
Events collect_events(const PackageContext& ctx, std::string_view type);

// The rows' checks and compilers, one file each.
void check_http(config::schema::Checker& c, Json& body, const config::schema::Path& path);
void compile_http(PackageContext& ctx, const Events& events);  // events/http*.cc: REST API (v1)
void check_s3(config::schema::Checker& c, Json& body, const config::schema::Path& path);
void compile_s3(PackageContext& ctx, const Events& events);  // events/s3.cc
void check_cloudwatch_event(config::schema::Checker& c, Json& body, const config::schema::Path& path);
void compile_cloudwatch_event(PackageContext& ctx, const Events& events);  // events/cloudwatch_event.cc
void check_event_bridge(config::schema::Checker& c, Json& body, const config::schema::Path& path);
void compile_event_bridge(PackageContext& ctx, const Events& events);  // events/event_bridge.cc
void check_cloudwatch_log(config::schema::Checker& c, Json& body, const config::schema::Path& path);
void compile_cloudwatch_log(PackageContext& ctx, const Events& events);  // events/cloudwatch_log.cc
void check_schedule(config::schema::Checker& c, Json& body, const config::schema::Path& path);
void compile_schedule(PackageContext& ctx, const Events& events);  // events/schedule.cc
void check_sns(config::schema::Checker& c, Json& body, const config::schema::Path& path);
void compile_sns(PackageContext& ctx, const Events& events);  // events/sns.cc
void check_stream(config::schema::Checker& c, Json& body, const config::schema::Path& path);
void compile_stream(PackageContext& ctx, const Events& events);  // events/stream.cc
void check_kafka(config::schema::Checker& c, Json& body, const config::schema::Path& path);
void compile_kafka(PackageContext& ctx, const Events& events);  // events/kafka.cc
void check_msk(config::schema::Checker& c, Json& body, const config::schema::Path& path);
void compile_msk(PackageContext& ctx, const Events& events);  // events/msk.cc
void check_activemq(config::schema::Checker& c, Json& body, const config::schema::Path& path);
void compile_activemq(PackageContext& ctx, const Events& events);  // events/mq.cc
void check_rabbitmq(config::schema::Checker& c, Json& body, const config::schema::Path& path);
void compile_rabbitmq(PackageContext& ctx, const Events& events);  // events/mq.cc
void check_sqs(config::schema::Checker& c, Json& body, const config::schema::Path& path);
void compile_sqs(PackageContext& ctx, const Events& events);  // events/sqs.cc
void check_alb(config::schema::Checker& c, Json& body, const config::schema::Path& path);  // events/alb_schema.cc
void compile_alb(PackageContext& ctx, const Events& events);  // events/alb*.cc: Application Load Balancer
void check_websocket(config::schema::Checker& c, Json& body, const config::schema::Path& path);
void compile_websocket(PackageContext& ctx, const Events& events);  // events/websocket*.cc: API Gateway v2 WebSocket API
void check_httpApi(config::schema::Checker& c, Json& body, const config::schema::Path& path);
void compile_httpApi(PackageContext& ctx, const Events& events);  // events/http_api*.cc: HTTP API (v2)
void check_cognito_user_pool(config::schema::Checker& c, Json& body, const config::schema::Path& path);
void compile_cognito_user_pool(PackageContext& ctx, const Events& events);  // events/cognito_user_pool.cc

void check_alexa_skill(config::schema::Checker& c, Json& body, const config::schema::Path& path);
void compile_alexa_skill(PackageContext& ctx, const Events& events);  // events/alexa_skill.cc
void check_alexa_smart_home(config::schema::Checker& c, Json& body, const config::schema::Path& path);
void compile_alexa_smart_home(PackageContext& ctx, const Events& events);  // events/alexa_smart_home.cc
void check_iot(config::schema::Checker& c, Json& body, const config::schema::Path& path);
void compile_iot(PackageContext& ctx, const Events& events);  // events/iot.cc
void check_iot_fleet_provisioning(config::schema::Checker& c, Json& body, const config::schema::Path& path);
void compile_iot_fleet_provisioning(PackageContext& ctx, const Events& events);  // events/iot_fleet_provisioning.cc
void check_cloud_front(config::schema::Checker& c, Json& body, const config::schema::Path& path);  // events/cloud_front_schema.cc
void compile_cloud_front(PackageContext& ctx, const Events& events);  // events/cloud_front.cc: Lambda@Edge
// osls's other cloudFront hooks: package:initialize (the Lambda@Edge memory and
// timeout limits) and before:package:compileFunctions (the functions versioned,
// 128 MB and 5 s unless set).
void check_cloud_front_limits(PackageContext& ctx);
void prepare_cloud_front_functions(PackageContext& ctx);
// before:remove:remove: osls's reminder when an event's first key is cloudFront
// (the Lambda@Edge functions stay, retained, after the stack is removed); "" when none is.
std::string cloud_front_remove_reminder(const Json& functions);

}  // namespace sls::compile::events
