// The deployment bucket of a deployed service (osls's getServerlessDeploymentBucketName):
// provider.deploymentBucket when set, else the stack's ServerlessDeploymentBucket.
#pragma once
#include <string>

#include "aws/api/client.h"
#include "aws/deploy/target.h"

namespace sls::aws::deploy {

// "" when the stack does not exist.
std::string deployment_bucket(const api::AwsContext& ctx, const Target& target);

// deployment_bucket(), or UserError AWS_CLOUDFORMATION_STACK_NOT_FOUND when the stack does not exist.
std::string existing_deployment_bucket(const api::AwsContext& ctx, const Target& target);

}  // namespace sls::aws::deploy
