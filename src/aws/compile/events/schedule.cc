// The `schedule` event compiler (osls events/schedule.js, EventBridge method):
// one AWS::Events::Rule and one Lambda permission per schedule expression,
// numbered across all schedule events of a function.
#include <algorithm>

#include "aws/compile/cfn.h"
#include "aws/compile/events/events.h"
#include "aws/naming.h"
#include "config/patterns.h"
#include "util/error.h"

namespace sls::compile::events {
namespace {

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

bool truthy(const Json& v) {
  if (v.is_null()) return false;
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number()) return v.get<double>() != 0;
  if (v.is_string()) return !v.get<std::string>().empty();
  return true;
}

std::string optional_string(const Json& event, const char* key) {
  if (!event.contains(key) || !truthy(event[key])) return "";
  return event[key].is_string() ? event[key].get<std::string>() : event[key].dump();
}

void validate_expression(const Json& expression, const std::string& where) {
  if (expression.is_object()) return;  // a CloudFormation function
  if (!expression.is_string() || !config::patterns::is_schedule_expression(expression.get_ref<const std::string&>())) {
    throw UserError("Configuration error at '" + where + "': value '" +
                        (expression.is_string() ? expression.get<std::string>() : expression.dump()) +
                        "' is not a valid schedule expression: use rate(<value> <unit>) or "
                        "cron(<6 fields>)",
                    "INVALID_CONFIG");
  }
}

// Lets EventBridge Scheduler assume the shared role and invoke the functions
// that use it (osls does nothing when there is no shared role).
void grant_scheduler(PackageContext& ctx, const Json& function_arns) {
  Json& resources = ctx.resources();
  if (!resources.contains(naming::kRoleLogicalId)) {
    ctx.warnings.push_back(
        "Remember to add required EventBridge Scheduler permissions to your execution role. "
        "Documentation: https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role");
    return;
  }
  Json& props = resources[naming::kRoleLogicalId]["Properties"];
  for (auto& statement : props["AssumeRolePolicyDocument"]["Statement"]) {
    Json& services = statement["Principal"]["Service"];
    if (services.is_array() &&
        std::find(services.begin(), services.end(), Json("lambda.amazonaws.com")) != services.end()) {
      services.push_back("scheduler.amazonaws.com");
      break;
    }
  }
  props["Policies"][0]["PolicyDocument"]["Statement"].push_back(
      {{"Effect", "Allow"}, {"Action", {"lambda:InvokeFunction"}}, {"Resource", function_arns}});
}

}  // namespace

