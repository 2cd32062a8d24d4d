// `sls metrics [-f F] [--startTime T] [--endTime T]` (osls's aws/metrics.js).
#pragma once
#include "cli/args.h"
#include "cli/output.h"

namespace sls::cli {

int run_metrics(const ParsedArgs& args, Output& out);

}  // namespace sls::cli
