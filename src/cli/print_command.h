// `sls print`: the resolved configuration as yaml (default), json or text,
// optionally narrowed by --path a.b.c and transformed by --transform keys.
#pragma once
#include <string>

#include "util/json.h"

namespace sls::cli {

// Throws UserError with osls's messages for a bad path, format or transform.
std::string print_config(const Json& config, const Json& options);

}  // namespace sls::cli
