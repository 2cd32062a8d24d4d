// The one JSON type of the project: ordered, so key order survives from
// serverless.yml to the written CloudFormation template, and indexed, so
// lookups in large objects (a template's Resources) do not scan every key.
#pragma once
#include <nlohmann/json.hpp>

#include "util/json_map.h"

namespace sls {
using Json = nlohmann::basic_json<IndexedOrderedMap>;
}  // namespace sls
