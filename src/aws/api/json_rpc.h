// The AWS JSON protocol (1.1: CloudWatch Logs, SSM, ...; 1.0: DynamoDB, Step
// Functions): POST / with X-Amz-Target: <prefix>.<Operation> and a JSON body.
#pragma once
#include <string>

#include "aws/api/client.h"
#include "util/json.h"

namespace sls::aws::api {

Json json_rpc_call(const AwsContext& context, const std::string& service, const std::string& target_prefix,
                   const std::string& operation, const Json& input, const std::string& json_version = "1.1");

}  // namespace sls::aws::api
