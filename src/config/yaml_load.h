// Reading serverless.yml / .yaml / .json into ordered JSON (YAML through
// parse_yaml, see yaml_parse.h), and finding the service's configuration file.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>

#include "config/yaml_parse.h"  // parse_yaml
#include "util/json.h"

namespace sls::config {

// Loads a .yml/.yaml/.json (or any YAML) file by its extension.
Json load_document(const std::filesystem::path& file);

// load_document for the service configuration itself: also requires the top
// level to be a mapping (UserError "Invalid configuration at ...: Plain object expected").
Json load_service_config(const std::filesystem::path& file);

// The service config in `dir`: `explicit_path` (from --config) if given, else the
// first of serverless.yml, serverless.yaml, serverless.json that exists.
// Throws a UserError when there is none.
std::filesystem::path find_config_file(const std::filesystem::path& dir,
                                       const std::string& explicit_path);

}  // namespace sls::config
