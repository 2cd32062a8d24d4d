#include "cli/plugin_check.h"

#include <cstdlib>

#include "config/plugins.h"

namespace sls::cli {

namespace {

void add_names(const std::string& list, const std::string& source, std::map<std::string, std::string>& out) {
  size_t start = 0;
  while (start <= list.size()) {
    size_t end = std::min(list.find(',', start), list.size());
    std::string name = list.substr(start, end - start);
    name.erase(0, name.find_first_not_of(" \t"));
    name.erase(name.find_last_not_of(" \t") + 1);
    if (!name.empty()) out.emplace(name, source);
    start = end + 1;
  }
}

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

std::map<std::string, std::string> skipped_plugins(const Json& options, const std::optional<std::string>& env) {
  std::map<std::string, std::string> out;
  if (options.contains("skip-plugins") && options["skip-plugins"].is_array())
    for (const Json& value : options["skip-plugins"])
      if (value.is_string()) add_names(value.get<std::string>(), "--skip-plugins", out);
  if (env) add_names(*env, "SLS_SKIP_PLUGINS", out);
  return out;
}

config::PluginCheck plugin_check(const ParsedArgs& args, Output& out) {
  config::PluginCheckInput input;
  input.command = args.command;
  input.skip = skipped_plugins(args.options, env("SLS_SKIP_PLUGINS"));
  input.node_path = node_path();
  // sls serves `offline` itself: serverless-offline is not needed for it.
  if (args.command == "offline" || args.command == "offline start") input.native.insert("serverless-offline");
  // sls prunes itself (cli/prune_command.h): the plugin's `prune` command and after-deploy hook.
  input.native.insert("serverless-prune-plugin");
  return [input = std::move(input), &out](const Service& service, const Json& config) mutable {
    input.config_file_name = service.config_file_name;
    config::PluginCheckResult result = config::check_plugins(config, service.dir, input);
    for (const auto& line : result.debug) out.debug(line);
    for (const auto& warning : result.warnings) out.warning(warning);
  };
}

}  // namespace sls::cli
