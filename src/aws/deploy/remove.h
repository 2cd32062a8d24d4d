// `sls remove` (osls's aws/remove): refuse a deletion-protected stack, empty
// the deployment bucket's service/stage prefix (object versions too when
// deploymentBucket.versioning), delete the stack and wait until it is gone.
#pragma once
#include "aws/api/client.h"
#include "aws/deploy/target.h"

namespace sls::aws::deploy {

void remove_service(const api::AwsContext& ctx, const Target& target, const Reporter& reporter);

}  // namespace sls::aws::deploy
