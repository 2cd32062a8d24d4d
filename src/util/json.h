// The one JSON type of the project: ordered, so key order survives from
// serverless.yml to the written CloudFormation template.
#pragma once
#include <nlohmann/json.hpp>

namespace sls {
using Json = nlohmann::ordered_json;
}  // namespace sls
