// Day-2 commands on a deployed service: `sls invoke` and `sls logs`.
#pragma once
#include "cli/args.h"
#include "cli/output.h"
#include "config/service.h"

#include <optional>
#include <string>

namespace sls::cli {

// The option's value as a string (a non-string as its JSON text), nullopt when absent or null.
std::optional<std::string> string_option(const ParsedArgs& args, const char* name);
// The deployed name of functions.<name>; UserError "Function "x" doesn't exist in this Service".
std::string deployed_function_name(const Service& service, const std::string& name);

int run_invoke(const ParsedArgs& args, Output& out);
int run_logs(const ParsedArgs& args, Output& out);

}  // namespace sls::cli
