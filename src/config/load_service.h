// From a folder and the CLI options to a resolved Service: find the config
// file, load it, resolve variables, validate, and apply osls's defaults
// (provider.stage/region/versionFunctions, function names, empty events).
#pragma once
#include <filesystem>

#include "config/service.h"

namespace sls::config {

Service load_service(const std::filesystem::path& dir, const CliOptions& options);

// Applies osls's defaults to an already resolved config (exposed for tests).
void apply_service_defaults(Service& service);

}  // namespace sls::config
