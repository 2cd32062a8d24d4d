// AWS Lambda over REST-JSON (API version 2015-03-31).
#pragma once
#include <string>

#include "aws/api/client.h"
#include "util/json.h"

namespace sls::aws::api::lambda {

// The GetFunction reply: {"Configuration": {...}, "Code": {...}, "Tags": {...}}.
Json get_function(const AwsContext& ctx, const std::string& function_name, const std::string& qualifier = "");

struct InvokeInput {
  std::string function_name;
  std::string payload;                           // JSON text; empty sends none
  std::string invocation_type = "RequestResponse";  // Event, DryRun
  bool tail_logs = false;                        // LogType: Tail
  std::string qualifier;
  std::string client_context;                    // X-Amz-Client-Context: base64 JSON
};

struct InvokeResult {
  long status = 0;
  std::string function_error;  // X-Amz-Function-Error ("Unhandled", ...), empty on success
  std::string log_result;      // decoded last 4 KB of logs when tail_logs
  std::string executed_version;
  std::string payload;         // raw reply body
};

InvokeResult invoke(const AwsContext& ctx, const InvokeInput& input);

// UpdateFunctionCode with the zip's bytes (sent base64 as ZipFile); the reply's configuration.
Json update_function_code(const AwsContext& ctx, const std::string& function_name, const std::string& zip_bytes);
// UpdateFunctionConfiguration; `params` is the request body (FunctionName is taken out for the path).
Json update_function_configuration(const AwsContext& ctx, const Json& params);

}  // namespace sls::aws::api::lambda
