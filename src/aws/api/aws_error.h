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

// UserError codes for a call that never got a usable reply.
inline constexpr const char* kNetworkErrorCode = "AWS_NETWORK_ERROR";
inline constexpr const char* kMalformedReplyCode = "AWS_MALFORMED_REPLY";

// The call gave up on transport failures (refused, DNS, TLS, timeout, dropped
// replies): a UserError naming the operation, the endpoint and what to check.
// `endpoint_env` names the variable the endpoint came from, "" for the public one.
[[noreturn]] void throw_network_error(const std::string& service, const std::string& operation,
                                      const TransportError& last, int attempts, const std::string& endpoint_env);

// A 2xx reply whose body does not parse as `format` ("JSON", "XML") on every attempt.
[[noreturn]] void throw_malformed_reply(const std::string& service, const std::string& operation,
                                        const std::string& format);

// Throws UserError "<service> <operation> failed: <code>: <message>" carrying the code.
[[noreturn]] void throw_aws_error(const std::string& service, const std::string& operation,
                                  const HttpResponse& response);

}  // namespace sls::aws::api
