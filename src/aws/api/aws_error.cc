#include "aws/api/aws_error.h"

#include <fmt/format.h>

#include <pugixml.hpp>
#include <set>

#include "util/error.h"
#include "util/json.h"

namespace sls::aws::api {
namespace {

// JSON protocols put "prefix#Code:extra" in __type / x-amzn-ErrorType.
std::string clean_code(std::string code) {
  if (auto colon = code.find(':'); colon != std::string::npos) code.resize(colon);
  if (auto hash = code.rfind('#'); hash != std::string::npos) code = code.substr(hash + 1);
  return code;
}

std::string first_text(const pugi::xml_node& root, const char* name) {
  auto found = root.find_node([&](pugi::xml_node n) { return std::string_view(n.name()) == name; });
  return found ? found.text().as_string() : "";
}

}  // namespace

AwsErrorInfo parse_aws_error(const HttpResponse& response) {
  AwsErrorInfo out;
  std::string header = response.header("x-amzn-ErrorType");
  if (!header.empty()) out.code = clean_code(header);
  std::string_view body = response.body;
  size_t start = body.find_first_not_of(" \t\r\n");
  if (start != std::string_view::npos && body[start] == '{') {
    Json j = Json::parse(body, nullptr, false);
    if (j.is_object()) {
      for (const char* key : {"__type", "code", "Code"}) {
        if (out.code.empty() && j.contains(key) && j[key].is_string()) out.code = clean_code(j[key]);
      }
      for (const char* key : {"message", "Message", "errorMessage"}) {
        if (out.message.empty() && j.contains(key) && j[key].is_string()) out.message = j[key];
      }
    }
  } else if (start != std::string_view::npos && body[start] == '<') {
    pugi::xml_document doc;
    if (doc.load_buffer(body.data(), body.size())) {
      if (out.code.empty()) out.code = first_text(doc, "Code");
      out.message = first_text(doc, "Message");
    }
  }
  if (out.code.empty()) {
    // HEAD replies have no body; name the status the way S3 does.
    switch (response.status) {
      case 301: out.code = "PermanentRedirect"; break;
      case 400: out.code = "BadRequest"; break;
      case 403: out.code = "Forbidden"; break;
      case 404: out.code = "NotFound"; break;
      case 429: out.code = "TooManyRequestsException"; break;
      case 503: out.code = "ServiceUnavailable"; break;
      default: out.code = fmt::format("Http{}", response.status);
    }
  }
  return out;
}

bool is_throttling_error(const std::string& code) {
  static const std::set<std::string> kCodes = {
      "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
      "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
      "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
      "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException"};
  return kCodes.count(code) > 0;
}

bool is_transient_error(const std::string& code, long status) {
  static const std::set<std::string> kCodes = {"RequestTimeout", "RequestTimeoutException", "InternalError",
                                               "ServiceUnavailable", "InternalFailure"};
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504 ||
         kCodes.count(code) > 0;
}

void throw_aws_error(const std::string& service, const std::string& operation, const HttpResponse& response) {
  AwsErrorInfo e = parse_aws_error(response);
  std::string message = e.message.empty() ? fmt::format("HTTP {}", response.status) : e.message;
  std::string text = fmt::format("{} {} failed: {}: {}", service, operation, e.code, message);
  if (is_throttling_error(e.code) || response.status == 503) {
    text += ". AWS throttled the request (or was unavailable) through every retry: wait a moment and run the "
            "command again, or lower the request rate of other tools using this account";
  }
  throw UserError(text, e.code);
}

void throw_network_error(const std::string& service, const std::string& operation, const TransportError& last,
                         int attempts, const std::string& endpoint_env) {
  std::string text = fmt::format("Could not reach AWS: {} {} failed after {} attempt{}: {}. {}", service, operation,
                                 attempts, attempts == 1 ? "" : "s", last.what(), transport_hint(last.curl_code));
  if (!endpoint_env.empty()) text += fmt::format(" The endpoint comes from {}; check that it is right.", endpoint_env);
  throw UserError(text, kNetworkErrorCode);
}

void throw_malformed_reply(const std::string& service, const std::string& operation, const std::string& format) {
  throw UserError(fmt::format("{} {} returned a reply that is not valid {} on every attempt (cut short or "
                              "corrupted on the way). Check your network connection and any proxy between this "
                              "machine and AWS, then run the command again.",
                              service, operation, format),
                  kMalformedReplyCode);
}

}  // namespace sls::aws::api
