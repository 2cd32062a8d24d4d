// Dispatches a parsed command line to the command that runs it.
#pragma once
#include "cli/args.h"
#include "cli/output.h"

namespace sls::cli {

// Returns the process exit code; throws UserError for bad input.
int run_command(const ParsedArgs& args, Output& out);

}  // namespace sls::cli
