// `sls prune -n N` as serverless-prune-plugin users run it: -f/--function,
// -l/--layer, -i/--includeLayers, -d/--dryRun; and the after-deploy steps of
// `sls deploy` (deletion protection, pruning) with their messages.
#pragma once
#include "cli/args.h"
#include "cli/aws_commands.h"
#include "cli/output.h"

namespace sls::cli {

int run_prune(const ParsedArgs& args, Output& out);

// Throws what osls throws before deploying (invalid prune / protection settings).
void check_before_deploy(const Service& service);

// After the stack deployed (or was found unchanged); prints the success lines.
// custom.prune applies only while serverless-prune-plugin is listed and not skipped.
void run_after_deploy(const ParsedArgs& args, Aws& aws, const Service& service, bool empty_change_set,
                      const aws::deploy::Reporter& reporter, Output& out);

}  // namespace sls::cli
