// For the unit tests of src/local: a resolved service made from a config,
// in /srv/app, service "svc", stage "dev".
#pragma once
#include <string>

#include "config/service.h"
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

}  // namespace sls::local
