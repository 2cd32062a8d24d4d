// PluginHost's part for plugin commands, pluginManager.spawn and plugin
// variable sources (see cli/plugin_host.h); kept apart from the hooks.
#include "cli/plugin_host.h"
#include "util/error.h"

namespace sls::cli {

void PluginHost::on_ask(const std::string& what, std::function<Json(const Json& args)> handler) {
  extra_asks_[what] = std::move(handler);
}

config::PluginSources PluginHost::variable_sources() {
  config::PluginSources sources;
  if (!bridge_) return sources;
  const bridge::LoadedPlugins& loaded = bridge_->loaded();
  sources.names = loaded.variable_sources;
  if (!loaded.legacy_resolvers.empty()) sources.legacy_plugin = loaded.legacy_resolvers.front();
  if (sources.names.empty()) return sources;
  auto current = [this]() -> const config::PluginSourceCall& {
    if (variable_calls_.empty())
      throw UserError("resolveConfigurationProperty is available to a variable source while it resolves.",
                      "SLS_BRIDGE_NO_VARIABLE");
    return *variable_calls_.back();
  };
  on_ask("resolveProperty", [current](const Json& args) {
    std::vector<std::string> keys;
    for (const Json& k : args.value("path", Json::array()))
      keys.push_back(k.is_string() ? k.get<std::string>() : k.dump());
    return current().resolve_property(keys);
  });
  on_ask("resolveInString", [current](const Json& args) {
    return current().resolve_in_string(args.value("text", std::string()));
  });
  sources.resolve = [this](const config::PluginSourceCall& call) {
    variable_calls_.push_back(&call);
    struct Pop {
      std::vector<const config::PluginSourceCall*>& calls;
      ~Pop() { calls.pop_back(); }
    } pop{variable_calls_};
    return bridge_->resolve_variable(call.source, call.address, call.params, call.options);
  };
  return sources;
}

}  // namespace sls::cli
