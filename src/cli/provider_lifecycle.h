// Commands of a service whose provider comes from a plugin (provider.name
// other than "aws": serverless-google-cloudfunctions, serverless-azure-functions,
// ...), run as osls runs them: the command's lifecycle events in order, each
// with the provider plugin's hooks through the Node.js bridge
// (cli/plugin_host.h), and natively what osls's provider-agnostic core plugins
// do there: the Package plugin's package:createDeploymentArtifacts (the zips
// of src/package, their paths set as package.artifact for the plugin), and
// Deploy's packaging before deploy:deploy. Nothing of the AWS provider runs.
#pragma once
#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/output.h"

namespace sls::cli {

// Whether the service in the current folder (or --config) names a provider
// other than AWS, as written in its configuration file (a provider.name given
// through a variable is not looked at). False when there is no such file.
bool uses_plugin_provider(const ParsedArgs& args);

// The commands run this way: package, deploy, remove, info, invoke, logs, and
// the other AWS commands a provider plugin may take on (deploy function,
// deploy list, metrics, rollback): an error when none of its plugins hooks them.
bool runs_through_provider_plugin(const std::string& command);

// Commands sls runs only for AWS services (prune, diff, invoke local, offline):
// for a provider plugin's service they are an error saying so, not an attempt
// to reach AWS.
bool aws_only_command(const std::string& command);

// osls's lifecycle events of `command` for such a service, "initialize" first;
// `packages`: deploy packages the service first (no --package, no package.path).
std::vector<std::string> provider_command_events(const ParsedArgs& args, bool packages);

// Runs the command; returns the exit code. Throws UserError naming the plugin
// to install when no listed plugin provides the service's provider.
int run_plugin_provider_command(const ParsedArgs& args, Output& out);

}  // namespace sls::cli
