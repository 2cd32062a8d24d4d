// The `schedule` event (osls events/schedule.js): its schema, and per schedule
// expression one AWS::Events::Rule with its Lambda permission (EventBridge
// method) or one AWS::Scheduler::Schedule (scheduler method), numbered across
// all schedule events of a function.
#include <algorithm>
#include <map>

#include "aws/compile/cfn.h"
#include "aws/compile/events/common.h"
#include "aws/compile/events/registry.h"
#include "aws/naming.h"
#include "config/patterns.h"
#include "util/error.h"
#include "util/js_like.h"

namespace sls::compile::events {
namespace {

const std::vector<std::string_view> kScheduleProperties = {
    "rate", "enabled", "name", "description", "input", "inputPath", "inputTransformer", "method",
    "roleArn", "groupName", "timezone"};

// One schedule event, parsed: what the rule or schedule of each expression gets.
struct Schedule {
  Json::array_t expressions;
  std::string state = "ENABLED";
  bool scheduler = false;  // method: scheduler
  Json name, description, input, input_path, input_transformer;  // null when unset
  Json timezone, group_name, role_arn;                            // scheduler only
};

[[noreturn]] void refuse(const std::string& what) {
  throw UserError("Cannot setup \"schedule\" event: " + what, "SCHEDULE_PARAMETER_NOT_SUPPORTED");
}

// osls splices these values into a JSON text between double quotes and parses
// it back; this gives the same result (and fails on the same input).
Json spliced_string(const std::string& value, const std::string& where) {
  try {
    return Json::parse("\"" + value + "\"");
  } catch (const Json::parse_error&) {
    throw UserError("Cannot setup \"schedule\" event: the value of " + where +
                        " is not valid inside a JSON string (check its quotes and backslashes)",
                    "SCHEDULE_INVALID_VALUE");
  }
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
    s.replace(pos, from.size(), to);
  return s;
}

std::string text_of(const Json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

// `input` as osls writes it: objects as JSON text (a `body` string parsed first).
Json input_of(const Json& raw, bool scheduler, const std::string& at) {
  std::string text;
  if (raw.is_object()) {
    Json object = raw;
    if (const Json* body = js::get(object, "body"); body && body->is_string()) {
      try {
        object["body"] = Json::parse(body->get<std::string>());
      } catch (const Json::parse_error& e) {
        throw UserError("Cannot setup \"schedule\" event: " + at + ".input.body is not valid JSON: " + e.what(),
                        "SCHEDULE_INVALID_VALUE");
      }
    }
    text = object.dump();
  } else {
    text = text_of(raw);
  }
  return scheduler ? Json(text) : spliced_string(replace_all(text, "\"", "\\\""), at + ".input");
}

// The role a scheduler schedule assumes: roleArn, else the function's own role.
Json scheduler_role(const PackageContext& ctx, const Event& e) {
  if (const Json* arn = option(e, "roleArn")) return *arn;
  const Json* resources = js::get(ctx.template_, "Resources");
  const Json* fn = resources ? js::get(*resources, naming::lambda_logical_id(e.function)) : nullptr;
  const Json* props = fn ? js::get(*fn, "Properties") : nullptr;
  const Json* role = props ? js::get(*props, "Role") : nullptr;
  return role ? *role : Json();
}

void parse_object(const PackageContext& ctx, const Event& e, Schedule& s) {
  const Json& body = *e.body;
  const std::string at = e.path();
  s.expressions = js::coerce_array(js::get(body, "rate") ? body["rate"] : Json::array()).get<Json::array_t>();
  if (const Json* enabled = js::get(body, "enabled"); enabled && *enabled == Json(false)) s.state = "DISABLED";
  if (const Json* method = option(e, "method")) s.scheduler = *method == Json("scheduler");
  if (s.scheduler) {
    if (const Json* v = js::get(body, "timezone")) s.timezone = *v;
    if (const Json* v = js::get(body, "groupName")) s.group_name = *v;
    s.role_arn = scheduler_role(ctx, e);
  } else {
    if (option(e, "timezone")) refuse("\"timezone\" is only supported with \"scheduler\" mode");
    if (option(e, "groupName")) refuse("\"groupName\" is only supported with \"scheduler\" mode");
  }
  const Json* name = option(e, "name");
  if (name && s.expressions.size() > 1)
    throw UserError("You cannot specify a name when defining more than one rate expression",
                    "SCHEDULE_NAME_NOT_ALLOWED_MULTIPLE_RATES");
  const Json* description = option(e, "description");
  if (s.scheduler) {
    if (name) s.name = *name;
    if (description) s.description = *description;
  } else {
    if (name) s.name = spliced_string(text_of(*name), at + ".name");
    if (description) s.description = spliced_string(text_of(*description), at + ".description");
  }
  if (const Json* input = option(e, "input")) s.input = input_of(*input, s.scheduler, at);
  if (const Json* path = option(e, "inputPath")) {
    if (s.scheduler) refuse("\"inputPath\" is not supported with \"scheduler\" mode");
    s.input_path = spliced_string(text_of(*path), at + ".inputPath");
  }
  if (const Json* t = option(e, "inputTransformer")) {
    if (s.scheduler) refuse("\"inputTransformer\" is not supported with \"scheduler\" mode");
    s.input_transformer = {{"InputTemplate", js::get(*t, "inputTemplate") ? (*t)["inputTemplate"] : Json()}};
    if (const Json* paths = js::get_truthy(*t, "inputPathsMap")) s.input_transformer["InputPathsMap"] = *paths;
  }
}

Schedule parse(const PackageContext& ctx, const Event& e) {
  Schedule s;
  if (e.body->is_object()) parse_object(ctx, e, s);
  else s.expressions.push_back(*e.body);  // a schedule expression
  return s;
}

Json scheduler_schedule(const Schedule& s, const Json& expression, const Json& target_arn) {
  Json target = Json::object();
  target["Arn"] = target_arn;
  if (!s.role_arn.is_null()) target["RoleArn"] = s.role_arn;
  if (!s.input.is_null()) target["Input"] = s.input;
  Json props = Json::object();
  props["ScheduleExpression"] = expression;
  props["State"] = s.state;
  props["Target"] = std::move(target);
  props["FlexibleTimeWindow"]["Mode"] = "OFF";
  if (!s.name.is_null()) props["Name"] = s.name;
  if (js::truthy(s.group_name)) props["GroupName"] = s.group_name;
  if (!s.description.is_null()) props["Description"] = s.description;
  if (js::truthy(s.timezone)) props["ScheduleExpressionTimezone"] = s.timezone;
  return cfn::resource("AWS::Scheduler::Schedule", std::move(props));
}

Json events_rule(const Schedule& s, const Json& expression, const Json& target_arn, const std::string& fn) {
  Json props = Json::object();
  props["ScheduleExpression"] = expression;
  props["State"] = s.state;
  if (!s.name.is_null()) props["Name"] = s.name;
  if (!s.description.is_null()) props["Description"] = s.description;
  Json target = Json::object();
  if (!s.input.is_null()) target["Input"] = s.input;
  if (!s.input_path.is_null()) target["InputPath"] = s.input_path;
  if (!s.input_transformer.is_null()) target["InputTransformer"] = s.input_transformer;
  target["Arn"] = target_arn;
  target["Id"] = fn + "Schedule";
  props["Targets"] = Json::array_t{std::move(target)};
  return cfn::resource("AWS::Events::Rule", std::move(props));
}

// The ARNs EventBridge Scheduler may invoke for a function (itself and its versions).
void add_scheduler_arns(const PackageContext& ctx, const std::string& fn, Json& arns) {
  const Json* name = js::get(function_config(ctx, fn), "name");
  const std::string deployed = name && name->is_string()
                                   ? name->get<std::string>()
                                   : naming::default_function_name(ctx.service.name, ctx.service.stage, fn);
  const std::string arn = "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:" + deployed;
  arns.push_back(cfn::sub(arn));
  arns.push_back(cfn::sub(arn + ":*"));
}

// Lets EventBridge Scheduler assume the shared role and invoke the functions
// that use it (osls does nothing when there is no shared role).
void grant_scheduler(PackageContext& ctx, Json function_arns) {
  if (!add_role_statement(ctx, {{"Effect", "Allow"}, {"Action", {"lambda:InvokeFunction"}},
                                {"Resource", std::move(function_arns)}})) {
    ctx.warnings.push_back(
        "Remember to add required EventBridge Scheduler permissions to your execution role. "
        "Documentation: https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role");
    return;
  }
  Json& props = ctx.resources()[naming::kRoleLogicalId]["Properties"];
  for (auto& statement : props["AssumeRolePolicyDocument"]["Statement"]) {
    Json& services = statement["Principal"]["Service"];
    if (services.is_array() &&
        std::find(services.begin(), services.end(), Json("lambda.amazonaws.com")) != services.end()) {
      services.push_back("scheduler.amazonaws.com");
      break;
    }
  }
}

}  // namespace

void check_schedule(Checker& c, Json& schedule, const Path& path) {
  constexpr std::string_view kWhat =
      "must be a schedule expression like \"rate(5 minutes)\", \"rate(1 hour)\" or "
      "\"cron(0 12 * * ? *)\"";
  if (schedule.is_string()) {
    c.pattern(schedule, path, config::patterns::is_schedule_expression, kWhat);
    return;
  }
  if (!schedule.is_object()) {
    c.add(path, std::string(kWhat) + " or an object with \"rate\", got " + describe(schedule));
    return;
  }
  c.known_properties(schedule, path, kScheduleProperties);
  c.required(schedule, path, "rate");
  if (Json* rate = present(schedule, "rate")) {
    const Path rp = join(path, "rate");
    if (!c.list(*rate, rp)) return;
    if (rate->empty()) c.add(rp, "must NOT have fewer than 1 items");
    for (size_t i = 0; i < rate->size(); ++i) {
      Json& r = (*rate)[i];
      if (r.is_object()) continue;  // CloudFormation intrinsic
      c.pattern(r, join(rp, i), config::patterns::is_schedule_expression, kWhat);
    }
  }
  if (Json* v = present(schedule, "enabled")) c.boolean(*v, join(path, "enabled"));
  if (Json* v = present(schedule, "name")) c.string(*v, join(path, "name"), 1, 64);
  if (Json* v = present(schedule, "description")) c.string(*v, join(path, "description"), 0, 512);
  if (Json* v = present(schedule, "method"); v && *v != Json("eventBus") && *v != Json("scheduler"))
    c.add(join(path, "method"), "must be equal to one of the allowed values [eventBus, scheduler]");
}

void compile_schedule(PackageContext& ctx, const Events& events) {
  std::map<std::string, int> numbers;  // per function, across its schedule events
  Json scheduler_arns = Json::array();
  std::string last_scheduler_function;
  for (const Event& e : events) {
    const Schedule s = parse(ctx, e);
    const Json target_arn = lambda_target(ctx, e.function);
    const std::string alias = lambda_target_alias(ctx, e.function);
    int& number = numbers[e.function];
    for (const Json& expression : s.expressions) {
      ++number;
      Json& resources = ctx.resources();
      if (s.scheduler) {
        resources[naming::scheduler_schedule_logical_id(e.function, number)] =
            depends_on_alias(scheduler_schedule(s, expression, target_arn), alias);
        continue;
      }
      std::string rule_id = naming::schedule_logical_id(e.function, number);
      resources[rule_id] = depends_on_alias(events_rule(s, expression, target_arn, e.function), alias);
      resources[naming::lambda_schedule_permission_logical_id(e.function, number)] = depends_on_alias(
          lambda_permission(target_arn, "events.amazonaws.com", cfn::get_att(std::move(rule_id), "Arn")), alias);
    }
    if (s.scheduler && !s.expressions.empty() && last_scheduler_function != e.function) {
      add_scheduler_arns(ctx, e.function, scheduler_arns);
      last_scheduler_function = e.function;
    }
  }
  if (!scheduler_arns.empty()) grant_scheduler(ctx, std::move(scheduler_arns));
}

}  // namespace sls::compile::events
