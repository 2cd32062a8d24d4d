// The `plugins:` section: its entries as osls reads them (list form or
// {localPath, modules}), where Node.js would find each one, and the check that
// no plugin is silently ignored: every entry is built in (commands_run_natively),
// known to have no effect on the command, skipped on request, or installed and
// run through the Node.js bridge (bridge/node_bridge.h); any other entry is an
// error that says whether it is installed and what to do.
#pragma once
#include <filesystem>
#include <map>
#include <set>
#include <optional>
#include <string>
#include <vector>

#include "util/json.h"

namespace sls::config {

struct PluginList {
  std::vector<std::string> modules;   // validated entries, in order
  std::filesystem::path local_path;   // plugins.localPath or <service>/.serverless_plugins (absolute)
};

// osls's parsePluginsObject: throws UserError for an entry that is not a
// valid npm package name (optionally with a subpath) or a "./" path inside the
// service; "@serverless/enterprise-plugin" is dropped, as osls drops it.
PluginList parse_plugins(const Json& config, const std::filesystem::path& service_dir);

// The file Node.js's require.resolve would load for `name`, as osls looks:
// <localPath>/<name> first (names without "./"), then from the service folder
// (a "./" path, or node_modules up the folder tree, then `node_path`).
// Package "exports" are honoured by key only (conditions are not evaluated).
std::optional<std::filesystem::path> locate_plugin(const PluginList& plugins, const std::string& name,
                                                   const std::filesystem::path& service_dir,
                                                   const std::vector<std::filesystem::path>& node_path = {});

// plugin -> where its skip was asked ("--skip-plugins" in `options`, repeatable,
// NAME[,NAME]; or "SLS_SKIP_PLUGINS" from `env`).
std::map<std::string, std::string> skipped_plugins(const Json& options, const std::optional<std::string>& env);

// Built-in plugins to run from npm through the bridge instead ("SLS_BRIDGE_PLUGINS"
// from `env`: NAME[,NAME]), e.g. to compare sls's version with the plugin's own.
std::set<std::string> bridge_forced_plugins(const std::optional<std::string>& env);

// Whether `name` is listed in `plugins:`, not skipped (--skip-plugins in
// `options`, SLS_SKIP_PLUGINS) and not forced through the bridge
// (SLS_BRIDGE_PLUGINS): how sls's built-in plugins decide to apply.
bool uses_plugin(const Json& config, const std::filesystem::path& service_dir, const Json& options,
                 const std::string& name);

// The commands a plugin sls knows changes (adds or hooks into); on any other
// command it has no effect. nullptr for a plugin sls does not know.
const std::vector<std::string>* commands_affected_by(const std::string& plugin);

// The commands whose part of a built-in plugin sls does itself ({"*"}: every
// command); nullptr for a plugin sls has not built in.
const std::vector<std::string>* commands_run_natively(const std::string& plugin);

struct PluginCheckInput {
  std::string command;                        // "package", "deploy", ...
  std::map<std::string, std::string> skip;    // plugin -> where it was asked ("--skip-plugins")
  std::vector<std::filesystem::path> node_path;  // NODE_PATH folders
  std::string config_file_name = "serverless.yml";
  std::set<std::string> native;               // plugins whose part in this command sls does itself
  std::set<std::string> bridge_forced;        // built-in plugins to run through the bridge (SLS_BRIDGE_PLUGINS)
  bool bridge = false;                        // installed npm plugins may run through Node.js
};

struct PluginCheckResult {
  std::vector<std::string> warnings;  // one per skipped plugin
  std::vector<std::string> debug;     // one per plugin without effect on the command
  // Installed plugins to run through the Node.js bridge (name, file), in order.
  std::vector<std::pair<std::string, std::filesystem::path>> bridged;
};

// Throws UserError (PLUGIN_NOT_FOUND / PLUGIN_NOT_SUPPORTED) for the first entry
// that is neither skipped nor without effect on the command.
PluginCheckResult check_plugins(const Json& config, const std::filesystem::path& service_dir,
                                const PluginCheckInput& input);

}  // namespace sls::config
