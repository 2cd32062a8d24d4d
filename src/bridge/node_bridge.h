// The plugin bridge: npm plugins sls has no native version of run unchanged in
// one `node` child process, driven by our shim (bridge/shim.h). sls starts it
// once per command, only when such a plugin is listed; the shim constructs each
// plugin with the `serverless` object plugins use and reports its hooks,
// commands and schema additions. At each lifecycle event with plugin hooks sls
// hands over the state (configuration, templates), the hooks run, and the state
// comes back. Questions the plugins ask while a hook runs (osls's naming
// helpers, provider.request, credentials) are answered by an AskHandler.
#pragma once
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "util/json.h"

namespace sls::local {
class Worker;
}

namespace sls::bridge {

struct BridgePlugin {
  std::string name;             // as listed in `plugins:`
  std::filesystem::path file;   // the file Node.js's require.resolve gives
};

struct BridgeStart {
  std::filesystem::path service_dir;
  std::string config_file = "serverless.yml";
  Json config = Json::object();   // the configuration (resolved as far as it is)
  Json options = Json::object();  // the CLI options, as osls's processedInput.options
  std::vector<std::string> commands;  // e.g. {"deploy", "function"}
  std::vector<BridgePlugin> plugins;
  std::string stage = "dev";
  std::string region = "us-east-1";
  bool debug = false;
  bool verbose = false;
  std::string node = "node";  // looked up on PATH
};

// What the plugins declared when they were constructed.
struct LoadedPlugins {
  struct Hooked {
    std::string event;                 // "before:package:finalize"
    std::vector<std::string> plugins;  // in plugin order
  };
  std::vector<Hooked> hooks;  // in the order the plugins declared them
  Json commands = Json::object();  // "create_domain" -> {plugin, usage, lifecycleEvents, options}
  // Names the plugins added to the configuration schema: "root", "provider",
  // "function", "custom" -> property names; "events" -> function event types.
  Json schema = Json::object();
  std::vector<std::string> variable_sources;  // configurationVariablesSources names
  std::vector<std::string> legacy_resolvers;  // plugins with the old variableResolvers
};

// What a hook works on; sent before each event and replaced by what comes back.
struct BridgeState {
  Json config;         // the service configuration (serverless.service)
  Json template_;      // provider.compiledCloudFormationTemplate
  Json core_template;  // provider.coreCloudFormationTemplate
  // Back only: [[section, text or lines], ...] the plugins gave
  // serverless.addServiceOutputSection so far (null when the shim sent none).
  Json outputs = nullptr;
};

struct HookTiming {
  std::string plugin;
  double ms = 0;
};

// Answers one question of a plugin: `what` is "naming" ({fn, args}), "request"
// ({service, method, params}), "credentials", "accountId" or
// "deploymentBucket"; throws UserError to reject it (the plugin sees a
// ServerlessError with that message and code).
using AskHandler = std::function<Json(const std::string& what, const Json& args)>;

class NodeBridge {
 public:
  // Starts node on the shim and constructs the plugins. Throws UserError when
  // node cannot be started or a plugin fails to load (naming the plugin).
  static std::unique_ptr<NodeBridge> start(const BridgeStart& start, AskHandler ask);
  ~NodeBridge();
  NodeBridge(const NodeBridge&) = delete;
  NodeBridge& operator=(const NodeBridge&) = delete;

  const LoadedPlugins& loaded() const { return loaded_; }
  bool has_hooks(const std::string& event) const;

  // Runs the plugins' hooks of `event` on `state` (updated in place). Throws
  // UserError naming the plugin and the event when a hook fails.
  std::vector<HookTiming> run(const std::string& event, BridgeState& state);

  // Runs a plugin's command ("create_domain", "foo bar") as osls's
  // PluginManager.run does (initialize hooks, before:/plain/after: hooks of
  // each lifecycle event, finalize) with `options` as the CLI options; `state`
  // is updated. Throws UserError naming the plugin and the hook that failed.
  void run_command(const std::string& command, const Json& options, BridgeState& state);

  // Resolves ${source(params):address} with the plugin's
  // configurationVariablesSources resolve(); returns its value (null: none).
  Json resolve_variable(const std::string& source, const Json& address, const Json& params, const Json& options);

 private:
  NodeBridge() = default;
  Json exchange(const Json& message, const std::string& during);
  std::unique_ptr<local::Worker> worker_;
  AskHandler ask_;
  LoadedPlugins loaded_;
};

}  // namespace sls::bridge
