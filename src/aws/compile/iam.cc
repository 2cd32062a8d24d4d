// package:setupProviderConfiguration: per-function log groups and the shared
// Lambda execution role (log permissions, custom statements, managed policies).
#include <string>
#include <vector>

#include "aws/compile/cfn.h"
#include "util/js_like.h"
#include "aws/compile/provider_util.h"
#include "aws/compile/steps.h"
#include "aws/naming.h"

namespace sls::compile {
namespace {

Json log_group_resource(const PackageContext& ctx, const std::string& fn, const Json& fn_obj) {
  Json props = Json::object();
  props["LogGroupName"] = naming::log_group_name(function_name(ctx, fn, fn_obj).get<std::string>());
  const Json& provider = ctx.provider();
  const Json* retention = js::get_truthy(fn_obj, "logRetentionInDays");
  if (!retention) retention = js::get_truthy(provider, "logRetentionInDays");
  if (retention) props["RetentionInDays"] = *retention;
  const Json* protection = js::get_truthy(fn_obj, "logDataProtectionPolicy");
  if (!protection) protection = js::get_truthy(provider, "logDataProtectionPolicy");
  if (protection) props["DataProtectionPolicy"] = *protection;
  Json group = cfn::resource("AWS::Logs::LogGroup", std::move(props));
  if (const Json* condition = js::get_truthy(fn_obj, "condition")) group["Condition"] = *condition;
  return group;
}

Json log_arn(const std::string& group_pattern) {
  return cfn::sub("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:" + group_pattern);
}

Json role_template(const PackageContext& ctx, const Json& role_cfg) {
  const std::string& service = ctx.service.name;
  const std::string& stage = ctx.service.stage;
  Json role = {
      {"Type", "AWS::IAM::Role"},
      {"Properties",
       {{"AssumeRolePolicyDocument",
         {{"Version", "2012-10-17"},
          {"Statement", Json::array({{{"Effect", "Allow"},
                                      {"Principal", {{"Service", Json::array({"lambda.amazonaws.com"})}}},
                                      {"Action", Json::array({"sts:AssumeRole"})}}})}}},
        {"Policies",
         Json::array(
             {{{"PolicyName", {{"Fn::Join", Json::array({"-", Json::array({service, stage, "lambda"})})}}},
               {"PolicyDocument",
                {{"Version", "2012-10-17"},
                 {"Statement",
                  Json::array({{{"Effect", "Allow"},
                                {"Action", Json::array({"logs:CreateLogStream", "logs:CreateLogGroup",
                                                        "logs:TagResource"})},
                                {"Resource", Json::array()}},
                               {{"Effect", "Allow"},
                                {"Action", Json::array({"logs:PutLogEvents"})},
                                {"Resource", Json::array()}}})}}}}})}}}};
  Json& props = role["Properties"];
  const Json* path = js::get_truthy(role_cfg, "path");
  props["Path"] = path ? *path : Json("/");
  const Json* name = js::get_truthy(role_cfg, "name");
  props["RoleName"] =
      name ? *name
           : Json{{"Fn::Join",
                   Json::array({"-", Json::array({service, stage, {{"Ref", "AWS::Region"}}, "lambdaRole"})})}};
  if (const Json* tags = js::get_truthy(role_cfg, "tags"); tags && tags->is_object()) {
    Json list = Json::array();
    for (auto it = tags->begin(); it != tags->end(); ++it)
      list.push_back({{"Key", it.key()}, {"Value", it.value()}});
    props["Tags"] = list;
  }
  const Json& provider = ctx.provider();
  if (const Json* b = js::get_truthy(role_cfg, "permissionsBoundary")) props["PermissionsBoundary"] = *b;
  else if (const Json* b2 = js::get_truthy(role_cfg, "permissionBoundary")) props["PermissionsBoundary"] = *b2;
  else if (const Json* b3 = js::get_truthy(provider, "rolePermissionsBoundary")) props["PermissionsBoundary"] = *b3;
  return role;
}

void add_managed_policies(Json& role, const Json& policies_cfg) {
  const Json policies = js::coerce_array(policies_cfg);
  if (!policies.is_array() || policies.empty()) return;
  Json& props = role["Properties"];
  if (!props.contains("ManagedPolicyArns") || !props["ManagedPolicyArns"].is_array())
    props["ManagedPolicyArns"] = Json::array();
  for (const auto& p : policies) props["ManagedPolicyArns"].push_back(p);
}

// osls validates config with AJV `coerceTypes: 'array'`: a single string
// Action/NotAction becomes a one-element list before the role is built.
Json coerce_statement(Json statement) {
  if (!statement.is_object()) return statement;
  for (const char* key : {"Action", "NotAction"}) {
    auto it = statement.find(key);
    if (it != statement.end() && !it->is_array() && !it->is_null()) *it = Json::array({*it});
  }
  return statement;
}

void add_statements(Json& role, const Json& statements) {
  if (!statements.is_array()) return;
  Json& list = role["Properties"]["Policies"][0]["PolicyDocument"]["Statement"];
  for (const auto& s : statements) list.push_back(coerce_statement(s));
}

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

void merge_iam_templates(PackageContext& ctx) {
  const Json& functions = ctx.functions();
  if (functions.empty()) return;
  const Json& provider = ctx.provider();

  for (auto it = functions.begin(); it != functions.end(); ++it) {
    if (!it.value().is_object()) continue;  // osls drops `fn: null` entries
    if (js::truthy(js::get(it.value(), "disableLogs"))) continue;
    ctx.resources()[naming::log_group_logical_id(it.key())] =
        log_group_resource(ctx, it.key(), it.value());
  }

  Json role_cfg = Json::object();
  if (const Json* iam = js::get(provider, "iam"); iam && iam->is_object())
    if (const Json* role = js::get_truthy(*iam, "role")) role_cfg = *role;
  if (is_existing_role(role_cfg)) return;
  if (provider.is_object() && provider.contains("role")) return;

  bool every_custom = true;
  for (auto it = functions.begin(); it != functions.end(); ++it)
    if (it.value().is_object() && !it.value().contains("role")) every_custom = false;
  if (every_custom) return;

  Json role = role_template(ctx, role_cfg);
  Json& statements = role["Properties"]["Policies"][0]["PolicyDocument"]["Statement"];

  const std::string canonical_prefix = ctx.service.name + "-" + ctx.service.stage;
  const std::string groups_prefix = naming::log_group_name(canonical_prefix);
  bool any_canonical = false;
  std::vector<std::string> disabled_canonical;
  for (auto it = functions.begin(); it != functions.end(); ++it) {
    if (!it.value().is_object()) continue;
    std::string name = function_name(ctx, it.key(), it.value()).get<std::string>();
    bool logs_disabled = js::truthy(js::get(it.value(), "disableLogs"));
    if (starts_with(name, canonical_prefix)) {
      if (logs_disabled) disabled_canonical.push_back(name);
      else any_canonical = true;
      continue;
    }
    if (logs_disabled) continue;
    std::string group = naming::log_group_name(name);
    statements[0]["Resource"].push_back(log_arn(group + ":*"));
    statements[1]["Resource"].push_back(log_arn(group + ":*:*"));
  }
  if (any_canonical) {
    statements[0]["Resource"].push_back(log_arn(groups_prefix + "*:*"));
    statements[1]["Resource"].push_back(log_arn(groups_prefix + "*:*:*"));
    if (!disabled_canonical.empty()) {
      Json arns = Json::array();
      for (const auto& name : disabled_canonical) arns.push_back(log_arn(naming::log_group_name(name) + ":*"));
      statements.push_back({{"Effect", "Deny"}, {"Action", "logs:PutLogEvents"}, {"Resource", arns}});
    }
  }

  if (const Json* s = js::get_truthy(role_cfg, "statements")) add_statements(role, *s);
  else if (const Json* legacy = js::get_truthy(provider, "iamRoleStatements")) add_statements(role, *legacy);

  if (const Json* m = js::get_truthy(role_cfg, "managedPolicies")) add_managed_policies(role, *m);
  else if (const Json* legacy = js::get_truthy(provider, "iamManagedPolicies")) add_managed_policies(role, *legacy);

  bool vpc = js::truthy(js::get(provider, "vpc"));
  for (auto it = functions.begin(); it != functions.end(); ++it)
    if (it.value().is_object() && it.value().contains("vpc")) vpc = true;
  if (vpc) {
    add_managed_policies(
        role, Json::array({{{"Fn::Join",
                             Json::array({"", Json::array({"arn:", {{"Ref", "AWS::Partition"}},
                                                           ":iam::aws:policy/service-role/"
                                                           "AWSLambdaVPCAccessExecutionRole"})})}}}));
  }

  // Durable functions using the shared role may checkpoint their executions.
  Json durable = Json::array();
  for (auto it = functions.begin(); it != functions.end(); ++it) {
    if (!js::truthy(js::get(it.value(), "durableConfig"))) continue;
    if (function_role_resource_name(provider, it.value()) != naming::kRoleLogicalId) continue;
    std::string name = function_name(ctx, it.key(), it.value()).get<std::string>();
    durable.push_back({{"Fn::Sub", "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:" +
                                       name + ":*/durable-execution/*/*"}});
  }
  if (!durable.empty()) {
    statements.push_back(
        {{"Effect", "Allow"},
         {"Action", Json::array({"lambda:CheckpointDurableExecution", "lambda:GetDurableExecutionState"})},
         {"Resource", durable}});
  }

  ctx.resources()[naming::kRoleLogicalId] = std::move(role);
}

}  // namespace sls::compile
