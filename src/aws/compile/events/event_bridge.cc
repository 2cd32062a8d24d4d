// The `eventBridge` event (osls events/event-bridge/): its schema, and per
// event an AWS::Events::Rule (on the default bus, on a bus the stack creates
// by name, or on an existing bus given by ARN or intrinsic) with its Lambda
// permission; a created bus is one AWS::Events::EventBus. Rules are named
// after the deployed function name and the event's position in `events:`.
#include "aws/compile/cfn.h"
#include "aws/compile/events/common.h"
#include "aws/compile/events/registry.h"
#include "aws/naming.h"
#include "util/error.h"
#include "util/js_like.h"

namespace sls::compile::events {
namespace {

using config::schema::is_cf_intrinsic;

// Where a rule listens.
struct Bus {
  Json name;            // EventBusName (null: the default bus)
  bool create = false;  // the stack creates the bus `name`
};

struct Rule {
  int index = 0;  // 1-based position of the event in the function's events
  std::string name, stub;
  Bus bus;
  Json description, pattern, schedule;  // null when unset
  std::string state = "ENABLED";
  Json target;  // Arn, Id, RetryPolicy?, DeadLetterConfig?, Input | InputPath | InputTransformer
};

std::string deployed_name(const PackageContext& ctx, const std::string& fn) {
  const Json* name = js::get(function_config(ctx, fn), "name");
  return name && name->is_string() ? name->get<std::string>()
                                   : naming::default_function_name(ctx.service.name, ctx.service.stage, fn);
}

Bus bus_of(const Json* given) {
  Bus bus;
  if (!js::truthy(given)) return bus;  // the default bus
  if (given->is_object()) {
    bus.name = *given;  // an existing bus (Ref, Fn::ImportValue, Fn::GetAtt [.., Name])
    return bus;
  }
  std::string name = given->is_string() ? given->get<std::string>() : given->dump();
  if (name.rfind("arn", 0) == 0) {  // an existing bus by ARN: its name follows the first "/"
    size_t slash = name.find('/');
    bus.name = slash == std::string::npos ? name : name.substr(slash + 1);
    return bus;
  }
  if (name == "default") return bus;
  bus.name = name;
  bus.create = true;
  return bus;
}

Json input_transformer(const Json& t) {
  Json out = Json::object();
  for (const auto& [key, value] : t.items())
    out[key.empty() ? key : naming::upper_first(key)] = value;
  return out;
}

Json retry_policy(const Json& r) {
  Json out = Json::object();
  if (const Json* v = js::get(r, "maximumEventAge")) out["MaximumEventAgeInSeconds"] = *v;
  if (const Json* v = js::get(r, "maximumRetryAttempts")) out["MaximumRetryAttempts"] = *v;
  return out;
}

Rule parse(const PackageContext& ctx, const Event& e) {
  const Json& body = *e.body;
  Rule r;
  r.index = static_cast<int>(e.index) + 1;
  const std::string function_name = deployed_name(ctx, e.function);
  r.stub = naming::event_bridge_rule_stub(function_name, r.index);
  const Json* name = option(e, "name");
  r.name = name ? (name->is_string() ? name->get<std::string>() : name->dump())
                : naming::event_bridge_rule_name(function_name, r.index);
  r.bus = bus_of(js::get(body, "eventBus"));
  if (const Json* v = js::get(body, "description")) r.description = *v;
  if (const Json* v = js::get(body, "pattern")) r.pattern = *v;
  if (const Json* v = js::get(body, "schedule")) r.schedule = *v;
  if (const Json* enabled = js::get(body, "enabled"); enabled && *enabled == Json(false)) r.state = "DISABLED";
  const Json* input = option(e, "input");
  const Json* input_path = option(e, "inputPath");
  const Json* transformer = option(e, "inputTransformer");
  if ((input != nullptr) + (input_path != nullptr) + (transformer != nullptr) > 1)
    event_error(e, "You can only set one of input, inputPath, or inputTransformer properties for eventBridge events.",
                "EVENTBRIDGE_MULTIPLE_INPUT_PROPERTIES");
  r.target = {{"Arn", lambda_target(ctx, e.function)}, {"Id", naming::event_bridge_target_id(r.name)}};
  if (const Json* v = option(e, "retryPolicy")) r.target["RetryPolicy"] = retry_policy(*v);
  if (const Json* v = option(e, "deadLetterQueueArn")) r.target["DeadLetterConfig"] = {{"Arn", *v}};
  if (input) r.target["Input"] = js::stringify(*input);
  else if (input_path) r.target["InputPath"] = *input_path;
  else if (transformer) r.target["InputTransformer"] = input_transformer(*transformer);
  return r;
}

Json rule_resource(const Rule& r, const std::string& alias) {
  Json resource = {{"Type", "AWS::Events::Rule"}};
  if (r.bus.create) {
    const std::string bus_id = naming::event_bridge_event_bus_logical_id(r.bus.name.get<std::string>());
    resource["DependsOn"] = alias.empty() ? Json(bus_id) : Json(Json::array_t{alias, bus_id});
  } else if (!alias.empty()) {
    resource["DependsOn"] = alias;
  }
  Json props = Json::object();
  if (!r.description.is_null()) props["Description"] = r.description;
  if (!r.bus.name.is_null()) props["EventBusName"] = r.bus.name;
  if (!r.pattern.is_null()) props["EventPattern"] = r.pattern;
  props["Name"] = r.name;
  if (!r.schedule.is_null()) props["ScheduleExpression"] = r.schedule;
  props["State"] = r.state;
  props["Targets"] = Json::array_t{r.target};
  resource["Properties"] = std::move(props);
  return resource;
}

Json permission_resource(const PackageContext& ctx, const Event& e, const Rule& r, const std::string& alias) {
  Json resource = {{"Type", "AWS::Lambda::Permission"}};
  if (!alias.empty()) resource["DependsOn"] = alias;
  Json::array_t rule_path = {"rule"};
  if (!r.bus.name.is_null()) rule_path.push_back(r.bus.name);
  rule_path.push_back(r.name);
  Json props = Json::object();
  props["Action"] = "lambda:InvokeFunction";
  props["FunctionName"] = lambda_target(ctx, e.function);
  props["Principal"] = "events.amazonaws.com";
  props["SourceArn"] = cfn::join(":", {"arn", cfn::ref("AWS::Partition"), "events", cfn::ref("AWS::Region"),
                                       cfn::ref("AWS::AccountId"), cfn::join("/", std::move(rule_path))});
  resource["Properties"] = std::move(props);
  return resource;
}

// eventBus: a name, an ARN, Ref, Fn::ImportValue or Fn::GetAtt [<bus>, Name].
void check_event_bus(Checker& c, Json& bus, const Path& path) {
  if (bus.is_string()) {
    if (bus.get_ref<const std::string&>().empty()) c.add(path, "must NOT have fewer than 1 characters");
    return;
  }
  if (bus.is_object() && bus.size() == 1) {
    const std::string& key = bus.begin().key();
    if (key == "Ref" || key == "Fn::ImportValue") return;
    const Json& att = bus.begin().value();
    if (key == "Fn::GetAtt" && att.is_array() && att.size() == 2 && att[0].is_string() && att[1] == Json("Name"))
      return;
  }
  c.add(path, "must be a bus name, an event bus ARN, Ref, Fn::ImportValue or Fn::GetAtt [<bus>, Name], got " +
                  describe(bus));
}

void check_pattern(Checker& c, Json& pattern, const Path& path) {
  if (!c.object(pattern, path)) return;
  c.known_properties(pattern, path, {"version", "id", "detail-type", "source", "account", "time", "region",
                                     "resources", "detail", "$or"});
  if (Json* v = present(pattern, "$or"); v && !v->is_array()) c.add(join(path, "$or"), "must be array");
}

void check_retry_policy(Checker& c, Json& policy, const Path& path) {
  if (!c.object(policy, path)) return;
  if (Json* v = present(policy, "maximumEventAge")) c.integer(*v, join(path, "maximumEventAge"), 60, 86400);
  if (Json* v = present(policy, "maximumRetryAttempts")) c.integer(*v, join(path, "maximumRetryAttempts"), 0, 185);
}

bool is_schedule_expression(const std::string& s) {
  return (s.rfind("cron(", 0) == 0 || s.rfind("rate(", 0) == 0) && s.size() > 6 && s.back() == ')';
}

}  // namespace

void check_event_bridge(Checker& c, Json& body, const Path& path) {
  if (!c.object(body, path)) return;
  if (Json* v = present(body, "eventBus")) check_event_bus(c, *v, join(path, "eventBus"));
  if (Json* v = present(body, "schedule"); v && c.string(*v, join(path, "schedule")) &&
                                           !is_schedule_expression(v->get<std::string>()))
    c.add(join(path, "schedule"), "must match pattern \"^(?:cron|rate)\\(.+\\)$\"");
  if (Json* v = present(body, "name")) check_rule_name(c, *v, join(path, "name"));
  if (Json* v = present(body, "description")) c.string(*v, join(path, "description"), 0, 512);
  if (Json* v = present(body, "enabled")) c.boolean(*v, join(path, "enabled"));
  if (Json* v = present(body, "pattern")) check_pattern(c, *v, join(path, "pattern"));
  if (Json* v = present(body, "input")) c.object(*v, join(path, "input"));
  if (Json* v = present(body, "inputPath")) c.string(*v, join(path, "inputPath"), 1, 256);
  if (Json* v = present(body, "inputTransformer")) check_event_input_transformer(c, *v, join(path, "inputTransformer"));
  if (Json* v = present(body, "retryPolicy")) check_retry_policy(c, *v, join(path, "retryPolicy"));
  if (Json* v = present(body, "deadLetterQueueArn"); v && !is_cf_intrinsic(*v) &&
                                                     c.string(*v, join(path, "deadLetterQueueArn")) &&
                                                     v->get<std::string>().rfind("arn:", 0) != 0)
    c.add(join(path, "deadLetterQueueArn"), "must be an ARN (arn:...) or a CloudFormation intrinsic");
  if (!present(body, "pattern") && !present(body, "schedule"))
    c.add(path, "must have required property 'pattern' or 'schedule'");
}

void compile_event_bridge(PackageContext& ctx, const Events& events) {
  for (const Event& e : events) {
    const Rule r = parse(ctx, e);
    const std::string alias = lambda_target_alias(ctx, e.function);
    Json& resources = ctx.resources();
    if (r.bus.create) {
      resources[naming::event_bridge_event_bus_logical_id(r.bus.name.get<std::string>())] =
          cfn::resource("AWS::Events::EventBus", {{"Name", r.bus.name}});
    }
    resources[naming::event_bridge_rule_logical_id(r.stub)] = rule_resource(r, alias);
    resources[naming::event_bridge_lambda_permission_logical_id(e.function, r.index)] =
        permission_resource(ctx, e, r, alias);
  }
}

}  // namespace sls::compile::events
