// A small HTTP client over one libcurl easy handle. The handle keeps its
// connection cache between requests, so use one HttpClient per thread.
#pragma once
#include <chrono>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

#include "aws/api/env.h"
#include "aws/api/sigv4.h"

namespace sls::aws::api {

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  Headers headers;
  std::string body;
};

struct HttpResponse {
  long status = 0;
  Headers headers;  // names as received
  std::string body;
  // First header with that name (case-insensitive), or "".
  std::string header(std::string_view name) const;
};

// The request never got a whole HTTP response (DNS, connect, TLS, timeout, a
// connection dropped mid-reply). `curl_code` is libcurl's CURLcode, 0 if none.
struct TransportError : std::runtime_error {
  explicit TransportError(const std::string& message, int curl_code = 0)
      : std::runtime_error(message), curl_code(curl_code) {}
  int curl_code;
};

// What to check for a transport failure with that CURLcode, one sentence.
std::string transport_hint(int curl_code);

struct HttpOptions {
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds request_timeout{0};  // whole request; 0 = no limit (large uploads)
  std::chrono::seconds idle_timeout{60};         // abort when no byte moves for this long
  std::string ca_bundle;  // PEM file of trusted CAs (AWS_CA_BUNDLE); empty = system store
  std::string user_agent = "sls/" SLS_VERSION;
  // Receives one line per attempt: method, URL without query, status, duration.
  // Never headers or bodies, so no credentials.
  std::function<void(const std::string&)> debug;
};

class HttpClient {
 public:
  explicit HttpClient(HttpOptions options = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // One attempt; throws TransportError when there is no response.
  HttpResponse send(const HttpRequest& request);
  const HttpOptions& options() const { return options_; }

 private:
  HttpOptions options_;
  void* handle_;  // CURL*
};

// Defaults, with ca_bundle from AWS_CA_BUNDLE.
HttpOptions http_options_from_env(const EnvLookup& env);

// The URL as safe to log: scheme, host and path, no query string.
std::string loggable_url(std::string_view url);

}  // namespace sls::aws::api
