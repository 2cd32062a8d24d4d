// File names of the zips `sls package` writes into the package folder.
#pragma once
#include <string>
#include <string_view>

namespace sls::package {

inline std::string service_artifact_name(std::string_view service) { return std::string(service) + ".zip"; }
inline std::string function_artifact_name(std::string_view fn) { return std::string(fn) + ".zip"; }
inline std::string layer_artifact_name(std::string_view layer) { return std::string(layer) + ".zip"; }

}  // namespace sls::package
