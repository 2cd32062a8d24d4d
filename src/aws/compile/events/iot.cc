// The `iot` event (osls events/iot.js): per event an AWS::IoT::TopicRule whose
// action invokes the function, and the AWS::Lambda::Permission letting the rule
// do so.
#include <map>

#include "aws/compile/events/common.h"
#include "aws/compile/events/registry.h"
#include "aws/naming.h"
#include "util/js_like.h"

namespace sls::compile::events {
namespace {

// One iot event; empty strings stand for osls's omitted (falsy) values.
struct IotEvent {
  std::string sql;
  std::string sql_version;
  std::string name;
  std::string description;
  bool disabled = false;
};

// A string option without line breaks, "" when absent or falsy.
std::string text_option(const Event& e, std::string_view key) {
  const Json* v = option(e, key);
  return v && v->is_string() ? strip_line_breaks(v->get<std::string>()) : std::string();
}

IotEvent parse(const Event& e) {
  const Json* sql = js::get(*e.body, "sql");
  if (!sql || !sql->is_string()) event_error(e, "\"sql\" must be the rule's SQL statement (a string)", "IOT_MISSING_SQL");
  IotEvent i;
  i.sql = strip_line_breaks(sql->get<std::string>());
  i.sql_version = text_option(e, "sqlVersion");
  i.name = text_option(e, "name");
  i.description = text_option(e, "description");
  i.disabled = is_strictly_false(js::get(*e.body, "enabled"));
  return i;
}

Json topic_rule(const Json& target, const std::string& alias, const IotEvent& i) {
  Json payload = Json::object();
  payload["RuleDisabled"] = i.disabled;
  payload["Sql"] = i.sql;
  payload["Actions"] = Json::array({{{"Lambda", {{"FunctionArn", target}}}}});
  if (!i.description.empty()) payload["Description"] = i.description;
  if (!i.sql_version.empty()) payload["AwsIotSqlVersion"] = i.sql_version;
  Json props = {{"TopicRulePayload", std::move(payload)}};
  if (!i.name.empty()) props["RuleName"] = i.name;
  return depends_on_alias({{"Type", "AWS::IoT::TopicRule"}, {"Properties", std::move(props)}}, alias);
}

Json rule_arn(const std::string& rule_id) {
  return {{"Fn::Join",
           {"",
            {"arn:", {{"Ref", "AWS::Partition"}}, ":iot:", {{"Ref", "AWS::Region"}}, ":",
             {{"Ref", "AWS::AccountId"}}, ":rule/", {{"Ref", rule_id}}}}}};
}

}  // namespace

void check_iot(Checker& c, Json& body, const Path& path) {
  if (!c.object(body, path)) return;
  c.known_properties(body, path, {"sql", "sqlVersion", "name", "enabled", "description"});
  c.required(body, path, "sql");
  if (Json* v = present(body, "sql")) c.string(*v, join(path, "sql"));
  if (Json* v = present(body, "sqlVersion")) c.one_of(*v, join(path, "sqlVersion"), {"2015-10-08", "2016-03-23", "beta"});
  if (Json* v = present(body, "name")) c.string(*v, join(path, "name"));
  if (Json* v = present(body, "enabled")) c.boolean(*v, join(path, "enabled"));
  if (Json* v = present(body, "description")) c.string(*v, join(path, "description"));
}

void compile_iot(PackageContext& ctx, const Events& events) {
  std::map<std::string, int> numbers;  // per function
  for (const Event& e : events) {
    const int n = ++numbers[e.function];
    const IotEvent i = parse(e);
    const std::string rule_id = naming::iot_logical_id(e.function, n);
    const Json target = lambda_target(ctx, e.function);
    const std::string alias = lambda_target_alias(ctx, e.function);
    ctx.resources()[rule_id] = topic_rule(target, alias, i);
    ctx.resources()[naming::lambda_iot_permission_logical_id(e.function, n)] =
        depends_on_alias(lambda_permission(target, "iot.amazonaws.com", rule_arn(rule_id)), alias);
  }
}

}  // namespace sls::compile::events
