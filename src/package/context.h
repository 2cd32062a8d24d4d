// What the package lifecycle works on: the service, the template being
// compiled and the artifacts made for it. Every compile step takes a
// PackageContext& and adds to it; nothing else is shared.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <vector>
#include <string>
#include <utility>

#include "config/service.h"
#include "util/json.h"

namespace sls {

struct Artifact {
  std::filesystem::path path;  // the zip on disk (in the package folder)
  std::string name;            // file name, e.g. "billing-service.zip"
  std::string sha256_base64;   // base64 of the SHA-256 of the zip (osls's CodeSha256 style)
  std::string sha256_hex;
  uint64_t size = 0;
};

struct PackageContext {
  explicit PackageContext(Service& s, std::filesystem::path package = {}, std::filesystem::path final_package = {})
      : service(s), package_dir(std::move(package)), final_package_dir(std::move(final_package)) {}

  Service& service;
  // The folder artifacts and templates are written to during the run (a
  // temporary sibling of the final package folder, moved into place at the end).
  std::filesystem::path package_dir;
  // The final package folder (default <service>/.serverless, or --package DIR).
  std::filesystem::path final_package_dir;

  Json create_template = Json::object();  // cloudformation-template-create-stack.json
  Json template_ = Json::object();        // cloudformation-template-update-stack.json

  // "serverless/<service>/<stage>/<ms>-<ISO time>", set before compileFunctions.
  std::string artifact_directory_name;
  // "serverless" unless provider.deploymentPrefix says otherwise.
  std::string deployment_prefix = "serverless";

  // Artifact of the whole service (when not packaged individually), of each
  // function packaged individually (key: function name), and of each layer.
  std::optional<Artifact> service_artifact;
  std::map<std::string, Artifact> function_artifacts;
  std::map<std::string, Artifact> layer_artifacts;

  // Function name -> version logical id, filled by compileFunctions (for outputs
  // and events that reference versions).
  std::map<std::string, std::string> version_logical_ids;

  // Warnings collected for the user (printed once at the end).
  std::vector<std::string> warnings;

  // Convenience accessors.
  Json& resources() { return template_["Resources"]; }
  Json& outputs() { return template_["Outputs"]; }
  const Json& provider() const { return service.config["provider"]; }
  const Json& functions() const;  // config["functions"] or an empty object
};

}  // namespace sls
