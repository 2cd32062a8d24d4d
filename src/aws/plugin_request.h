// provider.request(service, method, params) of npm plugins run through the
// plugin bridge, answered on sls's own signed-request core: the AWS SDK v2
// service names ("CloudFormation", "SSM", ...) and lowerCamel methods
// ("describeStacks") of the Query and JSON services, their replies as the SDK
// shapes them (Query XML turned into objects and lists, values as text).
// The REST services (S3, Lambda, API Gateway, Route 53) go through aws/plugin_rest.h.
#pragma once
#include <string>

#include <pugixml.hpp>

#include "aws/api/client.h"
#include "util/json.h"

namespace sls::aws {

// Throws UserError for a service sls cannot call this way, and AWS's own
// error (its code and message) for a failed call.
Json plugin_request(const api::AwsContext& context, const std::string& service, const std::string& method,
                    const Json& params);

// Exposed for tests: SDK-style input as Query parameters (objects as Key.Sub,
// lists as Key.member.N) and a Query result element as JSON.
void flatten_query_params(const Json& value, const std::string& prefix, api::QueryParams& out);
Json query_result_json(const pugi::xml_node& node);

}  // namespace sls::aws