void compile_schedule(PackageContext& ctx) {
  Json scheduler_resources = Json::array();
  for (const auto& [fn, function] : ctx.functions().items()) {
    if (!function.is_object() || !function.contains("events") || !function["events"].is_array())
      continue;
    int number = 0;
    int index = -1;
    bool function_uses_scheduler = false;
    for (const auto& event_entry : function["events"]) {
      ++index;
      if (!event_entry.is_object() || !event_entry.contains("schedule") ||
          !truthy(event_entry["schedule"]))
        continue;
      const Json& event = event_entry["schedule"];
      const std::string at = "functions." + fn + ".events." + std::to_string(index) + ".schedule";

      Json expressions = Json::array();
      std::string state = "ENABLED";
      Json input, input_path, input_transformer, name, description;
      bool scheduler = false;
      Json timezone, group_name, role_arn;
      if (event.is_object()) {
        if (!event.contains("rate")) {
          throw UserError("Configuration error at '" + at + "': must have required property 'rate'",
                          "INVALID_CONFIG");
        }
        // osls validates with type coercion: a single expression becomes a list of one.
        if (event["rate"].is_string() || event["rate"].is_object()) expressions.push_back(event["rate"]);
        else if (!event["rate"].is_array() || event["rate"].empty()) {
          throw UserError("Configuration error at '" + at + ".rate': must be a non-empty array",
                          "INVALID_CONFIG");
        }
        if (expressions.empty()) expressions = event["rate"];
        if (event.contains("enabled") && event["enabled"].is_boolean() && !event["enabled"].get<bool>())
          state = "DISABLED";
        if (event.contains("method") && event["method"].is_string() &&
            truthy(event["method"])) {
          const std::string method = event["method"].get<std::string>();
          if (method != "eventBus" && method != "scheduler") {
            throw UserError("Configuration error at '" + at +
                                ".method': must be equal to one of the allowed values [eventBus, scheduler]",
                            "INVALID_CONFIG");
          }
          scheduler = method == "scheduler";
        }
        timezone = event.value("timezone", Json(nullptr));
        group_name = event.value("groupName", Json(nullptr));
        role_arn = truthy(event.value("roleArn", Json(nullptr))) ? event["roleArn"] : Json();
        if (role_arn.is_null()) {
          const std::string lambda_id = naming::lambda_logical_id(fn);
          const Json& resources = ctx.resources();
          if (resources.contains(lambda_id) && resources[lambda_id].contains("Properties") &&
              resources[lambda_id]["Properties"].contains("Role"))
            role_arn = resources[lambda_id]["Properties"]["Role"];
        }
        if (truthy(timezone) && !scheduler) {
          throw UserError(
              "Cannot setup \"schedule\" event: \"timezone\" is only supported with \"scheduler\" mode",
              "SCHEDULE_PARAMETER_NOT_SUPPORTED");
        }
        if (truthy(group_name) && !scheduler) {
          throw UserError(
              "Cannot setup \"schedule\" event: \"groupName\" is only supported with \"scheduler\" mode",
              "SCHEDULE_PARAMETER_NOT_SUPPORTED");
        }
        const std::string name_str = optional_string(event, "name");
        if (expressions.size() > 1 && !name_str.empty()) {
          throw UserError("You cannot specify a name when defining more than one rate expression",
                          "SCHEDULE_NAME_NOT_ALLOWED_MULTIPLE_RATES");
        }
        const std::string description_str = optional_string(event, "description");
        if (scheduler) {
          if (!name_str.empty()) name = event["name"];
          if (!description_str.empty()) description = event["description"];
        } else {
          if (!name_str.empty()) name = spliced_string(name_str, at + ".name");
          if (!description_str.empty())
            description = spliced_string(description_str, at + ".description");
        }

        if (event.contains("input") && truthy(event["input"])) {
          std::string text;
          if (event["input"].is_object()) {
            Json object = event["input"];
            if (object.contains("body") && object["body"].is_string()) {
              try {
                object["body"] = Json::parse(object["body"].get<std::string>());
              } catch (const Json::parse_error& e) {
                throw UserError("Cannot setup \"schedule\" event: " + at +
                                    ".input.body is not valid JSON: " + e.what(),
                                "SCHEDULE_INVALID_VALUE");
              }
            }
            text = object.dump();
          } else {
            text = event["input"].is_string() ? event["input"].get<std::string>() : event["input"].dump();
          }
          input = scheduler ? Json(text) : spliced_string(replace_all(text, "\"", "\\\""), at + ".input");
        }
        const std::string input_path_str = optional_string(event, "inputPath");
        if (!input_path_str.empty() && scheduler) {
          throw UserError(
              "Cannot setup \"schedule\" event: \"inputPath\" is not supported with \"scheduler\" mode",
              "SCHEDULE_PARAMETER_NOT_SUPPORTED");
        }
        if (!input_path_str.empty()) input_path = spliced_string(input_path_str, at + ".inputPath");
        if (event.contains("inputTransformer") && truthy(event["inputTransformer"]) && scheduler) {
          throw UserError(
              "Cannot setup \"schedule\" event: \"inputTransformer\" is not supported with \"scheduler\" mode",
              "SCHEDULE_PARAMETER_NOT_SUPPORTED");
        }
        if (event.contains("inputTransformer") && truthy(event["inputTransformer"])) {
          const Json& t = event["inputTransformer"];
          input_transformer = {{"InputTemplate", t.value("inputTemplate", Json(nullptr))}};
          if (t.contains("inputPathsMap") && truthy(t["inputPathsMap"]))
            input_transformer["InputPathsMap"] = t["inputPathsMap"];
        }
      } else if (event.is_string()) {
        expressions.push_back(event);
      } else {
        throw UserError("Configuration error at '" + at + "': must be string or object",
                        "INVALID_CONFIG");
      }

      const Json target_arn = cfn::get_att(naming::lambda_logical_id(fn), "Arn");
      for (size_t i = 0; i < expressions.size(); ++i) {
        validate_expression(expressions[i], event.is_object() ? at + ".rate." + std::to_string(i) : at);
        ++number;
        if (scheduler) {
          function_uses_scheduler = true;
          Json target = Json::object();
          target["Arn"] = target_arn;
          if (!role_arn.is_null()) target["RoleArn"] = role_arn;
          if (!input.is_null()) target["Input"] = input;
          Json props = Json::object();
          props["ScheduleExpression"] = expressions[i];
          props["State"] = state;
          props["Target"] = std::move(target);
          props["FlexibleTimeWindow"]["Mode"] = "OFF";
          if (!name.is_null()) props["Name"] = name;
          if (truthy(group_name)) props["GroupName"] = group_name;
          if (!description.is_null()) props["Description"] = description;
          if (truthy(timezone)) props["ScheduleExpressionTimezone"] = timezone;
          ctx.resources()[naming::normalized_function_name(fn) + "SchedulerSchedule" + std::to_string(number)] =
              cfn::resource("AWS::Scheduler::Schedule", std::move(props));
          continue;
        }
        std::string rule_id = naming::schedule_logical_id(fn, number);

        Json props = Json::object();
        props["ScheduleExpression"] = expressions[i];
        props["State"] = state;
        if (!name.is_null()) props["Name"] = name;
        if (!description.is_null()) props["Description"] = description;
        Json target = Json::object();
        if (!input.is_null()) target["Input"] = input;
        if (!input_path.is_null()) target["InputPath"] = input_path;
        if (!input_transformer.is_null()) target["InputTransformer"] = input_transformer;
        target["Arn"] = target_arn;
        target["Id"] = fn + "Schedule";
        Json::array_t targets;
        targets.push_back(std::move(target));
        props["Targets"] = std::move(targets);

        Json& resources = ctx.resources();
        resources[rule_id] = cfn::resource("AWS::Events::Rule", std::move(props));
        Json permission = Json::object();
        permission["FunctionName"] = target_arn;
        permission["Action"] = "lambda:InvokeFunction";
        permission["Principal"] = "events.amazonaws.com";
        permission["SourceArn"] = cfn::get_att(std::move(rule_id), "Arn");
        resources[naming::lambda_schedule_permission_logical_id(fn, number)] =
            cfn::resource("AWS::Lambda::Permission", std::move(permission));
      }
    }
    if (function_uses_scheduler) {
      const std::string deployed = function.contains("name") && function["name"].is_string()
                                       ? function["name"].get<std::string>()
                                       : naming::default_function_name(ctx.service.name, ctx.service.stage, fn);
      const std::string arn =
          "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:" + deployed;
      scheduler_resources.push_back(cfn::sub(arn));
      scheduler_resources.push_back(cfn::sub(arn + ":*"));
    }
  }
  if (scheduler_resources.empty()) return;
  grant_scheduler(ctx, scheduler_resources);
}

}  // namespace sls::compile::events
