// Following a CloudFormation stack operation until it settles, as osls's
// monitor-stack does: poll DescribeStackEvents (newest first, cut at the
// operation's root *_IN_PROGRESS event), log each new event in --verbose, show
// "<Creating|Updating> CloudFormation stack (n/m)", fail with the first failing
// resource's reason.
#pragma once
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "aws/api/cloudformation.h"
#include "aws/deploy/target.h"

namespace sls::aws::deploy {

struct MonitorState {
  std::set<std::string> logged_event_ids;
  std::string stack_status;
  std::optional<api::cfn::StackEvent> latest_error;
  std::string first_event_id;
  std::set<std::string> completed_resources;
};

// "create", "update" or "delete".
struct MonitorRequest {
  std::string action;
  std::string stack_id;      // id or name to poll
  std::string stack_name;    // root stack events have LogicalResourceId == stack name
  std::string region;
  size_t change_count = 0;   // change set changes, for the n/m progress (0: none shown)
};

// Cuts one poll's pages (newest first) at the operation boundary; updates
// state.first_event_id. Returns the events of this operation, newest first.
std::vector<api::cfn::StackEvent> events_of_operation(MonitorState& state, const std::string& action,
                                                      const std::vector<api::cfn::StackEvent>& newest_first,
                                                      bool* boundary_reached);

// Applies events (oldest first) to state, reporting as it goes; throws
// UserError with osls's message and code when the operation failed.
void apply_events(MonitorState& state, const MonitorRequest& request, const std::vector<api::cfn::StackEvent>& oldest_first,
                  const Reporter& reporter);

// osls's error code postfix for a resource type: AWS::Lambda::Function -> _LAMBDA_FUNCTION.
std::string resource_type_error_postfix(const std::string& type);

// Polls until CREATE_COMPLETE / UPDATE_COMPLETE / DELETE_COMPLETE; returns it.
std::string monitor_stack(const api::AwsContext& ctx, const MonitorRequest& request, const Reporter& reporter);

}  // namespace sls::aws::deploy
