// provider.deletionProtection (osls 4.3.1): after every deploy, the stack's
// termination protection is set (UpdateTerminationProtection) to the setting:
// a boolean, or {stages: [...]} for "on in these stages, off elsewhere".
// `sls remove` refuses a protected stack (remove.cc).
#pragma once
#include <optional>
#include <string>

#include "aws/api/client.h"
#include "aws/deploy/target.h"
#include "util/json.h"

namespace sls::aws::deploy {

// Whether protection is wanted for `stage`; nullopt when the setting is absent.
// Throws osls's INVALID_DELETION_PROTECTION_CONFIG for any other shape.
std::optional<bool> deletion_protection_for(const Json& provider, const std::string& stage);

// Applies the setting to the deployed stack; returns the line osls logs
// ("Enabled deletion protection for stack "x""), "" when nothing is set.
// A failed call is osls's AWS_CLOUDFORMATION_DELETION_PROTECTION_UPDATE_FAILED.
std::string apply_deletion_protection(const api::AwsContext& ctx, const Target& target, const Reporter& reporter);

}  // namespace sls::aws::deploy
