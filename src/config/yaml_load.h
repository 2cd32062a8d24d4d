// Reading serverless.yml / .yaml / .json into ordered JSON. CloudFormation
// short-form tags (!Ref, !GetAtt A.B, !Sub, ...) become their long form as osls
// writes them; anchors, aliases and `<<` merge keys are applied; key order is kept.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>

#include "util/json.h"

namespace sls::config {

// Parses YAML text. Errors are UserErrors "<filename>:<line>:<column>: <what>".
Json parse_yaml(std::string_view text, const std::string& filename);

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
