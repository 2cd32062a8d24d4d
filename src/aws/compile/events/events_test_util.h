// Test helpers for the event compilers: a PackageContext over a config
// literal, and the compiled template with the per-run deployment id erased.
#pragma once
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "aws/compile/events/registry.h"
#include "config/validate.h"
#include "config/yaml_load.h"
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

// A fresh package folder for `ctx` (custom resources write custom-resources.zip there), removed
// at the end of the scope.
struct PackageDir {
  std::filesystem::path path;
  PackageDir(PackageContext& ctx, const std::string& tag)
      : path(std::filesystem::temp_directory_path() / (tag + "_" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
    ctx.package_dir = path;
  }
  ~PackageDir() { std::filesystem::remove_all(path); }
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

// The schema issues ("<path>: <message>") of a whole configuration, checked with the
// event registry's schemas as `sls` checks it.
inline std::vector<std::string> schema_issues(const Json& config) {
  std::vector<std::string> out;
  for (const auto& issue : config::validate_service_config(config, event_types()))
    out.push_back(config::format_issue(issue));
  return out;
}
inline std::vector<std::string> issues_of(const std::string& config_json) {
  return schema_issues(Json::parse(config_json));
}
inline std::vector<std::string> messages(const std::string& yaml) {
  return schema_issues(config::parse_yaml(yaml, "serverless.yml"));
}
// The issues of `events_yaml`, the `events:` list of one function "f" (8-space indented items).
inline std::vector<std::string> issues(const std::string& events_yaml) {
  return messages("service: svc\nprovider:\n  name: aws\nfunctions:\n  f:\n    handler: h.h\n    events:\n" +
                  events_yaml);
}

}  // namespace sls::compile::events::testing
