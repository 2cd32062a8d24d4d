// Day-2 commands on a deployed service: `sls invoke` and `sls logs`.
#pragma once
#include "cli/args.h"
#include "cli/output.h"

namespace sls::cli {

int run_invoke(const ParsedArgs& args, Output& out);
int run_logs(const ParsedArgs& args, Output& out);

}  // namespace sls::cli
