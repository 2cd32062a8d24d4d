#include "cli/plugin_commands.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "aws/package_flow.h"
#include "cli/args.h"
#include "cli/aws_commands.h"
#include "cli/plugin_host.h"
#include "cli/run.h"
#include "config/yaml_load.h"
#include "util/error.h"

namespace sls::cli {

namespace {

OptionType option_type(const Json& option) {
  std::string type = option.value("type", "string");
  if (type == "boolean") return OptionType::Boolean;
  if (type == "multiple") return OptionType::Multiple;
  return OptionType::String;
}

// The plugin command named by the longest run of `words` (entrypoints are not
// callable from the CLI), or "".
std::string find_plugin_command(const Json& commands, const std::vector<std::string>& words) {
  std::string name, best;
  for (const auto& w : words) {
    name += (name.empty() ? "" : " ") + w;
    if (commands.contains(name) && commands[name].value("type", "") != "entrypoint") best = name;
  }
  return best;
}

std::vector<std::string> callable_names(const Json& commands) {
  std::vector<std::string> out;
  for (const auto& [name, c] : commands.items())
    if (c.value("type", "") != "entrypoint") out.push_back(name);
  return out;
}

// Whether a service configuration file listing plugins is here (a plugin
// command needs one); read as written, before anything is resolved.
bool has_service_with_plugins(const ParsedArgs& args) {
  try {
    const Json* config_option = args.options.contains("config") ? &args.options["config"] : nullptr;
    std::string config = config_option && config_option->is_string() ? config_option->get<std::string>() : "";
    Json raw = config::load_service_config(config::find_config_file(std::filesystem::current_path(), config));
    return raw.contains("plugins") && !raw["plugins"].is_null();
  } catch (const UserError&) {
    return false;  // sls's own error for the command comes first, as in osls
  }
}

// pluginManager.spawn for sls's own commands: `package` runs sls's package
// flow (with the plugins' package hooks) on the plugin's current state.
void answer_spawn(PluginHost& host, const ParsedArgs& args, const Service& service, Output& out) {
  host.on_ask("spawn", [&host, &args, &service, &out](const Json& a) -> Json {
    std::string command = a.value("command", "");
    if (command != "package")
      throw UserError("pluginManager.spawn(\"" + command + "\") is not supported by sls's plugin bridge yet (it "
                      "spawns plugin commands and \"package\").", "SLS_BRIDGE_SPAWN_UNSUPPORTED");
    Service copy = service;
    const Json state = a.value("state", Json::object());
    if (state.contains("config") && state["config"].is_object()) copy.config = state["config"];
    struct Reattach {  // the package hooks attach the copy; the command's service again after them
      PluginHost& host;
      const Service& service;
      ~Reattach() { host.attach(service); }
    } reattach{host, service};
    aws::PackageOptions po = package_options(args, out, host);
    aws::PackageResult result = aws::package_service(copy, po);
    for (const auto& w : result.warnings) out.warning(w);
    return Json{{"config", result.context->service.config},
                {"template", result.context->template_},
                {"coreTemplate", result.context->create_template}};
  });
}

// `sls COMMAND --help` as osls renders a plugin's command: it and its
// subcommands with their usage, then its options (the plugin's marked required).
std::string command_help(const std::string& name, const Json& commands, const CommandSpec& spec) {
  std::string text;
  for (const auto& [other, c] : commands.items())
    if ((other == name || other.starts_with(name + " ")) && c.value("type", "") != "entrypoint")
      text += fmt::format("{:<32}{}\n", other, c.value("usage", ""));
  const Json& own = commands[name].value("options", Json::object());
  for (const auto& o : options_for(spec)) {
    std::string left = "--" + o.name;
    if (o.shortcut) left += std::string(" / -") + o.shortcut;
    if (own.contains(o.name) && own[o.name].value("required", false)) left += " (required)";
    text += fmt::format("{:<32}{}\n", left, o.usage);
  }
  return text;
}

}  // namespace

std::shared_ptr<const CommandSpec> plugin_command_spec(const std::string& name, const Json& description) {
  auto spec = std::make_shared<CommandSpec>();
  spec->name = name;
  spec->usage = description.value("usage", "");
  spec->implemented = true;
  for (const Json& e : description.value("lifecycleEvents", Json::array()))
    if (e.is_string()) spec->lifecycle.push_back(e.get<std::string>());
  const Json options = description.value("options", Json::object());
  for (const auto& [option, o] : options.items()) {
    std::string shortcut = o.value("shortcut", "");
    spec->options.push_back({option, shortcut.size() == 1 ? shortcut[0] : char(0), option_type(o),
                             o.value("usage", "")});
  }
  return spec;
}

void check_required_options(const std::string& command, const Json& description, const Json& options) {
  std::vector<std::string> missing;
  const Json declared = description.value("options", Json::object());
  for (const auto& [name, o] : declared.items())
    if (o.value("required", false) && (!options.contains(name) || options[name].is_null())) missing.push_back(name);
  if (missing.empty()) return;
  std::string list;
  for (const auto& m : missing) list += (list.empty() ? "" : "\", \"--") + m;
  throw UserError("sls command \"" + command + "\" requires \"--" + list + "\" option" +
                      (missing.size() > 1 ? "s" : "") + ". Run \"sls " + command + " --help\" for more info",
                  "MISSING_REQUIRED_CLI_OPTION");
}

int run_plugin_command(const std::vector<std::string>& argv, Output& out) {
  ParsedArgs loading = parse_unknown_command_args(argv);
  std::vector<std::string> words = command_words(loading.command);
  // Not a plugin's: sls's own error (command not found, unexpected argument).
  auto not_a_plugin_command = [&](const Json& commands) -> int {
    if (!names_unknown_command(argv)) return run_command(parse_args(argv), out);
    unknown_command(words.front(), callable_names(commands));
  };
  if (!has_service_with_plugins(loading)) return not_a_plugin_command(Json::object());
  PluginHost host;
  Service service = load_command_service(loading, to_cli_options(loading), out, &host);
  const Json commands = host.active() ? host.bridge()->loaded().commands : Json::object();
  std::string name = find_plugin_command(commands, words);
  if (name.empty()) return not_a_plugin_command(commands);
  const Json& description = commands[name];
  ParsedArgs args = parse_args_for(argv, plugin_command_spec(name, description));
  if (args.options.value("help", false) || description.value("type", "") == "container") {
    out.result(command_help(name, commands, *args.spec));
    return 0;
  }
  if (!args.positional.empty())
    throw UserError("Unexpected argument \"" + args.positional[0] + "\" for \"sls " + name + "\". Run \"sls " + name +
                        " --help\" for its usage.", "UNEXPECTED_CLI_ARGUMENT");
  check_required_options(name, description, args.options);
  for (const auto& w : service.warnings) out.warning(w);
  host.attach(service);
  answer_spawn(host, args, service, out);
  out.debug("plugin \"" + description.value("plugin", "") + "\": running its command \"" + name + "\"");
  bridge::BridgeState state{service.config, Json::object(), Json::object()};
  host.bridge()->run_command(name, args.options, state);
  return 0;
}

std::optional<ParsedArgs> parse_with_plugin_options(const std::vector<std::string>& argv, Output& out) {
  ParsedArgs loading = parse_unknown_command_args(argv);
  const CommandSpec* own = find_command(loading.command);
  if (!own || !has_service_with_plugins(loading)) return std::nullopt;
  Json commands;
  {
    Output quiet(out.verbose(), out.debug_enabled());
    PluginHost host;
    (void)load_command_service(loading, to_cli_options(loading), quiet, &host);
    if (!host.active()) return std::nullopt;
    commands = host.bridge()->loaded().commands;
  }
  if (!commands.contains(own->name)) return std::nullopt;
  auto extended = std::make_shared<CommandSpec>(*own);
  const std::shared_ptr<const CommandSpec> added = plugin_command_spec(own->name, commands[own->name]);
  for (const auto& o : added->options)
    if (std::none_of(extended->options.begin(), extended->options.end(), [&](const OptionSpec& e) { return e.name == o.name; }))
      extended->options.push_back(o);
  if (extended->options.size() == own->options.size()) return std::nullopt;
  out.debug("options of \"sls " + own->name + "\" extended by the service's plugins");
  return parse_args_for(argv, extended);
}

std::string plugin_commands_help(Output& out) {
  ParsedArgs none;
  if (!has_service_with_plugins(none)) return "";
  try {
    Output quiet(false, false);
    PluginHost host;
    (void)load_command_service(none, to_cli_options(none), quiet, &host);
    if (!host.active()) return "";
    std::string text, plugin;
    for (const auto& [name, c] : host.bridge()->loaded().commands.items()) {
      if (c.value("type", "") == "entrypoint") continue;
      if (c.value("plugin", "") != plugin) {  // headed by the plugin's class name, as osls does
        plugin = c.value("plugin", "");
        std::string heading = c.value("className", "");
        text += "\n" + (heading.empty() ? plugin : heading) + "\n";
      }
      text += fmt::format("{:<32}{}\n", name, c.value("usage", ""));
    }
    return text;
  } catch (const UserError& e) {
    out.debug(std::string("plugin commands not listed: ") + e.what());
    return "";
  }
}

}  // namespace sls::cli
