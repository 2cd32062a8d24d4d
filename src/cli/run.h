// Dispatches a parsed command line to the command that runs it.
#pragma once
#include "cli/args.h"
#include "cli/output.h"
#include "config/service.h"

namespace sls::cli {

// The options a service is loaded with (stage, region, config, params, ...).
CliOptions to_cli_options(const ParsedArgs& args);

// Returns the process exit code; throws UserError for bad input.
int run_command(const ParsedArgs& args, Output& out);

}  // namespace sls::cli
