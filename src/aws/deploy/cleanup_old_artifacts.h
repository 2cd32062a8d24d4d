// After a deployment (osls's cleanup-s3-bucket): keep the newest
// provider.deploymentBucket.maxPreviousDeploymentArtifacts (default 5)
// deployment directories of this service and stage and delete older ones; after
// an empty change set, delete the directory just uploaded.
#pragma once
#include <string>
#include <vector>

#include "aws/api/client.h"
#include "aws/deploy/target.h"

namespace sls::aws::deploy {

int max_previous_deployment_artifacts(const Json& provider);

// Keys to delete from `keys` (all keys under the service/stage prefix) keeping `keep` directories.
std::vector<std::string> keys_to_remove(const std::vector<std::string>& keys, const std::string& prefix,
                                        const std::string& service, const std::string& stage, int keep);

void cleanup_old_artifacts(const api::AwsContext& ctx, const Target& target, const std::string& bucket,
                           const Reporter& reporter);
void cleanup_current_artifacts(const api::AwsContext& ctx, const Target& target, const std::string& bucket,
                               const std::string& artifact_directory, const Reporter& reporter);

}  // namespace sls::aws::deploy
