// Commands the service's npm plugins add (`sls create_domain`, `sls foo bar`):
// run when sls does not know the command and a plugin run through the bridge
// declares it, as osls's PluginManager runs it (options checked against the
// plugin's spec, then initialize, before:/plain/after: hooks of each lifecycle
// event, finalize). A plugin's pluginManager.spawn('package') runs sls's
// package flow with the bridged hooks.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "util/json.h"

namespace sls::cli {

// Runs the plugin command named by argv's leading words; without a plugin
// declaring it, the usual "command not found" error (with a suggestion).
int run_plugin_command(const std::vector<std::string>& argv, Output& out);

// The CLI spec of a plugin's command from the bridge's description of it
// ({usage, lifecycleEvents, options: {name: {shortcut, type, usage}}}).
std::shared_ptr<const CommandSpec> plugin_command_spec(const std::string& name, const Json& description);

// Options of `spec` marked required by the plugin and not given: osls's error.
void check_required_options(const std::string& command, const Json& description, const Json& options);

// An sls command given options sls does not know, in a service whose plugins
// add options to it (osls merges a plugin's `commands: {deploy: {options}}`
// into deploy's): argv parsed with those options too; nullopt when no plugin
// adds any (the caller keeps sls's own error).
std::optional<ParsedArgs> parse_with_plugin_options(const std::vector<std::string>& argv, Output& out);

// The commands plugins add, one section per plugin, for `sls --help` inside a
// service ("" when the service lists no such plugin or cannot be loaded).
std::string plugin_commands_help(Output& out);

}  // namespace sls::cli
