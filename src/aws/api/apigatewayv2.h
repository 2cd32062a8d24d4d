// API Gateway v2 (HTTP and WebSocket APIs) over REST-JSON: what `sls info` needs.
#pragma once
#include <string>

#include "aws/api/client.h"

namespace sls::aws::api::apigatewayv2 {

// GetApi's ApiEndpoint ("https://<id>.execute-api.<region>.amazonaws.com").
std::string get_api_endpoint(const AwsContext& ctx, const std::string& api_id);

}  // namespace sls::aws::api::apigatewayv2
