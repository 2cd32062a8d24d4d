// `sls invoke local` and `sls offline`: the service's functions run on this
// machine (src/local), options read from the command line.
#pragma once
#include "cli/args.h"
#include "cli/output.h"
#include "config/service.h"

namespace sls::cli {

int run_invoke_local(const ParsedArgs& args, const CliOptions& options, Output& out);
int run_offline(const ParsedArgs& args, const CliOptions& options, Output& out);  // "offline" and "offline start"

}  // namespace sls::cli
