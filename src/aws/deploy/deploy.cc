#include "aws/deploy/deploy.h"

#include <regex>

#include "aws/api/cloudformation.h"
#include "aws/api/s3.h"
#include "aws/compile/limits.h"
#include "aws/deploy/check_for_changes.h"
#include "aws/deploy/cleanup_old_artifacts.h"
#include "aws/deploy/monitor_stack.h"
#include "aws/deploy/stack_params.h"
#include "aws/deploy/update_stage.h"
#include "aws/deploy/upload.h"
#include "util/error.h"

namespace sls::aws::deploy {

namespace {

namespace cfn = api::cfn;

void delete_change_set_quietly(const api::AwsContext& ctx, const Target& target) {
  try {
    cfn::delete_change_set(ctx, target.stack_name, change_set_name(target));
  } catch (const UserError& e) {
    if (e.code != "ChangeSetNotFound" && e.code != "ChangeSetNotFoundException") throw;
  }
}

// Runs a change set of `type` (CREATE / UPDATE) to completion; false when it had no changes.
// With `execute` false the created change set is left in place (--no-execute).
bool run_change_set(const api::AwsContext& ctx, const Target& target, const TemplateSource& source,
                    const std::string& type, const Reporter& reporter, bool execute = true) {
  if (type == "UPDATE") delete_change_set_quietly(ctx, target);
  reporter.say_info("Creating new change set");
  auto reply = cfn_mutate(ctx, "CreateChangeSet", create_change_set_params(target, source, type), reporter);
  std::string stack_id = api::child_text(reply.result, "StackId");
  reporter.say_info("Waiting for new change set to be created");
  ChangeSetWait waited = wait_for_change_set(ctx, target, change_set_name(target), reporter);
  if (waited.empty) {
    reporter.say_info("Created change set does not include any changes, removing it");
    cfn::delete_change_set(ctx, target.stack_name, change_set_name(target));
    return false;
  }
  if (!execute) return true;
  reporter.say_info("Executing created change set");
  cfn_mutate(ctx, "ExecuteChangeSet", execute_change_set_params(target), reporter);
  MonitorRequest request{type == "CREATE" ? "create" : "update", stack_id.empty() ? target.stack_name : stack_id,
                         target.stack_name, target.region, waited.description.change_count};
  monitor_stack(ctx, request, reporter);
  return true;
}

bool has_transform(const Json& t) { return t.is_object() && t.contains("Transform"); }

// Creates the stack from the core (create) template.
bool create_core_stack(const api::AwsContext& ctx, const Target& target, const Package& package,
                       const Reporter& reporter) {
  reporter.say_progress("Creating CloudFormation stack");
  const Json& core = *package.core_template;
  TemplateSource source{"", &core, has_transform(core)};
  if (changesets_method(target.provider)) return run_change_set(ctx, target, source, "CREATE", reporter);
  auto reply = cfn_mutate(ctx, "CreateStack", create_stack_params(target, source), reporter);
  monitor_stack(ctx, {"create", api::child_text(reply.result, "StackId"), target.stack_name, target.region, 0}, reporter);
  return true;
}

// The stack predates its bucket (it used provider.deploymentBucket before):
// add the core template's resources and outputs to the deployed template.
void add_bucket_to_stack(const api::AwsContext& ctx, const Target& target, const Package& package,
                         const Reporter& reporter) {
  reporter.say_info("Deployment bucket not found. Updating stack to include deployment bucket definition.");
  reporter.say_progress("Ensuring that deployment bucket exists");
  if (!package.core_template)
    throw UserError("The stack \"" + target.stack_name + "\" has no deployment bucket and the package has no \"" +
                        "cloudformation-template-create-stack.json\". Run \"sls package\" again.",
                    "MISSING_PACKAGE_FILE");
  Json deployed;
  std::string body = cfn::get_template(ctx, target.stack_name);
  if (!body.empty()) {
    try {
      deployed = Json::parse(body);
    } catch (const std::exception& e) {
      throw UserError(std::string("Could not parse CloudFormation template: ") + e.what(),
                      "CLOUDFORMATION_TEMPLATE_PARSE_FAILED");
    }
  }
  if (!deployed.is_object()) deployed = Json::object();
  if (!deployed.contains("Resources") || !deployed["Resources"].is_object()) deployed["Resources"] = Json::object();
  if (!deployed.contains("Outputs") || !deployed["Outputs"].is_object()) deployed["Outputs"] = Json::object();
  const Json core_resources = package.core_template->value("Resources", Json::object());
  const Json core_outputs = package.core_template->value("Outputs", Json::object());
  for (const auto& [k, v] : core_resources.items()) deployed["Resources"][k] = v;
  for (const auto& [k, v] : core_outputs.items()) deployed["Outputs"][k] = v;
  TemplateSource source{"", &deployed, has_transform(deployed)};
  if (changesets_method(target.provider)) {
    run_change_set(ctx, target, source, "UPDATE", reporter);
  } else {
    auto reply = cfn_mutate(ctx, "UpdateStack", update_stack_params(target, source), reporter);
    monitor_stack(ctx, {"update", api::child_text(reply.result, "StackId"), target.stack_name, target.region, 0},
                  reporter);
  }
}

std::string stack_bucket(const api::AwsContext& ctx, const Target& target) {
  try {
    return cfn::describe_stack_resource(ctx, target.stack_name, "ServerlessDeploymentBucket").physical_id;
  } catch (const UserError& e) {
    if (std::string(e.what()).find("does not exist") == std::string::npos) throw;
    return "";
  }
}

std::string ensure_bucket(const api::AwsContext& ctx, const Target& target, const Package& package,
                          const Reporter& reporter) {
  std::string custom = custom_bucket_name(target.provider);
  if (!custom.empty()) {
    std::string region;
    try {
      if (!api::s3::head_bucket(ctx, custom))
        throw UserError("Could not locate deployment bucket: \"" + custom + "\". Error: Not Found",
                        "DEPLOYMENT_BUCKET_NOT_FOUND");
      region = api::s3::get_bucket_location(ctx, custom);
    } catch (const UserError& e) {
      if (e.code == "DEPLOYMENT_BUCKET_NOT_FOUND") throw;
      throw UserError("Could not locate deployment bucket: \"" + custom + "\". Error: " + e.what(),
                      "DEPLOYMENT_BUCKET_NOT_FOUND");
    }
    if (!region.empty() && region != target.region)
      throw UserError("Deployment bucket is not in the same region as the lambda function",
                      "DEPLOYMENT_BUCKET_INVALID_REGION");
    return custom;
  }
  std::string bucket = stack_bucket(ctx, target);
  if (bucket.empty()) {
    add_bucket_to_stack(ctx, target, package, reporter);
    bucket = stack_bucket(ctx, target);
    if (bucket.empty())
      throw UserError("The stack \"" + target.stack_name + "\" still has no ServerlessDeploymentBucket after adding it.",
                      "DEPLOYMENT_BUCKET_NOT_FOUND");
    return bucket;
  }
  bool exists = false;
  try {
    exists = api::s3::head_bucket(ctx, bucket);
  } catch (const UserError& e) {
    // As osls: only a refusal is a permissions problem; throttling and the rest say what they are.
    if (e.code != "Forbidden" && e.code != "AccessDenied") throw;
    throw UserError("Could not access the deployment bucket. Make sure you have sufficient permissions to access it.",
                    "AWS_S3_HEAD_BUCKET_FORBIDDEN");
  }
  if (!exists)
    throw UserError("Deployment bucket has been removed manually. Please recreate it or remove your service and "
                    "attempt to deploy it again",
                    "DEPLOYMENT_BUCKET_REMOVED_MANUALLY");
  return bucket;
}

}  // namespace

void validate_stack_name(const std::string& stack_name) {
  static const std::regex bad(R"(^[^a-zA-Z].+|.*[^a-zA-Z0-9-].*)");
  if (std::regex_match(stack_name, bad) || stack_name.size() > 128) {
    throw UserError("The stack service name \"" + stack_name +
                        "\" is not valid. A service name should only contain alphanumeric (case sensitive) and "
                        "hyphens. It should start with an alphabetic character and shouldn't exceed 128 characters.",
                    "INVALID_STACK_NAME_ERROR");
  }
}

bool change_set_without_changes(const std::string& status, const std::string& reason) {
  return status == "FAILED" && (reason.find("No updates are to be performed.") != std::string::npos ||
                                reason.find("The submitted information didn't contain changes.") != std::string::npos);
}

ChangeSetWait wait_for_change_set(const api::AwsContext& ctx, const Target& target, const std::string& name,
                                  const Reporter& reporter) {
  while (true) {
    cfn::ChangeSet cs = cfn::describe_change_set(ctx, target.stack_name, name);
    if (change_set_without_changes(cs.status, cs.status_reason)) return {cs, true};
    if (cs.status == "CREATE_COMPLETE") return {cs, false};
    if (cs.status == "CREATE_PENDING" || cs.status == "CREATE_IN_PROGRESS") {
      reporter.say_info("Change Set did not reach desired state, retrying");
      wait_ms(reporter, monitoring_frequency_ms());
      continue;
    }
    throw UserError("Could not create Change Set \"" + name + "\" due to: " + cs.status_reason,
                    "AWS_CLOUD_FORMATION_CHANGE_SET_CREATION_FAILED");
  }
}

void run_post_deploy_step(const Reporter& reporter, const std::string& what, const std::function<void()>& step) {
  try {
    step();
  } catch (const UserError& e) {
    reporter.say_warning("The stack is deployed, but sls could not " + what + ": " + e.what());
  }
}

bool update_stack(const api::AwsContext& ctx, const Target& target, const TemplateSource& source,
                  const Reporter& reporter, bool execute) {
  if (changesets_method(target.provider)) {
    const bool changed = run_change_set(ctx, target, source, "UPDATE", reporter, execute);
    const Json& policy = target.provider.value("stackPolicy", Json());
    if (changed && execute && !policy.is_null() && !policy.empty()) {
      reporter.say_info("Setting stack policy");
      cfn_call(ctx, "SetStackPolicy",
               Json{{"StackName", target.stack_name}, {"StackPolicyBody", Json{{"Statement", policy}}.dump()}});
    }
    return changed;
  }
  try {
    auto reply = cfn_mutate(ctx, "UpdateStack", update_stack_params(target, source), reporter);
    monitor_stack(ctx, {"update", api::child_text(reply.result, "StackId"), target.stack_name, target.region, 0},
                  reporter);
    return true;
  } catch (const UserError& e) {
    // osls reports a direct update without changes as deployed.
    if (std::string(e.what()).find("No updates are to be performed") == std::string::npos) throw;
    return true;
  }
}

DeployResult deploy_service(const api::AwsContext& ctx, const Target& target, Package& package,
                            const DeployOptions& options, const Reporter& reporter) {
  DeployResult result;
  validate_stack_name(target.stack_name);
  if (options.no_execute && !changesets_method(target.provider))
    throw UserError("\"--no-execute\" leaves a change set for review, but provider.deploymentMethod is \"direct\" "
                    "(no change set). Remove deploymentMethod or deploy without --no-execute.",
                    "NO_EXECUTE_WITH_DIRECT_DEPLOYMENT");
  const EventHook& hook = options.event;
  if (hook) hook("before:deploy:deploy");
  // Before anything is uploaded: CloudFormation would refuse the template.
  if (std::string report = compile::template_limits_report(package.compiled_template,
                                                           package.compiled_template.dump().size());
      !report.empty())
    throw UserError(report + "\nNothing was uploaded or changed.", "CLOUDFORMATION_LIMITS_EXCEEDED");

  bool create_later = false;
  around_event(hook, "aws:deploy:deploy:createStack", [&] {
    reporter.say_progress("Retrieving CloudFormation stack");
    auto stack = cfn::describe_stack(ctx, target.stack_name);
    if (stack && stack->status == "REVIEW_IN_PROGRESS") {
      throw UserError("Service cannot be deployed as the CloudFormation stack is in the '" + stack->status +
                          "' state. This may signal either that stack is currently deployed by a different entity, or "
                          "that the previous deployment failed and was left in an abnormal state, in which case you can "
                          "mitigate the issue by running 'sls remove' command",
                      "AWS_CLOUDFORMATION_INACTIVE_STACK");
    }
    if (!stack) {
      if (!custom_bucket_name(target.provider).empty() || !package.core_template) {
        create_later = true;
      } else {
        create_core_stack(ctx, target, package, reporter);
      }
    }
  });

  bool skip = false;  // unchanged: osls's shouldNotDeploy, the later steps do nothing (their hooks still run)
  around_event(hook, "aws:deploy:deploy:checkForChanges", [&] {
    result.bucket = ensure_bucket(ctx, target, package, reporter);
    if (!options.force) {
      skip = !check_for_changes(ctx, target, package, result.bucket, reporter);
      if (skip && options.unchanged) options.unchanged();
    } else {
      reporter.say_debug("deployment forced - deploy");
    }
  });

  around_event(hook, "aws:deploy:deploy:uploadArtifacts", [&] {
    if (skip) return;
    stop_if_cancelled(reporter, "uploading the artifacts");
    reporter.say_progress("Uploading");
    upload_deployment(ctx, target, package, result.bucket, reporter);
  });

  const std::string url = template_url(target.region, result.bucket, package.artifact_directory);
  around_event(hook, "aws:deploy:deploy:validateTemplate", [&] {
    if (skip) return;
    try {
      cfn_call(ctx, "ValidateTemplate", Json{{"TemplateURL", url}});
    } catch (const UserError& e) {
      throw UserError(std::string("The CloudFormation template is invalid: ") + e.what(),
                      "INVALID_AWS_CLOUDFORMATION_TEMPLATE");
    }
  });

  bool changed = true;
  around_event(hook, "aws:deploy:deploy:updateStack", [&] {
    if (skip) return;
    reporter.say_progress("Updating CloudFormation stack");
    TemplateSource source{url, nullptr, has_transform(package.compiled_template)};
    if (create_later) {
      reporter.say_progress("Creating CloudFormation stack");
      if (changesets_method(target.provider)) {
        changed = run_change_set(ctx, target, source, "CREATE", reporter, !options.no_execute);
      } else {
        auto reply = cfn_mutate(ctx, "CreateStack", create_stack_params(target, source), reporter);
        monitor_stack(ctx, {"create", api::child_text(reply.result, "StackId"), target.stack_name, target.region, 0},
                      reporter);
      }
    } else {
      changed = update_stack(ctx, target, source, reporter, !options.no_execute);
    }
  });

  if (!skip && options.no_execute && changed) {  // left for review: the stack is untouched
    result.outcome = DeployOutcome::ChangeSetCreated;
    result.change_set = change_set_name(target);
    return result;
  }
  if (hook) hook("deploy:deploy");

  // after:deploy:deploy: REST API stage settings kept out of the template (osls's runs regardless)
  update_stage(ctx, target, package, reporter);
  if (hook) hook("after:deploy:deploy");

  if (hook) hook("before:deploy:finalize");
  around_event(hook, "aws:deploy:finalize:cleanup", [&] {
    if (skip) {
      result.outcome = DeployOutcome::NoChanges;
    } else if (!changed) {
      result.outcome = DeployOutcome::EmptyChangeSet;
      run_post_deploy_step(reporter, "remove the artifacts of this unneeded deployment", [&] {
        cleanup_current_artifacts(ctx, target, result.bucket, package.artifact_directory, reporter);
      });
    } else {
      run_post_deploy_step(reporter, "clean up old deployment artifacts",
                           [&] { cleanup_old_artifacts(ctx, target, result.bucket, reporter); });
    }
  });
  if (hook) {
    hook("deploy:finalize");
    hook("after:deploy:finalize");
  }
  return result;
}

DeployResult execute_reviewed_change_set(const api::AwsContext& ctx, const Target& target, const std::string& name,
                                         const Reporter& reporter) {
  validate_stack_name(target.stack_name);
  reporter.say_progress("Retrieving change set " + name);
  auto stack = cfn::describe_stack(ctx, target.stack_name);
  if (!stack)
    throw UserError("Stack \"" + target.stack_name + "\" does not exist, so it has no change set \"" + name +
                        "\". Create one with \"sls deploy --no-execute\".",
                    "CHANGE_SET_NOT_FOUND");
  cfn::ChangeSet cs;
  try {
    cs = cfn::describe_change_set(ctx, target.stack_name, name);
  } catch (const UserError& e) {
    if (e.code != "ChangeSetNotFound" && e.code != "ChangeSetNotFoundException") throw;
    throw UserError("Stack \"" + target.stack_name + "\" has no change set \"" + name +
                        "\" (executing another change set deletes the others). Create one with \"sls deploy "
                        "--no-execute\".",
                    "CHANGE_SET_NOT_FOUND");
  }
  if (cs.status != "CREATE_COMPLETE" || (!cs.execution_status.empty() && cs.execution_status != "AVAILABLE"))
    throw UserError("Change set \"" + name + "\" cannot be executed: its status is " + cs.status +
                        (cs.status_reason.empty() ? "" : " (" + cs.status_reason + ")") + ", execution status " +
                        (cs.execution_status.empty() ? "unknown" : cs.execution_status) + ".",
                    "CHANGE_SET_NOT_EXECUTABLE");
  const bool creating = stack->status == "REVIEW_IN_PROGRESS";
  Json params = execute_change_set_params(target);
  params["ChangeSetName"] = name;
  reporter.say_progress(creating ? "Creating CloudFormation stack" : "Updating CloudFormation stack");
  cfn_mutate(ctx, "ExecuteChangeSet", params, reporter);
  monitor_stack(ctx, {creating ? "create" : "update", stack->id.empty() ? target.stack_name : stack->id,
                      target.stack_name, target.region, cs.change_count},
                reporter);
  DeployResult result;
  run_post_deploy_step(reporter, "clean up old deployment artifacts", [&] {
    result.bucket = custom_bucket_name(target.provider);
    if (result.bucket.empty()) result.bucket = stack_bucket(ctx, target);
    if (!result.bucket.empty()) cleanup_old_artifacts(ctx, target, result.bucket, reporter);
  });
  return result;
}

}  // namespace sls::aws::deploy
