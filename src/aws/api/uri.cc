#include "aws/api/uri.h"

#include <fmt/format.h>

#include <cctype>

#include "util/error.h"

namespace sls::aws::api {
namespace {

bool unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '~';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string uri_encode(std::string_view s, bool keep_slash) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if (unreserved(c) || (keep_slash && c == '/')) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kDigits[c >> 4];
      out += kDigits[c & 0xF];
    }
  }
  return out;
}

std::string uri_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

std::string encode_query(const QueryParams& params) {
  std::string out;
  for (const auto& [k, v] : params) {
    if (!out.empty()) out += '&';
    out += uri_encode(k);
    out += '=';
    out += uri_encode(v);
  }
  return out;
}

std::string Url::authority() const {
  bool default_port = port == 0 || (scheme == "https" && port == 443) || (scheme == "http" && port == 80);
  return default_port ? host : fmt::format("{}:{}", host, port);
}

Url parse_url(std::string_view url, std::string_view what) {
  auto bad = [&] {
    return UserError(fmt::format("Invalid {} \"{}\": expected scheme://host[:port][/path]", what, url));
  };
  Url out;
  auto sep = url.find("://");
  if (sep == std::string_view::npos || sep == 0) throw bad();
  out.scheme = std::string(url.substr(0, sep));
  for (auto& c : out.scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (out.scheme != "http" && out.scheme != "https") throw bad();
  std::string_view rest = url.substr(sep + 3);
  auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  out.path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (auto q = out.path.find_first_of("?#"); q != std::string::npos) out.path.resize(q);
  if (out.path.empty()) out.path = "/";
  auto colon = authority.rfind(':');
  auto bracket = authority.rfind(']');  // IPv6 literal: the port follows "]"
  if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
    std::string_view port = authority.substr(colon + 1);
    if (port.empty() || port.size() > 5) throw bad();
    int value = 0;
    for (char c : port) {
      if (c < '0' || c > '9') throw bad();
      value = value * 10 + (c - '0');
    }
    out.port = value;
    authority = authority.substr(0, colon);
  }
  if (authority.empty()) throw bad();
  out.host = std::string(authority);
  return out;
}

}  // namespace sls::aws::api
