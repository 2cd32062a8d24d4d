#include "aws/deploy/deployment_bucket.h"

#include "aws/api/cloudformation.h"
#include "util/error.h"

namespace sls::aws::deploy {

std::string deployment_bucket(const api::AwsContext& ctx, const Target& target) {
  std::string custom = custom_bucket_name(target.provider);
  if (!custom.empty()) return custom;
  try {
    return api::cfn::describe_stack_resource(ctx, target.stack_name, "ServerlessDeploymentBucket").physical_id;
  } catch (const UserError& e) {
    if (std::string(e.what()).find("does not exist") != std::string::npos) return "";
    throw;
  }
}

std::string existing_deployment_bucket(const api::AwsContext& ctx, const Target& target) {
  std::string bucket = deployment_bucket(ctx, target);
  if (bucket.empty())
    throw UserError("Stack with id " + target.stack_name + " does not exist", "AWS_CLOUDFORMATION_STACK_NOT_FOUND");
  return bucket;
}

}  // namespace sls::aws::deploy
