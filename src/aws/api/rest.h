// REST protocols: REST-JSON (Lambda, API Gateway) here; REST-XML (S3) is
// spoken by s3.cc directly over call_aws since its bodies are raw bytes.
#pragma once
#include <string>

#include "aws/api/client.h"
#include "util/json.h"

namespace sls::aws::api {

struct RestJsonReply {
  long status = 0;
  Headers headers;
  Json body;  // the parsed reply ({} when empty); a reply that is not JSON is an error
};

// `path` is the wire path (encode labels with uri_encode). A null `input` sends no body.
RestJsonReply rest_json_call(const AwsContext& context, const std::string& service, const std::string& operation,
                             const std::string& method, const std::string& path, const QueryParams& query = {},
                             const Json& input = nullptr, const Headers& headers = {});

}  // namespace sls::aws::api
