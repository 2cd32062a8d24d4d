// `sls deploy`, `sls info` and `sls remove` for the AWS provider: load the
// service, resolve credentials and region, run the aws/deploy steps and print
// what osls prints. Ctrl-C while waiting on CloudFormation stops waiting,
// reports the stack's state and exits 130.
#pragma once
#include "cli/args.h"
#include "cli/output.h"
#include "config/load_service.h"
#include "config/service.h"

namespace sls::cli {

// ${aws:accountId}, ${ssm:}, ${cf:} and ${s3:} for load_service; connects to
// AWS only when the configuration uses one of them. `out` must outlive it.
config::AwsVariableSource aws_variable_source(Output& out);

// The service in the current folder for a command: AWS-backed variables and
// the `plugins:` check (cli/plugin_check.h) wired in.
Service load_command_service(const ParsedArgs& args, const CliOptions& options, Output& out);

int run_deploy(const ParsedArgs& args, const CliOptions& options, Output& out);
int run_info(const ParsedArgs& args, const CliOptions& options, Output& out);
int run_remove(const ParsedArgs& args, const CliOptions& options, Output& out);

}  // namespace sls::cli
