// `frameworkVersion`: a node-semver range the service asks of the framework.
// sls stands for both Serverless Framework 3 and osls 4.3.1, so a range that
// admits any 3.x version or 4.3.1 is accepted (the '3' most v3 services pin
// keeps working); one that admits neither is refused, as osls refuses it.
#pragma once
#include <optional>
#include <string>

#include "util/json.h"

namespace sls::config {

struct SemVer {
  long long major = 0, minor = 0, patch = 0;
  auto operator<=>(const SemVer&) const = default;
};

// Whether node-semver's range `range` admits some version in [low, high)
// (prerelease tags are ignored); nullopt when `range` is not a valid range.
std::optional<bool> semver_range_admits(const std::string& range, SemVer low, SemVer high);

// Throws UserError INVALID_FRAMEWORK_VERSION (not a range) or
// FRAMEWORK_VERSION_MISMATCH (admits neither 3.x nor 4.3.1). With
// configValidationMode warn/off an invalid range is returned as a warning instead.
std::optional<std::string> check_framework_version(const Json& config, const std::string& file_name);

}  // namespace sls::config
