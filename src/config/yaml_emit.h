// YAML text in js-yaml's `dump` style (what `osls print` shows): 2-space
// indent, block sequences indented under their key, single quotes where a
// plain scalar would be read back as another type, `|` / `>-` blocks for
// multi-line and long strings.
#pragma once
#include <string>

#include "util/json.h"

namespace sls::config {

std::string dump_yaml(const Json& value);

}  // namespace sls::config
