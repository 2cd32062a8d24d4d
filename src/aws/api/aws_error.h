// Reading the error out of an AWS reply, whatever the protocol (Query XML,
// REST-XML, JSON 1.1, REST-JSON), and classifying it for retries.
#pragma once
#include <string>

#include "aws/api/http.h"

namespace sls::aws::api {

struct AwsErrorInfo {
  std::string code;     // "ValidationError", "NoSuchKey", "" when not found
  std::string message;
};

AwsErrorInfo parse_aws_error(const HttpResponse& response);

// Standard retry mode: throttling codes and transient failures are retried.
bool is_throttling_error(const std::string& code);
bool is_transient_error(const std::string& code, long status);

// Throws UserError "<service> <operation> failed: <code>: <message>" carrying the code.
[[noreturn]] void throw_aws_error(const std::string& service, const std::string& operation,
                                  const HttpResponse& response);

}  // namespace sls::aws::api
