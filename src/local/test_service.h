// For the unit tests of src/local: a resolved service made from a config
// (in /srv/app, service "svc", stage "dev"), and HTTP requests and replies.
#pragma once
#include <string>

#include "config/service.h"
#include "local/http_server.h"
#include "util/json.h"

namespace sls::local {

inline Service test_service(const Json& config, const std::string& region = "us-east-1") {
  Service s;
  s.dir = "/srv/app";
  s.name = "svc";
  s.stage = "dev";
  s.region = region;
  s.config = config;
  return s;
}

inline HttpRequest test_request(const std::string& method, const std::string& target, const std::string& body = "") {
  HttpRequest r;
  r.method = method;
  r.target = target;
  r.body = body;
  return r;
}

inline std::string response_header(const HttpResponse& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return "";
}

}  // namespace sls::local
