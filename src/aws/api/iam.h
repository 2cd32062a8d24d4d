// AWS IAM over the Query protocol (API version 2010-05-08): the few calls sls makes.
#pragma once
#include <string>

#include "aws/api/client.h"

namespace sls::aws::api::iam {

// GetRole: the role's ARN.
std::string get_role_arn(const AwsContext& ctx, const std::string& role_name);

}  // namespace sls::aws::api::iam
