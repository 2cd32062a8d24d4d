// Where each AWS service is reached: AWS_ENDPOINT_URL_<SERVICE>, then
// AWS_ENDPOINT_URL, else the public endpoint of the region.
// https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html
#pragma once
#include <string>

#include "aws/api/env.h"
#include "aws/api/uri.h"

namespace sls::aws::api {

struct ServiceInfo {
  std::string env_suffix;    // "CLOUDFORMATION", "CLOUDWATCH_LOGS", "API_GATEWAY"
  std::string host_prefix;   // "cloudformation", "logs", "apigateway"
  std::string signing_name;  // "cloudformation", "logs", "apigateway"
  bool global = false;       // one endpoint for all regions (IAM)
};

// Known services by short id: "cloudformation", "s3", "sts", "lambda", "logs",
// "ssm", "apigateway", "apigatewayv2", "iam", "events", "sqs", "sns", ...
// Unknown ids map to themselves (upper-cased env suffix).
ServiceInfo service_info(const std::string& id);

struct Endpoint {
  Url url;
  bool custom = false;  // from AWS_ENDPOINT_URL*: S3 then uses path-style addressing
  std::string signing_region;
};

Endpoint resolve_endpoint(const std::string& service_id, const std::string& region, const EnvLookup& env);

}  // namespace sls::aws::api
