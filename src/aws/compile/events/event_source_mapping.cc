#include "aws/compile/events/event_source_mapping.h"

#include <regex>

#include "aws/compile/events/common.h"
#include "aws/compile/provider_util.h"
#include "util/js_like.h"

namespace sls::compile::events {
namespace {

Json mapping_depends_on(const PackageContext& ctx, const std::string& fn) {
  Json depends_on = Json::array();
  if (auto role = function_role_resource_name(ctx.provider(), function_config(ctx, fn)))
    depends_on.push_back(*role);
  if (std::string alias = lambda_target_alias(ctx, fn); !alias.empty()) depends_on.push_back(alias);
  return depends_on;
}

}  // namespace

Json mapping_resource(const PackageContext& ctx, const std::string& fn, Json properties) {
  Json resource = Json::object();
  resource["Type"] = "AWS::Lambda::EventSourceMapping";
  resource["DependsOn"] = mapping_depends_on(ctx, fn);
  resource["Properties"] = std::move(properties);
  return resource;
}

std::vector<Events> by_function(const Events& events) {
  std::vector<Events> groups;
  for (const Event& e : events) {
    if (groups.empty() || groups.back().front().function != e.function) groups.emplace_back();
    groups.back().push_back(e);
  }
  return groups;
}

Json ec2_network_statement() {
  return allow({"ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeVpcs",
                "ec2:DeleteNetworkInterface", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups"},
               "*");
}

Json filter_criteria(const Json& patterns) {
  Json filters = Json::array();
  if (patterns.is_array())
    for (const Json& pattern : patterns) filters.push_back({{"Pattern", js::stringify(pattern)}});
  return {{"Filters", std::move(filters)}};
}

Json allow(std::initializer_list<const char*> actions, Json resources) {
  Json action = Json::array();
  for (const char* a : actions) action.push_back(a);
  return {{"Effect", "Allow"}, {"Action", std::move(action)}, {"Resource", std::move(resources)}};
}

void add_role_statement_if_any(PackageContext& ctx, std::initializer_list<const char*> actions,
                               Json resources) {
  if (resources.empty()) return;
  add_role_statement(ctx, allow(actions, std::move(resources)));
}

bool check_number(config::schema::Checker& c, Json& value, const config::schema::Path& path, long long min,
                  long long max) {
  if (!c.number(value, path)) return false;
  const double v = value.get<double>();
  if (v < static_cast<double>(min)) c.add(path, "must be >= " + std::to_string(min) + ", got " + value.dump());
  else if (v > static_cast<double>(max)) c.add(path, "must be <= " + std::to_string(max) + ", got " + value.dump());
  else return true;
  return false;
}

bool is_secrets_manager_arn(const Json& value) {
  static const std::regex kPattern(R"(arn:[a-z-]+:secretsmanager:[a-z0-9-]+:\d+:secret:[A-Za-z0-9/_+=.@-]+)");
  return value.is_string() && std::regex_search(value.get_ref<const std::string&>(), kPattern);
}

bool is_ref_or_import(const Json& value) {
  if (!value.is_object() || value.size() != 1) return false;
  if (const Json* ref = js::get(value, "Ref")) return ref->is_string() && !ref->get_ref<const std::string&>().empty();
  return value.contains("Fn::ImportValue");
}

void check_filter_patterns(config::schema::Checker& c, Json& value, const config::schema::Path& path) {
  if (!c.list(value, path)) return;
  if (value.empty()) c.add(path, "must NOT have fewer than 1 items");
  if (value.size() > 10) c.add(path, "must NOT have more than 10 items");
  for (size_t i = 0; i < value.size(); ++i) {
    if (!value[i].is_object())
      c.add(config::schema::join(path, i), "must be object, got " + config::schema::describe(value[i]));
  }
}

}  // namespace sls::compile::events
