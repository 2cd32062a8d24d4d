#include "aws/api/cloudformation.h"

#include "aws/api/query.h"
#include "util/error.h"

namespace sls::aws::api::cfn {
namespace {

constexpr const char* kService = "cloudformation";
constexpr const char* kVersion = "2010-05-15";

QueryReply call(const AwsContext& ctx, const std::string& action, const QueryParams& params) {
  return query_call(ctx, kService, kVersion, action, params);
}

Pairs pairs(const pugi::xml_node& node, const char* list, const char* key, const char* value) {
  Pairs out;
  for (auto m : members(node, list)) out.emplace_back(child_text(m, key), child_text(m, value));
  return out;
}

void add_stack_input(QueryParams& p, const StackInput& in) {
  p.emplace_back("StackName", in.stack_name);
  if (!in.template_body.empty()) p.emplace_back("TemplateBody", in.template_body);
  if (!in.template_url.empty()) p.emplace_back("TemplateURL", in.template_url);
  std::vector<std::vector<std::pair<std::string, std::string>>> params, tags;
  for (const auto& [k, v] : in.parameters) params.push_back({{"ParameterKey", k}, {"ParameterValue", v}});
  for (const auto& [k, v] : in.tags) tags.push_back({{"Key", k}, {"Value", v}});
  add_struct_list(p, "Parameters", params);
  add_member_list(p, "Capabilities", in.capabilities);
  add_struct_list(p, "Tags", tags);
  add_member_list(p, "NotificationARNs", in.notification_arns);
  if (!in.role_arn.empty()) p.emplace_back("RoleARN", in.role_arn);
  if (!in.stack_policy_body.empty()) p.emplace_back("StackPolicyBody", in.stack_policy_body);
}

StackResource resource(const pugi::xml_node& n) {
  return {child_text(n, "LogicalResourceId"), child_text(n, "PhysicalResourceId"), child_text(n, "ResourceType"),
          child_text(n, "ResourceStatus"), child_text(n, "ResourceStatusReason")};
}

const char* flag(bool b) { return b ? "true" : "false"; }

}  // namespace

std::optional<Stack> describe_stack(const AwsContext& ctx, const std::string& stack_name) {
  QueryReply reply;
  try {
    reply = call(ctx, "DescribeStacks", {{"StackName", stack_name}});
  } catch (const UserError& e) {
    if (e.code == "ValidationError" && std::string(e.what()).find("does not exist") != std::string::npos) {
      return std::nullopt;
    }
    throw;
  }
  auto list = members(reply.result, "Stacks");
  if (list.empty()) return std::nullopt;
  const auto& s = list.front();
  return Stack{child_text(s, "StackName"),
               child_text(s, "StackId"),
               child_text(s, "StackStatus"),
               child_text(s, "StackStatusReason"),
               pairs(s, "Outputs", "OutputKey", "OutputValue"),
               pairs(s, "Parameters", "ParameterKey", "ParameterValue"),
               child_text(s, "CreationTime"),
               child_text(s, "LastUpdatedTime")};
}

std::string create_stack(const AwsContext& ctx, const StackInput& input) {
  QueryParams p;
  add_stack_input(p, input);
  if (input.termination_protection) p.emplace_back("EnableTerminationProtection", flag(*input.termination_protection));
  if (input.disable_rollback) p.emplace_back("DisableRollback", flag(*input.disable_rollback));
  return child_text(call(ctx, "CreateStack", p).result, "StackId");
}

std::string update_stack(const AwsContext& ctx, const StackInput& input) {
  QueryParams p;
  add_stack_input(p, input);
  return child_text(call(ctx, "UpdateStack", p).result, "StackId");
}

void delete_stack(const AwsContext& ctx, const std::string& stack_name, const std::string& role_arn) {
  QueryParams p = {{"StackName", stack_name}};
  if (!role_arn.empty()) p.emplace_back("RoleARN", role_arn);
  call(ctx, "DeleteStack", p);
}

ChangeSetIds create_change_set(const AwsContext& ctx, const ChangeSetInput& input) {
  QueryParams p;
  add_stack_input(p, input.stack);
  p.emplace_back("ChangeSetName", input.change_set_name);
  p.emplace_back("ChangeSetType", input.change_set_type);
  QueryReply r = call(ctx, "CreateChangeSet", p);
  return {child_text(r.result, "Id"), child_text(r.result, "StackId")};
}

ChangeSet describe_change_set(const AwsContext& ctx, const std::string& stack_name, const std::string& change_set_name) {
  QueryReply r = call(ctx, "DescribeChangeSet", {{"ChangeSetName", change_set_name}, {"StackName", stack_name}});
  return {child_text(r.result, "Status"), child_text(r.result, "StatusReason"), child_text(r.result, "ExecutionStatus"),
          members(r.result, "Changes").size()};
}

void execute_change_set(const AwsContext& ctx, const std::string& stack_name, const std::string& change_set_name) {
  call(ctx, "ExecuteChangeSet", {{"ChangeSetName", change_set_name}, {"StackName", stack_name}});
}

void delete_change_set(const AwsContext& ctx, const std::string& stack_name, const std::string& change_set_name) {
  call(ctx, "DeleteChangeSet", {{"ChangeSetName", change_set_name}, {"StackName", stack_name}});
}

StackEventsPage describe_stack_events(const AwsContext& ctx, const std::string& stack_name,
                                      const std::string& next_token) {
  QueryParams p = {{"StackName", stack_name}};
  if (!next_token.empty()) p.emplace_back("NextToken", next_token);
  QueryReply r = call(ctx, "DescribeStackEvents", p);
  StackEventsPage page;
  for (auto m : members(r.result, "StackEvents")) {
    page.events.push_back({child_text(m, "EventId"), child_text(m, "LogicalResourceId"),
                           child_text(m, "PhysicalResourceId"), child_text(m, "ResourceType"),
                           child_text(m, "ResourceStatus"), child_text(m, "ResourceStatusReason"),
                           child_text(m, "Timestamp")});
  }
  page.next_token = child_text(r.result, "NextToken");
  return page;
}

StackResource describe_stack_resource(const AwsContext& ctx, const std::string& stack_name,
                                      const std::string& logical_id) {
  QueryReply r = call(ctx, "DescribeStackResource", {{"StackName", stack_name}, {"LogicalResourceId", logical_id}});
  return resource(r.result.child("StackResourceDetail"));
}

std::vector<StackResource> describe_stack_resources(const AwsContext& ctx, const std::string& stack_name) {
  std::vector<StackResource> out;
  QueryReply r = call(ctx, "DescribeStackResources", {{"StackName", stack_name}});  // owns the nodes below
  for (auto m : members(r.result, "StackResources")) out.push_back(resource(m));
  return out;
}

std::vector<StackResource> list_stack_resources(const AwsContext& ctx, const std::string& stack_name) {
  std::vector<StackResource> out;
  std::string token;
  do {
    QueryParams p = {{"StackName", stack_name}};
    if (!token.empty()) p.emplace_back("NextToken", token);
    QueryReply r = call(ctx, "ListStackResources", p);
    for (auto m : members(r.result, "StackResourceSummaries")) out.push_back(resource(m));
    token = child_text(r.result, "NextToken");
  } while (!token.empty());
  return out;
}

void validate_template(const AwsContext& ctx, const std::string& template_body, const std::string& template_url) {
  QueryParams p;
  if (!template_url.empty()) p.emplace_back("TemplateURL", template_url);
  else p.emplace_back("TemplateBody", template_body);
  call(ctx, "ValidateTemplate", p);
}

std::string get_template(const AwsContext& ctx, const std::string& stack_name) {
  return child_text(call(ctx, "GetTemplate", {{"StackName", stack_name}, {"TemplateStage", "Original"}}).result,
                    "TemplateBody");
}

std::optional<std::string> export_value(const AwsContext& ctx, const std::string& name) {
  std::string token;
  do {
    QueryParams p;
    if (!token.empty()) p.emplace_back("NextToken", token);
    QueryReply reply = call(ctx, "ListExports", p);
    for (const auto& e : members(reply.result, "Exports"))
      if (child_text(e, "Name") == name) return child_text(e, "Value");
    token = child_text(reply.result, "NextToken");
  } while (!token.empty());
  return std::nullopt;
}

}  // namespace sls::aws::api::cfn
