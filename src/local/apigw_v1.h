// API Gateway REST (v1) Lambda proxy integration: the event AWS builds from a
// request, and how AWS maps the function's result back to an HTTP response.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "local/http_server.h"
#include "local/rest_routes.h"
#include "util/json.h"

namespace sls::local {

struct ProxyRequestInfo {
  std::string stage;          // "dev"
  std::string request_id;     // the API Gateway request id (also the Lambda's awsRequestId here)
  long long epoch_ms = 0;     // the request time
  std::string path;           // the resource path part of the URL, e.g. "/users/12" (no stage, no prefix)
  std::string full_path;      // as requested, without the query string: "/dev/users/12"
  std::string query;          // the raw query string, without "?"
  bool binary_body = false;   // Content-Type is one of binaryMediaTypes: body base64, isBase64Encoded
};

Json proxy_event(const HttpRequest& req, const RouteMatch& match, const ProxyRequestInfo& info);

// The result of a proxy-integration function as API Gateway maps it; a
// malformed result (not an object, statusCode not a number, body not a
// string, ...) gives API Gateway's 502.
HttpResponse proxy_response(const Json& result, bool has_result);

HttpResponse gateway_error(int status, const std::string& message);  // {"message": "..."}

// Matches a Content-Type against binaryMediaTypes ("image/png", "image/*", "*/*").
bool is_binary_type(const std::string& content_type, const std::vector<std::string>& types);

std::string url_decode(const std::string& s, bool plus_is_space);
std::string base64_decode(const std::string& s);
std::string request_time(long long epoch_ms);  // "01/Dec/2026:20:25:00 +0000"

// The pieces of the proxy event other API Gateway events share (websocket_events.h):
// header name -> [values] (first spelling kept), and a query string's
// single- and multi-value maps (both left untouched when the query is empty).
Json multi_value_headers(const HeaderList& headers);
void query_parameters(const std::string& query, Json& single, Json& multi);

}  // namespace sls::local
