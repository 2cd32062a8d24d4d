// The signed-request core every service client goes through: resolve the
// endpoint, sign with SigV4, send with standard-mode retries.
#pragma once
#include <optional>
#include <string>

#include "aws/api/credential_set.h"
#include "aws/api/endpoints.h"
#include "aws/api/env.h"
#include "aws/api/http.h"
#include "aws/api/retry.h"

namespace sls::aws::api {

// What every call needs; cheap to copy. `http` must outlive it.
struct AwsContext {
  HttpClient* http = nullptr;
  Credentials credentials;
  std::string region;
  EnvLookup env = process_env();
  RetryOptions retry;
};

// What a 2xx reply's body must parse as; one that does not was cut short on
// the way and is retried like a dropped connection.
enum class ReplyFormat { Raw, Json, Xml };

// Whether the body parses as `format` (an empty body is a complete reply).
bool reply_parses(const std::string& body, ReplyFormat format);

struct ServiceRequest {
  std::string service;  // id for endpoints.h: "cloudformation", "s3", ...
  std::string method = "POST";
  std::string path = "/";  // wire path (percent-encoded), appended to the endpoint's base path
  QueryParams query;
  Headers headers;
  std::string body;
  bool unsigned_payload = false;
  std::optional<Endpoint> endpoint;  // overrides resolution (S3 virtual-hosted style)
  ReplyFormat reply_format = ReplyFormat::Raw;
};

// Sends the request; returns whatever reply came last (error statuses included).
// Transport failures left after the retries become a UserError (kNetworkErrorCode)
// naming `operation`, and a 2xx reply not in request.reply_format one with kMalformedReplyCode.
HttpResponse send_aws(const AwsContext& context, const ServiceRequest& request, const std::string& operation);

// send_aws, then throw_aws_error(service, operation, reply) unless 2xx.
HttpResponse call_aws(const AwsContext& context, const ServiceRequest& request, const std::string& operation);

}  // namespace sls::aws::api
