#include "cli/plugin_check.h"

#include <unistd.h>

#include <cstdlib>
#include <memory>

#include "config/plugins.h"
#include "util/subprocess.h"

namespace sls::cli {

namespace {

std::optional<std::string> env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::optional<std::string>(v) : std::nullopt;
}

// Where Node.js looks after node_modules: NODE_PATH, ~/.node_modules, ~/.node_libraries.
std::vector<std::filesystem::path> node_path() {
  std::vector<std::filesystem::path> out;
  std::string list = env("NODE_PATH").value_or("");
  for (size_t start = 0; start < list.size();) {
    size_t end = std::min(list.find(':', start), list.size());
    if (end > start) out.emplace_back(list.substr(start, end - start));
    start = end + 1;
  }
  if (auto home = env("HOME")) {
    out.emplace_back(std::filesystem::path(*home) / ".node_modules");
    out.emplace_back(std::filesystem::path(*home) / ".node_libraries");
  }
  return out;
}

}  // namespace

config::PluginCheck plugin_check(const ParsedArgs& args, Output& out, PluginHost* host) {
  config::PluginCheckInput input;
  input.command = args.command;
  input.skip = config::skipped_plugins(args.options, env("SLS_SKIP_PLUGINS"));
  input.node_path = node_path();
  // sls serves `offline` itself: serverless-offline is not needed for it.
  if (args.command == "offline" || args.command == "offline start") input.native.insert("serverless-offline");
  // sls prunes itself (cli/prune_command.h): the plugin's `prune` command and after-deploy hook.
  input.native.insert("serverless-prune-plugin");
  input.bridge = find_program("node").has_value();
  input.bridge_forced = config::bridge_forced_plugins(env("SLS_BRIDGE_PLUGINS"));
  // Without a host of the command's own, plugins are loaded (their hooks and
  // schema checked) and stopped when the service is loaded.
  std::shared_ptr<PluginHost> owned = host ? nullptr : std::make_shared<PluginHost>();
  if (!host) host = owned.get();
  return [input = std::move(input), &out, &args, host, owned](const Service& service,
                                                              const Json& config) mutable -> config::PluginDefinitions {
    input.config_file_name = service.config_file_name;
    config::PluginCheckResult result = config::check_plugins(config, service.dir, input);
    for (const auto& line : result.debug) out.debug(line);
    for (const auto& warning : result.warnings) out.warning(warning);
    if (result.bridged.empty()) return {};
    return host->start(args, service, config, result.bridged, out);
  };
}

}  // namespace sls::cli
