#include "cli/run.h"

#include <filesystem>
#include <memory>

#include "aws/package_flow.h"
#include "cli/aws_commands.h"
#include "cli/commands.h"
#include "cli/diff_command.h"
#include "cli/deploy_commands.h"
#include "cli/help.h"
#include "cli/local_commands.h"
#include "cli/metrics_command.h"
#include "cli/ops_commands.h"
#include "cli/plugin_commands.h"
#include "cli/print_command.h"
#include "cli/provider_lifecycle.h"
#include "cli/prune_command.h"
#include "config/load_service.h"
#include "util/error.h"

namespace sls::cli {

CliOptions to_cli_options(const ParsedArgs& args) {
  CliOptions o;
  o.values = args.options;
  // ${opt:...} sees every option the command knows, null when not given (as osls).
  if (args.spec)
    for (const auto& spec : options_for(*args.spec))
      if (!o.values.contains(spec.name)) o.values[spec.name] = nullptr;
  if (args.options.contains("config")) o.config = args.options["config"].get<std::string>();
  if (args.options.contains("param")) {
    for (const auto& p : args.options["param"]) {
      std::string kv = p.get<std::string>();
      auto eq = kv.find('=');
      if (eq == std::string::npos || eq == 0)
        throw UserError("Invalid --param \"" + kv + "\": expected --param=\"key=value\".", "INVALID_CLI_PARAM");
      o.params.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
    }
  }
  o.verbose = args.options.value("verbose", false);
  o.debug = args.options.value("debug", false);
  return o;
}

namespace {

int run_package(const ParsedArgs& args, Output& out) {
  CliOptions options = to_cli_options(args);
  out.debug("loading configuration");
  PluginHost plugins;
  auto owned_service = std::make_unique<Service>(load_command_service(args, options, out, &plugins));
  Service& service = *owned_service;
  PluginEdges edges(plugins, service);
  out.debug("configuration loaded and resolved");
  for (const auto& w : service.warnings) out.warning(w);
  out.notice("");
  out.notice("Packaging " + service.name + " for stage " + service.stage + " " +
             out.aside("(" + service.region + ")"));
  out.info("");
  aws::PackageOptions po = package_options(args, out, plugins);
  if (args.options.contains("package")) po.package_dir = args.options["package"].get<std::string>();
  out.start_progress("Packaging");
  aws::PackageResult result = aws::package_service(service, po);
  out.stop_progress();
  out.debug("package folder in place: " + result.package_dir.string());
  for (const auto& w : result.warnings) out.warning(w);
  out.notice("");
  char took[32];
  std::snprintf(took, sizeof took, "(%.0fms)", out.elapsed_seconds() * 1000);
  out.success("Service packaged " + out.aside(took));
  // The process ends right after this command: freeing the configuration and
  // the compiled templates node by node would cost more than writing them did.
  (void)owned_service.release();
  (void)result.context.release();
  return edges.done(0);
}

}  // namespace

int run_command(const ParsedArgs& args, Output& out) {
  if (args.options.value("version", false) && args.command.empty()) {
    out.result(std::string("sls version: ") + SLS_VERSION + " (osls 4.3.1 compatible)");
    return 0;
  }
  if (args.command.empty() || args.command == "help") {
    out.result(render_general_help() + plugin_commands_help(out));
    return 0;
  }
  if (args.options.value("help", false)) {
    out.result(render_command_help(*args.spec));
    return 0;
  }
  if (!args.positional.empty())
    throw UserError("Unexpected argument \"" + args.positional[0] + "\" for \"sls " + args.command +
                        "\". Run \"sls " + args.command + " --help\" for its usage.",
                    "UNEXPECTED_CLI_ARGUMENT");
  // A provider plugin's service (provider.name other than "aws"): its plugin runs the command.
  if ((runs_through_provider_plugin(args.command) || aws_only_command(args.command)) && uses_plugin_provider(args)) {
    if (runs_through_provider_plugin(args.command)) return run_plugin_provider_command(args, out);
    throw UserError("\"sls " + args.command + "\" works on AWS services only; this service's provider comes from a "
                    "plugin (provider.name), which runs its commands (package, deploy, remove, info, ...).",
                    "COMMAND_NOT_AVAILABLE");
  }
  if (args.command == "package") return run_package(args, out);
  if (args.command == "deploy") return run_deploy(args, to_cli_options(args), out);
  if (args.command == "info") return run_info(args, to_cli_options(args), out);
  if (args.command == "offline" || args.command == "offline start") return run_offline(args, to_cli_options(args), out);
  if (args.command == "invoke local") return run_invoke_local(args, to_cli_options(args), out);
  if (args.command == "remove") return run_remove(args, to_cli_options(args), out);
  if (args.command == "invoke") return run_invoke(args, out);
  if (args.command == "logs") return run_logs(args, out);
  if (args.command == "prune") return run_prune(args, out);
  if (args.command == "diff") return run_diff(args, out);
  if (args.command == "metrics") return run_metrics(args, out);
  if (args.command == "deploy function") return run_deploy_function(args, out);
  if (args.command == "deploy list") return run_deploy_list(args, out);
  if (args.command == "deploy list functions") return run_deploy_list_functions(args, out);
  if (args.command == "rollback") return run_rollback(args, out);
  if (args.command == "rollback function") return run_rollback_function(args, out);
  if (args.command == "print") {
    Service service = load_command_service(args, to_cli_options(args), out);
    // osls writes the text and a newline, even after YAML's own final newline.
    out.result(print_config(service.config, args.options) + "\n");
    return 0;
  }
  throw UserError("\"sls " + args.command + "\" is not available in this version of sls yet. "
                  "Use osls for it meanwhile; \"sls help\" lists what is available.",
                  "COMMAND_NOT_AVAILABLE");
}

}  // namespace sls::cli
