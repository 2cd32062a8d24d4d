// AWS Signature Version 4 for request headers.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
#pragma once
#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aws/api/credential_set.h"
#include "aws/api/uri.h"

namespace sls::aws::api {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct SignableRequest {
  std::string method;      // "GET"
  std::string host;        // authority as sent: "host" or "host:port"
  std::string path;        // path as sent on the wire (already percent-encoded once)
  QueryParams query;       // decoded key/value pairs
  Headers headers;         // the signer appends X-Amz-Date, token, Authorization, ...
  std::string_view payload;
};

struct SigningOptions {
  std::string service;     // signing name: "cloudformation", "s3", "execute-api", ...
  std::string region;
  std::string amz_date;    // "20150830T123600Z"; empty = now
  // S3 signs the path as sent (single encoding, no dot-segment normalisation);
  // other services normalise it and encode it a second time.
  bool raw_path = false;
  bool content_sha256_header = false;  // add and sign x-amz-content-sha256 (S3)
  bool unsigned_payload = false;       // sign "UNSIGNED-PAYLOAD" instead of the body hash
};

struct Signature {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;      // hex
  std::string authorization;  // full Authorization header value
};

// The options S3 needs: raw path and x-amz-content-sha256.
SigningOptions s3_signing(std::string region, bool unsigned_payload = false);

// Signs `request` in place (adds the headers above) and returns the pieces.
Signature sign_v4(SignableRequest& request, const Credentials& credentials, const SigningOptions& options);

// "YYYYMMDDTHHMMSSZ" for the given instant.
std::string amz_date(std::chrono::system_clock::time_point t);

// Dot segments removed, repeated slashes collapsed, trailing slash kept.
std::string normalize_path(std::string_view path);

}  // namespace sls::aws::api
