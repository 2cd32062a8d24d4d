// Reading environment variables through a function, so that code resolving
// credentials, regions and endpoints can be tested without touching the process.
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <string>

namespace sls::aws::api {

using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

// The process environment; unset and empty variables read as nullopt.
EnvLookup process_env();
// A fixed map, for tests.
EnvLookup map_env(std::map<std::string, std::string> values);

}  // namespace sls::aws::api
