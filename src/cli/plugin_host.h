// The service's npm plugins for one command, run through the Node.js bridge
// (bridge/node_bridge.h). The plugins check (cli/plugin_check.h) starts it when
// a listed plugin is installed and sls has no native version; the command then
// attaches the plugins' hooks to its lifecycle. A plugin whose hooks sit on an
// event of this command that sls does not run plugins at is an error naming
// both (never silently ignored); hooks on other commands' events have no effect.
#pragma once
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "bridge/node_bridge.h"
#include "cli/args.h"
#include "cli/output.h"
#include "config/event_types.h"
#include "config/service.h"
#include "package/context.h"
#include "util/lifecycle.h"

namespace sls::cli {

struct Aws;

class PluginHost {
 public:
  using Plugins = std::vector<std::pair<std::string, std::filesystem::path>>;

  // Starts the bridge on `plugins` with the configuration resolved so far and
  // checks their hooks against the command; returns their schema additions.
  config::PluginDefinitions start(const ParsedArgs& args, const Service& service, const Json& config,
                             const Plugins& plugins, Output& out);
  PluginHost();
  ~PluginHost();
  bool active() const { return bridge_ != nullptr; }

  // The loaded service, for the plugins' questions (naming) while hooks run.
  void attach(const Service& service) { service_ = &service; }

  // One lifecycle hook per plugin hook on the package lifecycle.
  void add_package_hooks(Lifecycle<PackageContext>& lifecycle);

  // deploy / info / remove / deploy function / rollback: runs the plugins'
  // hooks of the full event name ("after:deploy:deploy") on the configuration
  // and, when given, the templates (changed in place by what comes back).
  // Nothing when no plugin hooks it. The plugins see `artifact_directory` (the
  // deployed package's folder in the bucket) as package.artifactDirectoryName.
  void run_event(const std::string& event, Json& config, Json* template_, Json* core_template,
                 const std::string& artifact_directory = "");
  // osls's `initialize` (after the service is loaded, before the command's
  // events) and `finalize` (after them) for sls's own commands: the plugins'
  // before:/plain/after: hooks of `event` on the service's configuration.
  void run_edge(const std::string& event, Service& service);
  // The sections plugins added with serverless.addServiceOutputSection, as
  // osls prints them after the service's information ("name: text", or
  // "name:" and the lines indented); "" when none.
  std::string output_sections() const;
  // For a provider plugin's service (cli/provider_lifecycle.h): whether a
  // loaded plugin defines `provider`, and whether any hooks one of `events`.
  bool provides(const std::string& provider) const;
  bool hooks_any(const std::vector<std::string>& events) const;
  // --- Plugin commands, spawn and variable sources (cli/plugin_host_extras.cc) ---
  // The bridge, for running a plugin's command (null when not started).
  bridge::NodeBridge* bridge() { return bridge_.get(); }
  // Answers the plugins' question `what` (e.g. "spawn") with `handler`.
  void on_ask(const std::string& what, std::function<Json(const Json& args)> handler);

 private:
  // The plugins' configurationVariablesSources, resolved through the bridge
  // (their resolveConfigurationProperty & co. answered while one runs).
  config::PluginSources variable_sources();
  std::map<std::string, std::function<Json(const Json&)>> extra_asks_;
  std::vector<const config::PluginSourceCall*> variable_calls_;  // the lookups running, innermost last

  void check_events(const ParsedArgs& args, Output& out) const;
  Json ask(const std::string& what, const Json& args);
  Json request_in_region(const Json& args);
  std::unique_ptr<bridge::NodeBridge> bridge_;
  const Service* service_ = nullptr;
  const ParsedArgs* args_ = nullptr;
  Output* out_ = nullptr;
  std::unique_ptr<Aws> aws_;  // connected on the first AWS call of a plugin
  Json outputs_ = Json::array();  // [[section, text or lines], ...] from the last hook
};

// "deploy function" -> {"deploy", "function"}.
std::vector<std::string> command_words(const std::string& command);

// The sls commands that run plugins' initialize and finalize hooks (PluginEdges).
bool runs_edges(const std::string& command);

// initialize hooks when constructed, finalize hooks by done(0): for the sls
// commands of runs_edges(), on the service the command works on.
class PluginEdges {
 public:
  PluginEdges(PluginHost& plugins, Service& service) : plugins_(plugins), service_(service) {
    plugins_.run_edge("initialize", service_);
  }
  int done(int rc) {
    if (rc == 0) plugins_.run_edge("finalize", service_);
    return rc;
  }

 private:
  PluginHost& plugins_;
  Service& service_;
};

// Events at which sls runs plugin hooks for `command` ("package:initialize",
// "aws:package:finalize:saveServiceState", ...), without before:/after:.
std::vector<std::string> bridged_events(const std::string& command, const Json& options);

// Whether `event` (without before:/after:) is one the command runs: its own
// lifecycle events, the provider's sub-lifecycles of it, and those of the
// commands it runs (deploy packages, then shows the service's info).
bool event_of_command(const std::string& event, const ParsedArgs& args);

}  // namespace sls::cli
