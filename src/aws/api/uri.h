// URI pieces for AWS requests: RFC 3986 percent-encoding as SigV4 wants it,
// query strings kept as decoded pairs, and splitting an endpoint URL.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sls::aws::api {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// Encodes every byte except A-Z a-z 0-9 - _ . ~ (and '/' when keep_slash).
std::string uri_encode(std::string_view s, bool keep_slash = false);
std::string uri_decode(std::string_view s);
// "a=1&b=2" with keys and values encoded, in the given order.
std::string encode_query(const QueryParams& params);

struct Url {
  std::string scheme;  // "https"
  std::string host;    // "s3.us-east-1.amazonaws.com"
  int port = 0;        // 0 = scheme default
  std::string path;    // "/" or "/base" (never empty)
  // "host" or "host:port" when the port is not the scheme default.
  std::string authority() const;
  std::string origin() const { return scheme + "://" + authority(); }
};

// Parses "scheme://host[:port][/path]"; throws UserError naming `what` when malformed.
Url parse_url(std::string_view url, std::string_view what = "endpoint URL");

}  // namespace sls::aws::api
