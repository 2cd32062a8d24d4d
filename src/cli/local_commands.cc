#include "cli/local_commands.h"

#include <unistd.h>

#include <iostream>
#include <iterator>

#include "aws/deploy/lifecycle_events.h"
#include "cli/aws_commands.h"
#include "cli/plugin_host.h"
#include "config/plugins.h"
#include "local/bootstrap.h"
#include "local/function_spec.h"
#include "local/invoke_local.h"
#include "local/offline.h"
#include "package/esbuild.h"
#include "util/error.h"

namespace sls::cli {

namespace {

std::optional<std::string> string_option(const ParsedArgs& args, const char* name) {
  if (!args.options.contains(name) || !args.options[name].is_string()) return std::nullopt;
  return args.options[name].get<std::string>();
}

// Whether `function` runs on Node.js (an unknown one: true, invoke_local names the problem).
bool invokes_node(const Service& service, const std::string& function) {
  try {
    return local::runtime_family(local::function_spec(service, function).runtime) == local::RuntimeFamily::node;
  } catch (const UserError&) {
    return true;
  }
}

// Built-in serverless-esbuild: the handlers run from their bundles (the
// plugin's before:invoke:local:invoke), --path still read from the service.
std::optional<package::LocalBundle> bundle_for_invoke_local(Service& service, const CliOptions& options,
                                                            local::InvokeLocalOptions& o) {
  if (!config::uses_plugin(service.config, service.dir, options.values, package::kEsbuildPlugin)) return {};
  if (!invokes_node(service, o.function)) return {};  // esbuild bundles Node.js handlers only
  auto bundle = package::bundle_for_local(service);
  if (!bundle) return bundle;
  if (o.path && std::filesystem::path(*o.path).is_relative()) o.path = (service.dir / *o.path).string();
  service.dir = bundle->build_dir;
  return bundle;
}

// provider.environment and functions.F.environment as they are (null when absent).
struct EnvironmentSnapshot {
  Json provider, function;
};

Json* object_at(Json& parent, const std::string& key) {
  return parent.is_object() && parent.contains(key) && parent[key].is_object() ? &parent[key] : nullptr;
}

Json* function_at(Json& config, const std::string& function) {
  Json* functions = object_at(config, "functions");
  return functions ? object_at(*functions, function) : nullptr;
}

EnvironmentSnapshot snapshot_environment(Json& config, const std::string& function) {
  EnvironmentSnapshot snap;
  if (Json* p = object_at(config, "provider")) snap.provider = p->value("environment", Json());
  if (Json* f = function_at(config, function)) snap.function = f->value("environment", Json());
  return snap;
}

void restore_environment(Json& config, const std::string& function, const EnvironmentSnapshot& snap) {
  auto put = [](Json* owner, const Json& value) {
    if (!owner) return;
    if (value.is_null()) owner->erase("environment");
    else (*owner)["environment"] = value;
  };
  put(object_at(config, "provider"), snap.provider);
  put(function_at(config, function), snap.function);
}

}  // namespace

int run_invoke_local(const ParsedArgs& args, const CliOptions& options, Output& out) {
  local::InvokeLocalOptions o;
  auto function = string_option(args, "function");
  if (!function)
    throw UserError("sls command \"invoke local\" requires \"--function\" option. Run \"sls invoke local --help\" "
                    "for more info",
                    "MISSING_REQUIRED_CLI_OPTION");
  o.function = *function;
  o.data = string_option(args, "data");
  o.path = string_option(args, "path");
  o.context = string_option(args, "context");
  o.context_path = string_option(args, "contextPath");
  o.raw = args.options.value("raw", false);
  if (args.options.contains("env"))
    for (const Json& e : args.options["env"])
      if (e.is_string()) o.env.push_back(local::parse_env_option(e.get<std::string>()));
  PluginHost plugins;
  Service service = load_command_service(args, options, out, &plugins);
  for (const auto& w : service.warnings) out.warning(w);
  PluginEdges edges(plugins, service);
  const aws::deploy::EventHook hook = plugin_event_hook(plugins, service, nullptr);
  aws::deploy::around_event(hook, "invoke:local:loadEnvVars");
  // osls takes the environment at loadEnvVars: what hooks change after it does not reach the handler.
  const EnvironmentSnapshot environment = snapshot_environment(service.config, o.function);
  // osls reads the event from stdin when neither --data nor --path gives one.
  if (!o.data && !o.path && !isatty(STDIN_FILENO))
    o.stdin_text = std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  int code = 0;
  aws::deploy::around_event(hook, "invoke:local:invoke", [&] {
    restore_environment(service.config, o.function, environment);
    auto bundle = bundle_for_invoke_local(service, options, o);
    code = local::invoke_local(service, o, [&out](const std::string& text) { out.result(text); });
    if (bundle && !bundle->keep) std::filesystem::remove_all(bundle->work_dir);
  });
  return edges.done(code);
}

int run_offline(const ParsedArgs& args, const CliOptions& options, Output& out) {
  Service service = load_command_service(args, options, out);
  for (const auto& w : service.warnings) out.warning(w);
  local::OfflineOptions o = local::offline_options(service, args.options);
  // Built-in serverless-esbuild: served from the bundles, bundled again when a source changes.
  std::optional<package::LocalBundle> bundle;
  auto bundle_service = [&](Service& s) {
    if (!config::uses_plugin(s.config, s.dir, options.values, package::kEsbuildPlugin)) return;
    auto b = package::bundle_for_local(s);
    if (!b) return;
    std::filesystem::path source = s.dir;
    s.dir = b->build_dir;
    o.build = local::OfflineBuild{source, b->work_dir, [source](const Service& bundled) {
                                    Service from_source = bundled;
                                    from_source.dir = source;
                                    package::bundle_for_local(from_source);
                                  }};
    bundle = b;
  };
  bundle_service(service);
  int code = local::run_offline(
      service, o, [&out](const std::string& line) { out.notice(line); },
      [&] {
        Service s = load_command_service(args, options, out);
        bundle_service(s);
        return s;
      });
  if (bundle && !bundle->keep) std::filesystem::remove_all(bundle->work_dir);
  return code;
}

}  // namespace sls::cli
