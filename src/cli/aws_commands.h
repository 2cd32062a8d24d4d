// `sls deploy`, `sls info` and `sls remove` for the AWS provider: load the
// service, resolve credentials and region, run the aws/deploy steps and print
// what osls prints. Ctrl-C while waiting on CloudFormation stops waiting,
// reports the stack's state and exits 130.
#pragma once
#include <atomic>
#include <csignal>
#include <memory>

#include "aws/api/client.h"
#include "aws/api/http.h"
#include "aws/deploy/lifecycle_events.h"
#include "aws/deploy/target.h"
#include "cli/args.h"
#include "cli/output.h"
#include "cli/plugin_host.h"
#include "aws/package_flow.h"
#include "config/load_service.h"
#include "config/service.h"

namespace sls::cli {

// ${aws:accountId}, ${ssm:}, ${cf:} and ${s3:} for load_service; connects to
// AWS only when the configuration uses one of them. `out` must outlive it.
config::AwsVariableSource aws_variable_source(Output& out);

// The service in the current folder for a command: AWS-backed variables and
// the `plugins:` check (cli/plugin_check.h) wired in.
// With `plugins`, installed npm plugins are started there for the command to
// run their hooks (see package_options).
Service load_command_service(const ParsedArgs& args, const CliOptions& options, Output& out,
                             PluginHost* plugins = nullptr);

// --minify-template, --debug's lifecycle trace and the plugins' hooks.
aws::PackageOptions package_options(const ParsedArgs& args, Output& out, PluginHost& plugins);

// The EventHook (aws/deploy/lifecycle_events.h) that runs the plugins' hooks
// on the service's configuration and, with `package`, its templates; empty
// when no plugin runs through the bridge. `plugins`, `service` and `package`
// must outlive it.
aws::deploy::EventHook plugin_event_hook(PluginHost& plugins, Service& service, aws::deploy::Package* package);

// The one flag a signal handler may touch; set by SIGINT, read by the waits.
std::atomic<bool>& interrupt_flag();

// Installs the SIGINT handler (setting interrupt_flag()) for the duration of a
// command; a second Ctrl-C gets the default action (SA_RESETHAND).
struct SigintGuard {
  struct sigaction previous {};
  SigintGuard();
  ~SigintGuard();
};

// Progress, --verbose/--debug lines, warnings and Ctrl-C of `out`, for the aws/deploy steps.
aws::deploy::Reporter reporter_for(Output& out);

// Stack name, stage, region and provider block of the service, for AWS calls.
aws::deploy::Target make_target(const Service& service);

// The HTTP client and signed-request context of one command (credentials from
// --aws-profile, provider.profile and the usual chain; --debug traces calls).
struct Aws {
  explicit Aws(aws::api::HttpOptions options) : http(std::move(options)) {}
  aws::api::HttpClient http;
  aws::api::AwsContext ctx;
};
std::unique_ptr<Aws> connect(const ParsedArgs& args, const Service& service, Output& out);

// For the other AWS commands: "(Ns)" as osls appends it, and the report of a
// Ctrl-C during a stack operation (exit 130); reporter_for prints deploy steps.
std::string elapsed_aside(const Output& out);
int report_interrupted(const aws::api::AwsContext& ctx, const aws::deploy::Target& target, const std::string& command,
                       const aws::deploy::Interrupted& interrupted, Output& out);

int run_deploy(const ParsedArgs& args, const CliOptions& options, Output& out);
int run_info(const ParsedArgs& args, const CliOptions& options, Output& out);
int run_remove(const ParsedArgs& args, const CliOptions& options, Output& out);

}  // namespace sls::cli
