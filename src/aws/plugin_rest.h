// provider.request for the REST services plugins call (S3, Lambda, API
// Gateway, API Gateway V2, Route 53): one table of operations, each its HTTP
// method, URI template (path labels, query parameters) and the parameters
// sent as headers or as the raw payload; the other parameters form the JSON
// body (REST-JSON) or the XML body (REST-XML). Sent on the signed-request core
// (aws/api/client.h); replies shaped as the AWS SDK v2 returns them (REST-XML
// values as text, except the counts and flags such as IsTruncated). An operation not in the table is a clear error naming it.
#pragma once
#include <optional>
#include <string>

#include <pugixml.hpp>

#include "aws/api/client.h"
#include "util/json.h"

namespace sls::aws {

// Whether `service` ("S3", "Lambda", "APIGateway", "ApiGatewayV2", "Route53") is a REST one here.
bool rest_service(const std::string& service);

// Throws UserError (SLS_BRIDGE_OPERATION_UNSUPPORTED) for an operation not in the table.
Json plugin_rest_request(const api::AwsContext& context, const std::string& service, const std::string& method,
                         const Json& params);

// Exposed for tests: a REST-XML element as the SDK shapes it (wrapped lists
// such as HostedZones/HostedZone and S3's flattened ones as arrays).
Json rest_xml_json(const pugi::xml_node& node);
// SDK-style input as an XML element body (lists wrapped in singular elements,
// those named in `flattened` repeated without a wrapper).
std::string rest_xml_body(const Json& value, const std::string& flattened);

}  // namespace sls::aws
