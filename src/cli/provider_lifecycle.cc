#include "cli/provider_lifecycle.h"

#include <algorithm>
#include <filesystem>

#include "aws/package_flow.h"
#include "cli/aws_commands.h"
#include "cli/plugin_host.h"
#include "cli/run.h"
#include "config/provider_plugins.h"
#include "config/yaml_load.h"
#include "package/package_service.h"
#include "util/error.h"
#include "util/lifecycle.h"

namespace sls::cli {

namespace fs = std::filesystem;

namespace {

const Json& member(const Json& obj, const char* key) {
  static const Json null_value;
  if (!obj.is_object()) return null_value;
  auto it = obj.find(key);
  return it == obj.end() ? null_value : *it;
}

// Where osls's Package plugin writes the zips: --package, package.path, .serverless.
fs::path package_folder(const ParsedArgs& args, const Service& service) {
  fs::path dir = service.dir / ".serverless";
  if (args.options.contains("package") && args.options["package"].is_string())
    dir = service.dir / args.options["package"].get<std::string>();
  else if (const Json& p = member(member(service.config, "package"), "path"); p.is_string())
    dir = service.dir / p.get<std::string>();
  return dir.lexically_normal();
}

// osls's packageService: the zips, then package.artifact (and each function's
// package.artifact when zipped for it) set to their paths where the
// configuration names none, for the provider plugin's compile hooks.
void create_deployment_artifacts(PackageContext& ctx) {
  fs::create_directories(ctx.package_dir);
  package::create_deployment_artifacts(ctx);
  Json& config = ctx.service.config;
  if (ctx.service_artifact && !member(member(config, "package"), "artifact").is_string()) {
    if (!config["package"].is_object()) config["package"] = Json::object();
    config["package"]["artifact"] = ctx.service_artifact->path.string();
  }
  for (const auto& [name, artifact] : ctx.function_artifacts) {
    Json& fn = config["functions"][name];
    if (member(member(fn, "package"), "artifact").is_string()) continue;
    if (!fn["package"].is_object()) fn["package"] = Json::object();
    fn["package"]["artifact"] = artifact.path.string();
  }
}

bool deploy_packages(const ParsedArgs& args, const Service& service) {
  return !args.options.contains("package") && !member(member(service.config, "package"), "path").is_string();
}

}  // namespace

bool uses_plugin_provider(const ParsedArgs& args) {
  std::string explicit_config = args.options.contains("config") && args.options["config"].is_string()
                                    ? args.options["config"].get<std::string>()
                                    : "";
  Json raw;
  try {
    raw = config::load_service_config(config::find_config_file(fs::current_path(), explicit_config));
  } catch (const UserError&) {
    return false;  // the command's own loading reports it
  }
  const std::string name = config::plugin_provider_name(raw);
  return !name.empty() && name.find("${") == std::string::npos;
}

bool runs_through_provider_plugin(const std::string& command) {
  // osls's service commands, and the AWS ones a provider plugin takes on by hooking their events.
  static const char* const kCommands[] = {"package", "deploy", "deploy function", "deploy list",
                                          "deploy list functions", "remove", "info", "invoke", "logs",
                                          "metrics", "rollback", "rollback function"};
  return std::any_of(std::begin(kCommands), std::end(kCommands), [&](const char* c) { return command == c; });
}

bool aws_only_command(const std::string& command) {
  static const char* const kCommands[] = {"prune", "diff", "invoke local", "offline", "offline start"};
  return std::any_of(std::begin(kCommands), std::end(kCommands), [&](const char* c) { return command == c; });
}

std::vector<std::string> provider_command_events(const ParsedArgs& args, bool packages) {
  std::vector<std::string> events = {"initialize"};
  if (args.command == "package" || (args.command == "deploy" && packages))
    for (const auto& e : aws::package_events()) events.push_back(e);
  if (args.command == "package" || !args.spec) return events;
  std::string base = args.command;
  std::replace(base.begin(), base.end(), ' ', ':');
  for (const auto& l : args.spec->lifecycle) events.push_back(base + ":" + l);
  return events;
}

int run_plugin_provider_command(const ParsedArgs& args, Output& out) {
  CliOptions options = to_cli_options(args);
  PluginHost plugins;
  Service service = load_command_service(args, options, out, &plugins);
  for (const auto& w : service.warnings) out.warning(w);
  const std::string provider = config::plugin_provider_name(service.config);
  if (provider.empty() || !plugins.provides(provider)) {
    const std::string plugin = config::known_provider_plugin(provider);
    throw UserError("The provider \"" + provider + "\" of " + service.config_file_name +
                        " (provider.name) comes from a plugin, and no plugin listed in plugins: provides it." +
                        (plugin.empty() ? std::string()
                                        : "\nAdd \"" + plugin + "\" to plugins: and install it: npm install -D " +
                                              plugin),
                    "PROVIDER_PLUGIN_MISSING");
  }
  std::vector<std::string> events = provider_command_events(args, deploy_packages(args, service));
  std::vector<std::string> own = provider_command_events(args, false);
  own.erase(own.begin());  // "initialize" hooks alone do not implement a command
  if (args.command != "package" && !plugins.hooks_any(own))
    throw UserError("\"sls " + args.command + "\" is not available for the provider \"" + provider +
                        "\": none of its plugins implements it.",
                    "COMMAND_NOT_AVAILABLE");
  PackageContext ctx{service};
  ctx.package_dir = ctx.final_package_dir = package_folder(args, service);
  Lifecycle<PackageContext> lifecycle;
  lifecycle.on("package:createDeploymentArtifacts", create_deployment_artifacts);  // before the plugins', as osls
  plugins.add_package_hooks(lifecycle);
  auto trace = [&out](const std::string& e) { out.debug("lifecycle " + e); };
  lifecycle.run(events, ctx, out.debug_enabled() ? std::function<void(const std::string&)>(trace) : nullptr);
  for (const auto& w : ctx.warnings) out.warning(w);
  return 0;
}

}  // namespace sls::cli
