#include "aws/deploy/remove.h"

#include "aws/api/cloudformation.h"
#include "aws/api/s3.h"
#include "aws/compile/provider_util.h"
#include "aws/deploy/bucket_versions.h"
#include "aws/deploy/deployment_bucket.h"
#include "aws/deploy/monitor_stack.h"
#include "aws/deploy/stack_params.h"
#include "util/error.h"

namespace sls::aws::deploy {

namespace {

void ensure_not_deletion_protected(const api::AwsContext& ctx, const Target& target, const Reporter& reporter) {
  api::QueryReply reply;
  try {
    reply = cfn_call(ctx, "DescribeStacks", Json{{"StackName", target.stack_name}});
  } catch (const UserError& e) {
    if (std::string(e.what()).find("does not exist") != std::string::npos) return;
    reporter.say_warning("Could not check whether stack \"" + target.stack_name +
                         "\" has deletion protection enabled (" + e.what() + "). Continuing with removal.");
    return;
  }
  auto stacks = api::members(reply.result, "Stacks");
  if (stacks.empty() || api::child_text(stacks.front(), "EnableTerminationProtection") != "true") return;
  throw UserError("Cannot remove stack \"" + target.stack_name +
                      "\" because deletion protection is enabled. Set provider.deletionProtection to false (or "
                      "remove this stage from provider.deletionProtection.stages) and deploy the service before "
                      "removing it. To turn it off without deploying, run: aws cloudformation "
                      "update-termination-protection --no-enable-termination-protection --stack-name " +
                      target.stack_name,
                  "AWS_CLOUDFORMATION_DELETION_PROTECTION_ENABLED");
}

void empty_bucket(const api::AwsContext& ctx, const Target& target, const Reporter& reporter) {
  std::string bucket = deployment_bucket(ctx, target);
  if (bucket.empty() || !api::s3::head_bucket(ctx, bucket)) {
    reporter.say_info("S3 bucket not found. Skipping S3 bucket objects removal");
    return;
  }
  std::string prefix = deployment_prefix(target.provider) + "/" + target.service + "/" + target.stage + "/";
  const Json* b = compile::deployment_bucket_object(target.provider);
  if (b && b->value("versioning", false)) {
    delete_object_versions(ctx, bucket, list_object_versions(ctx, bucket, prefix));
    return;
  }
  std::vector<std::string> keys;
  for (const auto& o : api::s3::list_objects_v2(ctx, bucket, prefix)) keys.push_back(o.key);
  if (!keys.empty()) {
    try {
      api::s3::delete_objects(ctx, bucket, keys);
    } catch (const UserError& e) {
      throw UserError("Could not empty the S3 deployment bucket (" + bucket + "). " + e.what(),
                      "CANNOT_DELETE_S3_OBJECTS_GENERIC");
    }
  }
}

}  // namespace

void remove_service(const api::AwsContext& ctx, const Target& target, const Reporter& reporter) {
  // osls deletes whatever is there and reports success for a missing stack;
  // sls names the problem instead, in AWS's own words.
  if (!api::cfn::describe_stack(ctx, target.stack_name))
    throw UserError("Stack with id " + target.stack_name + " does not exist", "AWS_CLOUDFORMATION_STACK_NOT_FOUND");
  ensure_not_deletion_protected(ctx, target, reporter);
  reporter.say_progress("Removing objects from S3 bucket");
  empty_bucket(ctx, target, reporter);
  reporter.say_progress("Removing CloudFormation stack");
  Json params = {{"StackName", target.stack_name}};
  if (const std::string role = deployment_role(target.provider); !role.empty()) params["RoleARN"] = role;
  cfn_mutate(ctx, "DeleteStack", std::move(params), reporter);
  monitor_stack(ctx, {"delete", target.stack_name, target.stack_name, target.region, 0}, reporter);
}

}  // namespace sls::aws::deploy
