// The `cloudwatchLog` event (osls events/cloud-watch-log.js): its schema, and
// per event an AWS::Logs::SubscriptionFilter, numbered across the function's
// cloudwatchLog events, with one Lambda permission per function whose source
// is the longest common prefix of the function's log groups (osls rewrites
// the permission at each event, so the last one wins, in the first one's
// place). At most two subscription filters per log group across the service.
#include <cctype>
#include <map>

#include "aws/compile/cfn.h"
#include "aws/compile/events/common.h"
#include "aws/compile/events/registry.h"
#include "aws/naming.h"
#include "util/error.h"
#include "util/js_like.h"

namespace sls::compile::events {
namespace {

constexpr int kFiltersPerLogGroup = 2;

std::string without_line_breaks(std::string s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\n') continue;
    if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') continue;
    out += s[i];
  }
  return out;
}

std::string text_of(const Json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

// osls unescapes \" \\ \' once when the pattern's first backslash comes before its first quote.
std::string unescaped_filter(std::string pattern) {
  size_t slash = pattern.find('\\'), quote = pattern.find('"');
  if (slash == std::string::npos || quote == std::string::npos || quote < slash) return pattern;
  std::string out;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '\\' && i + 1 < pattern.size() &&
        (pattern[i + 1] == '"' || pattern[i + 1] == '\\' || pattern[i + 1] == '\'')) {
      out += pattern[++i];
      continue;
    }
    out += pattern[i];
  }
  return out;
}

// osls's longestCommonSuffix (a common prefix, despite the name), with "*" when several differ.
std::string common_prefix(const std::vector<std::string>& names) {
  std::string common = names.front();
  for (const std::string& name : names) {
    size_t i = 0;
    while (i < common.size() && i < name.size() && common[i] == name[i]) ++i;
    common.resize(i);
  }
  if (names.size() > 1 && (common.empty() || common.back() != '*')) common += '*';
  return common;
}

Json filter_resource(const Json& log_group, const std::string& pattern, const Json& destination,
                     Json depends_on) {
  Json props = Json::object();
  props["LogGroupName"] = log_group;
  props["FilterPattern"] = pattern;
  props["DestinationArn"] = destination;
  Json resource = {{"Type", "AWS::Logs::SubscriptionFilter"}, {"DependsOn", std::move(depends_on)}};
  resource["Properties"] = std::move(props);
  return resource;
}

Json permission_resource(const Json& function, const Json& source_prefix, const std::string& alias) {
  Json resource = {{"Type", "AWS::Lambda::Permission"}};
  if (!alias.empty()) resource["DependsOn"] = Json::array_t{alias};
  Json props = Json::object();
  props["FunctionName"] = function;
  props["Action"] = "lambda:InvokeFunction";
  props["Principal"] = cfn::join("", {"logs.", cfn::ref("AWS::Region"), ".amazonaws.com"});
  props["SourceArn"] = cfn::join("", {"arn:", cfn::ref("AWS::Partition"), ":logs:", cfn::ref("AWS::Region"), ":",
                                      cfn::ref("AWS::AccountId"), ":log-group:", source_prefix, ":*"});
  resource["Properties"] = std::move(props);
  return resource;
}

void check_log_group_name(Checker& c, Json& v, const Path& path) {
  if (!c.string(v, path)) return;
  for (char ch : v.get_ref<const std::string&>()) {
    if (std::isalnum(static_cast<unsigned char>(ch)) || ch == '/' || ch == '#' || ch == '-' || ch == '_' || ch == '.')
      continue;
    c.add(path, "must match pattern \"^[/#A-Za-z0-9-_.]+$\"");
    return;
  }
  if (v.get_ref<const std::string&>().empty()) c.add(path, "must match pattern \"^[/#A-Za-z0-9-_.]+$\"");
}

}  // namespace

void check_cloudwatch_log(Checker& c, Json& body, const Path& path) {
  if (body.is_string()) {
    check_log_group_name(c, body, path);
    return;
  }
  if (!body.is_object()) {
    c.add(path, "must be a log group name or an object with \"logGroup\", got " + describe(body));
    return;
  }
  c.known_properties(body, path, {"logGroup", "filter"});
  c.required(body, path, "logGroup");
  if (Json* v = present(body, "logGroup")) check_log_group_name(c, *v, join(path, "logGroup"));
  if (Json* v = present(body, "filter")) c.string(*v, join(path, "filter"));
}

void compile_cloudwatch_log(PackageContext& ctx, const Events& events) {
  std::map<std::string, int> per_log_group;          // across the service
  std::map<std::string, int> numbers;                // per function
  std::map<std::string, std::vector<std::string>> groups_of;  // per function, in order
  for (const Event& e : events) {
    std::string log_group, pattern;
    if (e.body->is_object()) {
      const Json* group = js::get(*e.body, "logGroup");
      if (!group) event_error(e, "\"logGroup\" is required", "CLOUDWATCHLOG_MISSING_LOG_GROUP");
      log_group = without_line_breaks(text_of(*group));
      if (const Json* filter = option(e, "filter")) pattern = without_line_breaks(text_of(*filter));
    } else {
      log_group = without_line_breaks(text_of(*e.body));
    }
    if (++per_log_group[log_group] > kFiltersPerLogGroup)
      event_error(e, "Only " + std::to_string(kFiltersPerLogGroup) +
                         " subscription filters can be configured per log group. You're attempting to configure more "
                         "subscription filters than allowed for \"" + log_group + "\".",
                  "CLOUDWATCHLOG_LOG_GROUP_EVENT_PER_FUNCTION_LIMIT_EXCEEDED");
    std::vector<std::string>& groups = groups_of[e.function];
    groups.push_back(log_group);
    const int number = ++numbers[e.function];
    const std::string permission_id = naming::lambda_cloudwatch_log_permission_logical_id(e.function);
    const std::string alias = lambda_target_alias(ctx, e.function);
    Json depends_on = Json::array_t{permission_id};
    if (!alias.empty()) depends_on.push_back(alias);
    const Json destination = lambda_target(ctx, e.function);
    Json& resources = ctx.resources();
    resources[naming::cloudwatch_log_logical_id(e.function, number)] = filter_resource(
        spliced_string(e, log_group, "logGroup"), unescaped_filter(pattern), destination, std::move(depends_on));
    resources[permission_id] =
        permission_resource(destination, spliced_string(e, common_prefix(groups), "logGroup"), alias);
  }
}

}  // namespace sls::compile::events
