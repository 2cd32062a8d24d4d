// `sls deploy function`, `sls deploy list [functions]`, `sls rollback` and
// `sls rollback function`: the deployed service changed or inspected without a
// full deploy (src/aws/ops/deploy_function, deploy_list, rollback).
#pragma once
#include "cli/args.h"
#include "cli/output.h"

namespace sls::cli {

int run_deploy_function(const ParsedArgs& args, Output& out);
int run_deploy_list(const ParsedArgs& args, Output& out);
int run_deploy_list_functions(const ParsedArgs& args, Output& out);
int run_rollback(const ParsedArgs& args, Output& out);
int run_rollback_function(const ParsedArgs& args, Output& out);

}  // namespace sls::cli
