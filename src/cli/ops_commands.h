// Day-2 commands on a deployed service: `sls invoke` and `sls logs`.
#pragma once
#include "cli/args.h"
#include "cli/output.h"
#include "config/service.h"

namespace sls::cli {

// The deployed name of functions.<name> (osls: "Function "x" doesn't exist in this Service").
std::string deployed_function_name(const Service& service, const std::string& name);

int run_invoke(const ParsedArgs& args, Output& out);
int run_logs(const ParsedArgs& args, Output& out);

}  // namespace sls::cli
