// Test helpers for the event compilers: a PackageContext over a config
// literal, and the compiled template with the per-run deployment id erased.
#pragma once
#include <memory>
#include <regex>
#include <string>

#include "package/context.h"
#include "util/json.h"

namespace sls::compile::events::testing {

struct Fixture {
  Service service;
  PackageContext ctx{service, {}, {}};

  explicit Fixture(const Json& config, std::string stage = "dev", std::string region = "us-east-1") {
    service.config = config;
    service.name = config.value("service", std::string());
    const Json provider = config.value("provider", Json::object());
    service.stage = provider.value("stage", stage);
    service.region = provider.value("region", region);
    ctx.template_ = {{"Resources", Json::object()}, {"Outputs", Json::object()}};
  }
};

inline std::unique_ptr<Fixture> make_fixture(const std::string& config_json) {
  return std::make_unique<Fixture>(Json::parse(config_json));
}

// The template as text with "ApiGatewayDeployment<digits>" -> "ApiGatewayDeploymentX".
inline std::string normalized(const Json& tmpl) {
  static const std::regex re("ApiGatewayDeployment[0-9]+");
  return std::regex_replace(tmpl.dump(1), re, "ApiGatewayDeploymentX");
}

inline std::string expected(const std::string& json) { return Json::parse(json).dump(1); }

}  // namespace sls::compile::events::testing
