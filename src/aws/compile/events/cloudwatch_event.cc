// The `cloudwatchEvent` event (osls events/cloud-watch-event.js): its schema,
// and per event one AWS::Events::Rule on the default bus with its Lambda
// permission, numbered across the function's cloudwatchEvent events. osls
// builds both as JSON text with the values spliced in; the values here are
// what that text parses back to.
#include <map>

#include "aws/compile/cfn.h"
#include "aws/compile/events/common.h"
#include "aws/compile/events/registry.h"
#include "aws/naming.h"
#include "util/error.h"
#include "util/js_like.h"

namespace sls::compile::events {
namespace {

struct CloudWatchEvent {
  Json pattern;
  std::string state = "ENABLED";
  Json description, name, input, input_path, input_transformer;  // null when unset
};

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
  for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
    s.replace(pos, from.size(), to);
  return s;
}

// osls drops the escaped line breaks ("\n", "\r" as two characters) of its JSON text.
std::string without_escaped_breaks(std::string s) { return replace_all(replace_all(std::move(s), "\\n", ""), "\\r", ""); }

std::string without_line_breaks(std::string s) { return replace_all(replace_all(std::move(s), "\r\n", ""), "\n", ""); }

std::string text_of(const Json& v) { return v.is_string() ? v.get<std::string>() : js::stringify(v); }

CloudWatchEvent parse(const Event& e) {
  const Json& body = *e.body;
  CloudWatchEvent r;
  const Json* pattern = js::get(body, "event");
  if (!pattern) event_error(e, "\"event\" (the event pattern) is required", "CLOUDWATCH_EVENT_MISSING_PATTERN");
  try {
    r.pattern = Json::parse(without_escaped_breaks(js::stringify(*pattern)));
  } catch (const Json::parse_error&) {
    event_error(e, "the event pattern is not valid JSON once osls removes its escaped line breaks",
                "INVALID_EVENT_VALUE");
  }
  if (const Json* enabled = js::get(body, "enabled"); enabled && *enabled == Json(false)) r.state = "DISABLED";
  const Json* input = option(e, "input");
  const Json* input_path = option(e, "inputPath");
  const Json* transformer = option(e, "inputTransformer");
  if ((input != nullptr) + (input_path != nullptr) + (transformer != nullptr) > 1)
    event_error(e,
                "You can only set one of input, inputPath, or inputTransformer properties at the same time for "
                "cloudwatch events. Please check the AWS docs for more info",
                "CLOUDWATCH_MULTIPLE_INPUT_PROPERTIES");
  if (const Json* v = option(e, "description")) r.description = spliced_string(e, text_of(*v), "description");
  if (const Json* v = option(e, "name")) r.name = spliced_string(e, text_of(*v), "name");
  if (input) {
    std::string text = input->is_object() ? js::stringify(*input) : text_of(*input);
    r.input = spliced_string(e, without_escaped_breaks(replace_all(text, "\"", "\\\"")), "input");
  }
  if (input_path) r.input_path = spliced_string(e, without_line_breaks(text_of(*input_path)), "inputPath");
  if (transformer) {
    r.input_transformer = {{"InputTemplate", js::get(*transformer, "inputTemplate") ? (*transformer)["inputTemplate"] : Json()}};
    if (const Json* paths = js::get_truthy(*transformer, "inputPathsMap")) r.input_transformer["InputPathsMap"] = *paths;
  }
  return r;
}

Json rule_resource(const CloudWatchEvent& r, const Json& target_arn, const std::string& fn,
                   const std::string& alias) {
  Json props = Json::object();
  props["EventPattern"] = r.pattern;
  props["State"] = r.state;
  if (!r.description.is_null()) props["Description"] = r.description;
  if (!r.name.is_null()) props["Name"] = r.name;
  Json target = Json::object();
  if (!r.input.is_null()) target["Input"] = r.input;
  if (!r.input_path.is_null()) target["InputPath"] = r.input_path;
  if (!r.input_transformer.is_null()) target["InputTransformer"] = r.input_transformer;
  target["Arn"] = target_arn;
  target["Id"] = naming::cloudwatch_event_id(fn);
  props["Targets"] = Json::array_t{std::move(target)};
  Json resource = {{"Type", "AWS::Events::Rule"}};
  if (!alias.empty()) resource["DependsOn"] = alias;
  resource["Properties"] = std::move(props);
  return resource;
}

Json permission_resource(const Json& target_arn, const std::string& rule_id, const std::string& alias) {
  Json resource = lambda_permission(target_arn, "events.amazonaws.com", cfn::get_att(rule_id, "Arn"));
  if (alias.empty()) return resource;
  Json with_depends = {{"Type", resource["Type"]}, {"DependsOn", alias}};
  with_depends["Properties"] = std::move(resource["Properties"]);
  return with_depends;
}

void check_input_transformer(Checker& c, Json& t, const Path& path) {
  if (!c.object(t, path)) return;
  c.known_properties(t, path, {"inputPathsMap", "inputTemplate"});
  c.required(t, path, "inputTemplate");
  if (Json* v = present(t, "inputTemplate")) c.string(*v, join(path, "inputTemplate"), 1, 8192);
  if (Json* paths = present(t, "inputPathsMap"); paths && c.object(*paths, join(path, "inputPathsMap"))) {
    const Path pp = join(path, "inputPathsMap");
    for (auto& [key, value] : paths->items()) c.string(value, join(pp, key), 1, SIZE_MAX);
  }
}

}  // namespace

void check_event_input_transformer(Checker& c, Json& t, const Path& path) { check_input_transformer(c, t, path); }

void check_cloudwatch_event(Checker& c, Json& body, const Path& path) {
  if (!c.object(body, path)) return;
  c.known_properties(body, path,
                     {"event", "input", "inputPath", "inputTransformer", "description", "name", "enabled"});
  if (Json* v = present(body, "event")) c.object(*v, join(path, "event"));
  if (Json* v = present(body, "input"); v && !v->is_object()) c.string(*v, join(path, "input"), 0, 8192);
  if (Json* v = present(body, "inputPath")) c.string(*v, join(path, "inputPath"), 1, 256);
  if (Json* v = present(body, "inputTransformer")) check_input_transformer(c, *v, join(path, "inputTransformer"));
  if (Json* v = present(body, "description")) c.string(*v, join(path, "description"), 0, 512);
  if (Json* v = present(body, "name")) check_rule_name(c, *v, join(path, "name"));
  if (Json* v = present(body, "enabled")) c.boolean(*v, join(path, "enabled"));
}

void compile_cloudwatch_event(PackageContext& ctx, const Events& events) {
  std::map<std::string, int> numbers;  // per function
  for (const Event& e : events) {
    const int number = ++numbers[e.function];
    const CloudWatchEvent r = parse(e);
    const Json target_arn = lambda_target(ctx, e.function);
    const std::string alias = lambda_target_alias(ctx, e.function);
    const std::string rule_id = naming::cloudwatch_event_logical_id(e.function, number);
    Json& resources = ctx.resources();
    resources[rule_id] = rule_resource(r, target_arn, e.function, alias);
    resources[naming::lambda_cloudwatch_event_permission_logical_id(e.function, number)] =
        permission_resource(target_arn, rule_id, alias);
  }
}

}  // namespace sls::compile::events
