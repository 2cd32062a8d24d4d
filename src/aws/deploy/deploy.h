// `sls deploy` for the AWS provider, osls's aws/deploy lifecycle:
// createStack (create the core stack when missing), checkForChanges (ensure
// the deployment bucket, skip when unchanged unless --force), uploadArtifacts,
// validateTemplate, updateStack (change set or direct update), then cleanup of
// old artifacts.
#pragma once
#include <functional>
#include <string>

#include "aws/api/client.h"
#include "aws/api/cloudformation.h"
#include "aws/deploy/lifecycle_events.h"
#include "aws/deploy/stack_params.h"
#include "aws/deploy/target.h"

namespace sls::aws::deploy {

enum class DeployOutcome { Deployed, NoChanges, EmptyChangeSet, ChangeSetCreated };

struct DeployOptions {
  bool force = false;
  bool no_execute = false;  // --no-execute: upload, create the change set, leave it for review (beyond osls)
  // Called at each lifecycle event of osls's deploy (lifecycle_events.h):
  // before:deploy:deploy first, the aws:deploy:deploy:* steps, deploy:deploy,
  // after:deploy:deploy (after the REST API stage update), then
  // deploy:finalize around the clean-up. It may change the package's
  // templates (plugins); they are read after it returns.
  EventHook event;
  // Called when checkForChanges finds nothing to deploy (osls then sets
  // provider.shouldNotDeploy, which plugins read in their later hooks).
  std::function<void()> unchanged;
};

struct DeployResult {
  DeployOutcome outcome = DeployOutcome::Deployed;
  std::string bucket;
  std::string change_set;  // ChangeSetCreated: the change set left for review
};

// Throws UserError (INVALID_STACK_NAME_ERROR) for names CloudFormation rejects.
void validate_stack_name(const std::string& stack_name);

// Whether a change set description means "nothing to change".
bool change_set_without_changes(const std::string& status, const std::string& reason);

struct ChangeSetWait {
  api::cfn::ChangeSet description;
  bool empty = false;  // CloudFormation found nothing to change
};

// Polls DescribeChangeSet until the change set `name` is created (or empty);
// UserError (AWS_CLOUD_FORMATION_CHANGE_SET_CREATION_FAILED) when it failed.
ChangeSetWait wait_for_change_set(const api::AwsContext& ctx, const Target& target, const std::string& name,
                                  const Reporter& reporter);

// Runs a step that follows a successful stack deployment (old-artifact clean-up,
// listing outputs): a UserError from it becomes a warning naming `what`, since
// the stack is deployed either way.
void run_post_deploy_step(const Reporter& reporter, const std::string& what, const std::function<void()>& step);

// osls's update-stack for an existing stack: a change set (false when it has no
// changes; then the stack policy) or a direct UpdateStack, monitored to the end.
// Without `execute` the change set is left for review (--no-execute).
bool update_stack(const api::AwsContext& ctx, const Target& target, const TemplateSource& source,
                  const Reporter& reporter, bool execute = true);

DeployResult deploy_service(const api::AwsContext& ctx, const Target& target, Package& package,
                            const DeployOptions& options, const Reporter& reporter);

// `sls deploy --changeset NAME`: executes a change set left by --no-execute
// once it is CREATE_COMPLETE and AVAILABLE, follows the stack to completion and
// cleans up old artifacts. UserError naming the change set otherwise.
DeployResult execute_reviewed_change_set(const api::AwsContext& ctx, const Target& target, const std::string& name,
                                         const Reporter& reporter);

}  // namespace sls::aws::deploy
