#include "cli/ops_commands.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "aws/deploy/lifecycle_events.h"
#include "aws/naming.h"
#include "aws/ops/invoke.h"
#include "aws/ops/logs.h"
#include "cli/aws_commands.h"
#include "cli/plugin_host.h"
#include "cli/run.h"
#include "config/yaml_parse.h"
#include "util/error.h"
#include "util/js_like.h"

namespace sls::cli {
namespace {

std::string required_function(const ParsedArgs& args) {
  auto fn = string_option(args, "function");
  if (!fn || fn->empty())
    throw UserError("Missing required option \"--function\" (-f): the name of the function under \"functions:\".",
                    "MISSING_REQUIRED_CLI_OPTION");
  return *fn;
}

// The text of --path/--contextPath (relative to the service folder); YAML files
// as their JSON text, as osls's readFile parses them.
std::string read_input_file(const Service& service, const std::string& given) {
  const std::filesystem::path path = std::filesystem::path(given).is_absolute() ? std::filesystem::path(given) : service.dir / given;
  std::ifstream in(path, std::ios::binary);
  if (!std::filesystem::is_regular_file(path) || !in)
    throw UserError("The file you provided does not exist.", "FILE_NOT_FOUND");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string ext = path.extension().string();
  if (ext == ".yml" || ext == ".yaml") return config::parse_yaml(text, path.filename().string()).dump();
  return text;
}

std::string read_stdin() {
  if (isatty(STDIN_FILENO)) return "";
  std::ostringstream s;
  s << std::cin.rdbuf();
  return s.str();
}

aws::ops::Style aside_style(const Output& out) {
  return [&out](const std::string& text) { return out.aside(text); };
}

}  // namespace

std::optional<std::string> string_option(const ParsedArgs& args, const char* name) {
  auto it = args.options.find(name);
  if (it == args.options.end() || it->is_null()) return std::nullopt;
  return it->is_string() ? it->get<std::string>() : it->dump();
}

std::string deployed_function_name(const Service& service, const std::string& name) {
  const Json* functions = js::get(service.config, "functions");
  const Json* fn = functions ? js::get(*functions, name) : nullptr;
  if (!fn || !fn->is_object())
    throw UserError("Function \"" + name + "\" doesn't exist in this Service", "FUNCTION_MISSING_IN_SERVICE");
  const Json* deployed = js::get(*fn, "name");
  return deployed && deployed->is_string() ? deployed->get<std::string>()
                                           : naming::default_function_name(service.name, service.stage, name);
}

int run_invoke(const ParsedArgs& args, Output& out) {
  PluginHost plugins;
  Service service = load_command_service(args, to_cli_options(args), out, &plugins);
  PluginEdges edges(plugins, service);
  for (const auto& w : service.warnings) out.warning(w);
  aws::ops::InvokeOptions o;
  o.function_name = deployed_function_name(service, required_function(args));
  o.data = string_option(args, "data");
  if (!o.data || o.data->empty()) {
    if (auto path = string_option(args, "path")) o.data = read_input_file(service, *path);
    else if (std::string piped = read_stdin(); !piped.empty()) o.data = piped;
  }
  o.context = string_option(args, "context");
  if (!o.context)
    if (auto path = string_option(args, "contextPath")) o.context = read_input_file(service, *path);
  o.raw = args.options.value("raw", false);
  o.log = args.options.value("log", false);
  o.type = string_option(args, "type").value_or("RequestResponse");
  o.qualifier = string_option(args, "qualifier").value_or("");
  auto aws = connect(args, service, out);
  aws::deploy::around_event(plugin_event_hook(plugins, service, nullptr), "invoke:invoke", [&] {
    aws::ops::invoke(aws->ctx, o, [&out](const std::string& line) { out.result(line); }, aside_style(out));
  });
  return edges.done(0);
}

int run_logs(const ParsedArgs& args, Output& out) {
  PluginHost plugins;
  Service service = load_command_service(args, to_cli_options(args), out, &plugins);
  PluginEdges edges(plugins, service);
  for (const auto& w : service.warnings) out.warning(w);
  aws::ops::LogsOptions o;
  o.log_group_name = naming::log_group_name(deployed_function_name(service, required_function(args)));
  o.start_time = string_option(args, "startTime");
  o.filter = string_option(args, "filter").value_or("");
  o.tail = args.options.value("tail", false);
  if (auto interval = string_option(args, "interval")) {
    try {
      o.interval_ms = std::stoll(*interval);
    } catch (const std::exception&) {
      throw UserError("Invalid \"--interval\" value: \"" + *interval + "\": give milliseconds, e.g. 1000.",
                      "INVALID_INTERVAL");
    }
  }
  auto aws = connect(args, service, out);
  SigintGuard guard;
  o.cancelled = &interrupt_flag();
  aws::deploy::around_event(plugin_event_hook(plugins, service, nullptr), "logs:logs", [&] {
    aws::ops::show_logs(aws->ctx, o, [&out](const std::string& line) { out.result(line); }, aside_style(out));
  });
  return edges.done(interrupt_flag().load() ? 130 : 0);
}

}  // namespace sls::cli
