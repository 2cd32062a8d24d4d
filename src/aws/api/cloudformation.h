// AWS CloudFormation over the Query protocol (API version 2010-05-15).
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "aws/api/client.h"

namespace sls::aws::api::cfn {

using Pairs = std::vector<std::pair<std::string, std::string>>;

struct Stack {
  std::string name;
  std::string id;
  std::string status;         // CREATE_COMPLETE, UPDATE_ROLLBACK_COMPLETE, ...
  std::string status_reason;
  Pairs outputs;              // OutputKey -> OutputValue, in reply order
  Pairs parameters;           // ParameterKey -> ParameterValue
  std::string creation_time;
  std::string last_updated_time;
};

// nullopt when the stack does not exist (ValidationError "... does not exist").
std::optional<Stack> describe_stack(const AwsContext& ctx, const std::string& stack_name);

struct StackInput {
  std::string stack_name;
  std::string template_body;   // one of template_body / template_url
  std::string template_url;
  Pairs parameters;
  std::vector<std::string> capabilities;  // CAPABILITY_IAM, CAPABILITY_NAMED_IAM, CAPABILITY_AUTO_EXPAND
  Pairs tags;
  std::string role_arn;
  std::vector<std::string> notification_arns;
  std::optional<bool> termination_protection;  // create only
  std::optional<bool> disable_rollback;        // create only
  std::string stack_policy_body;
};

std::string create_stack(const AwsContext& ctx, const StackInput& input);  // StackId
std::string update_stack(const AwsContext& ctx, const StackInput& input);  // StackId
void delete_stack(const AwsContext& ctx, const std::string& stack_name, const std::string& role_arn = "");

struct ChangeSetInput {
  StackInput stack;
  std::string change_set_name;
  std::string change_set_type = "UPDATE";  // or CREATE
};

struct ChangeSetIds {
  std::string id;
  std::string stack_id;
};

struct ChangeSet {
  std::string status;            // CREATE_PENDING, CREATE_COMPLETE, FAILED, ...
  std::string status_reason;
  std::string execution_status;  // AVAILABLE, UNAVAILABLE, ...
  size_t change_count = 0;
};

ChangeSetIds create_change_set(const AwsContext& ctx, const ChangeSetInput& input);
ChangeSet describe_change_set(const AwsContext& ctx, const std::string& stack_name, const std::string& change_set_name);
void execute_change_set(const AwsContext& ctx, const std::string& stack_name, const std::string& change_set_name);
void delete_change_set(const AwsContext& ctx, const std::string& stack_name, const std::string& change_set_name);

struct StackEvent {
  std::string event_id;
  std::string logical_id;
  std::string physical_id;
  std::string resource_type;
  std::string status;
  std::string status_reason;
  std::string timestamp;  // ISO 8601 as returned
};

struct StackEventsPage {
  std::vector<StackEvent> events;  // newest first, as CloudFormation returns them
  std::string next_token;
};

StackEventsPage describe_stack_events(const AwsContext& ctx, const std::string& stack_name,
                                      const std::string& next_token = "");

struct StackResource {
  std::string logical_id;
  std::string physical_id;
  std::string type;
  std::string status;
  std::string status_reason;
};

StackResource describe_stack_resource(const AwsContext& ctx, const std::string& stack_name,
                                      const std::string& logical_id);
std::vector<StackResource> describe_stack_resources(const AwsContext& ctx, const std::string& stack_name);
// Follows NextToken through every page.
std::vector<StackResource> list_stack_resources(const AwsContext& ctx, const std::string& stack_name);

// Throws UserError (code ValidationError) when the template is invalid.
void validate_template(const AwsContext& ctx, const std::string& template_body, const std::string& template_url = "");
// TemplateBody of the stack's original template.
std::string get_template(const AwsContext& ctx, const std::string& stack_name);

// ListExports (all pages): the value exported under `name`, nullopt when none is.
std::optional<std::string> export_value(const AwsContext& ctx, const std::string& name);

}  // namespace sls::aws::api::cfn
