// Regions. osls deploys to --region, else provider.region, else us-east-1
// (it does not read AWS_REGION); the environment helper serves AWS-CLI-like
// lookups such as the STS region of an assume-role profile.
#pragma once
#include <optional>
#include <string>

#include "aws/api/env.h"

namespace sls::aws::api {

std::string deployment_region(const std::string& cli_region, const std::string& provider_region);

// AWS_REGION, AWS_DEFAULT_REGION, then the profile's (or AWS_PROFILE's, or
// "default"'s) region in the shared config files.
std::optional<std::string> environment_region(const EnvLookup& env, const std::string& profile = "");

}  // namespace sls::aws::api
